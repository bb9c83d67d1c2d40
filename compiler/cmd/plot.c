/*
 * The plots of a results directory, each a gnuplot script and its data
 * beside the drawings it makes (plots/NAME.gp, NAME.dat, NAME.svg,
 * NAME.png), so that `cd plots && gnuplot NAME.gp` redraws them after a
 * restyle: hdr, the flows' HDR percentile curves coloured by hop count
 * (the paper's Fig. 5); worst, each second's worst latency over time with
 * the worst packets (Fig. 4, 6); jitter, |IPDV| over all flows and by hop
 * count (Fig. 8).  gnuplot runs in a scratch directory; without it the
 * scripts and data are written and the drawings left out, with a warning.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "hvnetc.h"
#include "results.h"

struct plot {
	const char *name;
	struct buf gp, dat;
};

/* The drawing commands for both formats around the plot command. */
static void
terminals(struct buf *gp, const char *name, const char *plotcmd)
{
	bufprintf(gp, "do for [fmt in \"svg png\"] {\n"
	    "\tif (fmt eq \"svg\") { set terminal svg size 960,600 dynamic font \"sans,12\" } "
	    "else { set terminal pngcairo size 960,600 font \"sans,11\" }\n"
	    "\tset output \"%s.\".fmt\n%s}\n", name, plotcmd);
}

/* One block of the HDR curve of h: percentile, 1/(1-p), value in µs. */
static void
ladderblock(struct buf *dat, const struct hist *h)
{
	double *lv;
	size_t n = histladder(h->n, &lv), i;
	uint64_t *v = xmalloc(n * sizeof(*v));

	histquant(h, lv, n, v);
	for (i = 0; h->n && i < n && lv[i] < 1; i++)
		bufprintf(dat, "%.12f %.2f %.3f\n", lv[i] * 100, 1 / (1 - lv[i]), (double)v[i] / 1e3);
	bufputs(dat, h->n ? "\n\n" : "0 1 0\n\n\n");
	free(lv);
	free(v);
}

static const char hdraxes[] =
    "set logscale x\nset logscale y\nset grid\nset key top left\n"
    "set xtics (\"0%%%%\" 1, \"90%%%%\" 10, \"99%%%%\" 100, \"99.9%%%%\" 1000, \"99.99%%%%\" 10000, "
    "\"99.999%%%%\" 100000, \"99.9999%%%%\" 1000000)\n"
    "set xlabel \"percentile\"\nset ylabel \"%s [µs]\"\n";

static void
hdrplot(const struct run *r, struct plot *p)
{
	struct buf cmd = { 0 };
	size_t i;
	unsigned seen = 0;

	bufprintf(&p->gp, "# %s: every flow's latency percentiles, coloured by hop count.\n", r->plan->name);
	bufprintf(&p->gp, hdraxes, "latency");
	bufputs(&cmd, "\tplot \\\n");
	for (i = 0; i < r->plan->nflows; i++) {
		unsigned h = r->plan->flows[i].hops;

		ladderblock(&p->dat, &r->fs[i].lat);
		if (!r->fs[i].lat.n)
			continue;
		bufprintf(&cmd, "\t\t\"hdr.dat\" index %zu using 2:3 with lines lc %u ", i, h + 1);
		if (h < 32 && !(seen & 1u << h))
			bufprintf(&cmd, "title \"%u hop%s\"", h, h == 1 ? "" : "s");
		else
			bufputs(&cmd, "notitle");
		seen |= h < 32 ? 1u << h : 0;
		bufputs(&cmd, ", \\\n");
	}
	cmd.s[cmd.len -= 4] = 0;	/* the last ", \\\n" */
	bufputs(&cmd, "\n");
	terminals(&p->gp, "hdr", cmd.s);
	buffree(&cmd);
}

static void
worstplot(const struct run *r, struct plot *p)
{
	struct buf cmd = { 0 };
	size_t k, s, i;

	bufprintf(&p->gp, "# %s: each second's worst latency, per repetition, and the %d worst packets.\n"
	    "set logscale y\nset grid\nset key top right\nset xlabel \"time [s]\"\n"
	    "set ylabel \"latency [µs]\"\n", r->plan->name, WORSTN);
	bufputs(&cmd, "\tplot \\\n");
	for (k = 0; k < r->nreps && k < LEN(r->secs); k++) {
		for (s = 0; s < r->nsecs[k]; s++)
			if (r->secs[k][s].packets)
				bufprintf(&p->dat, "%zu %.3f\n", s, (double)r->secs[k][s].max / 1e3);
		bufputs(&p->dat, r->nsecs[k] ? "\n\n" : "0 0\n\n\n");
		bufprintf(&cmd, "\t\t\"worst.dat\" index %zu using 1:2 with steps title \"repetition %zu\", \\\n",
		    k, k + 1);
	}
	for (i = 0; i < r->nw; i++)
		bufprintf(&p->dat, "%.6f %.3f %u\n", (double)(r->w[i].pre - r->w[i].t0) / 1e9,
		    (double)r->w[i].lat / 1e3, r->w[i].rep);
	bufputs(&p->dat, r->nw ? "\n\n" : "0 0 0\n\n\n");
	bufprintf(&cmd, "\t\t\"worst.dat\" index %zu using 1:2 with points pt 7 ps 0.6 lc rgb \"black\" "
	    "title \"worst %d\"\n", k, WORSTN);
	terminals(&p->gp, "worst", cmd.s);
	buffree(&cmd);
}

