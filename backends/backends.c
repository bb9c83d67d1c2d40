/* The backend table: `--only NAME` is a look-up here; a backend is one line. */
#include <string.h>

#include "backends.h"
#include "diag.h"

/*
 * The backends in `--only`'s order.  rank orders them for a parallel build,
 * whose two processes take the next backend as they finish one: the costly
 * ones first (moongen's order table on paper-scale topologies; plan, pos and
 * libvirt on large ones), so that neither waits long for the other at the end.
 */
const struct backend backends[] = {
	{ "plan", 2, planemit },
	{ "libvirt", 1, libvirtemit },
	{ "kernel", 8, kernelemit },
	{ "sriov", 7, sriovemit },
	{ "guest", 6, guestemit },
	{ "moongen", 0, moongenemit },
	{ "dot", 4, dotemit },
	{ "ansible", 5, ansibleemit },
	{ "pos", 3, posemit },
};

const size_t nbackends = LEN(backends);

int
emit(const struct topo *t, struct outset *set, const char *only)
{
	size_t byrank[LEN(backends)], i, k = 0;
	int r = EXIT_OK, lane = outfork(set);

	for (i = 0; i < nbackends; i++)
		byrank[backends[i].rank] = i;
	while (r == EXIT_OK) {
		const struct backend *b;

		i = lane < 0 ? k++ : outnext(set);
		if (i >= nbackends)
			break;
		b = &backends[byrank[i]];
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
