/*
 * The kernel parameters hvnetc generates for the guests (and, in part,
 * for the host: backends/kernel.c writes both), and the check that a
 * node's own cmdline does not give one of them another value.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fmt.h"
#include "kparams.h"

const char kquiet[] = " skew_tick=1 tsc=reliable nosoftlockup nmi_watchdog=0"
    " mce=ignore_ce audit=0 idle=poll";

void
kisolate(struct buf *b, const struct cpulist *c)
{
	struct buf l = { 0 };

	if (!c->n)
		return;
	fmtcpus(&l, c);
	bufprintf(b, " isolcpus=managed_irq,domain,%s nohz=on nohz_full=%s rcu_nocbs=%s",
	    l.s, l.s, l.s);
	buffree(&l);
}

void
guestparams(const struct node *n, struct buf *b)
{
	struct cpulist rest;
	size_t i;

	bufputs(b, "console=ttyS0,115200 irqaffinity=0");
	rest.n = n->vcpus > 1 ? (size_t)n->vcpus - 1 : 0;	/* vCPUs but 0 */
	rest.v = xreallocarray(NULL, rest.n + 1, sizeof(*rest.v));
	for (i = 0; i < rest.n; i++)
		rest.v[i] = (int)i + 1;
	kisolate(b, &rest);
	free(rest.v);
	bufputs(b, kquiet);
}

/* The length of token p's name: up to its '=' or its end (a space). */
static size_t
keylen(const char *p)
{
	return strcspn(p, "= ");
}

/*
 * The token of the space-separated list s with the name of token p, or
 * NULL.  Both lists are short (a few dozen tokens): a scan is enough.
 */
static const char *
findkey(const char *s, const char *p)
{
	size_t n = keylen(p);

	while (*s) {
		if (keylen(s) == n && memcmp(s, p, n) == 0)
			return s;
		s += strcspn(s, " ");
		s += strspn(s, " ");
	}
	return NULL;
}

static int
sametoken(const char *a, const char *b)
{
	size_t n = strcspn(a, " ");

	return n == strcspn(b, " ") && memcmp(a, b, n) == 0;
}

void
cmdlinecheck(struct topo *t)
{
	struct buf gen = { 0 };
	size_t i;

	for (i = 0; i < t->nnodes; i++) {
		const struct node *n = &t->nodes[i];
		const char *p, *g;

		if (!n->cmdline)
			continue;
		gen.len = 0;
		guestparams(n, &gen);
		for (p = n->cmdline; *p; p += strspn(p, " ")) {
			if ((g = findkey(gen.s, p)) && !sametoken(g, p))
				diag(W_CMDLINE, &n->cmdlineloc, n->name, (int)strcspn(p, " "), p,
				    (int)strcspn(g, " "), g);
			p += strcspn(p, " ");
		}
	}
	buffree(&gen);
}
