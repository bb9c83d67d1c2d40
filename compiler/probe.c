/* Command 'probe': not written yet. */
#include <stdio.h>

#include "diag.h"
#include "hvnetc.h"

int
cmdprobe(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("hvnetc probe: not available yet\n", stderr);
	return EXIT_USAGE;
}

int
pcidump(struct topo *t, const char *dumpfile)
{
	(void)t;
	syserr("--pci-dump '%s': not available yet", dumpfile);
	return EXIT_IO;
}
