/* hvnetc: the command line (hvnetc(1)): one table of commands, each of which
 * parses its own arguments (lib/args.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hvnetc.h"

#ifndef VERSION
#define VERSION "0.1"
#endif

static const char usage[] =
    "usage: hvnetc FILE -o DIR\n"
    "       hvnetc build FILE -o DIR [--only BACKEND,...] [--allow-overcommit] [--force] [--sync] [--pci-dump FILE] [--world WORLD]\n"
    "       hvnetc check FILE... [--allow-overcommit] [--pci-dump FILE] [--world WORLD]\n"
    "       hvnetc plan FILE [--yaml] [--allow-overcommit] [--pci-dump FILE] [--world WORLD]\n"
    "       hvnetc graph FILE [-T dot|svg|png] [-o FILE] [--flows] [--allow-overcommit] [--pci-dump FILE] [--world WORLD]\n"
    "       hvnetc probe [--pci-dump FILE] [PF...]\n"
    "       hvnetc random --seed N [--nodes N] [--links N] [--flows N] [--max-hops N]\n"
    "       hvnetc import FILE.json\n"
    "       hvnetc results OUT PRE POST [PRE POST ...] -o DIR [--trim DURATION] [--topo N]\n"
    "       hvnetc compare DIR DIR\n"
    "       hvnetc --version | --help | COMMAND --help\n"
    "Commands:\n"
    "  build   compile FILE ('-' for standard input) into DIR; 'hvnetc FILE -o DIR' too\n"
    "  check   validate and resolve; every problem on standard error\n"
    "  plan    print the resolved allocation and each link's load against its limit\n"
    "  graph   draw the topology with Graphviz\n"
    "  probe   describe SR-IOV NICs as a host.wire/host.loadgen snippet\n"
    "  random  write a random valid topology to standard output\n"
    "  import  translate an HVNet dataset configuration (JSON)\n"
    "  results per-flow latencies and jitter from the Timestamper's captures\n"
    "  compare Table I's improvement factors of two results directories\n"
    "Exit status: 0 success, 1 invalid topology, 2 usage error, 3 I/O error.\n"
    "See hvnetc(1) and hvnet.yaml(5).\n";

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "build", cmdbuild },
	{ "check", cmdcheck },
	{ "plan", cmdplan },
	{ "graph", cmdgraph },
	{ "probe", cmdprobe },
	{ "random", cmdrandom },
	{ "import", cmdimport },
	{ "results", cmdresults },
	{ "compare", cmdcompare },
};

/* Output lost to a full disk or a closed pipe is an I/O error too (hvnetc(1)). */
static int
closeout(int r)
{
	if ((fflush(stdout) == EOF || ferror(stdout)) && r != EXIT_IO) {
		syserr("cannot write to standard output: %s", strerror(errno));
		return EXIT_IO;
	}
	return r;
}

static int
run(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return fputs(usage, stderr), EXIT_USAGE;
	if (!strcmp(argv[1], "--version"))
		return puts("hvnetc " VERSION), EXIT_OK;
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return fputs(usage, stdout), EXIT_OK;
	for (i = 0; i < LEN(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	if (argv[1][0] == '-' && argv[1][1]) {
		fprintf(stderr, "hvnetc: unknown option '%s'\n%s", argv[1], usage);
		return EXIT_USAGE;
	}
	/* hvnetc FILE -o DIR */
	argv[0] = "build";
	return cmdbuild(argc, argv);
}

int
main(int argc, char **argv)
{
	return closeout(run(argc, argv));
}
