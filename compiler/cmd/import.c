/*
 * Command 'import': an HVNet dataset configuration (JSON)
 * translated into the topology language.  JSON is YAML flow syntax, so
 * the front end reads it into a YAML tree with locations (ydocread); the tree is checked
 * against the dataset's schema (errors located in the JSON), then written
 * by genwrite() on the paper's DuT.
 *
 * Units: link `rate` in Mbit/s (the per-VF transmit limit), flow `rate` in
 * kbit/s; both rounded to whole bit/s and written exactly.  Server N
 * becomes node vmN, flow fN gets UDP port 1001 + N (HVNet's convention).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "diag.h"
#include "front.h"
#include "gen.h"
#include "hvnetc.h"

/* The translation's state. */
struct imp {
	const char *file;
	struct gtopo g;
	struct namemap servers;		/* decimal id -> node index */
	struct namemap pairs;		/* "a-b" (a < b) -> link index */
	size_t nlinks, nflows;
};

/*
 * Take m's keys into out[] by the names in keys[] (out[i] NULL when
 * absent); unknown and duplicate keys are errors (the rest is still read).
 */
static void
fields(const struct ynode *m, const char *what, const char *const *keys, size_t nkeys,
    const struct ynode **out)
{
	const struct ynode *key;
	size_t k;

	for (k = 0; k < nkeys; k++)
		out[k] = NULL;
	for (key = m->child; key && key->next; key = key->next->next) {

		for (k = 0; k < nkeys && (key->kind != YSCALAR || strcmp(key->s, keys[k])); k++)
			;
		if (k == nkeys) {
			const char *hint = key->kind == YSCALAR ? closest(key->s, keys, nkeys) : NULL;

			if (hint)
				diag(E_UNKNOWNKEYHINT, &key->loc, key->s, what, hint);
			else
				diag(E_UNKNOWNKEY, &key->loc, key->kind == YSCALAR ? key->s : "?", what);
		} else if (out[k]) {
			diag(E_DUPKEY, &key->loc, key->s);
			diag(N_FIRSTHERE, &out[k]->loc);
		} else
			out[k] = key->next;
	}
}

/* Keys must be present; what names the object. */
static int
required(const struct ynode *m, const char *what, const char *const *keys,
    const struct ynode **vals, size_t nkeys)
{
	size_t k;
	int bad = 0;

	for (k = 0; k < nkeys; k++)
		if (!vals[k]) {
			diag(E_MISSING, &m->loc, keys[k], what);
			bad = 1;
		}
	return bad;
}

/* JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int
isnumber(const char *s, int integer)
{
	s += *s == '-';
	if (!isdigit((unsigned char)*s) || (s[0] == '0' && isdigit((unsigned char)s[1])))
		return 0;
	while (isdigit((unsigned char)*s))
		s++;
	if (integer)
		return !*s;
	if (*s == '.') {
		if (!isdigit((unsigned char)*++s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		s += *s == '+' || *s == '-';
		if (!isdigit((unsigned char)*s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
	}
	return !*s;
}

/* An integer in lo..hi, else an error naming key. */
static int
jint(const struct ynode *v, const char *key, long long lo, long long hi, long long *out)
{
	char want[96];

	if (v->kind == YSCALAR && v->plain && isnumber(v->s, 1)) {
		errno = 0;
		*out = strtoll(v->s, NULL, 10);
		if (!errno && *out >= lo && *out <= hi)
			return 0;
	}
	snprintf(want, sizeof(want), "an integer from %lld to %lld", lo, hi);
	diag(E_TYPE, &v->loc, key, want);
	return -1;
}

/* A positive rate in unit (bit/s per unit), rounded to whole bit/s. */
static int
jrate(const struct ynode *v, const char *key, double unit, uint64_t *bps)
{
	char want[96];
	double d;

	if (v->kind == YSCALAR && v->plain && isnumber(v->s, 0)) {
		d = strtod(v->s, NULL) * unit;
		if (isfinite(d) && d >= 0.5 && d <= 1e13) {
			*bps = (uint64_t)llround(d);
			return 0;
		}
	}
	snprintf(want, sizeof(want), "a positive number (%s)", unit == 1e6 ? "Mbit/s" : "kbit/s");
	diag(E_TYPE, &v->loc, key, want);
	return -1;
}

