/*
 * Pairing pre and post.  Both captures are read at once, in timestamp
 * order (pre first on a tie), so only the packets of the last 5 s are
 * held: each pre packet waits in a ring, in sending order, with a hash
 * from its id to its place, until its window has passed; then it is
 * settled once: a latency sample (the first post copy; later copies are
 * duplicates), a loss, a duplicate id on pre (no sample), or part of the
 * warm-up.  Jitter is RFC 5481's IPDV of consecutive packets of a flow,
 * both received; a lost one between breaks the pair.
 */
#include <stdlib.h>
#include <string.h>

#include "hvnetc.h"
#include "results.h"

enum { E_TRIM = 1, E_PREDUP = 2, E_MATCHED = 4 };

struct entry {
	uint64_t id, pre, post;
	int flow;
	unsigned flags;
};

struct pending {
	struct entry *ring;
	uint64_t head, tail, mask;	/* absolute positions; ring[pos & mask] */
	uint64_t *slots;		/* position + 1; 0 = empty */
	uint64_t smask;
	unsigned sbits;
};

static uint64_t
slotof(const struct pending *q, uint64_t id)
{
	return (id * 0x9E3779B97F4A7C15ull) >> (64 - q->sbits);
}

/* The position of id, or UINT64_MAX; *slot is where it is or would go. */
static uint64_t
find(const struct pending *q, uint64_t id, uint64_t *slot)
{
	uint64_t s = slotof(q, id);

	for (; q->slots[s]; s = (s + 1) & q->smask)
		if (q->ring[(q->slots[s] - 1) & q->mask].id == id) {
			*slot = s;
			return q->slots[s] - 1;
		}
	*slot = s;
	return UINT64_MAX;
}

static void
pendinit(struct pending *q, unsigned bits)
{
	memset(q, 0, sizeof(*q));
	q->mask = (1ull << bits) - 1;
	q->ring = xcalloc(q->mask + 1, sizeof(*q->ring));
	q->sbits = bits + 1;
	q->smask = (1ull << q->sbits) - 1;
	q->slots = xcalloc(q->smask + 1, sizeof(*q->slots));
}

/* Twice the room: a new ring and hash, the entries in the same order. */
static void
pendgrow(struct pending *q)
{
	struct pending n;
	uint64_t pos, slot;
	unsigned bits = 0;

	while ((1ull << bits) <= q->mask)
		bits++;
	pendinit(&n, bits + 1);
	n.head = n.tail = q->head;
	for (pos = q->head; pos < q->tail; pos++, n.tail++) {
		n.ring[pos & n.mask] = q->ring[pos & q->mask];
		find(&n, n.ring[pos & n.mask].id, &slot);
		n.slots[slot] = pos + 1;
	}
	free(q->ring);
	free(q->slots);
	*q = n;
}

/* Remove the hash slot of position pos (backward-shift deletion). */
static void
unhash(struct pending *q, uint64_t id)
{
	uint64_t s, next;

	find(q, id, &s);
	q->slots[s] = 0;
	for (next = (s + 1) & q->smask; q->slots[next]; next = (next + 1) & q->smask) {
		uint64_t home = slotof(q, q->ring[(q->slots[next] - 1) & q->mask].id);

		/* move it back when its home is not within (s, next] */
		if (((next - home) & q->smask) >= ((next - s) & q->smask)) {
			q->slots[s] = q->slots[next];
			q->slots[next] = 0;
			s = next;
		}
	}
}

static void
worstadd(struct run *r, const struct entry *e, unsigned rep, uint64_t t0)
{
	struct worst w = { e->post - e->pre, e->pre, e->post, e->id, t0, rep, e->flow };
	size_t i, min = 0;

	if (r->nw < WORSTN) {
		r->w[r->nw++] = w;
		return;
	}
	for (i = 1; i < WORSTN; i++)
		if (r->w[i].lat < r->w[min].lat)
			min = i;
	if (w.lat > r->w[min].lat)
		r->w[min] = w;
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

/* Settle every pre packet whose window closed before now. */
static void
expire(struct pass *m, uint64_t now)
{
	struct pending *q = &m->q;

	while (q->head < q->tail && q->ring[q->head & q->mask].pre + WINDOW_NS < now) {
		struct entry *e = &q->ring[q->head & q->mask];

		settle(m->r, e, m->rep, m->t0);
		unhash(q, e->id);
		q->head++;
	}
}

static void
onpre(struct pass *m, const struct pkt *k)
{
	struct pending *q = &m->q;
	uint64_t slot, pos;
	struct entry *e;

	if (k->flow < 0) {
		m->r->t.noflow += k->flow == FLOW_NONE;
		m->r->t.wrongport += k->flow == FLOW_WRONGPORT;
		return;
	}
	if (!m->started)
		m->t0 = k->ts, m->started = 1;
	if ((pos = find(q, k->id, &slot)) != UINT64_MAX) {
		q->ring[pos & q->mask].flags |= E_PREDUP;
		return;
	}
	if (q->tail - q->head > q->mask) {
		pendgrow(q);
		find(q, k->id, &slot);
	}
	e = &q->ring[q->tail & q->mask];
	*e = (struct entry){ k->id, k->ts, 0, k->flow, k->ts < m->t0 + m->r->trim ? E_TRIM : 0 };
	q->slots[slot] = ++q->tail;
}

static void
onpost(struct pass *m, const struct pkt *k)
{
	struct entry *e;
	struct fstat *f;
	uint64_t slot, pos;

	if (k->flow < 0) {
		m->r->t.noflow += k->flow == FLOW_NONE;
		m->r->t.wrongport += k->flow == FLOW_WRONGPORT;
		return;
	}
	f = &m->r->fs[k->flow];
	if ((pos = find(&m->q, k->id, &slot)) == UINT64_MAX) {
		f->unmatched++;		/* late, or never seen on pre */
		return;
	}
	e = &m->q.ring[pos & m->q.mask];
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
	free(m.q.ring);
	free(m.q.slots);
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
