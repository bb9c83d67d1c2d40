/*
 * The front end: libyaml events -> model, with locations (hvnet.yaml(5)).
 *
 * The event stream is read once.  `nodes`, `links` and `flows` are streamed
 * entry by entry: each entry becomes a small tree in a scratch allocator,
 * is turned into a model element (entry.c) and the scratch is reset, so
 * memory stays proportional to the model, not to the YAML.  The other
 * sections are small and are read as one tree each (section.c).  Since
 * `defaults:` may follow `nodes:`, entries keep "not given" markers and
 * topofinish() applies defaults once at the end.  ydocread() reads a whole
 * document into one tree with the same reader, for inputs that are small
 * and read at once (the dataset files of `import`).
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "front.h"
#include "load.h"

/* Scratch for the tree of the entry being read, emptied after each entry. */
static void *
salloc(struct lctx *c, size_t n)
{
	return arenaalloc(&c->scratch, n, sizeof(max_align_t));
}

static struct loc
mkloc(struct lctx *c, yaml_mark_t m)
{
	return (struct loc){ c->file, (int)m.line + 1, (int)m.column + 1 };
}

struct loc
byteloc(const char *file, const char *data, size_t len, size_t off)
{
	struct loc l = { file, 1, 1 };
	size_t i;

	for (i = 0; i < off && i < len; i++) {
		if (data[i] == '\n')
			l.line++, l.col = 1;
		else if (((unsigned char)data[i] & 0xc0) != 0x80)
			l.col++;
	}
	return l;
}

static struct loc
offloc(struct lctx *c, size_t off)
{
	return byteloc(c->file, c->data, c->len, off);
}

/* The byte offset of a libyaml mark (its index counts characters). */
static size_t
markoff(struct lctx *c, yaml_mark_t m)
{
	size_t i = 0, line = 0, col = 0;

	while (i < c->len && line < m.line)
		if (c->data[i++] == '\n')
			line++;
	while (i + 1 < c->len && col < m.column)
		if (((unsigned char)c->data[++i] & 0xc0) != 0x80)
			col++;
	return i;
}

static void
yamlerror(struct lctx *c)
{
	yaml_parser_t *p = &c->parser;
	struct loc l;

	if (p->error == YAML_READER_ERROR) {
		size_t off = p->problem_offset, k = 0;

		/* libyaml points at a bad continuation byte: show the sequence's start. */
		if (p->problem && strstr(p->problem, "trailing")) {
			while (off > 0 && k++ < 3 && ((unsigned char)c->data[off - 1] & 0xc0) == 0x80)
				off--;
			if (off > 0 && (unsigned char)c->data[off - 1] >= 0xc0)
				off--;
		}
		l = offloc(c, off);
		diag(E_ENCODING, &l, p->problem ? p->problem : "unreadable");
		return;
	}
	if (p->error == YAML_MEMORY_ERROR) {
		diag(E_YAML, &c->rootloc, "out of memory");
		return;
	}
	l = mkloc(c, p->problem_mark);
	if (markoff(c, p->problem_mark) < c->len && c->data[markoff(c, p->problem_mark)] == '\t') {
		diag(E_TAB, &l);
		return;
	}
	diag(E_YAML, &l, p->problem ? p->problem : "syntax error");
	if (p->context) {
		l = mkloc(c, p->context_mark);
		diag(N_YAMLCONTEXT, &l, p->context);
	}
}

/* The next event; 0 when libyaml gave up (reported once). */
static int
next(struct lctx *c, yaml_event_t *ev)
{
	const yaml_char_t *anchor = NULL;
	struct loc l;

	if (c->failed)
		return 0;
	if (!yaml_parser_parse(&c->parser, ev)) {
		yamlerror(c);
		c->failed = 1;
		return 0;
	}
	if (ev->type == YAML_SCALAR_EVENT)
		anchor = ev->data.scalar.anchor;
	else if (ev->type == YAML_SEQUENCE_START_EVENT)
		anchor = ev->data.sequence_start.anchor;
	else if (ev->type == YAML_MAPPING_START_EVENT)
		anchor = ev->data.mapping_start.anchor;
	if (anchor || ev->type == YAML_ALIAS_EVENT) {
		l = mkloc(c, ev->start_mark);
		diag(c->alias, &l);
	}
	return 1;
}

static int
isstart(const yaml_event_t *ev)
{
	return ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT;
}

static int
isend(const yaml_event_t *ev)
{
	return ev->type == YAML_SEQUENCE_END_EVENT || ev->type == YAML_MAPPING_END_EVENT;
}