static const char *
jstr(const struct ynode *v, const char *key)
{
	if (v->kind == YSCALAR)
		return v->s;
	diag(E_TYPE, &v->loc, key, "a string");
	return NULL;
}

static int
jlist(const struct ynode *v, const char *key, enum ykind kind)
{
	if (v && v->kind == kind)
		return 0;
	if (v)
		diag(E_TYPE, &v->loc, key, kind == YSEQ ? "a list" : "an object");
	return -1;
}

/* The type field, when present, must be the one kind hvnetc supports. */
static void
jkind(const struct ynode *v, const char *what, const char *want)
{
	const char *s;

	if (v && (s = jstr(v, "type")) && strcmp(s, want))
		diag(E_IMPORTKIND, &v->loc, what, s, want);
}

/* A server reference: the node index, or -1 (reported). */
static long
jserver(struct imp *im, const struct ynode *v, const char *key, const char *what)
{
	long long id;
	char s[24];
	size_t i;

	if (jint(v, key, 0, 9999999999999ll, &id))
		return -1;
	snprintf(s, sizeof(s), "%lld", id);
	if (!mapget(&im->servers, s, &i)) {
		diag(E_IMPORTREF, &v->loc, what, s);
		return -1;
	}
	return (long)i;
}

static const char *const serverkeys[] = { "name", "cpu", "memory", "type" };

/* Memory in MiB (the dataset's 7100), rounded up to whole 1 GiB hugepages. */
static uint64_t
jmemory(const struct ynode *v)
{
	long long mib;

	if (jint(v, "memory", 1, 1ll << 30, &mib))
		return 0;
	return ((uint64_t)mib + 1023) / 1024 << 30;
}

static void
server(struct imp *im, const struct ynode *v)
{
	const struct ynode *f[LEN(serverkeys)];
	struct gnode *n = &im->g.nodes[im->g.nnodes];
	long long id, cpu = 0;
	char s[24];

	if (jlist(v, "server", YMAP))
		return;
	fields(v, "server", serverkeys, LEN(serverkeys), f);
	if (required(v, "server", serverkeys, f, 1) || jint(f[0], "name", 0, 9999999999999ll, &id))
		return;
	snprintf(s, sizeof(s), "%lld", id);
	if (mapget(&im->servers, s, NULL)) {
		diag(E_DUPNAME, &f[0]->loc, "server", s);
		return;
	}
	mapput(&im->servers, astrdup(s), im->g.nnodes++);
	n->id = (unsigned long)id;
	if (f[1] && !jint(f[1], "cpu", 1, 1024, &cpu))
		n->vcpus = (long)cpu;
	if (f[2])
		n->memory = jmemory(f[2]);
	jkind(f[3], "server", "host");
}

static const char *const linkkeys[] = { "start", "stop", "rate", "type", "capacity" };

static void
link(struct imp *im, const struct ynode *v)
{
	const struct ynode *f[LEN(linkkeys)];
	struct glink *l = &im->g.links[im->g.nlinks];
	long a, b;
	char key[48];

	if (jlist(v, "link", YMAP))
		return;
	fields(v, "link", linkkeys, LEN(linkkeys), f);
	if (required(v, "link", linkkeys, f, 3))
		return;
	jkind(f[3], "link", "wired");
	a = jserver(im, f[0], "start", "link");
	b = jserver(im, f[1], "stop", "link");
	if (a < 0 || b < 0 || jrate(f[2], "rate", 1e6, &l->maxrate))
		return;
	/* capacity (10000 / links, Mbit/s) is implied by rate; only its type is checked. */
	if (f[4] && (f[4]->kind != YSCALAR || !f[4]->plain || !isnumber(f[4]->s, 0)))
		diag(E_TYPE, &f[4]->loc, "capacity", "a number");
	l->end[0] = (size_t)a;
	l->end[1] = (size_t)b;
	snprintf(key, sizeof(key), "%ld-%ld", a < b ? a : b, a < b ? b : a);
	if (!mapget(&im->pairs, key, NULL))
		mapput(&im->pairs, astrdup(key), im->g.nlinks);
	im->g.nlinks++;
}

static int
linked(const struct imp *im, size_t a, size_t b)
{
	char key[48];

	snprintf(key, sizeof(key), "%zu-%zu", a < b ? a : b, a < b ? b : a);
	return mapget(&im->pairs, key, NULL);
}

