/* Libraries loaded on first use. */
#ifndef HVNET_DL_H
#define HVNET_DL_H

#include <stddef.h>

/*
 * Libraries loaded on first use (libxml2, libpci, libgvc: the Makefile
 * gives their sonames): dlopen soname with mode and take each function
 * v[i].name into the function pointer at v[i].fn, all or none.  Once they
 * are set, a second call does nothing.  NULL, or what failed (dlerror's
 * words, valid until the next dl call).
 */
struct dlfunc {
	const char *name;
	void *fn;		/* the address of a function pointer */
};
const char *dlload(const char *soname, int mode, const struct dlfunc *v, size_t n);

#endif
