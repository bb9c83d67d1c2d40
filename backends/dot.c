/* Backend 'dot': not written yet; emits nothing. */
#include <stdio.h>

#include "backends.h"

int
dotemit(const struct topo *t, struct outset *set)
{
	(void)t;
	(void)set;
	return EXIT_OK;
}

int
cmdgraph(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("hvnetc graph: not available yet\n", stderr);
	return EXIT_USAGE;
}
