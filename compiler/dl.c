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
	void *h = dlopen(soname, mode), *p;
	const char *why;
	size_t i;

	if (!h)
		return (why = dlerror()) ? why : "dlopen failed";
	for (i = 0; i < n; i++) {
		if (!(p = dlsym(h, v[i].name)))
			return (why = dlerror()) ? why : v[i].name;
		memcpy(v[i].fn, &p, sizeof(p));
	}
	return NULL;
}
