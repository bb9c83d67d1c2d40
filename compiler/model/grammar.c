/*
 * Value grammars of the topology language (hvnet.yaml(5)).  Every value that can
 * reach a file name, a shell word or a generated script has one, so
 * nothing needs escaping later.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "fmt.h"
#include "grammar.h"
#include "util.h"

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decimal digits at *s into *v; advances *s.  0 on no digits or overflow. */
static int
digits(const char **s, uint64_t *v, int *overflow)
{
	const char *p = *s;
	uint64_t x = 0;

	*overflow = 0;
	for (; isdig(*p); p++) {
		unsigned d = (unsigned)(*p - '0');

		if (x > (UINT64_MAX - d) / 10)
			*overflow = 1;
		else
			x = x * 10 + d;
	}
	if (p == *s || *overflow)
		return 0;
	*s = p;
	*v = x;
	return 1;
}

const char *
parseint(const char *s, long lo, long hi, long *v)
{
	static char why[64];
	int neg = *s == '-', of;
	uint64_t x;
	const char *p = s + neg;
	long y;

	if (!digits(&p, &x, &of) || *p)
		return of ? "number too large" : "expected an integer";
	/* -LONG_MIN does not fit a long: negate in unsigned arithmetic. */
	if (x > (uint64_t)LONG_MAX + (uint64_t)neg)
		return "number too large";
	if (!neg)
		y = (long)x;
	else if (x == (uint64_t)LONG_MAX + 1)
		y = LONG_MIN;
	else
		y = -(long)x;
	if (y < lo || y > hi) {
		snprintf(why, sizeof(why), "must be %ld-%ld", lo, hi);
		return why;
	}
	*v = y;
	return NULL;
}

/* Skip spaces between a number and its unit. */
static const char *
skipsp(const char *p)
{
	while (*p == ' ')
		p++;
	return p;
}

const char *
parseu64(const char *s, uint64_t *v)
{
	const char *p = s;
	int of;

	if (!digits(&p, v, &of) || *p)
		return of ? "too large" : "expected a whole number";
	return NULL;
}

const char *
parsesize(const char *s, uint64_t *v)
{
	static const struct { const char *u; int shift; } units[] = {
		{ "", 0 }, { "B", 0 }, { "K", 10 }, { "KiB", 10 }, { "M", 20 },
		{ "MiB", 20 }, { "G", 30 }, { "GiB", 30 }, { "T", 40 }, { "TiB", 40 },
	};
	const char *p = s;
	uint64_t x;
	size_t i;
	int of;

	if (!digits(&p, &x, &of))
		return of ? "too large" : "expected a size such as 8GiB or 512MiB";
	p = skipsp(p);
	for (i = 0; i < LEN(units); i++)
		if (strcmp(p, units[i].u) == 0)
			break;
	if (i == LEN(units)) {
		if (strcmp(p, "GB") == 0 || strcmp(p, "MB") == 0 || strcmp(p, "KB") == 0
		    || strcmp(p, "TB") == 0 || strcmp(p, "kB") == 0)
			return "sizes are binary: write KiB, MiB, GiB or TiB";
		return "expected a size such as 8GiB or 512MiB (units B, KiB, MiB, GiB, TiB)";
	}
	if (x > UINT64_MAX >> units[i].shift)
		return "too large";
	*v = x << units[i].shift;
	return NULL;
}

/* 10^n for n <= 19. */
static uint64_t
pow10u(int n)
{
	uint64_t x = 1;

	while (n-- > 0)
		x *= 10;
	return x;
}

/*
 * Whole and fractional digits times 10^exp, rounded half up to an integer,
 * exactly (no floating point: 791.67Mbit/s is 791670000 bit/s).
 */
static const char *
scaledec(const char *s, int exp, const char **end, uint64_t *v)
{
	const char *p = s, *f;
	uint64_t whole, frac = 0, mult = pow10u(exp);
	int of, nf = 0, up = 0;

	if (!digits(&p, &whole, &of))
		return of ? "too large" : "expected a number";
	if (*p == '.') {
		for (f = ++p; isdig(*p); p++) {
			if (nf < exp)
				frac = frac * 10 + (uint64_t)(*p - '0'), nf++;
			else if (p == f + exp && *p >= '5')
				up = 1;
		}
		if (p == f)
			return "expected digits after '.'";
	}
	frac *= pow10u(exp - nf);
	if (whole > (UINT64_MAX - frac - (uint64_t)up) / mult)
		return "too large";
	*v = whole * mult + frac + (uint64_t)up;
	*end = p;
	return NULL;
}

