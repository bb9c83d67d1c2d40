/* The front end: libyaml events -> model, with locations.  Not written yet. */
#include "diag.h"
#include "hvnetc.h"

int
loadmem(struct topo *t, const char *name, const char *data, size_t len)
{
	(void)t;
	(void)data;
	(void)len;
	syserr("'%s': the loader is not written yet", name);
	return EXIT_IO;
}

int
load(struct topo *t, const char *file)
{
	return loadmem(t, file, "", 0);
}
