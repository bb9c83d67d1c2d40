/* The backend table: `--only NAME` is a look-up here; a backend is one line. */
#include <string.h>

#include "backends.h"

const struct backend backends[] = {
	{ "plan", planemit },
	{ "libvirt", libvirtemit },
	{ "kernel", kernelemit },
	{ "sriov", sriovemit },
	{ "guest", guestemit },
	{ "moongen", moongenemit },
	{ "dot", dotemit },
	{ "ansible", ansibleemit },
	{ "pos", posemit },
};

const size_t nbackends = LEN(backends);

int
emit(const struct topo *t, struct outset *set, const char *only)
{
	size_t i;
	int r;

	for (i = 0; i < nbackends; i++) {
		if (!listed(backends[i].name, only))
			continue;
		set->backend = backends[i].name;
		if ((r = backends[i].emit(t, set)) != EXIT_OK)
			return r;
		outclose(set);
		if (set->failed)
			return EXIT_IO;
	}
	set->backend = NULL;
	outsort(set);
	return EXIT_OK;
}