const char *
parserate(const char *s, uint64_t *v)
{
	static const struct { const char *u; int exp; } units[] = {
		{ "", 0 }, { "bit/s", 0 }, { "kbit/s", 3 }, { "Mbit/s", 6 },
		{ "Gbit/s", 9 }, { "Tbit/s", 12 },
	};
	const char *p, *why;
	size_t i;

	for (p = s; isdig(*p) || *p == '.'; p++)
		;
	p = skipsp(p);
	for (i = 0; i < LEN(units); i++)
		if (strcmp(p, units[i].u) == 0)
			break;
	if (i == LEN(units)) {
		if (strstr(p, "bps") || strstr(p, "B/s"))
			return "rates are in bits: write kbit/s, Mbit/s or Gbit/s";
		return "expected a rate such as 10Gbit/s, 94Mbit/s or 500kbit/s";
	}
	if ((why = scaledec(s, units[i].exp, &p, v)))
		return why;
	p = skipsp(p);
	if (strcmp(p, units[i].u) != 0)
		return "expected a rate such as 10Gbit/s, 94Mbit/s or 500kbit/s";
	return NULL;
}

const char *
parseduration(const char *s, uint64_t *v)
{
	const char *p = s;
	uint64_t x, mult;
	int of;

	if (!digits(&p, &x, &of))
		return of ? "too large" : "expected a duration such as 180s, 3m or 1h";
	p = skipsp(p);
	if (!*p || strcmp(p, "s") == 0)
		mult = 1;
	else if (strcmp(p, "m") == 0 || strcmp(p, "min") == 0)
		mult = 60;
	else if (strcmp(p, "h") == 0)
		mult = 3600;
	else
		return "expected a duration such as 180s, 3m or 1h";
	if (x > UINT64_MAX / mult)
		return "too large";
	*v = x * mult;
	return NULL;
}

/* One CPU number at *p: 1, 0 if none, -1 if not below MAXCPU. */
static int
cpunum(const char **p, unsigned *cpu)
{
	uint64_t x;
	int of;

	if (!digits(p, &x, &of))
		return of ? -1 : 0;
	if (x >= MAXCPU)
		return -1;
	*cpu = (unsigned)x;
	return 1;
}

const char *
parsecpus(const char *s, struct cpulist *c)
{
	unsigned char set[MAXCPU / 8] = { 0 };
	const char *p = s;
	unsigned a = 0, b = 0, i, hi = 0;
	size_t n = 0;

	do {
		int r = cpunum(&p, &a);

		b = a;
		if (r == 1 && *p == '-')
			p++, r = cpunum(&p, &b);
		if (r < 0)
			return "CPU numbers must be below 8192";
		if (!r)
			return "expected a CPU list such as 0-3,8,10-11";
		if (b < a)
			return "a range must ascend (0-3, not 3-0)";
		if (b > hi)
			hi = b;
		for (i = a; i <= b; i++) {
			if (set[i / 8] & 1 << i % 8)
				return "a CPU is listed twice";
			set[i / 8] |= (unsigned char)(1 << i % 8);
			n++;
		}
	} while (*p++ == ',');
	if (p[-1])
		return "expected a CPU list such as 0-3,8,10-11";
	c->v = amalloc(n * sizeof(*c->v));
	c->n = 0;
	for (i = 0; i <= hi; i++)
		if (set[i / 8] & 1 << i % 8)
			c->v[c->n++] = (int)i;
	return NULL;
}

/* Exactly n hex digits at *p, advancing it. */
static int
hexn(const char **p, int n, unsigned *v)
{
	unsigned x = 0;
	int i, d;

	for (i = 0; i < n; i++) {
		if ((d = hexval((*p)[i])) < 0)
			return 0;
		x = x << 4 | (unsigned)d;
	}
	*p += n;
	*v = x;
	return 1;
}

const char *
parsepci(const char *s, struct pciaddr *a)
{
	const char *p = s;
	static const char form[] = "expected a PCI address dddd:bb:dd.f such as 0000:41:00.0";

	if (!hexn(&p, 4, &a->domain) || *p++ != ':' || !hexn(&p, 2, &a->bus)
	    || *p++ != ':' || !hexn(&p, 2, &a->dev) || *p++ != '.'
	    || !hexn(&p, 1, &a->fn) || *p)
		return form;
	if (a->dev >= 32)
		return "the device number must be below 20 (hex)";
	if (a->fn >= 8)
		return "the function number must be below 8";
	return NULL;
}

const char *
parsemac(const char *s, uint8_t *mac, int n)
{
	const char *p = s;
	unsigned x;
	int i;

	for (i = 0; i < n; i++) {
		if ((i && *p++ != ':') || !hexn(&p, 2, &x))
			return n == 6 ? "expected a MAC address of six hex pairs such as 02:4c:47:00:00:01"
			    : "expected three hex pairs such as 02:48:56";
		mac[i] = (uint8_t)x;
	}
	if (*p)
		return n == 6 ? "expected a MAC address of six hex pairs such as 02:4c:47:00:00:01"
		    : "expected three hex pairs such as 02:48:56";
	if (mac[0] & 1)
		return "a multicast address; the first byte must be even";
	for (i = 0; i < n && !mac[i]; i++)
		;
	if (n == 6 && i == n)
		return "the all-zero address";
	return NULL;
}

