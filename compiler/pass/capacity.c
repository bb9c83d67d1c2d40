/*
 * Capacity (hvnet.yaml(5), Resolution): every link direction's load against its transmit
 * limit, and the LoadGen ports' against their speed.
 */
#include <stdio.h>
#include <string.h>

#include "pass.h"

/* The flows that cross link l leaving its end d, for messages. */
static void
crossing(const struct topo *t, const struct link *l, int d, struct buf *b)
{
	size_t i, k, n = 0;

	for (i = 0; i < t->nflows; i++) {
		const struct flow *f = &t->flows[i];

		for (k = 0; k + 1 < f->npath; k++)
			if (f->hops[k] == l->index && f->path[k] == l->ends[d])
				break;
		if (k + 1 >= f->npath)
			continue;
		namesadd(b, ++n, f->name);
	}
	namesend(b, n);
}

/* Per link and direction, Σ rates <= the transmit limit. */
static void
linkcheck(struct topo *t)
{
	size_t i, reported = 0;
	int d;

	for (i = 0; i < t->nlinks; i++) {
		struct link *l = &t->links[i];

		for (d = 0; d < 2; d++) {
			struct buf fl = { 0 };
			char need[32], lim[32];

			if (!l->maxrate || l->load[d] <= l->maxrate)
				continue;
			if (reported++ < 8)
				crossing(t, l, d, &fl);	/* O(flows): only a few */
			else
				bufputs(&fl, "flows not listed");
			diag(t->overcommit ? W_LINKLOAD : E_LINKLOAD,
			    l->rateloc.line ? &l->rateloc : &l->loc, l->endname[0], l->endname[1],
			    l->ends[d]->name, l->ends[!d]->name, fmtrate(need, l->load[d]),
			    fmtrate(lim, l->maxrate), fl.s);
			buffree(&fl);
		}
	}
}

/*
 * The LoadGen ports carry every flow once; on the wire each frame
 * (size + 14) also costs 24 bytes of FCS, preamble and gap, while a flow's
 * rate counts the frame with FCS (size + 18).
 */
static void
lgcheck(struct topo *t)
{
	long double wire = 0, pps = 0;
	enum portid p;
	size_t i;
	char need[32], lim[32];

	for (i = 0; i < t->nflows; i++) {
		wire += (long double)t->flows[i].rate * (t->flows[i].size + 38) /
		    (t->flows[i].size + 18);
	t->lgwire = wire < 0x1p64L ? (uint64_t)wire : UINT64_MAX;
		pps += (long double)t->flows[i].rate / (8 * (t->flows[i].size + 18));
	}
	/* hvnet-load.lua counts the packets of a repetition in a Lua number. */
	if (pps * (long double)t->meas.duration >= 0x1p53L)
		diag(E_MANYPACKETS, t->meas.durationloc.line ? &t->meas.durationloc :
		    &t->flows[0].loc, (unsigned long long)t->meas.duration,
		    (double)(pps * (long double)t->meas.duration));
	for (p = PORT_INGRESS; p <= PORT_EGRESS; p++) {
		const struct port *pt = &t->host.port[p];

		if (!pt->declared || wire <= (long double)pt->speed)
			continue;
		diag(t->overcommit ? W_LGLOAD : E_LGLOAD, &pt->loc,
		    fmtrate(need, t->lgwire),
		    p == PORT_INGRESS ? "ingress" : "egress", fmtrate(lim, pt->speed));
	}
}

void
capacitycheck(struct topo *t)
{
	size_t i;
	uint64_t sa = t->host.port[PORT_A].speed, sb = t->host.port[PORT_B].speed;
	/* auto: the slower wire port's speed shared among the links. */
	uint64_t a = autorate(sa < sb ? sa : sb, t->nlinks);

	struct link *zero = NULL;
	char speed[32];

	for (i = 0; i < t->nlinks; i++) {
		struct link *l = &t->links[i];

		l->maxrate = l->ratemode == RATE_AUTO ? a :
		    l->ratemode == RATE_SET ? l->rate : 0;
		if (l->ratemode == RATE_AUTO && !a && !zero)
			zero = l;
	}
	/* An automatic limit of 0 would read as "no limit": one error. */
	if (zero)
		diag(E_AUTORATEZERO, zero->rateloc.line ? &zero->rateloc : &zero->loc,
		    zero->endname[0], zero->endname[1], fmtrate(speed, sa < sb ? sa : sb),
		    t->nlinks);
	else
		linkcheck(t);
	lgcheck(t);
}
