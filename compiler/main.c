/* hvnetc: the command line (SPEC §1). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "hvnetc.h"
#include "results.h"

#ifndef VERSION
#define VERSION "0.1"
#endif

static const char usage[] =
    "usage: hvnetc FILE -o DIR\n"
    "       hvnetc build FILE -o DIR [--only BACKEND,...] [--allow-overcommit] [--force] [--sync] [--jobs N] [--pci-dump FILE]\n"
    "       hvnetc check FILE... [--allow-overcommit] [--pci-dump FILE]\n"
    "       hvnetc plan FILE [--yaml] [--allow-overcommit] [--pci-dump FILE]\n"
    "       hvnetc graph FILE [-T dot|svg|png] [-o FILE] [--flows] [--allow-overcommit] [--pci-dump FILE]\n"
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

/* Options shared by the compiling commands. */
enum { OPT_OVERCOMMIT = 256, OPT_FORCE, OPT_PCIDUMP, OPT_ONLY, OPT_YAML, OPT_SYNC, OPT_JOBS, OPT_FLOWS, OPT_HELP };

static const struct option longopts[] = {
	{ "allow-overcommit", no_argument, NULL, OPT_OVERCOMMIT },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "pci-dump", required_argument, NULL, OPT_PCIDUMP },
	{ "only", required_argument, NULL, OPT_ONLY },
	{ "yaml", no_argument, NULL, OPT_YAML },
	{ "sync", no_argument, NULL, OPT_SYNC },
	{ "jobs", required_argument, NULL, OPT_JOBS },
	{ "flows", no_argument, NULL, OPT_FLOWS },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* What the compiling commands' command lines say. */
struct args {
	struct options o;
	const char *out, *only, *format;
	int yaml, sync, flows;
	long jobs;		/* --jobs, 0 when not given */
	char **files;
	int nfiles;
};

static int
badusage(const char *cmd, const char *msg)
{
	fprintf(stderr, "hvnetc %s: %s\n%s", cmd, msg, usage);
	return EXIT_USAGE;
}

/*
 * Parse argv (argv[0] is the command name); accept lists the options this
 * command takes ('o', and 'A' + n for long option 256 + n).  GNU getopt
 * permutes, so options may follow the file.  Returns -1 on --help.
 */
static int
parseargs(int argc, char **argv, const char *accept, struct args *a)
{
	char *end;
	int c;

	memset(a, 0, sizeof(*a));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:T:", longopts, NULL)) != -1) {
		int key = c >= 256 ? 'A' + (c - 256) : c;

		if (c == OPT_HELP)
			return -1;
		if (c == '?' || c == ':' || !strchr(accept, key)) {
			const char *word = argv[optind - 1];

			if (optarg && word == optarg && optind >= 2)
				word = argv[optind - 2];	/* the option, not its argument */
			fprintf(stderr, "hvnetc %s: unknown option or missing argument: '%s'\n",
			    argv[0], word);
			return EXIT_USAGE;
		}
		switch (c) {
		case 'o': a->out = optarg; break;
		case 'T': a->format = optarg; break;
		case OPT_FLOWS: a->flows = 1; break;
		case OPT_OVERCOMMIT: a->o.overcommit = 1; break;
		case OPT_FORCE: a->o.force = 1; break;
		case OPT_PCIDUMP: a->o.pcidump = optarg; break;
		case OPT_ONLY: a->only = optarg; break;
		case OPT_YAML: a->yaml = 1; break;
		case OPT_SYNC: a->sync = 1; break;
		case OPT_JOBS:
			a->jobs = strtol(optarg, &end, 10);
			if (*end || end == optarg || a->jobs < 1) {
				fprintf(stderr, "hvnetc %s: --jobs takes a positive number, not '%s'\n",
				    argv[0], optarg);
				return EXIT_USAGE;
			}
			break;
		}
	}
	a->files = argv + optind;
	a->nfiles = argc - optind;
	return 0;
}