/* Skip the rest of a collection whose start event was read; 0 on failure. */
static int
skiprest(struct lctx *c)
{
	yaml_event_t ev;
	size_t level = 1;

	while (level) {
		if (!next(c, &ev))
			return 0;
		level += isstart(&ev);
		level -= isend(&ev);
		yaml_event_delete(&ev);
	}
	return 1;
}

static struct ynode *
mknode(struct lctx *c, enum ykind k, const yaml_event_t *ev)
{
	struct ynode *y = salloc(c, sizeof(*y));

	memset(y, 0, sizeof(*y));
	y->kind = k;
	y->loc = mkloc(c, ev->start_mark);
	return y;
}

static struct ynode *
mkscalar(struct lctx *c, const yaml_event_t *ev)
{
	struct ynode *y = mknode(c, YSCALAR, ev);
	size_t n = ev->data.scalar.length;

	y->s = salloc(c, n + 1);
	memcpy(y->s, ev->data.scalar.value, n);
	y->s[n] = 0;
	y->len = n;
	y->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	y->line2 = (int)ev->end_mark.line;
	if (memchr(y->s, 0, n)) {
		diag(E_NUL, &y->loc, shown(y->s));
		y->kind = YBAD;
	}
	return y;
}

/*
 * The node whose first event is ev (consumed), nested in a collection at
 * depth; NULL when libyaml gave up or the nesting is deeper than MAXDEPTH
 * (reported; reading stops there).
 */
static struct ynode *
readnode(struct lctx *c, yaml_event_t *ev, int depth)
{
	struct ynode *y, *ch;
	yaml_event_t e;

	if (ev->type == YAML_SCALAR_EVENT) {
		y = mkscalar(c, ev);
		yaml_event_delete(ev);
		return y;
	}
	y = mknode(c, YBAD, ev);
	if (!isstart(ev)) {
		yaml_event_delete(ev);
		return y;
	}
	if (depth + 1 > MAXDEPTH) {
		/*
		 * Stop reading here: libyaml's scanner checks every open flow
		 * level at every token, so skipping a million '[' would take
		 * hours (quadratic in the depth).
		 */
		diag(E_DEPTH, &y->loc, MAXDEPTH);
		yaml_event_delete(ev);
		c->failed = 1;
		return NULL;
	}
	y->kind = ev->type == YAML_MAPPING_START_EVENT ? YMAP : YSEQ;
	yaml_event_delete(ev);
	for (;;) {
		if (!next(c, &e))
			return NULL;
		if (isend(&e))
			break;
		if (!(ch = readnode(c, &e, depth + 1)))
			return NULL;
		if (y->last)
			y->last->next = ch;
		else
			y->child = ch;
		y->last = ch;
		y->n++;
	}
	yaml_event_delete(&e);
	return y;
}

static struct ynode *
readvalue(struct lctx *c, int depth)
{
	yaml_event_t ev;

	if (!next(c, &ev))
		return NULL;
	return readnode(c, &ev, depth);
}

/* Skip one node; 0 when libyaml gave up. */
static int
skipvalue(struct lctx *c)
{
	yaml_event_t ev;
	int start;

	if (!next(c, &ev))
		return 0;
	start = isstart(&ev);
	yaml_event_delete(&ev);
	return start ? skiprest(c) : 1;
}

/* hvnet: 1 */
static void
versionload(struct lctx *c, const struct ynode *v)
{
	c->hashvnet = 1;
	if (v->kind == YSCALAR && strcmp(v->s, "1") == 0)
		return;
	if (v->kind == YSCALAR)
		diag(E_VERSION, &v->loc, shown(v->s));
	else if (v->kind != YBAD)
		diag(E_TYPE, &v->loc, "hvnet", "the format version 1");
}

static void
nameload(struct lctx *c, const struct ynode *v)
{
	c->hasname = 1;
	c->t->nameloc = v->loc;
	c->t->name = getname(c, v, "topology", 32);
}

/*
 * Stream `nodes:` (a mapping) or `links:`/`flows:` (lists) entry by entry;
 * key is a constant (the scratch holding the file's key is reused).
 */
static void
streamentries(struct lctx *c, const char *key)
{
	int map = key[0] == 'n', toomany = 0;
	size_t *count = map ? &c->t->nnodes : key[0] == 'l' ? &c->t->nlinks : &c->t->nflows;
	struct ynode *k = NULL, *v;
	yaml_event_t ev;

	if (!next(c, &ev))
		return;
	if (ev.type != (map ? YAML_MAPPING_START_EVENT : YAML_SEQUENCE_START_EVENT)) {
		if (!(v = readnode(c, &ev, 1)))
			return;
		if (!isnull(v) && v->kind != YBAD)
			diag(E_TYPE, &v->loc, key, map ? "a mapping of node names to their settings"
			    : "a list");
		if (!isnull(v))
			c->hasnodes += map;	/* 2: reported */
		arenareset(&c->scratch);
		return;
	}
	yaml_event_delete(&ev);
	for (;;) {
		if (!next(c, &ev))
			return;
		if (isend(&ev))
			break;
		if (!(k = readnode(c, &ev, 2)) || (map && !(v = readvalue(c, 2))))
			return;
		if (!map)
			v = k;
		if (*count >= MAXITEMS) {
			if (!toomany++)
				diag(E_TOOMANYITEMS, &k->loc, "1000000", key);
		} else if (map)
			nodeload(c, k, v);
		else if (key[0] == 'l')
			linkload(c, v);
		else
			flowload(c, v);
		arenareset(&c->scratch);
	}
	yaml_event_delete(&ev);
}

