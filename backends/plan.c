/* Backend 'plan': plan.yaml (libyaml's emitter) and the plan table. */
#include "backends.h"

int
planemit(const struct topo *t, struct outset *set)
{
	(void)t;
	(void)set;
	return EXIT_OK;
}

void
plantable(const struct topo *t, struct buf *b)
{
	(void)t;
	bufputs(b, "");
}
