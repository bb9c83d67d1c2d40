/*
 * Loading a library on first use (dl.h).  The callers keep a table of the
 * functions they use, typed by the library's own declarations, and say
 * why each library is not linked.
 */
#include <dlfcn.h>
#include <string.h>

#include "dl.h"

/* Function and object pointers share one representation on POSIX systems
 * (dlsym(3)): the address dlsym gives is copied into the function pointer. */
const char *
dlload(const char *soname, int mode, const struct dlfunc *v, size_t n)
{
	void *h, *p;
	const char *why;
	size_t i;

	if (!n)
		return NULL;
	memcpy(&p, v[n - 1].fn, sizeof(p));
	if (p)
		return NULL;	/* loaded: the pointers are set only when all are found */
	if (!(h = dlopen(soname, mode)))
		return (why = dlerror()) ? why : "dlopen failed";
	for (i = 0; i < n; i++)
		if (!dlsym(h, v[i].name))
			return (why = dlerror()) ? why : v[i].name;
	for (i = 0; i < n; i++) {
		p = dlsym(h, v[i].name);
		memcpy(v[i].fn, &p, sizeof(p));
	}
	return NULL;
}
