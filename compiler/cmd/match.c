/*
 * Pairing pre and post.  Both captures are read at once, in timestamp
 * order (pre first on a tie), so only the packets of the last 5 s are
 * held: each pre packet waits in a ring at its id (the LoadGen numbers
 * its packets in sending order) until its window has passed; then it is
 * settled once: a latency sample (the first post copy; later copies are
 * duplicates), a loss, a duplicate id on pre (no sample), or part of the
 * warm-up.  Jitter is RFC 5481's IPDV of consecutive packets of a flow,
 * both received; a lost one between breaks the pair.
 */
#include <stdlib.h>
#include <string.h>

#include "hvnetc.h"
#include "results.h"

enum { E_TRIM = 1, E_PREDUP = 2, E_MATCHED = 4, E_USED = 8 };
/* Ids further apart than this in one capture start afresh (no 5 s of any
 * HVNet load spans them): what is pending is settled first. */
#define SPANMAX (1ull << 26)

struct entry {
	uint64_t id, pre, post;
	int flow;
	unsigned flags;
};

/*
 * The pre packets in flight, at their id: the LoadGen numbers its packets
 * one after the other, so the ids in flight span about the packets of
 * 5 s, and a ring indexed by id & mask finds each in one step.
 */
struct pending {
	struct entry *slot;
	uint64_t mask;
	uint64_t head, tail;	/* ids: the oldest unsettled, one past the newest */
	int started;
};

static void
pendinit(struct pending *q, unsigned bits)
{
	memset(q, 0, sizeof(*q));
	q->mask = (1ull << bits) - 1;
	q->slot = xcalloc(q->mask + 1, sizeof(*q->slot));
}

/* The pending entry of id, or NULL. */
static struct entry *
pendget(const struct pending *q, uint64_t id)
{
	struct entry *e;

	if (!q->started || id < q->head || id >= q->tail)
		return NULL;
	e = &q->slot[id & q->mask];
	return e->flags & E_USED && e->id == id ? e : NULL;
}

/* Twice the room, every entry at its id. */
static void
pendgrow(struct pending *q)
{
	struct pending n;
	uint64_t id;
	unsigned bits = 0;

	while ((1ull << bits) <= q->mask)
		bits++;
	pendinit(&n, bits + 1);
	n.head = q->head;
	n.tail = q->tail;
	n.started = q->started;
	for (id = q->head; id < q->tail; id++)
		if (q->slot[id & q->mask].flags & E_USED)
			n.slot[id & n.mask] = q->slot[id & q->mask];
	free(q->slot);
	*q = n;
}

/* Keep the WORSTN worst packets; r->wmin is the least of them once full. */
static void
worstadd(struct run *r, const struct entry *e, unsigned rep, uint64_t t0)
{
	struct worst w = { e->post - e->pre, e->pre, e->post, e->id, t0, rep, e->flow };
	size_t i;

	if (r->nw == WORSTN && w.lat <= r->w[r->wmin].lat)
		return;		/* most packets: one comparison */
	if (r->nw < WORSTN)
		r->w[r->nw++] = w;
	else
		r->w[r->wmin] = w;
	if (r->nw < WORSTN)
		return;
	for (r->wmin = 0, i = 1; i < WORSTN; i++)
		if (r->w[i].lat < r->w[r->wmin].lat)
			r->wmin = i;
}

static void
timeline(struct run *r, unsigned rep, uint64_t t0, const struct entry *e)
{
	size_t s = (size_t)((e->pre - t0) / 1000000000u), k = rep - 1;

	if (k >= LEN(r->secs))
		return;
	if (s >= r->nsecs[k]) {
		r->secs[k] = xgrow(r->secs[k], &r->capsecs[k], s + 1, sizeof(**r->secs));
		memset(r->secs[k] + r->nsecs[k], 0, (s + 1 - r->nsecs[k]) * sizeof(**r->secs));
		r->nsecs[k] = s + 1;
	}
	r->secs[k][s].packets++;
	if (e->post - e->pre > r->secs[k][s].max)
		r->secs[k][s].max = e->post - e->pre;
}

/* A received packet's latency and its IPDV to the flow's last one. */
static void
sample(struct run *r, struct fstat *f, const struct entry *e, unsigned rep, uint64_t t0)
{
	uint64_t lat = e->post - e->pre;

	histadd(&f->lat, lat);
	if (f->haveprev) {
		int64_t d = (int64_t)(lat - f->prevlat);

		histadd(&f->jit, (uint64_t)(d < 0 ? -d : d));
		if (f->jit.n == 1 || d < f->ipdvmin)
			f->ipdvmin = d;
		if (f->jit.n == 1 || d > f->ipdvmax)
			f->ipdvmax = d;
	}
	f->prevlat = lat;
	f->haveprev = 1;
	worstadd(r, e, rep, t0);
	timeline(r, rep, t0, e);
}

