/* The backend table: `--only NAME` is a look-up here; a backend is one line. */
#include <string.h>

#include "backends.h"
#include "diag.h"

/* The backends in `--only`'s order. */
const struct backend backends[] = {
	{ "dot", dotemit },
	{ "plan", planemit },
	{ "libvirt", libvirtemit },
	{ "kernel", kernelemit },
	{ "sriov", sriovemit },
	{ "netns", netnsemit },
	{ "mininet", mininetemit },
	{ "guest", guestemit },
	{ "moongen", moongenemit },
	{ "ansible", ansibleemit },
	{ "pos", posemit },
};

const size_t nbackends = LEN(backends);

int
emit(const struct topo *t, struct outset *set, const char *only)
{
	size_t i;
	int r = EXIT_OK;

	for (i = 0; i < nbackends && r == EXIT_OK; i++) {
		if (!listed(backends[i].name, only))
			continue;
		set->backend = backends[i].name;
		r = backends[i].emit(t, set);
		outclose(set);
		if (r == EXIT_OK && set->failed)
			r = EXIT_IO;
	}
	set->backend = NULL;
	outsort(set);
	return r;
}

int
tplput(struct buf *b, const char *name)
{
	size_t len;
	const char *s = template(name, &len);

	if (!s) {
		diag(E_TEMPLATE, NULL, name);
		return EXIT_IO;
	}
	bufput(b, s, len);
	return EXIT_OK;
}

void
tablestart(struct buf *b, const char *comment, const char *name)
{
	bufprintf(b, "\n# %s\n%s() {\n\tcat <<'EOF'\n", comment, name);
}

void
tableend(struct buf *b)
{
	bufputs(b, "EOF\n}\n");
}
