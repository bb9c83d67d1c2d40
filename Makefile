# hvnetc — the HVNet topology compiler.  One plain Makefile, for GNU make
# (pattern rules, $(wildcard), $(shell)).  `make V=1` shows whole commands.

PREFIX = /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
COMPDIR = $(PREFIX)/share/bash-completion/completions
DATADIR = $(PREFIX)/share/hvnet
VERSION = 0.1

PKGS = yaml-0.1 libxml-2.0 libcgraph libgvc libpci uuid nettle libpcap
CC = cc
CFLAGS = -O2 -g
WARNFLAGS = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Werror
# pkg-config runs once, when a compile first needs its answer.
PKGCFLAGS = $(eval PKGCFLAGS := $$(shell pkg-config --cflags $(PKGS)))$(PKGCFLAGS)
PKGLIBS = $(eval PKGLIBS := $$(shell pkg-config --libs $(PKGS)))$(PKGLIBS)
CRITLIBS = $(eval CRITLIBS := $$(shell pkg-config --libs criterion))$(CRITLIBS)
ALLCPPFLAGS = -D_GNU_SOURCE -DVERSION='"$(VERSION)"' $(CPPFLAGS)
Q = $(if $(V),,@)

# The layers, each of which sees its own headers and those below it only,
# so an include that looks up fails to compile (README, "The source tree").
INC_lib = -Icompiler/lib
INC_model = $(INC_lib) -Icompiler/model
INC_front = $(INC_model) -Icompiler/front
INC_pass = $(INC_front) -Icompiler/pass
INC_backends = $(INC_pass) -Ibackends
INC_out = $(INC_backends) -Icompiler/out
INC_cmd = $(INC_out) -Icompiler/cmd -Icompiler
INC_compiler = $(INC_cmd)
INC_ALL = $(INC_cmd)
# The include paths of the layer of $<: compiler/lib/util.c -> $(INC_lib).
layer = $(INC_$(notdir $(patsubst %/,%,$(dir $<))))