enum { T_HVNET, T_NAME, T_HOST, T_DEFAULTS, T_POOLS, T_NODES, T_LINKS, T_FLOWS, T_MEAS, NT };
static const char *const topkeys[NT] = {
	"hvnet", "name", "host", "defaults", "pools", "nodes", "links", "flows", "measurement",
};

/* One top-level key and its value; 0 when libyaml gave up. */
static int
topentry(struct lctx *c, const char *key, struct loc kl, struct loc *seen)
{
	struct ynode *v;
	size_t i;

	for (i = 0; i < NT && strcmp(key, topkeys[i]) != 0; i++)
		;
	if (i == NT || seen[i].line) {
		if (i == NT)
			unknownkey(key, &kl, "the topology", NULL, topkeys, NT);
		else {
			diag(E_DUPKEY, &kl, key);
			diag(N_FIRSTHERE, &seen[i]);
		}
		return skipvalue(c);
	}
	seen[i] = kl;
	if (i == T_NODES || i == T_LINKS || i == T_FLOWS) {
		*(i == T_NODES ? &c->t->nodesloc : i == T_LINKS ? &c->t->linksloc
		    : &c->t->flowsloc) = kl;
		c->hasnodes |= i == T_NODES;
		streamentries(c, topkeys[i]);
		return !c->failed;
	}
	if (!(v = readvalue(c, 1)))
		return 0;
	switch (i) {
	case T_HVNET: versionload(c, v); break;
	case T_NAME: nameload(c, v); break;
	case T_HOST: hostload(c, v); break;
	case T_DEFAULTS: defaultsload(c, v); break;
	case T_POOLS: poolsload(c, v); break;
	case T_MEAS: measload(c, v); break;
	}
	arenareset(&c->scratch);
	return 1;
}

/* The top-level mapping, its start event read. */
static void
toplevel(struct lctx *c)
{
	struct loc seen[NT] = { { 0 } };
	struct ynode *k;
	yaml_event_t ev;

	for (;;) {
		if (!next(c, &ev))
			return;
		if (ev.type == YAML_MAPPING_END_EVENT)
			break;
		if (!(k = readnode(c, &ev, 1)))
			return;
		if (k->kind != YSCALAR) {
			if (k->kind != YBAD)
				diag(E_KEYTYPE, &k->loc);
			if (!skipvalue(c))
				return;
		} else if (!topentry(c, k->s, k->loc, seen))
			return;
		arenareset(&c->scratch);
	}
	yaml_event_delete(&ev);
}

/*
 * The stream's start and its document's; 0 when libyaml gave up or the
 * stream is empty (reported as empty).
 */
static int
docstart(struct lctx *c, enum msg empty)
{
	yaml_event_t ev;

	if (!next(c, &ev))
		return 0;
	yaml_event_delete(&ev);
	if (!next(c, &ev))
		return 0;
	if (ev.type == YAML_STREAM_END_EVENT) {
		struct loc first = { c->file, 1, 1 };

		yaml_event_delete(&ev);
		diag(empty, &first);
		c->failed = 1;
		return 0;
	}
	yaml_event_delete(&ev);
	return 1;
}

/* The document's end; a second document is reported as multidoc. */
static void
docend(struct lctx *c, enum msg multidoc)
{
	yaml_event_t ev;

	if (!next(c, &ev))
		return;
	yaml_event_delete(&ev);
	if (!next(c, &ev))
		return;
	if (ev.type == YAML_DOCUMENT_START_EVENT) {
		struct loc l = mkloc(c, ev.start_mark);

		diag(multidoc, &l);
	}
	yaml_event_delete(&ev);
}

