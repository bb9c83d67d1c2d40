/* The pipeline, one pass a line: load → check → allocate → check capacity. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
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
	loadcheck(t);
	orderalloc(t);
	uuidalloc(t);
	return diagerrors() ? EXIT_INVALID : EXIT_OK;
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
	return afterload(t, load(t, file), o);
}

int
compilemem(struct topo *t, const char *name, const char *data, size_t len,
    const struct options *o)
{
	diaghold();
	return afterload(t, loadmem(t, name, data, len), o);
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