static void
settle(struct run *r, const struct entry *e, unsigned rep, uint64_t t0)
{
	struct fstat *f = &r->fs[e->flow];

	if (e->flags & E_TRIM) {
		r->t.trimmed++;
		return;
	}
	f->packets++;
	if (e->flags & E_PREDUP) {
		f->predups++;
		f->haveprev = 0;
	} else if (e->flags & E_MATCHED)
		sample(r, f, e, rep, t0);
	else {
		f->lost++;
		f->haveprev = 0;
	}
}

/* The state of one repetition's pass. */
struct pass {
	struct run *r;
	struct pending q;
	unsigned rep;
	uint64_t t0;
	int started;
};

/* Settle every pre packet whose window closed before now, oldest id first. */
static void
expire(struct pass *m, uint64_t now)
{
	struct pending *q = &m->q;

	for (; q->head < q->tail; q->head++) {
		struct entry *e = &q->slot[q->head & q->mask];

		if (!(e->flags & E_USED))
			continue;	/* an id pre did not see */
		if (e->pre + WINDOW_NS >= now)
			break;
		settle(m->r, e, m->rep, m->t0);
		e->flags = 0;
	}
}

static void
onpre(struct pass *m, const struct pkt *k)
{
	struct pending *q = &m->q;
	struct entry *e;

	if (k->flow < 0) {
		m->r->t.prestray++;	/* not sent by the LoadGen's flows */
		return;
	}
	if (!m->started)
		m->t0 = k->ts, m->started = 1;
	if (!q->started || k->id >= q->head + SPANMAX) {
		expire(m, UINT64_MAX);
		q->head = q->tail = k->id;
		q->started = 1;
	}
	if (k->id < q->head) {
		m->r->t.preold++;	/* older than every packet in flight */
		return;
	}
	if ((e = pendget(q, k->id))) {
		e->flags |= E_PREDUP;
		return;
	}
	while (k->id - q->head > q->mask)
		pendgrow(q);
	e = &q->slot[k->id & q->mask];
	*e = (struct entry){ k->id, k->ts, 0, k->flow,
		E_USED | (k->ts < m->t0 + m->r->trim ? E_TRIM : 0) };
	if (k->id >= q->tail)
		q->tail = k->id + 1;
}

static void
onpost(struct pass *m, const struct pkt *k)
{
	struct entry *e;
	struct fstat *f;

	if (k->flow < 0) {
		m->r->t.noflow += k->flow == FLOW_NONE;
		m->r->t.wrongport += k->flow == FLOW_WRONGPORT;
		return;
	}
	f = &m->r->fs[k->flow];
	if (!(e = pendget(&m->q, k->id))) {
		f->unmatched++;		/* late, or never seen on pre */
		return;
	}
	if (e->flow != k->flow) {
		m->r->t.wrongflow++;	/* its id is another flow's packet */
		return;
	}
	if (e->flags & E_TRIM)
		return;
	if (e->flags & E_MATCHED) {
		f->dups++;
		return;
	}
	e->flags |= E_MATCHED;
	e->post = k->ts;
	if (k->ttl && k->ttl != m->r->plan->flows[k->flow].ttl)
		f->misrouted++;
	if (f->havepost && k->id < f->maxpost)
		f->reordered++;
	else
		f->maxpost = k->id, f->havepost = 1;
}

static void
repstart(struct run *r)
{
	size_t i;

	for (i = 0; i < r->plan->nflows; i++)
		r->fs[i].haveprev = r->fs[i].havepost = 0;
}

int
matchrep(struct run *r, unsigned rep, struct capture *pre, struct capture *post)
{
	struct pass m = { r, { 0 }, rep, 0, 0 };
	struct pkt a, b;
	int ha, hb;

	repstart(r);
	pendinit(&m.q, 16);
	ha = capnext(pre, &a);
	hb = capnext(post, &b);
	while (ha > 0 || hb > 0) {
		if (ha > 0 && (hb <= 0 || a.ts <= b.ts)) {
			expire(&m, a.ts);
			onpre(&m, &a);
			ha = capnext(pre, &a);
		} else {
			expire(&m, b.ts);
			onpost(&m, &b);
			hb = capnext(post, &b);
		}
	}
	expire(&m, UINT64_MAX);
	free(m.q.slot);
	r->t.pre += pre->packets;
	r->t.post += post->packets;
	r->t.notudp += pre->notudp + post->notudp;
	r->t.wraps += pre->wraps > post->wraps ? pre->wraps : post->wraps;
	r->t.truncated += (uint64_t)pre->truncated + (uint64_t)post->truncated;
	r->t.backwards += pre->backwards + post->backwards;
	return ha < 0 || hb < 0 ? EXIT_IO : EXIT_OK;
}

void
runfree(struct run *r)
{
	size_t i;

	for (i = 0; r->fs && i < r->plan->nflows; i++) {
		histfree(&r->fs[i].lat);
		histfree(&r->fs[i].jit);
	}
	free(r->fs);
	for (i = 0; i < LEN(r->secs); i++)
		free(r->secs[i]);
}
