/* Command 'random': not written yet. */
#include <stdio.h>

#include "diag.h"
#include "hvnetc.h"

int
cmdrandom(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("hvnetc random: not available yet\n", stderr);
	return EXIT_USAGE;
}
