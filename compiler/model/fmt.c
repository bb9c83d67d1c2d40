/* The formatters of fmt.h: one for each kind of value and its reader. */
#include <inttypes.h>
#include <stdio.h>

#include "fmt.h"

char *
fmtmac(char buf[18], const uint8_t m[6])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

char *
fmtip(char buf[16], uint32_t a)
{
	snprintf(buf, 16, "%u.%u.%u.%u", a >> 24, a >> 16 & 255, a >> 8 & 255, a & 255);
	return buf;
}

char *
fmtnet(char buf[19], struct net4 n)
{
	char ip[16];

	snprintf(buf, 19, "%s/%d", fmtip(ip, n.addr), n.plen);
	return buf;
}

char *
fmtpci(char buf[13], struct pciaddr a)
{
	snprintf(buf, 13, "%04x:%02x:%02x.%x", a.domain & 0xffff, a.bus & 0xff, a.dev & 31,
	    a.fn & 7);
	return buf;
}

void
fmtcpus(struct buf *b, const struct cpulist *c)
{
	size_t i = 0;

	while (i < c->n) {
		size_t j = i;

		while (j + 1 < c->n && c->v[j + 1] == c->v[j] + 1)
			j++;
		bufprintf(b, i ? ",%d" : "%d", c->v[i]);
		if (j > i)
			bufprintf(b, "-%d", c->v[j]);
		i = j + 1;
	}
}

char *
fmtsize(char buf[32], uint64_t v)
{
	static const char *const units[] = { "TiB", "GiB", "MiB", "KiB" };
	int i;

	for (i = 0; i < 4; i++) {
		int shift = 40 - 10 * i;

		if (v && v % ((uint64_t)1 << shift) == 0) {
			snprintf(buf, 32, "%" PRIu64 "%s", v >> shift, units[i]);
			return buf;
		}
	}
	snprintf(buf, 32, "%" PRIu64 "B", v);
	return buf;
}

char *
fmtbytes(char buf[32], uint64_t b)
{
	if (b && b % (1ull << 30) == 0)
		snprintf(buf, 32, "%" PRIu64 " GiB", b >> 30);
	else
		snprintf(buf, 32, "%" PRIu64 " MiB", b >> 20);
	return buf;
}

char *
fmtpagesize(char buf[32], uint64_t size)
{
	if (size % (1u << 30) == 0)
		snprintf(buf, 32, "%" PRIu64 "G", size >> 30);
	else if (size % (1u << 20) == 0)
		snprintf(buf, 32, "%" PRIu64 "M", size >> 20);
	else
		snprintf(buf, 32, "%" PRIu64 "K", size >> 10);
	return buf;
}

char *
fmtratelang(char buf[32], uint64_t bps)
{
	static const struct { uint64_t scale; int digits; const char *unit; } u[] = {
		{ 1000000000, 9, "Gbit/s" }, { 1000000, 6, "Mbit/s" }, { 1000, 3, "kbit/s" },
	};
	size_t i = bps % u[0].scale == 0 && bps ? 0 : bps >= 1000000 ? 1 : 2;
	char frac[16];
	int n;

	n = snprintf(frac, sizeof(frac), "%0*" PRIu64, u[i].digits, bps % u[i].scale);
	while (n > 0 && frac[n - 1] == '0')
		frac[--n] = 0;
	snprintf(buf, 32, "%" PRIu64 "%s%s%s", bps / u[i].scale, n ? "." : "", frac,
	    u[i].unit);
	return buf;
}

char *
fmtrate(char buf[32], uint64_t bps)
{
	if (bps % 1000000 == 0)
		snprintf(buf, 32, "%" PRIu64 " Mbit/s", bps / 1000000);
	else
		snprintf(buf, 32, "%" PRIu64 ".%06" PRIu64 " Mbit/s", bps / 1000000,
		    bps % 1000000);
	return buf;
}

char *
fmtrateunit(char buf[32], uint64_t bps)
{
	static const struct { uint64_t scale; const char *unit; } u[] = {
		{ 1000000000, "Gbit/s" }, { 1000000, "Mbit/s" }, { 1000, "kbit/s" }, { 1, "bit/s" },
	};
	size_t i = 0;

	while (i + 1 < 4 && !(bps >= u[i].scale && bps % u[i].scale == 0))
		i++;
	snprintf(buf, 32, "%" PRIu64 " %s", bps / u[i].scale, u[i].unit);
	return buf;
}
