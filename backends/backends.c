/* The backend table: `--only NAME` is a look-up here; a backend is one line. */
#include <string.h>

#include "backends.h"

/*
 * Lanes split a staged build between two processes; they balance the CPU
 * time each backend takes on large topologies (README, benchmarks).
 */
const struct backend backends[] = {
	{ "plan", 0, planemit },
	{ "libvirt", 1, libvirtemit },
	{ "kernel", 1, kernelemit },
	{ "sriov", 0, sriovemit },
	{ "guest", 1, guestemit },
	{ "moongen", 1, moongenemit },
	{ "dot", 1, dotemit },
	{ "ansible", 0, ansibleemit },
	{ "pos", 0, posemit },
};

const size_t nbackends = LEN(backends);

int
emit(const struct topo *t, struct outset *set, const char *only)
{
	size_t i;
	int r = EXIT_OK, lane = outfork(set);

	for (i = 0; i < nbackends && r == EXIT_OK; i++) {
		if (!listed(backends[i].name, only) || (lane >= 0 && backends[i].lane != lane))
			continue;
		set->backend = backends[i].name;
		r = backends[i].emit(t, set);
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
