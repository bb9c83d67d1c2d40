/*
 * The pipeline, one call a line: load → check → allocate → check capacity
 * → emit → write.
 */
#include <stdlib.h>
#include <string.h>

#include "hvnetc.h"

static int
resolve(struct topo *t, const struct options *o)
{
	t->overcommit = o && o->overcommit;
	t->pcidump = o && o->pcidump;
	check(t);
	cmdlinecheck(t);
	if (diagerrors())
		return EXIT_INVALID;
	if (o && o->pcidump && pcidump(t, o->pcidump) != EXIT_OK)
		return diagerrors() ? EXIT_INVALID : EXIT_IO;
	vlanalloc(t);
	ifacealloc(t);
	corealloc(t);
	pathalloc(t);
	portalloc(t);
	routealloc(t);
	capacitycheck(t);
	orderalloc(t);
	uuidalloc(t);
	return diagerrors() ? EXIT_INVALID : EXIT_OK;
}

int
compileopt(struct options *o, int key, const char *v)
{
	switch (key) {
	case OPT_OVERCOMMIT: o->overcommit = 1; return 1;
	case OPT_PCIDUMP: o->pcidump = v; return 1;
	case OPT_WORLD: o->worldname = v; return 1;
	}
	return 0;
}

/*
 * A file read to its end is checked even after load errors: all at once,
 * and reported in file order.
 */
static int
afterload(struct topo *t, int status, const struct options *o)
{
	if (status == EXIT_OK || (status == EXIT_INVALID && t->complete))
		status = resolve(t, o);
	diagflush();
	return status;
}

int
compile(struct topo *t, const char *file, const struct options *o)
{
	diaghold();
	t->world = o ? o->world : NULL;
	return afterload(t, load(t, file), o);
}

int
compilemem(struct topo *t, const char *name, const char *data, size_t len,
    const struct options *o)
{
	diaghold();
	t->world = o ? o->world : NULL;
	return afterload(t, loadmem(t, name, data, len), o);
}

int
build(const char *file, const char *dir, const char *only, int flags,
    const struct options *o)
{
	struct topo t = { 0 };
	struct outset set = { 0 };
	int r = compile(&t, file, o);

	if (r == EXIT_OK)
		r = outbegin(&set, dir, only, flags);
	if (r == EXIT_OK)
		r = outend(&set, emit(&t, &set, NULL));
	outfree(&set);
	topofree(&t);
	return r;
}

void
topofree(struct topo *t)
{
	/* Everything else lives in the arena (model.h). */
	free(t->nodes);
	free(t->links);
	free(t->flows);
	afreeall();
	memset(t, 0, sizeof(*t));
	diagreset();
}
