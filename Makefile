# hvnetc — the HVNet topology compiler.  One plain Makefile (samurai's style).
.POSIX:
.SUFFIXES:

PREFIX = /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
COMPDIR = $(PREFIX)/share/bash-completion/completions
DATADIR = $(PREFIX)/share/hvnet
VERSION = 0.1

PKGS = yaml-0.1 libcgraph uuid nettle
# Loaded on first use by their sonames: libxml2 (the libvirt backend,
# libvirt.c), libpci (probe and --pci-dump, probe.c) and libgvc (graph -T
# svg|png, render.c).
XMLLIB = $$(objdump -p "$$(pkg-config --variable=libdir libxml-2.0)/libxml2.so" | sed -n 's/^ *SONAME *//p')
PCILIB = $$(objdump -p "$$(pkg-config --variable=libdir libpci)/libpci.so" | sed -n 's/^ *SONAME *//p')
GVCLIB = $$(objdump -p "$$(pkg-config --variable=libdir libgvc)/libgvc.so" | sed -n 's/^ *SONAME *//p')
CC = cc
CFLAGS = -O2 -g
WARNFLAGS = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Werror
PKGCFLAGS = $$(pkg-config --cflags $(PKGS) libxml-2.0 libpci libgvc) \
	-DXMLLIB='"'"$(XMLLIB)"'"' -DPCILIB='"'"$(PCILIB)"'"' -DGVCLIB='"'"$(GVCLIB)"'"'
PKGLIBS = $$(pkg-config --libs $(PKGS))
ALLCPPFLAGS = -D_GNU_SOURCE -DVERSION='"$(VERSION)"' -Icompiler -Ibackends $(CPPFLAGS)

