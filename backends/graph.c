/*
 * 'hvnetc graph FILE [-T dot|svg|png] [-o FILE] [--flows]': the diagram,
 * rendered through libgvc.  -T dot (the default, as for dot(1)) writes the
 * graph itself, unlaid: without --flows the same bytes as topology.dot.
 * Output is built in memory and written once, so a failed run writes nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backends.h"
#include "diag.h"
#include "dot.h"
#include "render.h"

static const char graphhelp[] =
    "usage: hvnetc graph FILE [-T dot|svg|png] [-o FILE] [--flows] [--allow-overcommit] [--pci-dump FILE]\n"
    "Draw the topology: VMs with their vCPUs and cores, links with their VLAN and\n"
    "VFs, the LoadGen; with --flows every flow's path in its colour and a legend.\n"
    "  -T FORMAT   dot (default: the Graphviz source, as in topology.dot), svg or png\n"
    "  -o FILE     write to FILE instead of standard output\n"
    "  --flows     draw the flows over the links\n";

enum { OPT_FLOWS = 256, OPT_OVERCOMMIT, OPT_PCIDUMP, OPT_HELP };

static const struct option graphopts[] = {
	{ "flows", no_argument, NULL, OPT_FLOWS },
	{ "allow-overcommit", no_argument, NULL, OPT_OVERCOMMIT },
	{ "pci-dump", required_argument, NULL, OPT_PCIDUMP },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* What the command line says. */
struct graphargs {
	const char *format, *out, *file;
	int flows, help;
	struct options o;
};

static int
usage(const char *msg)
{
	fprintf(stderr, "hvnetc graph: %s\n%s", msg, graphhelp);
	return EXIT_USAGE;
}

static int
parse(int argc, char **argv, struct graphargs *a)
{
	int c;

	memset(a, 0, sizeof(*a));
	a->format = "dot";
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "T:o:", graphopts, NULL)) != -1) {
		switch (c) {
		case 'T': a->format = optarg; break;
		case 'o': a->out = optarg; break;
		case OPT_FLOWS: a->flows = 1; break;
		case OPT_OVERCOMMIT: a->o.overcommit = 1; break;
		case OPT_PCIDUMP: a->o.pcidump = optarg; break;
		case OPT_HELP: a->help = 1; return EXIT_OK;
		default:
			fprintf(stderr, "hvnetc graph: unknown option or missing argument: '%s'\n",
			    argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (strcmp(a->format, "dot") && strcmp(a->format, "svg") && strcmp(a->format, "png"))
		return usage("-T takes dot, svg or png");
	if (argc - optind != 1)
		return usage("expected exactly one FILE");
	a->file = argv[optind];
	return EXIT_OK;
}

/*
 * Lay g out with the engine it names and render it as format into b.  The
 * graph is laid out as read back from its DOT text: the layout depends on
 * the order of nodes and edges, and so `dot -Tsvg topology.dot` draws the
 * same picture as `hvnetc graph -T svg`.
 */
static int
render(Agraph_t *g, const char *format, struct buf *b)
{
	struct buf text = { 0 };
	Agraph_t *h;
	char *engine, *data;
	size_t len;
	int r;

	if ((r = dotwrite(g, &text)) != EXIT_OK)
		return r;
	h = agmemread(text.s);
	buffree(&text);
	if (!h) {
		syserr("Graphviz cannot read back the graph");
		return EXIT_IO;
	}
	engine = agget(h, "layout");
	if (!engine || !*engine)
		engine = "neato";
	switch (gvrender(h, engine, format, &data, &len)) {
	case RENDER_OK:
		bufput(b, data, len);
		free(data);
		break;
	case RENDER_LAYOUT:
		syserr("Graphviz cannot lay out the graph with '%s'", engine);
		r = EXIT_IO;
		break;
	case RENDER_FORMAT:
		syserr("Graphviz cannot render '%s' (is its plugin installed?)", format);
		r = EXIT_IO;
		break;
	default:
		syserr("cannot start Graphviz (libgvc)");
		r = EXIT_IO;
	}
	agclose(h);
	return r;
}

/* Write into path as it is: a device, a pipe or a link (/dev/stdout) stays one. */
static int
writethrough(const char *path, const struct buf *b)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC), r = EXIT_OK;

	if (fd < 0) {
		syserr("cannot open '%s': %s", path, strerror(errno));
		return EXIT_IO;
	}
	if (writeall(fd, b->s, b->len) < 0) {
		syserr("cannot write '%s': %s", path, strerror(errno));
		r = EXIT_IO;
	}
	if (close(fd) < 0 && r == EXIT_OK) {
		syserr("cannot write '%s': %s", path, strerror(errno));
		r = EXIT_IO;
	}
	return r;
}

/* Replace path by b's bytes: a temporary beside it, then rename. */
static int
writefile(const char *path, const struct buf *b)
{
	struct buf tmp = { 0 };
	struct stat st;
	mode_t mask;
	int fd, r = EXIT_OK;

	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return writethrough(path, b);	/* renaming would replace it */
	mask = umask(0);
	umask(mask);
	bufprintf(&tmp, "%s.tmpXXXXXX", path);
	if ((fd = mkstemp(tmp.s)) < 0) {
		syserr("cannot create '%s': %s", path, strerror(errno));
		buffree(&tmp);
		return EXIT_IO;
	}
	if (fchmod(fd, 0666 & ~mask) < 0 || writeall(fd, b->s, b->len) < 0 || fsync(fd) < 0) {
		syserr("cannot write '%s': %s", path, strerror(errno));
		r = EXIT_IO;
	}
	if (close(fd) < 0 && r == EXIT_OK) {
		syserr("cannot write '%s': %s", path, strerror(errno));
		r = EXIT_IO;
	}
	if (r == EXIT_OK && rename(tmp.s, path) < 0) {
		syserr("cannot rename '%s' to '%s': %s", tmp.s, path, strerror(errno));
		r = EXIT_IO;
	}
	if (r != EXIT_OK)
		unlink(tmp.s);
	buffree(&tmp);
	return r;
}

static int
writeout(const char *path, const struct buf *b)
{
	if (path && strcmp(path, "-"))
		return writefile(path, b);
	return putout(b);
}

int
cmdgraph(int argc, char **argv)
{
	struct topo t = { 0 };
	struct buf b = { 0 };
	struct graphargs a;
	Agraph_t *g;
	int r = parse(argc, argv, &a);

	if (r != EXIT_OK || a.help)
		return a.help ? (fputs(graphhelp, stdout), EXIT_OK) : r;
	if ((r = compile(&t, a.file, &a.o)) == EXIT_OK) {
		g = dotgraph(&t, a.flows);
		r = !strcmp(a.format, "dot") ? dotwrite(g, &b) : render(g, a.format, &b);
		agclose(g);
	}
	if (r == EXIT_OK)
		r = writeout(a.out, &b);
	buffree(&b);
	topofree(&t);
	return r;
}