/* A decimal octet 0-255 without leading zeros. */
static int
octet(const char **p, unsigned *v)
{
	const char *q = *p;
	uint64_t x;
	int of;

	if (!digits(p, &x, &of) || x > 255 || (*q == '0' && *p - q > 1))
		return 0;
	*v = (unsigned)x;
	return 1;
}

const char *
parsenet(const char *s, struct net4 *n)
{
	static char why[80];
	const char *p = s;
	unsigned o, i, plen;
	uint32_t a = 0, mask;

	for (i = 0; i < 4; i++) {
		if ((i && *p++ != '.') || !octet(&p, &o))
			return "expected an IPv4 network such as 10.0.0.0/16";
		a = a << 8 | o;
	}
	if (*p++ != '/' || !octet(&p, &plen) || plen > 32 || *p)
		return "expected an IPv4 network such as 10.0.0.0/16";
	mask = plen ? ~(uint32_t)0 << (32 - plen) : 0;
	if (a & ~mask) {
		char net[19];

		snprintf(why, sizeof(why), "host bits are set; did you mean %s?",
		    fmtnet(net, (struct net4){ a & mask, (int)plen }));
		return why;
	}
	n->addr = a;
	n->plen = (int)plen;
	return NULL;
}

const char *
parsevlans(const char *s, int *lo, int *hi)
{
	const char *p = s;
	uint64_t a, b;
	int of;

	if (!digits(&p, &a, &of))
		return "expected a VLAN range such as 401-4094";
	b = a;
	if (*p == '-' && (++p, !digits(&p, &b, &of)))
		return "expected a VLAN range such as 401-4094";
	if (*p)
		return "expected a VLAN range such as 401-4094";
	if (a < 1 || b > 4094)
		return "VLAN IDs are 1-4094";
	if (b < a)
		return "the range must ascend";
	*lo = (int)a;
	*hi = (int)b;
	return NULL;
}

/* Words Ansible, pos or a YAML 1.1 reader would take for something else. */
static const char *const reserved[] = {
	"loadgen", "timestamper", "all", "ungrouped", "localhost",
	"y", "n", "yes", "no", "on", "off", "true", "false", "null",
};

const char *
checkname(const char *s, size_t max)
{
	static char why[96];
	size_t i;

	if (!(*s >= 'a' && *s <= 'z')) {
		snprintf(why, sizeof(why), "must start with a lowercase letter (a-z)");
		return why;
	}
	for (i = 1; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || isdig(s[i]) || s[i] == '-'))
			return "only lowercase letters, digits and '-' are allowed";
	if (i > max) {
		snprintf(why, sizeof(why), "longer than %zu characters", max);
		return why;
	}
	return NULL;
}

const char *
namefix(const char *s, size_t max)
{
	char *fix = astrdup(s);
	size_t i;

	for (i = 0; fix[i]; i++)
		if (fix[i] >= 'A' && fix[i] <= 'Z')
			fix[i] = (char)(fix[i] - 'A' + 'a');
	if (strcmp(fix, s) == 0 || checkname(fix, max) || isreserved(fix))
		return NULL;
	return fix;
}

int
isreserved(const char *s)
{
	size_t i;

	for (i = 0; i < LEN(reserved); i++)
		if (strcmp(s, reserved[i]) == 0)
			return 1;
	return 0;
}

const char *
checkpath(const char *s)
{
	const char *p;

	if (*s != '/')
		return "must be an absolute path";
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || isdig(*p)
		    || strchr("._/+-", *p)))
			return "only letters, digits and . _ / + - are allowed";
	if (strstr(s, ".."))
		return "'..' is not allowed";
	if (p - s > 4095)
		return "longer than 4095 characters";
	return NULL;
}

const char *
parsecmdline(const char *s, char **out)
{
	struct buf b = { 0 };
	const char *p;

	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || isdig(*p)
		    || strchr("._,:=/+- ", *p)))
			return "tokens may hold only letters, digits and . _ , : = / + -";
	if (p - s > 4095)
		return "longer than 4095 characters";
	for (p = s; *p;) {
		size_t n;

		p = skipsp(p);
		n = strcspn(p, " ");
		if (n) {
			if (b.len)
				bufputs(&b, " ");
			bufput(&b, p, n);
		}
		p += n;
	}
	*out = b.len ? astrdup(b.s) : NULL;
	buffree(&b);
	return NULL;
}

const char *
checknetname(const char *s)
{
	const char *p;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || isdig(*s)))
		return "must start with a letter or digit";
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || isdig(*p)
		    || strchr("._-", *p)))
			return "only letters, digits and . _ - are allowed";
	if (p - s > 64)
		return "longer than 64 characters";
	return NULL;
}