SRC = $(wildcard compiler/*.c backends/*.c)
TEMPLATES = $(wildcard templates/*)
UNITSRC = $(wildcard tests/unit/*.c)

OBJ = $(SRC:%.c=build/%.o) build/templates.o
LIBOBJ = $(filter-out build/compiler/main.o,$(OBJ))
ASANOBJ = $(SRC:%.c=build/asan/%.o) build/asan/templates.o
ASANLIBOBJ = $(filter-out build/asan/compiler/main.o,$(ASANOBJ))
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HDR = $(wildcard compiler/*.h compiler/*.def backends/*.h)
FUZZCC = clang
FUZZSAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZOBJ = $(filter-out build/fuzz/compiler/main.o,$(SRC:%.c=build/fuzz/%.o)) build/fuzz/templates.o
FUZZ_SECONDS = 60

all: hvnetc

hvnetc: $(OBJ)
	$(CC) $(LDFLAGS) -o $@ $(OBJ) $(PKGLIBS) -lm

build/%.o: %.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(ALLCPPFLAGS) $(PKGCFLAGS) $(WARNFLAGS) $(CFLAGS) -c -o $@ $<

build/asan/%.o: %.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(ALLCPPFLAGS) $(PKGCFLAGS) $(WARNFLAGS) -O1 -g $(SANFLAGS) -c -o $@ $<

# Templates are embedded into the binary: one array each, and a table by name.
build/templates.c: $(TEMPLATES) tests/embed.sh
	@mkdir -p $(@D)
	sh tests/embed.sh $(TEMPLATES) > $@

build/templates.o: build/templates.c
	$(CC) $(ALLCPPFLAGS) $(WARNFLAGS) $(CFLAGS) -c -o $@ build/templates.c

build/asan/templates.o: build/templates.c
	@mkdir -p $(@D)
	$(CC) $(ALLCPPFLAGS) $(WARNFLAGS) -O1 -g $(SANFLAGS) -c -o $@ build/templates.c

build/unittests: $(LIBOBJ) $(UNITSRC) tests/unit/unit.h
	$(CC) $(ALLCPPFLAGS) $(PKGCFLAGS) -Itests/unit $(WARNFLAGS) $(CFLAGS) -o $@ \
		$(UNITSRC) $(LIBOBJ) $(PKGLIBS) $$(pkg-config --libs libxml-2.0 criterion) -lm

build/asan/unittests: $(ASANLIBOBJ) $(UNITSRC) tests/unit/unit.h
	$(CC) $(ALLCPPFLAGS) $(PKGCFLAGS) -Itests/unit $(WARNFLAGS) -O1 -g $(SANFLAGS) -o $@ \
		$(UNITSRC) $(ASANLIBOBJ) $(PKGLIBS) $$(pkg-config --libs libxml-2.0 criterion) -lm

build/asan/hvnetc: $(ASANOBJ)
	$(CC) $(SANFLAGS) -o $@ $(ASANOBJ) $(PKGLIBS) -lm

# Helpers of the shell tests (tests/ext/): YAML flattener, data-path prober.
build/yamlflat: tests/helpers/yamlflat.c
	@mkdir -p $(@D)
	$(CC) $(WARNFLAGS) $(CFLAGS) $$(pkg-config --cflags yaml-0.1) -o $@ tests/helpers/yamlflat.c $$(pkg-config --libs yaml-0.1)

build/udpprobe: tests/helpers/udpprobe.c
	@mkdir -p $(@D)
	$(CC) -D_GNU_SOURCE $(WARNFLAGS) $(CFLAGS) -o $@ tests/helpers/udpprobe.c

# LD_PRELOAD shim that fails or slows output writes on demand (tests/ext/faults.sh).
build/faultshim.so: tests/fault/shim.c
	@mkdir -p $(@D)
	$(CC) $(WARNFLAGS) $(CFLAGS) -fPIC -shared -o $@ tests/fault/shim.c -ldl

# The libFuzzer harness (not part of 'make test'): objects built by clang.
build/fuzz/%.o: %.c $(HDR)
	@mkdir -p $(@D)
	$(FUZZCC) $(ALLCPPFLAGS) $(PKGCFLAGS) $(WARNFLAGS) -Wno-error -O1 -g \
		-fsanitize=fuzzer-no-link $(FUZZSAN) -c -o $@ $<

build/fuzz/templates.o: build/templates.c
	@mkdir -p $(@D)
	$(FUZZCC) $(ALLCPPFLAGS) -O1 -g $(FUZZSAN) -c -o $@ build/templates.c

build/fuzz/fuzzer: $(FUZZOBJ) tests/fuzz/fuzz.c
	$(FUZZCC) $(ALLCPPFLAGS) $(PKGCFLAGS) $(WARNFLAGS) -Wno-error -O1 -g \
		-fsanitize=fuzzer $(FUZZSAN) -o $@ tests/fuzz/fuzz.c $(FUZZOBJ) $(PKGLIBS) -lm

# Fuzz for FUZZ_SECONDS on one core; seeds: samples/, tests/bad/, tests/fuzz/regress/.
# New inputs collect in build/fuzz/corpus, crashes in build/fuzz/artifacts.
fuzz: build/fuzz/fuzzer
	sh tests/fuzz/run.sh $(FUZZ_SECONDS)

# Debian 12 packages: libraries, the validators the tests run, and tools.
DEBS = build-essential pkg-config libyaml-dev libxml2-dev libgraphviz-dev graphviz \
	libpci-dev libcriterion-dev uuid-dev nettle-dev libvirt-clients libxml2-utils \
	shellcheck luajit lua-check ansible iproute2 xxd clang libclang-rt-14-dev \
	valgrind time mandoc python3-yaml python3-jsonschema jq

deps:
	@missing=$$(for p in $(DEBS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "all dependencies are installed"; fi
	@sh tests/dut/deps.sh

# The emulated SR-IOV DuT (QEMU/TCG, igb NICs): tens of minutes, so not in 'test'.
test-dut: hvnetc build/udpprobe build/yamlflat
	sh tests/dut/run.sh ./hvnetc

# Every test: unit and golden tests (criterion), the same under ASan+UBSan,
# then the external validators and the data-path test (tests/ext/*.sh).
test: hvnetc build/unittests build/asan/unittests build/asan/hvnetc build/yamlflat build/udpprobe \
		build/faultshim.so
	./build/unittests --jobs=2
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=tests/lsan.supp \
		./build/asan/unittests --jobs=2
	sh tests/ext.sh ./hvnetc

test-asan: build/asan/unittests
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=tests/lsan.supp \
		./build/asan/unittests --jobs=2

# Rewrite golden outputs for review (never in CI).
golden: hvnetc
	sh tests/golden.sh ./hvnetc

bench: hvnetc
	sh tests/bench.sh ./hvnetc

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