SRC = $(wildcard compiler/*.c compiler/*/*.c backends/*.c)
TEMPLATES = $(wildcard templates/*)
UNITSRC = $(wildcard tests/unit/*.c)
HDR = $(wildcard compiler/*.h compiler/*/*.h compiler/*/*.def backends/*.h)

OBJ = $(SRC:%.c=build/%.o) build/templates.o
LIBOBJ = $(filter-out build/compiler/main.o,$(OBJ))
ASANOBJ = $(SRC:%.c=build/asan/%.o) build/asan/templates.o
ASANLIBOBJ = $(filter-out build/asan/compiler/main.o,$(ASANOBJ))
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZCC = clang
FUZZSAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZOBJ = $(filter-out build/fuzz/compiler/main.o,$(SRC:%.c=build/fuzz/%.o)) build/fuzz/templates.o
FUZZ_SECONDS = 60

all: hvnetc

hvnetc: $(OBJ)
	@echo "LD $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $(OBJ) $(PKGLIBS) -lm

build/%.o: %.c $(HDR)
	@mkdir -p $(@D)
	@echo "CC $<"
	$(Q)$(CC) $(ALLCPPFLAGS) $(layer) $(PKGCFLAGS) $(WARNFLAGS) $(CFLAGS) -c -o $@ $<

build/asan/%.o: %.c $(HDR)
	@mkdir -p $(@D)
	@echo "CC $< (ASan, UBSan)"
	$(Q)$(CC) $(ALLCPPFLAGS) $(layer) $(PKGCFLAGS) $(WARNFLAGS) -O1 -g $(SANFLAGS) -c -o $@ $<

# Templates are embedded into the binary: one array each, and a table by name.
build/templates.c: $(TEMPLATES) tests/embed.sh
	@mkdir -p $(@D)
	@echo "GEN $@"
	$(Q)sh tests/embed.sh $(TEMPLATES) > $@

build/templates.o: build/templates.c
	@echo "CC $<"
	$(Q)$(CC) $(ALLCPPFLAGS) $(WARNFLAGS) $(CFLAGS) -c -o $@ build/templates.c

build/asan/templates.o: build/templates.c
	@mkdir -p $(@D)
	@echo "CC $< (ASan, UBSan)"
	$(Q)$(CC) $(ALLCPPFLAGS) $(WARNFLAGS) -O1 -g $(SANFLAGS) -c -o $@ build/templates.c

build/unittests: $(LIBOBJ) $(UNITSRC) tests/unit/unit.h
	@echo "LD $@"
	$(Q)$(CC) $(ALLCPPFLAGS) $(INC_ALL) $(PKGCFLAGS) -Itests/unit $(WARNFLAGS) $(CFLAGS) -o $@ \
		$(UNITSRC) $(LIBOBJ) $(PKGLIBS) $(CRITLIBS) -lm

build/asan/unittests: $(ASANLIBOBJ) $(UNITSRC) tests/unit/unit.h
	@echo "LD $@"
	$(Q)$(CC) $(ALLCPPFLAGS) $(INC_ALL) $(PKGCFLAGS) -Itests/unit $(WARNFLAGS) -O1 -g $(SANFLAGS) -o $@ \
		$(UNITSRC) $(ASANLIBOBJ) $(PKGLIBS) $(CRITLIBS) -lm

build/asan/hvnetc: $(ASANOBJ)
	@echo "LD $@"
	$(Q)$(CC) $(SANFLAGS) -o $@ $(ASANOBJ) $(PKGLIBS) -lm

# Helpers of the shell tests (tests/ext/): YAML flattener, data-path prober,
# the compiler's packet-order table.
build/yamlflat: tests/helpers/yamlflat.c
	@mkdir -p $(@D)
	@echo "CC $<"
	$(Q)$(CC) $(WARNFLAGS) $(CFLAGS) $$(pkg-config --cflags yaml-0.1) -o $@ tests/helpers/yamlflat.c $$(pkg-config --libs yaml-0.1)

build/ordertable: tests/helpers/ordertable.c $(LIBOBJ)
	@echo "CC $<"
	$(Q)$(CC) $(ALLCPPFLAGS) $(INC_ALL) $(PKGCFLAGS) $(WARNFLAGS) $(CFLAGS) -o $@ tests/helpers/ordertable.c \
		$(LIBOBJ) $(PKGLIBS) -lm

build/udpprobe: tests/helpers/udpprobe.c
	@mkdir -p $(@D)
	@echo "CC $<"
	$(Q)$(CC) -D_GNU_SOURCE $(WARNFLAGS) $(CFLAGS) -o $@ tests/helpers/udpprobe.c

# Synthetic Timestamper captures (tests/ext/results.sh, make bench).
build/capgen: tests/helpers/capgen.c
	@mkdir -p $(@D)
	$(CC) $(WARNFLAGS) -D_GNU_SOURCE $(CFLAGS) -o $@ tests/helpers/capgen.c -lm

# LD_PRELOAD shim that fails or slows output writes on demand (tests/ext/faults.sh).
build/faultshim.so: tests/fault/shim.c
	@mkdir -p $(@D)
	@echo "CC $<"
	$(Q)$(CC) $(WARNFLAGS) $(CFLAGS) -fPIC -shared -o $@ tests/fault/shim.c -ldl

# The libFuzzer harness (not part of 'make test'): objects built by clang.
build/fuzz/%.o: %.c $(HDR)
	@mkdir -p $(@D)
	@echo "CC $< (fuzzer)"
	$(Q)$(FUZZCC) $(ALLCPPFLAGS) $(layer) $(PKGCFLAGS) $(WARNFLAGS) -Wno-error -O1 -g \
		-fsanitize=fuzzer-no-link $(FUZZSAN) -c -o $@ $<

build/fuzz/templates.o: build/templates.c
	@mkdir -p $(@D)
	$(Q)$(FUZZCC) $(ALLCPPFLAGS) -O1 -g $(FUZZSAN) -c -o $@ build/templates.c

build/fuzz/fuzzer: $(FUZZOBJ) tests/fuzz/fuzz.c
	@echo "LD $@"
	$(Q)$(FUZZCC) $(ALLCPPFLAGS) $(INC_ALL) $(PKGCFLAGS) $(WARNFLAGS) -Wno-error -O1 -g \
		-fsanitize=fuzzer $(FUZZSAN) -o $@ tests/fuzz/fuzz.c $(FUZZOBJ) $(PKGLIBS) -lm

# Fuzz for FUZZ_SECONDS on one core; seeds: samples/, tests/bad/, tests/fuzz/regress/.
# New inputs collect in build/fuzz/corpus, crashes in build/fuzz/artifacts.
fuzz: build/fuzz/fuzzer
	sh tests/fuzz/run.sh $(FUZZ_SECONDS)

# Debian 12 packages: libraries, the validators the tests run, and tools.
DEBS = build-essential pkg-config libyaml-dev libxml2-dev libgraphviz-dev graphviz \
	libpci-dev libcriterion-dev uuid-dev nettle-dev libvirt-clients libxml2-utils \
	shellcheck luajit lua-check ansible iproute2 xxd clang libclang-rt-14-dev \
	valgrind time mandoc python3-yaml python3-jsonschema ansible-lint jq \
	libpcap-dev gnuplot-nox mininet

# The YAML language server of the editor test (tests/ext/lsp.sh), from npm
# into build/lsp; node and npm from Debian (nodejs npm) unless this machine
# has its own.
LSPVERSION = 1.25.0
LSPDIR = build/lsp

deps:
	@missing=$$(for p in $(DEBS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q '^install ok installed' || echo $$p; done); \
	if ! command -v node > /dev/null || ! command -v npm > /dev/null; then \
		missing="$$missing nodejs npm"; fi; \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "all dependencies are installed"; fi
	@if grep -qs '"version": "$(LSPVERSION)"' \
		$(LSPDIR)/node_modules/yaml-language-server/package.json; then \
		echo "yaml-language-server $(LSPVERSION) is installed in $(LSPDIR)"; \
	else \
		echo "installing: yaml-language-server $(LSPVERSION) into $(LSPDIR) (npm)"; \
		mkdir -p $(LSPDIR) && npm install --prefix $(LSPDIR) --no-audit --no-fund \
			--loglevel=error yaml-language-server@$(LSPVERSION); \
	fi
	@sh tests/dut/deps.sh

# The emulated SR-IOV DuT (QEMU/TCG, igb NICs, tests/dut/): minutes, so not in 'test'.
test-dut: hvnetc build/udpprobe build/yamlflat
	sh tests/dut/run.sh ./hvnetc

# Every test: unit and golden tests (criterion), the same under ASan+UBSan,
# then the external validators and the data-path test (tests/ext/*.sh);
# tests/all.sh also fails a run whose log has an error-shaped line.
test: hvnetc build/unittests build/asan/unittests build/asan/hvnetc build/yamlflat build/udpprobe build/ordertable \
		build/faultshim.so build/capgen
	sh tests/all.sh ./hvnetc

test-asan: build/asan/unittests
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=tests/lsan.supp \
		./build/asan/unittests --jobs=2

# Rewrite golden outputs for review (never in CI).
golden: hvnetc
	sh tests/golden.sh ./hvnetc

bench: hvnetc build/capgen build/yamlflat
	sh tests/bench.sh ./hvnetc
	sh tests/benchresults.sh ./hvnetc

install: hvnetc
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	cp hvnetc $(DESTDIR)$(BINDIR)/hvnetc
	chmod 755 $(DESTDIR)$(BINDIR)/hvnetc
	for m in doc/*.1; do [ -f "$$m" ] && cp "$$m" $(DESTDIR)$(MANDIR)/man1/ || true; done
	for m in doc/*.5; do [ -f "$$m" ] && cp "$$m" $(DESTDIR)$(MANDIR)/man5/ || true; done
	mkdir -p $(DESTDIR)$(COMPDIR) $(DESTDIR)$(DATADIR)
	cp completion/hvnetc.bash $(DESTDIR)$(COMPDIR)/hvnetc
	cp schema/hvnet.schema.json $(DESTDIR)$(DATADIR)/hvnet.schema.json

clean:
	rm -rf build hvnetc

.PHONY: all deps test test-dut test-asan golden bench fuzz install clean