/* Accept strings for parseargs. */
#define ACCEPT_COMPILE "ABC"	/* --allow-overcommit --force --pci-dump */
#define ACCEPT_ONLY "D"
#define ACCEPT_YAML "E"
#define ACCEPT_SYNC "FG"	/* --sync --jobs */
#define ACCEPT_GRAPH "oTAHC"	/* -o -T --allow-overcommit --flows --pci-dump */

static int
checkonly(const char *only)
{
	const char *p;
	size_t i;

	for (p = only; *p; p += strcspn(p, ","), p += *p == ',') {
		size_t n = strcspn(p, ",");

		for (i = 0; i < nbackends; i++)
			if (strlen(backends[i].name) == n && !strncmp(backends[i].name, p, n))
				break;
		if (i == nbackends) {
			fprintf(stderr, "hvnetc build: unknown backend '%.*s' in --only "
			    "(backends:", (int)n, p);
			for (i = 0; i < nbackends; i++)
				fprintf(stderr, " %s", backends[i].name);
			fputs(")\n", stderr);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

static const char buildhelp[] =
    "usage: hvnetc build FILE -o DIR [--only BACKEND,...] [--allow-overcommit] [--force] [--sync] [--jobs N] [--pci-dump FILE]\n"
    "Compile FILE ('-' for standard input) and write every artifact into DIR.\n"
    "  -o DIR              the output directory (created; replaced atomically)\n"
    "  --only LIST         rewrite only these backends' files, keep the rest:\n"
    "                      plan libvirt kernel sriov guest moongen dot ansible pos\n"
    "  --allow-overcommit  exhausted value spaces warn and wrap (plan only; not deployable)\n"
    "  --force             write into a non-empty foreign DIR, overwrite hand-edited files\n"
    "  --sync              flush the new tree to disk before it replaces DIR\n"
    "  --jobs N            processes that run the backends: 1, or 2 (the default\n"
    "                      when hvnetc may run on several CPUs)\n"
    "  --pci-dump FILE     take vf_offset, vf_stride, TotalVFs from an 'lspci -xxxx' dump\n";

static int
cmdbuild(int argc, char **argv)
{
	struct topo t = { 0 };
	struct outset set = { 0 };
	struct args a;
	int r = parseargs(argc, argv, "o" ACCEPT_COMPILE ACCEPT_ONLY ACCEPT_SYNC, &a);

	if (r < 0)
		return fputs(buildhelp, stdout), EXIT_OK;
	if (r)
		return r;
	if (a.nfiles != 1)
		return badusage("build", "expected exactly one FILE");
	if (!a.out)
		return badusage("build", "missing '-o DIR'");
	if (a.only && (r = checkonly(a.only)))
		return r;
	r = compile(&t, a.files[0], &a.o);
	if (r == EXIT_OK)
		r = outbegin(&set, a.out, a.only, (a.o.force ? OUTFORCE : 0) |
		    (a.sync ? OUTSYNC : 0) | (a.jobs == 1 ? OUTSERIAL : 0));
	if (r == EXIT_OK)
		r = outend(&set, emit(&t, &set, NULL));
	outfree(&set);
	topofree(&t);
	return r;
}

static const char checkhelp[] =
    "usage: hvnetc check FILE... [--allow-overcommit] [--pci-dump FILE]\n"
    "Validate each FILE ('-' for standard input) and resolve it as 'build' would;\n"
    "write nothing, report every problem on standard error.\n"
    "  --allow-overcommit  exhausted value spaces warn and wrap instead of failing\n"
    "  --pci-dump FILE     take vf_offset, vf_stride, TotalVFs from an 'lspci -xxxx' dump\n"
    "Exit status 0 when every file is valid, 1 when one is not.\n";

static int
cmdcheck(int argc, char **argv)
{
	struct args a;
	int i, worst = EXIT_OK, r = parseargs(argc, argv, ACCEPT_COMPILE, &a);

	if (r < 0)
		return fputs(checkhelp, stdout), EXIT_OK;
	if (r)
		return r;
	if (a.nfiles < 1)
		return badusage("check", "expected at least one FILE");
	for (i = 0; i < a.nfiles; i++) {
		struct topo t = { 0 };

		r = compile(&t, a.files[i], &a.o);
		topofree(&t);
		if (r > worst && worst != EXIT_IO)
			worst = r;
	}
	return worst;
}

static const char planhelp[] =
    "usage: hvnetc plan FILE [--yaml] [--allow-overcommit] [--pci-dump FILE]\n"
    "Print the resolved allocation: a table with each link's load against its\n"
    "limit, or with --yaml the plan.yaml that 'build' writes.\n"
    "  --yaml              print plan.yaml instead of the table\n"
    "  --allow-overcommit  exhausted value spaces warn and wrap instead of failing\n"
    "  --pci-dump FILE     take vf_offset, vf_stride, TotalVFs from an 'lspci -xxxx' dump\n";

static int
cmdplan(int argc, char **argv)
{
	struct topo t = { 0 };
	struct outset set = { 0 };
	struct buf text = { 0 };
	struct args a;
	int r = parseargs(argc, argv, ACCEPT_COMPILE ACCEPT_YAML, &a);

	if (r < 0)
		return fputs(planhelp, stdout), EXIT_OK;
	if (r)
		return r;
	if (a.nfiles != 1)
		return badusage("plan", "expected exactly one FILE");
	r = compile(&t, a.files[0], &a.o);
	if (r == EXIT_OK && a.yaml)
		r = emit(&t, &set, "plan");
	if (r == EXIT_OK && a.yaml)
		r = putout(&set.v[0].data);
	else if (r == EXIT_OK) {
		plantable(&t, &text);
		r = putout(&text);
	}
	buffree(&text);
	outfree(&set);
	topofree(&t);
	return r;
}

static const char graphhelp[] =
    "usage: hvnetc graph FILE [-T dot|svg|png] [-o FILE] [--flows] [--allow-overcommit] [--pci-dump FILE]\n"
    "Draw the topology: VMs with their vCPUs and cores, links with their VLAN and\n"
    "VFs, the LoadGen; with --flows every flow's path in its colour and a legend.\n"
    "  -T FORMAT   dot (default: the Graphviz source, as in topology.dot), svg or png\n"
    "  -o FILE     write to FILE instead of standard output\n"
    "  --flows     draw the flows over the links\n";

static int
graphusage(const char *msg)
{
	fprintf(stderr, "hvnetc graph: %s\n%s", msg, graphhelp);
	return EXIT_USAGE;
}

static int
cmdgraph(int argc, char **argv)
{
	struct topo t = { 0 };
	struct args a;
	const char *format;
	int r = parseargs(argc, argv, ACCEPT_GRAPH, &a);

	if (r < 0)
		return fputs(graphhelp, stdout), EXIT_OK;
	if (r)
		return r;
	format = a.format ? a.format : "dot";
	if (strcmp(format, "dot") && strcmp(format, "svg") && strcmp(format, "png"))
		return graphusage("-T takes dot, svg or png");
	if (a.nfiles != 1)
		return graphusage("expected exactly one FILE");
	r = compile(&t, a.files[0], &a.o);
	if (r == EXIT_OK)
		r = graphwrite(&t, format, a.flows, a.out);
	topofree(&t);
	return r;
}

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

/* Output lost to a full disk or a closed pipe is an I/O error too (SPEC §1). */
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
	if (argv[1][0] == '-' && argv[1][1])
		return badusage("", "unknown option"), EXIT_USAGE;
	/* hvnetc FILE -o DIR */
	argv[0] = "build";
	return cmdbuild(argc, argv);
}

int
main(int argc, char **argv)
{
	return closeout(run(argc, argv));
}
