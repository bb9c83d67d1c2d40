#!/bin/sh
# Build (or find cached) the emulated DuT's system: a Debian 12 root made
# with debootstrap, its own linux-image-amd64, as an ext4 image plus the
# kernel and initrd to boot directly.  Cached in $HVNET_DUT_CACHE (default
# /var/cache/hvnetc-dut) under a hash of this recipe, so a second run, or a
# CI machine that keeps the directory, skips the build.  Prints the
# directory holding vmlinuz, initrd.img and root.img.
set -eu
cache=${HVNET_DUT_CACHE:-/var/cache/hvnetc-dut}
mirror=${HVNET_DUT_MIRROR:-$(awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' \
	/etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}
mirror=${mirror:-http://deb.debian.org/debian}
# What the DuT runs: the host scripts' commands, hvnetc's libraries, igb.
pkgs=linux-image-amd64,iproute2,ethtool,kmod,pciutils,procps,libyaml-0-2,libcgraph6,libuuid1,libnettle8,libpci3,libvirt-clients,jq,udev
recipe="bookworm $pkgs $(sed -n '/^# recipe-begin/,/^# recipe-end/p' "$0" | cksum)"
key=$(printf '%s\n' "$recipe" | cksum | cut -d' ' -f1)
dir=$cache/$key
if [ -f "$dir/done" ]; then
	echo "$dir"
	exit 0
fi
mkdir -p "$cache"
rm -rf "$dir.tmp"
mkdir -p "$dir.tmp"
# recipe-begin
debootstrap --variant=minbase --include="$pkgs" bookworm "$dir.tmp/root" "$mirror" >&2
chroot "$dir.tmp/root" sh -c 'echo dut > /etc/hostname; rm -rf /var/cache/apt/archives/*.deb /var/lib/apt/lists/*'
# initramfs-tools' MODULES=most includes virtio_blk and ext4.
cp -L "$dir.tmp/root/vmlinuz" "$dir.tmp/vmlinuz"
cp -L "$dir.tmp/root/initrd.img" "$dir.tmp/initrd.img"
mkdir -p "$dir.tmp/root/dut"
# The DuT boots into this instead of systemd: mount the host's share (9p)
# on /dut, run /dut/inside.sh there, power off.
cat > "$dir.tmp/root/sbin/dut-init" <<'INIT'
#!/bin/sh
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
hostname dut
modprobe 9pnet_virtio && modprobe 9p &&
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 dut /dut
if [ -f /dut/inside.sh ]; then
	sh /dut/inside.sh 2>&1 | tee /dut/inside.log
else
	echo "dut-init: the share /dut did not mount"
fi
sync
echo o > /proc/sysrq-trigger
sleep 60
INIT
chmod 755 "$dir.tmp/root/sbin/dut-init"
size=$(du -sm "$dir.tmp/root" | cut -f1)
mke2fs -q -t ext4 -d "$dir.tmp/root" -L dutroot "$dir.tmp/root.img" "$((size + 400))M" >&2
# recipe-end
rm -rf "$dir.tmp/root"
printf '%s\n' "$recipe" > "$dir.tmp/recipe"
touch "$dir.tmp/done"
mv "$dir.tmp" "$dir"
# Images of earlier recipes are no use any more.
for old in "$cache"/*; do
	[ "$old" = "$dir" ] || rm -rf "$old"
done
echo "$dir"