static void
jitterplot(const struct run *r, struct plot *p)
{
	struct buf cmd = { 0 };
	struct hist all = { 0 };
	unsigned h, maxh = 0, block = 1;
	size_t i;

	for (i = 0; i < r->plan->nflows; i++) {
		histmerge(&all, &r->fs[i].jit);
		maxh = r->plan->flows[i].hops > maxh ? r->plan->flows[i].hops : maxh;
	}
	bufprintf(&p->gp, "# %s: jitter, |IPDV| of consecutive packets of a flow (RFC 5481).\n",
	    r->plan->name);
	bufprintf(&p->gp, hdraxes, "|IPDV|");
	ladderblock(&p->dat, &all);
	bufputs(&cmd, "\tplot \"jitter.dat\" index 0 using 2:3 with lines lw 2 lc rgb \"black\" title \"all flows\"");
	for (h = 0; h <= maxh; h++) {
		struct hist one = { 0 };

		for (i = 0; i < r->plan->nflows; i++)
			if (r->plan->flows[i].hops == h)
				histmerge(&one, &r->fs[i].jit);
		if (one.n) {
			ladderblock(&p->dat, &one);
			bufprintf(&cmd, ", \\\n\t\t\"jitter.dat\" index %u using 2:3 with lines lc %u title \"%u hop%s\"",
			    block++, h + 1, h, h == 1 ? "" : "s");
		}
		histfree(&one);
	}
	bufputs(&cmd, "\n");
	histfree(&all);
	terminals(&p->gp, "jitter", cmd.s);
	buffree(&cmd);
}

static int
putfile(const char *dir, const char *name, const char *ext, const struct buf *b)
{
	struct buf path = { 0 };
	int fd, r;

	bufprintf(&path, "%s/%s.%s", dir, name, ext);
	fd = open(path.s, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	r = fd < 0 || writeall(fd, b->s ? b->s : "", b->len) || close(fd) ? -1 : 0;
	buffree(&path);
	return r;
}

static int
getfile(const char *dir, const char *name, const char *ext, struct buf *b)
{
	struct buf path = { 0 };
	char chunk[65536];
	ssize_t n;
	int fd;

	bufprintf(&path, "%s/%s.%s", dir, name, ext);
	fd = open(path.s, O_RDONLY);
	buffree(&path);
	if (fd < 0)
		return -1;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		bufput(b, chunk, (size_t)n);
	close(fd);
	return n < 0 ? -1 : 0;
}

/* gnuplot NAME.gp in dir: 0, 127 when there is no gnuplot, else 1. */
static int
gnuplot(const char *dir, const char *name)
{
	char script[64];
	int status;
	pid_t pid;

	snprintf(script, sizeof(script), "%s.gp", name);
	if ((pid = fork()) < 0)
		return 1;
	if (pid == 0) {
		int fd;

		if (chdir(dir) == 0 && (fd = open("gnuplot.log", O_WRONLY | O_CREAT | O_APPEND, 0644)) >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			execlp("gnuplot", "gnuplot", script, (char *)NULL);
		}
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	return WIFEXITED(status) ? (WEXITSTATUS(status) == 127 ? 127 : WEXITSTATUS(status) != 0) : 1;
}

static void
rmscratch(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct buf p = { 0 };

	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.') {
			p.len = 0;
			bufprintf(&p, "%s/%s", dir, e->d_name);
			unlink(p.s);
		}
	if (d)
		closedir(d);
	rmdir(dir);
	buffree(&p);
}

/* Draw p in scratch and add its files to set; a drawing gnuplot fails
 * to make is left out with a warning, as when there is no gnuplot. */
static int
draw(struct plot *p, const char *scratch, struct outset *set, int *nognuplot)
{
	static const char *const fmts[] = { "svg", "png" };
	size_t i;
	int g = 1;

	bufput(outnew(set, 0, "plots/%s.gp", p->name), p->gp.s, p->gp.len);
	bufput(outnew(set, 0, "plots/%s.dat", p->name), p->dat.s, p->dat.len);
	if (*nognuplot)
		return 0;
	if (putfile(scratch, p->name, "gp", &p->gp) == 0 && putfile(scratch, p->name, "dat", &p->dat) == 0)
		g = gnuplot(scratch, p->name);
	if (g == 127) {
		reswarn("gnuplot is not installed: plots/*.gp and *.dat written, not drawn");
		*nognuplot = 1;
		return 0;
	}
	for (i = 0; g == 0 && i < LEN(fmts); i++)
		if (getfile(scratch, p->name, fmts[i], outnew(set, 0, "plots/%s.%s", p->name, fmts[i])))
			g = 1;
	if (g) {
		struct buf log = { 0 };

		getfile(scratch, "gnuplot", "log", &log);
		reswarn("gnuplot could not draw plots/%s.gp (left undrawn):\n%s", p->name, log.s ? log.s : "");
		buffree(&log);
	}
	return 0;
}

int
plotall(const struct run *r, struct outset *set)
{
	struct plot p[3] = { { "hdr", { 0 }, { 0 } }, { "worst", { 0 }, { 0 } }, { "jitter", { 0 }, { 0 } } };
	char scratch[] = "/tmp/hvnetc-plot.XXXXXX";
	int s = EXIT_OK, nognuplot = 0;
	size_t i;

	if (!mkdtemp(scratch)) {
		syserr("cannot make a scratch directory for gnuplot: %s", strerror(errno));
		return EXIT_IO;
	}
	hdrplot(r, &p[0]);
	worstplot(r, &p[1]);
	jitterplot(r, &p[2]);
	for (i = 0; i < LEN(p); i++) {
		if (s == EXIT_OK && draw(&p[i], scratch, set, &nognuplot))
			s = EXIT_IO;
		buffree(&p[i].gp);
		buffree(&p[i].dat);
	}
	rmscratch(scratch);
	return s;
}