/* hops: a list of servers from source to destination along links. */
static void
hops(struct imp *im, const struct ynode *v, struct gflow *fl)
{
	const struct ynode *h, *prev = NULL;
	size_t i = 0;
	long n;

	if (jlist(v, "hops", YSEQ))
		return;
	if (!v->n) {
		diag(E_IMPORTHOPS, &v->loc, fl->name, "list at least the source server");
		return;
	}
	fl->path = amalloc(v->n * sizeof(*fl->path));
	for (h = v->child; h; prev = h, h = h->next, i++) {
		if ((n = jserver(im, h, "hops", "flow")) < 0)
			return;
		fl->path[i] = (size_t)n;
		if (i && !linked(im, fl->path[i - 1], fl->path[i])) {
			diag(E_IMPORTNOLINK, &h->loc, fl->name, prev->s, h->s);
			return;
		}
	}
	if (fl->path[0] != fl->from)
		diag(E_IMPORTHOPS, &v->child->loc, fl->name, "start at the flow's source");
	else if (fl->path[v->n - 1] != fl->to)
		diag(E_IMPORTHOPS, &v->last->loc, fl->name,
		    "end at the flow's destination");
	else
		fl->npath = v->n;
}

/* A flow name as the language takes it: [a-z][a-z0-9-]{0,14}. */
static int
flowname(const struct ynode *v, const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || (i && (isdigit((unsigned char)s[i])
		    || s[i] == '-'))))
			break;
	if (n && n <= 15 && i == n)
		return 0;
	diag(E_NAME, &v->loc, "flow", s, "flow names match [a-z][a-z0-9-]{0,14}");
	return -1;
}

/* HVNet's convention: flow fN uses UDP port 1001 + N; others the default. */
static long
flowport(const char *name, size_t index)
{
	char *end;
	unsigned long n;

	if (name[0] == 'f' && isdigit((unsigned char)name[1])) {
		n = strtoul(name + 1, &end, 10);
		if (!*end && n <= 65535 - DEF_FLOWPORT)
			return DEF_FLOWPORT + (long)n;
	}
	return DEF_FLOWPORT + (long)index;
}

static const char *const flowkeys[] = {
	"name", "source", "destination", "rate", "hops", "burst", "prio",
};

static void
flow(struct imp *im, const struct ynode *v)
{
	const struct ynode *f[LEN(flowkeys)];
	struct gflow *fl = &im->g.flows[im->g.nflows];
	long long burst;
	long from, to;

	if (jlist(v, "flow", YMAP))
		return;
	fields(v, "flow", flowkeys, LEN(flowkeys), f);
	if (required(v, "flow", flowkeys, f, 4))
		return;
	if (!(fl->name = jstr(f[0], "name")) || flowname(f[0], fl->name))
		return;
	from = jserver(im, f[1], "source", "flow");
	to = jserver(im, f[2], "destination", "flow");
	if (jrate(f[3], "rate", 1e3, &fl->rate) || from < 0 || to < 0)
		return;
	/* burst (bytes) and prio (a class of 'priority') shape nothing hvnetc sends. */
	if (f[5])
		jint(f[5], "burst", 0, 1ll << 40, &burst);
	if (f[6])
		jstr(f[6], "prio");
	fl->from = (size_t)from;
	fl->to = (size_t)to;
	if (f[4])
		hops(im, f[4], fl);
	fl->port = flowport(fl->name, im->g.nflows);
	im->g.nflows++;
}

static const char *const topkeys[] = { "server", "link", "flow", "priority" };

/* Each element of list v through fn, into arrays sized for all of them. */
static void
each(struct imp *im, const struct ynode *v, const char *key,
    void (*fn)(struct imp *, const struct ynode *))
{
	const struct ynode *e;

	if (jlist(v, key, YSEQ))
		return;
	if (v->n > MAXITEMS) {
		char n[24];

		snprintf(n, sizeof(n), "%d", MAXITEMS);
		diag(E_TOOMANYITEMS, &v->loc, n, key);
		return;
	}
	for (e = v->child; e && diagerrors() <= DIAGCAP; e = e->next)
		fn(im, e);
}

