/*
 * Appending numbers and addresses to a buffer without printf: the backends
 * that write one line per VF, node or link spent most of their time in
 * vsnprintf's format parsing.  Each function writes exactly the bytes of
 * the printf format or util.c formatter its comment names
 * (tests/unit/put.c compares them).
 */
#include "put.h"

void
putnum(struct buf *b, unsigned long long v)
{
	char s[DECBUF], *p = fmtuint(s, v);

	bufput(b, p, DECLEN(s, p));
}

void
putint(struct buf *b, long long v)
{
	char s[DECBUF], *p = fmtint(s, v);

	bufput(b, p, DECLEN(s, p));
}

/* Addresses: util.c's formatters, appended. */
void
putmac(struct buf *b, const uint8_t m[6])
{
	char s[18];

	bufput(b, fmtmac(s, m), 17);
}

void
putip(struct buf *b, uint32_t a)
{
	char s[16];

	bufputs(b, fmtip(s, a));
}

void
putnet(struct buf *b, struct net4 n)
{
	char s[19];

	bufputs(b, fmtnet(s, n));
}

void
putpci(struct buf *b, struct pciaddr a)
{
	char s[13];

	bufputs(b, fmtpci(s, a));
}
