#include "hvnetc.h"
#include "results.h"

int
plotall(const struct run *r, struct outset *set)
{
	(void)r;
	(void)set;
	return EXIT_OK;
}
