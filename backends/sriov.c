/* Backend 'sriov': not written yet; emits nothing. */
#include "backends.h"

int
sriovemit(const struct topo *t, struct outset *set)
{
	(void)t;
	(void)set;
	return EXIT_OK;
}
