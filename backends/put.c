/*
 * Appending numbers and addresses to a buffer without printf: the backends
 * that write one line per VF, node or link spent most of their time in
 * vsnprintf's format parsing.  Each function writes exactly the bytes of
 * the printf format or util.c formatter its comment names
 * (tests/unit/put.c compares them).
 */
#include "put.h"

static const char hexdigit[] = "0123456789abcdef";

void
putnum(struct buf *b, unsigned long long v)
{
	char s[24], *p = s + sizeof(s);

	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	bufput(b, p, (size_t)(s + sizeof(s) - p));
}

void
putint(struct buf *b, long long v)
{
	if (v < 0) {
		bufput(b, "-", 1);
		putnum(b, 0 - (unsigned long long)v);
	} else {
		putnum(b, (unsigned long long)v);
	}
}

void
puthex(struct buf *b, unsigned v, int width)
{
	char s[16], *p = s + sizeof(s);

	do
		*--p = hexdigit[v & 15], width--;
	while ((v >>= 4) || (width > 0 && p > s));
	bufput(b, p, (size_t)(s + sizeof(s) - p));
}

void
putmac(struct buf *b, const uint8_t m[6])
{
	char s[17];
	int i;

	for (i = 0; i < 6; i++) {
		s[3 * i] = hexdigit[m[i] >> 4];
		s[3 * i + 1] = hexdigit[m[i] & 15];
		if (i < 5)
			s[3 * i + 2] = ':';
	}
	bufput(b, s, sizeof(s));
}

void
putip(struct buf *b, uint32_t a)
{
	putnum(b, a >> 24);
	bufput(b, ".", 1);
	putnum(b, (a >> 16) & 255);
	bufput(b, ".", 1);
	putnum(b, (a >> 8) & 255);
	bufput(b, ".", 1);
	putnum(b, a & 255);
}

void
putnet(struct buf *b, struct net4 n)
{
	putip(b, n.addr);
	bufput(b, "/", 1);
	putint(b, n.plen);
}

void
putpci(struct buf *b, struct pciaddr a)
{
	puthex(b, a.domain & 0xffff, 4);
	bufput(b, ":", 1);
	puthex(b, a.bus & 0xff, 2);
	bufput(b, ":", 1);
	puthex(b, a.dev & 31, 2);
	bufput(b, ".", 1);
	puthex(b, a.fn & 7, 1);
}

void
putcpus(struct buf *b, const struct cpulist *c)
{
	size_t i = 0, j;

	while (i < c->n) {
		for (j = i; j + 1 < c->n && c->v[j + 1] == c->v[j] + 1; j++)
			;
		if (i)
			bufput(b, ",", 1);
		putint(b, c->v[i]);
		if (j > i) {
			bufput(b, "-", 1);
			putint(b, c->v[j]);
		}
		i = j + 1;
	}
}
