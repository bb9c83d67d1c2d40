/* The backend table: `--only NAME` is a look-up here; a backend is one line. */
#include <string.h>

#include "backends.h"
#include "diag.h"

/*
 * The backends in `--only`'s order, with what each costs: a parallel build's
 * two processes take the next backend as they finish one, so the queue
 * runs from the costliest down and neither waits long for the other at the
 * end (longest first).  Which costs most depends on the topology: the
 * order table and libxml2's loading on paper-scale ones, plan, pos and
 * libvirt on large ones.  Measured per element on a 10,000-node random
 * topology and per order entry on samples/nw.yaml; on 10,000 nodes this
 * order ends 40 ms sooner than a fixed one, on 100,000 nodes 0.3 s.
 */
const struct backend backends[] = {
	{ "plan", planemit, 6500, 0, 0 },
	{ "libvirt", libvirtemit, 6000, 0, 1500 },
	{ "kernel", kernelemit, 1500, 0, 0 },
	{ "sriov", sriovemit, 700, 0, 0 },
	{ "guest", guestemit, 2300, 0, 0 },
	{ "moongen", moongenemit, 300, 10, 0 },
	{ "dot", dotemit, 2500, 0, 0 },
	{ "ansible", ansibleemit, 300, 0, 0 },
	{ "pos", posemit, 6800, 0, 0 },
};

const size_t nbackends = LEN(backends);

/* Its estimated time on t, in ns. */
static uint64_t
cost(const struct backend *b, const struct topo *t)
{
	uint64_t elements = t->nnodes + t->nlinks + t->nflows;

	return b->perelement * elements + b->perorder * (uint64_t)t->norder + b->fixed * 1000ull;
}

void
backendqueue(const struct topo *t, size_t queue[])
{
	size_t i, k;

	for (i = 0; i < nbackends; i++) {	/* insertion: costliest first, ties in table order */
		for (k = i; k > 0 && cost(&backends[queue[k - 1]], t) < cost(&backends[i], t); k--)
			queue[k] = queue[k - 1];
		queue[k] = i;
	}
}

int
emit(const struct topo *t, struct outset *set, const char *only)
{
	size_t queue[LEN(backends)], i, k = 0;
	int r = EXIT_OK, lane = outfork(set);

	backendqueue(t, queue);
	while (r == EXIT_OK) {
		const struct backend *b;

		i = lane < 0 ? k++ : outnext(set);
		if (i >= nbackends)
			break;
		b = &backends[queue[i]];
		if (!listed(b->name, only))
			continue;
		set->backend = b->name;
		r = b->emit(t, set);
		outclose(set);
		if (r == EXIT_OK && set->failed)
			r = EXIT_IO;
	}
	set->backend = NULL;
	if (lane == 1)
		outchild(set, r);
	if (lane == 0)
		r = outjoin(set, r);
	outsort(set);
	return r;
}

int
tplput(struct buf *b, const char *name)
{
	size_t len;
	const char *s = template(name, &len);

	if (!s) {
		diag(E_INTERNAL, NULL, "template missing");
		return EXIT_IO;
	}
	bufput(b, s, len);
	return EXIT_OK;
}
