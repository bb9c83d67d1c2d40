/* Command 'import': not written yet. */
#include <stdio.h>

#include "diag.h"
#include "hvnetc.h"

int
cmdimport(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("hvnetc import: not available yet\n", stderr);
	return EXIT_USAGE;
}