/* The topology's name: the file's base name, as the language allows. */
static const char *
topname(const char *file)
{
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	size_t i, n = strcspn(base, ".");
	char *s;

	if (!strcmp(file, "-") || !n)
		return "imported";
	n = n > 31 ? 31 : n;
	s = amalloc(n + 2);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)tolower((unsigned char)base[i]);

		s[i] = islower(c) || isdigit(c) ? (char)c : '-';
	}
	if (!islower((unsigned char)s[0]))
		memmove(s + 1, s, n), s[0] = 'n';
	return s;
}

static void
translate(struct imp *im, const struct ynode *root)
{
	const struct ynode *f[LEN(topkeys)];
	size_t n;

	if (jlist(root, "the dataset file", YMAP))
		return;
	fields(root, "the dataset file", topkeys, LEN(topkeys), f);
	if (required(root, "the dataset file", topkeys, f, 3))
		return;
	n = f[0]->kind == YSEQ ? f[0]->n : 0;
	im->g.nodes = amalloc(n * sizeof(*im->g.nodes));
	each(im, f[0], "server", server);
	n = f[1]->kind == YSEQ ? f[1]->n : 0;
	im->g.links = amalloc(n * sizeof(*im->g.links));
	each(im, f[1], "link", link);
	n = f[2]->kind == YSEQ ? f[2]->n : 0;
	im->g.flows = amalloc(n * sizeof(*im->g.flows));
	each(im, f[2], "flow", flow);
	if (f[3])
		jlist(f[3], "priority", YMAP);
}

int
importmem(const char *name, const char *data, size_t len, struct buf *out)
{
	struct imp im = { .file = name };
	struct ydoc doc = { E_IMPORTEMPTY, E_IMPORTALIAS, E_IMPORTDOCS, NULL, NULL };
	struct ghost h;
	int r = EXIT_INVALID;

	if (!ydocread(&doc, name, data, len))
		translate(&im, doc.root);
	if (doc.root && !diagerrors()) {
		im.g.name = topname(name);
		im.g.vcpus = 2;
		im.g.memory = GENVMMEM;
		genhost(&im.g, &h);
		bufprintf(&im.g.comment, "Imported from the HVNet dataset file %s:\n"
		    "%zu servers, %zu links, %zu flows. A server's memory (MiB) is rounded up\n"
		    "to whole 1GiB hugepages; without one a VM gets %lluGiB (the dataset's 7100 MiB).\n",
		    strcmp(name, "-") ? (strrchr(name, '/') ? strrchr(name, '/') + 1 : name)
		    : "(standard input)", im.g.nnodes, im.g.nlinks, im.g.nflows,
		    GENVMMEM >> 30);
		r = genwrite(&im.g, &h, out) ? EXIT_IO : EXIT_OK;
		buffree(&im.g.comment);
	}
	ydocfree(&doc);
	mapfree(&im.servers);
	mapfree(&im.pairs);
	return r;
}

static const struct opt importopts[] = { { NULL, 0, 0 } };

static const struct cmdargs importargs = {
	"import",
	"usage: hvnetc import FILE.json\n",
	"Translate an HVNet dataset configuration (servers, links, flows) into the\n"
	"topology language, on standard output: server N becomes node vmN on the\n"
	"paper's DuT, each link keeps its transmit limit, each flow its path, rate\n"
	"and UDP port 1001 + N.  FILE may be '-' for standard input.\n",
	importopts,
};

static int
iset(void *ctx, int key, const char *v)
{
	(void)ctx, (void)key, (void)v;
	return 0;
}

int
cmdimport(int argc, char **argv)
{
	struct buf out = { 0 };
	char *in = NULL;
	size_t len = 0;
	char **files;
	int nfiles, r = argparse(&importargs, argc, argv, iset, NULL, &nfiles, &files);

	if (r)
		return r < 0 ? EXIT_OK : r;
	if (nfiles != 1)
		return argusage(&importargs, "expected exactly one FILE.json");
	r = readinput(files[0], &in, &len);
	if (r == EXIT_OK && len > MAXINPUT) {
		struct loc l = { files[0], 0, 0 };

		diag(E_TOOBIG, &l, "64 MiB");
		r = EXIT_INVALID;
	}
	if (r == EXIT_OK)
		r = importmem(files[0], in, len, &out);
	if (r == EXIT_OK)
		r = putout(&out);
	free(in);
	buffree(&out);
	afreeall();
	return r;
}
