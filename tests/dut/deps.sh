#!/bin/sh
# make deps, for the emulated DuT (make test-dut): QEMU 10 from
# bookworm-backports (Debian 12's QEMU 7.2 has no igb NIC), debootstrap to
# build the DuT's root file system.  Idempotent: the backports suite is added
# once, on the mirror the system's Debian sources already use.
set -eu
if [ "$(id -u)" != 0 ]; then
	echo "deps: not root: the emulated DuT's packages are not installed" >&2
	exit 0
fi
src=/etc/apt/sources.list.d/debian.sources
bp=/etc/apt/sources.list.d/hvnetc-backports.sources
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	mirror=$(awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' "$src" 2>/dev/null || true)
	printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
		"${mirror:-http://deb.debian.org/debian}" > "$bp"
	echo "deps: added bookworm-backports ($bp)"
	apt-get update -qq
fi
have() { dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed'; }
qemu_ok() {
	v=$(dpkg-query -W -f='${Version}' qemu-system-x86 2>/dev/null || true)
	case $v in 1:[1-9][0-9].*) return 0 ;; esac
	return 1
}
missing=
for p in debootstrap cpio zstd; do have "$p" || missing="$missing $p"; done
if [ -n "$missing" ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
fi
if ! qemu_ok; then
	echo "deps: installing qemu-system-x86 from bookworm-backports"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		-t bookworm-backports qemu-system-x86 qemu-system-data ipxe-qemu seabios ovmf
fi
echo "deps: emulated DuT: $(dpkg-query -W -f='qemu-system-x86 ${Version}' qemu-system-x86)"
