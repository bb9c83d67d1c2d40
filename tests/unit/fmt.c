/* The hand-written formatters (util.c) and yamlout's integers write what printf would. */
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "yamlout.h"

/* A fixed pseudo-random sequence (xorshift), so failures repeat. */
static uint32_t
next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

Test(fmt, mac_ip_net_pci_match_printf)
{
	char got[19], want[19];
	uint32_t s = 2463534242u, a;
	uint8_t m[6];
	struct pciaddr p;
	struct net4 n;
	int i, k;

	for (i = 0; i < 100000; i++) {
		for (k = 0; k < 6; k++)
			m[k] = (uint8_t)next(&s);
		snprintf(want, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
		    m[0], m[1], m[2], m[3], m[4], m[5]);
		cr_assert_str_eq(fmtmac(got, m), want);
		a = i < 256 ? (uint32_t)i * 0x01010101u : next(&s);
		snprintf(want, 16, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255,
		    (a >> 8) & 255, a & 255);
		cr_assert_str_eq(fmtip(got, a), want);
		n.addr = a;
		n.plen = (int)(next(&s) % 40) - 4;
		snprintf(want, 19, "%s/%d", fmtip(got, a), n.plen);
		cr_assert_str_eq(fmtnet(got, n), want);
		p.domain = next(&s) % 0x20000;
		p.bus = next(&s) % 0x200;
		p.dev = next(&s) % 64;
		p.fn = next(&s) % 16;
		snprintf(want, 13, "%04x:%02x:%02x.%x", p.domain & 0xffff,
		    p.bus & 0xff, p.dev & 31, p.fn & 7);
		cr_assert_str_eq(fmtpci(got, p), want);
	}
}

Test(fmt, yaml_integers_match_printf)
{
	static const long long v[] = { 0, 1, -1, 9, 10, -10, 99, 100, 4294967295LL,
	    -9223372036854775807LL - 1, 9223372036854775807LL };
	struct buf b = { 0 }, want = { 0 };
	struct yout y;
	size_t i;

	yopen(&y, &b);
	yseq(&y, 1);
	bufputs(&want, "[");
	for (i = 0; i < LEN(v); i++) {
		yint(&y, v[i]);
		bufprintf(&want, "%s%lld", i ? ", " : "", v[i]);
	}
	yuint(&y, 18446744073709551615ULL);
	bufputs(&want, ", 18446744073709551615]\n");
	yendseq(&y);
	cr_assert_eq(yclose(&y), 0);
	cr_assert_str_eq(b.s, want.s);
	buffree(&b);
	buffree(&want);
}

/* Text is checked by libyaml: ASCII and UTF-8 pass, bad bytes fail the document. */
Test(fmt, yaml_text_ascii_utf8_and_invalid)
{
	struct buf b = { 0 };
	struct yout y;

	yopen(&y, &b);
	ymap(&y, 1);
	ykstr(&y, "image", "/var/lib/hvnet/caf\xc3\xa9.qcow2");
	ykquoted(&y, "mac", "02:48:56:00:00:00");
	ykstr(&y, "cmdline", "a: b");
	yend(&y);
	cr_assert_eq(yclose(&y), 0);
	cr_assert_str_eq(b.s, "{image: /var/lib/hvnet/caf\xc3\xa9.qcow2, "
	    "mac: \"02:48:56:00:00:00\", cmdline: 'a: b'}\n");
	buffree(&b);
	yopen(&y, &b);
	yseq(&y, 1);
	ystr(&y, "ok");
	ystr(&y, "bad\xff");
	ystr(&y, "after");
	yendseq(&y);
	cr_assert_neq(yclose(&y), 0, "invalid UTF-8 fails the document");
	buffree(&b);
}
