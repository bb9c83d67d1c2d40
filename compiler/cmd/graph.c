/*
 * 'hvnetc graph FILE [-T dot|svg|png] [-o FILE] [--flows]': the diagram,
 * rendered through libgvc.  -T dot (the default, as for dot(1)) writes the
 * graph itself, unlaid: without --flows the same bytes as topology.dot.
 * Output is built in memory and written once, so a failed run writes nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "hvnetc.h"
#include "dot.h"
#include "render.h"

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
graphwrite(const struct topo *t, const char *format, int flows, const char *out)
{
	struct buf b = { 0 };
	Agraph_t *g;
	int r;

	/* An image would garble a terminal: refuse it, as gzip does. */
	if ((!out || !strcmp(out, "-")) && strcmp(format, "dot") && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "hvnetc graph: refusing to write %s to a terminal; "
		    "give -o FILE or redirect standard output\n", format);
		return EXIT_USAGE;
	}
	g = dotgraph(t, flows);
	r = !strcmp(format, "dot") ? dotwrite(g, &b) : render(g, format, &b);

	agclose(g);
	if (r == EXIT_OK)
		r = writeout(out, &b);
	buffree(&b);
	return r;
}

enum { K_FLOWS = OPT_OWN };

struct gargs {
	struct options o;
	const char *out, *format;
	int flows;
};

static int
gset(void *ctx, int key, const char *v)
{
	struct gargs *a = ctx;

	if (compileopt(&a->o, key, v))
		return 0;
	switch (key) {
	case 'o': a->out = v; break;
	case 'T': a->format = v; break;
	case K_FLOWS: a->flows = 1; break;
	}
	return 0;
}

static const struct opt graphopts[] = {
	{ "T", 1, 'T' }, { "o", 1, 'o' }, { "flows", 0, K_FLOWS },
	{ "allow-overcommit", 0, OPT_OVERCOMMIT }, { "pci-dump", 1, OPT_PCIDUMP },
	{ "world", 1, OPT_WORLD }, { NULL, 0, 0 },
};

static const struct cmdargs graphargs = {
	"graph",
	"usage: hvnetc graph FILE [-T dot|svg|png] [-o FILE] [--flows] [--allow-overcommit] [--pci-dump FILE]\n"
	"                   [--world WORLD]\n",
	"Draw the topology: VMs with their vCPUs and cores, links with their VLAN and\n"
	"VFs, the LoadGen; with --flows every flow's path in its colour and a legend.\n"
	"  -T FORMAT   dot (default: the Graphviz source, as in topology.dot), svg or png\n"
	"  -o FILE     write to FILE instead of standard output\n"
	"  --flows     draw the flows over the links\n"
	"  --world WORLD  every node and link as in WORLD: hvnet, mininet, vm-veth, netns-sriov\n",
	graphopts,
};

/* Whether paths a and b name one existing file (the input, say). */
static int
samefile(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	    sa.st_ino == sb.st_ino;
}

int
cmdgraph(int argc, char **argv)
{
	struct topo t = { 0 };
	struct gargs a = { 0 };
	char **files;
	int nfiles, r = argparse(&graphargs, argc, argv, gset, &a, &nfiles, &files);

	if (r)
		return r < 0 ? EXIT_OK : r;
	if (!a.format)
		a.format = "dot";
	if (strcmp(a.format, "dot") && strcmp(a.format, "svg") && strcmp(a.format, "png"))
		return argusage(&graphargs, "-T takes dot, svg or png, not '%s'", a.format);
	if (nfiles != 1)
		return argusage(&graphargs, "expected exactly one FILE");
	if ((r = checkworld(&graphargs, a.o.worldname, &a.o.world)))
		return r;
	if (a.out && strcmp(a.out, "-") && strcmp(files[0], "-") && samefile(a.out, files[0]))
		return argusage(&graphargs, "-o '%s' is the topology file itself", a.out);
	r = compile(&t, files[0], &a.o);
	if (r == EXIT_OK)
		r = graphwrite(&t, a.format, a.flows, a.out);
	topofree(&t);
	return r;
}
