#!/bin/sh
# Build the lspci -xxxx dump fixtures of tests/pci/ (run from the repository
# root: sh tests/pci/mkfixtures.sh [DIR], DIR defaulting to tests/pci).  No public full dump of an X710 exists,
# so its configuration space is written here from the datasheet's layout:
# PCIe endpoint, AER -> DSN -> ARI -> SR-IOV at 0x160 -> TPH; TotalVFs 64,
# VF device 154c, offset 16 on function 0 and 79 on function 1 (its VFs
# follow function 0's 64), stride 1.  The output is deterministic.
# 82576-sriov.lspci beside them is a real Intel 82576 dump (pciutils
# tests/cap-pcie-2): SR-IOV at 0x160, TotalVFs 8, offset 384, stride 2.
set -eu
dir=${1:-tests/pci}

# dump SLOT DESCRIPTION LENGTH BYTES...: one device as lspci prints it, where
# BYTES are OFFSET=HH HH ... groups (hex offset, then bytes from there).
dump() {
	slot=$1 desc=$2 len=$3
	shift 3
	printf '%s %s\n' "$slot" "$desc"
	printf '%s\n' "$@" | awk -v len="$len" '
	{
		split($0, f, "=")
		off = 0
		for (i = 1; i <= length(f[1]); i++)
			off = off * 16 + index("0123456789abcdef", substr(f[1], i, 1)) - 1
		n = split(f[2], b, " ")
		for (i = 1; i <= n; i++)
			cfg[off + i - 1] = b[i]
	}
	END {
		for (o = 0; o < len; o += 16) {
			line = sprintf("%02x:", o)
			for (i = 0; i < 16; i++)
				line = line " " ((o + i) in cfg ? cfg[o + i] : "00")
			print line
		}
	}'
	printf '\n'
}

# x710 SLOT FN OFFSET [LEN]: one port of an X710 with SR-IOV.
x710() {
	dump "$1" "Ethernet controller: Intel Corporation Ethernet Controller X710 for 10GbE SFP+ (rev 02)" "${4:-4096}" \
		"0=86 80 72 15 06 04 10 00 02 00 00 02 10 00 80 00" \
		"10=0c 00 00 f8 00 00 00 00 00 00 00 00 00 00 00 00" \
		"20=0c 80 00 fb 00 00 00 00 00 00 00 00 86 80 07 00" \
		"30=00 00 f8 fb 40 00 00 00 00 00 00 00 ff 01 00 00" \
		"40=01 50 23 c8 08 20 00 00" \
		"50=05 70 80 01" \
		"70=11 a0 80 00 03 00 00 00 03 80 00 00" \
		"a0=10 00 02 00 e2 8c 00 10 37 29 09 00 83 5c 47 00" \
		"b0=40 00 83 10" \
		"100=01 00 01 14" \
		"140=03 00 01 15 a0 b1 c2 ff ff 00 21 00" \
		"150=0e 00 01 16 00 01 00 00" \
		"160=10 00 01 1a 00 00 00 00 00 00 00 00 40 00 40 00" \
		"170=00 00 0$2 00 $3 00 01 00 00 00 4c 15 53 05 00 00" \
		"180=01 00 00 00 0c 00 00 f9 00 00 00 00 00 00 00 00" \
		"1a0=17 00 01 00 01 00 00 00"
}

# x710 with two dual-port NICs (as the samples use them) and a host bridge
# without SR-IOV, listed in lspci's order.
{
	dump "00:00.0" "Host bridge: Advanced Micro Devices, Inc. [AMD] Family 17h (Models 00h-0fh) Root Complex" 256 \
		"0=22 10 50 14 00 00 00 00 00 00 00 06 00 00 80 00" \
		"20=00 00 00 00 00 00 00 00 00 00 00 00 22 10 50 14"
	x710 41:00.0 0 10
	x710 41:00.1 1 4f
	x710 42:00.0 0 10
	x710 42:00.1 1 4f
} > "$dir/x710.lspci"

# A PCIe NIC without SR-IOV (Intel I210): AER only.
dump "05:00.0" "Ethernet controller: Intel Corporation I210 Gigabit Network Connection (rev 03)" 4096 \
	"0=86 80 33 15 07 04 10 00 03 00 00 02 10 00 00 00" \
	"2c=86 80 00 00 00 00 00 00 40 00 00 00 ff 01 00 00" \
	"40=01 50 23 c8 08 20 00 00" \
	"50=05 70 80 01" \
	"70=11 a0 04 00 03 00 00 00 03 20 00 00" \
	"a0=10 00 02 00 c2 8c 00 10 10 28 10 00 11 5c 42 00" \
	"100=01 00 01 00" > "$dir/nosriov.lspci"

# lspci -xxx (256 bytes: no extended capabilities) and lspci -x without
# root (64 bytes) of the same X710 port.
x710 41:00.0 0 10 256 > "$dir/short256.lspci"
x710 41:00.0 0 10 64 > "$dir/short64.lspci"

# A malformed dump: a byte that is not hex in the middle of the X710.
x710 41:00.0 0 10 | sed 's/^50: 05 70 80 01/50: 05 70 8g 01/' > "$dir/malformed.lspci"