/* The stream: one document holding one mapping. */
static void
loadstream(struct lctx *c)
{
	struct loc first = { c->file, 1, 1 };
	struct ynode *v;
	yaml_event_t ev;

	c->rootloc = first;
	if (!docstart(c, E_EMPTY) || !next(c, &ev))
		return;
	if (ev.type != YAML_MAPPING_START_EVENT) {
		if (!(v = readnode(c, &ev, 0)))
			return;
		if (isnull(v))
			diag(E_EMPTY, &first);
		else if (v->kind != YBAD)
			diag(E_TYPE, &v->loc, "topology", "a mapping with 'hvnet: 1', 'name', 'host' and 'nodes'");
		c->failed = 1;
		return;
	}
	c->rootloc = mkloc(c, ev.start_mark);
	yaml_event_delete(&ev);
	toplevel(c);
	docend(c, E_MULTIDOC);
}

/*
 * Where flow collections ([ and {) nest deeper than MAXDEPTH, or len.
 * libyaml's scanner checks every open flow level at every token, so a deep
 * flow nesting costs it quadratic time: it must never see one.  Quotes and
 * comments are skipped; block nesting costs libyaml nothing (readnode
 * bounds it).
 */
static size_t
flowdepth(const char *d, size_t len)
{
	size_t i, depth = 0;
	char q = 0;

	for (i = 0; i < len; i++) {
		char ch = d[i], prev = i ? d[i - 1] : '\n';

		if (q == '\'' && ch == '\'')
			q = i + 1 < len && d[i + 1] == '\'' ? (i++, q) : 0;
		else if (q == '"' && ch == '\\')
			i++;
		else if (q == '"' && ch == '"')
			q = 0;
		else if (q)
			continue;
		else if (ch == '#' && strchr(" \t\r\n", prev))
			while (i + 1 < len && d[i + 1] != '\n')
				i++;
		else if ((ch == '\'' || ch == '"') && strchr(" \t\r\n[{,:", prev))
			q = ch;
		else if ((ch == '[' || ch == '{') && ++depth > MAXDEPTH)
			return i;
		else if ((ch == ']' || ch == '}') && depth)
			depth--;
	}
	return len;
}

/*
 * libyaml on c's input, unless its flow collections nest too deep for it
 * (reported); EXIT_OK, EXIT_INVALID or EXIT_IO.
 */
static int
openparser(struct lctx *c)
{
	size_t deep = flowdepth(c->data, c->len);

	if (deep < c->len) {
		struct loc l = offloc(c, deep);

		diag(E_DEPTH, &l, MAXDEPTH);
		return EXIT_INVALID;
	}
	if (!yaml_parser_initialize(&c->parser)) {
		syserr("cannot initialise the YAML parser");
		return EXIT_IO;
	}
	yaml_parser_set_input_string(&c->parser, (const unsigned char *)c->data, c->len);
	yaml_parser_set_encoding(&c->parser, YAML_UTF8_ENCODING);
	return EXIT_OK;
}

int
loadmem(struct topo *t, const char *name, const char *data, size_t len)
{
	struct lctx c;
	size_t before = diagerrors();
	int status;

	memset(&c, 0, sizeof(c));
	c.t = t;
	c.file = t->file = astrdup(name);
	c.data = data;
	c.len = len;
	c.alias = E_ALIAS;
	topoinit(t);
	c.d.vcpus = c.d.size = -1;
	if (len > MAXINPUT) {
		struct loc l = { t->file, 1, 1 };

		diag(E_TOOBIG, &l, "64 MiB");
		return EXIT_INVALID;
	}
	if ((status = openparser(&c)) != EXIT_OK)
		return status;
	loadstream(&c);
	yaml_parser_delete(&c.parser);
	arenafree(&c.scratch);
	if (!c.failed)
		topofinish(&c);
	t->complete = !c.failed;
	return diagerrors() > before ? EXIT_INVALID : EXIT_OK;
}

int
ydocread(struct ydoc *d, const char *file, const char *data, size_t len)
{
	struct lctx *c = xmalloc(sizeof(*c));
	size_t before = diagerrors();

	memset(c, 0, sizeof(*c));
	c->file = file;
	c->data = data;
	c->len = len;
	c->alias = d->alias;
	c->rootloc = (struct loc){ file, 1, 1 };
	d->c = c;
	d->root = NULL;
	if (openparser(c) != EXIT_OK)
		return -1;
	if (docstart(c, d->empty) && (d->root = readvalue(c, 0)))
		docend(c, d->multidoc);
	yaml_parser_delete(&c->parser);
	if (diagerrors() > before)
		d->root = NULL;
	return d->root ? 0 : -1;
}

void
ydocfree(struct ydoc *d)
{
	if (d->c) {
		arenafree(&d->c->scratch);
		free(d->c);
	}
	d->c = NULL;
	d->root = NULL;
}

int
load(struct topo *t, const char *file)
{
	size_t len;
	char *data;
	int status = readinput(file, &data, &len);

	if (status != EXIT_OK)
		return status;
	status = loadmem(t, file, data, len);
	free(data);
	return status;
}
