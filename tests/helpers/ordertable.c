/*
 * The compiler's packet-order table of repetition 1 for a topology, one
 * 1-based flow index a line: the reference the userscript's own shuffle
 * must reproduce (tests/lua/checkloadgen.lua).
 *   build/ordertable FILE
 */
#include <stdio.h>
#include <stdlib.h>

#include "hvnetc.h"

int
main(int argc, char **argv)
{
	struct topo t = { 0 };
	uint32_t *order;
	size_t i;
	int r;

	if (argc != 2) {
		fputs("usage: ordertable FILE\n", stderr);
		return EXIT_USAGE;
	}
	if ((r = compile(&t, argv[1], NULL)) != EXIT_OK)
		return r;
	order = orderexpand(&t);
	for (i = 0; i < t.norder; i++)
		printf("%u\n", order[i] + 1);
	free(order);
	topofree(&t);
	return fflush(stdout) ? EXIT_IO : EXIT_OK;
}
