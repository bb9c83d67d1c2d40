/*
 * The entries of `nodes`, `links` and `flows`, and the defaults: built-in
 * ones (defaults.h) before the file is read (topoinit), `defaults:` and
 * the rules that need the whole file after it (topofinish).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "defaults.h"
#include "diag.h"
#include "front.h"
#include "load.h"

/* "node 'vm1'" for messages, the name made printable only when needed. */
static void
describe(char *buf, size_t n, const char *kind, const char *name)
{
	snprintf(buf, n, "%s '%s'", kind, checkname(name, 32) ? shown(name) : name);
}

enum { N_VCPUS, N_MEMORY, N_IMAGE, N_KERNEL, N_INITRD, N_CMDLINE, N_KIND, NN };
static const char *const nodekeys[NN] = {
	"vcpus", "memory", "image", "kernel", "initrd", "cmdline", "kind",
};

static void
nodefields(struct lctx *c, struct node *n, const struct ynode **f)
{
	const char *s, *why;
	uint64_t m;

	if (f[N_VCPUS] && getint(c, f[N_VCPUS], "vcpus", 1, 4096, &n->vcpus))
		n->vcpusloc = f[N_VCPUS]->loc;
	if (f[N_MEMORY] && getmemory(c, f[N_MEMORY], &m))
		n->memory = m, n->memoryloc = f[N_MEMORY]->loc;
	if (f[N_IMAGE])
		n->image = getpath(c, f[N_IMAGE], "image");
	if (f[N_KERNEL])
		n->kernel = getpath(c, f[N_KERNEL], "kernel");
	if (f[N_INITRD])
		n->initrd = getpath(c, f[N_INITRD], "initrd");
	if (f[N_CMDLINE] && (s = getstr(c, f[N_CMDLINE], "cmdline"))) {
		n->cmdlineloc = f[N_CMDLINE]->loc;
		if ((why = parsecmdline(s, &n->cmdline)))
			diag(E_BADVALUE, &f[N_CMDLINE]->loc, "cmdline", shown(s), why);
	}
	if (f[N_KIND] && kindload(c, f[N_KIND], &n->kind))
		n->kindset = 1, n->kindloc = f[N_KIND]->loc;
}

void
nodeload(struct lctx *c, const struct ynode *k, const struct ynode *v)
{
	struct topo *t = c->t;
	const struct ynode *f[NN];
	struct node *n;

	if (k->kind != YSCALAR) {
		if (k->kind != YBAD)
			diag(E_TYPE, &k->loc, "node name", "a string");
		return;
	}
	t->nodes = xgrow(t->nodes, &c->capnodes, t->nnodes + 1, sizeof(*t->nodes));
	n = &t->nodes[t->nnodes];
	memset(n, 0, sizeof(*n));
	n->index = t->nnodes++;
	n->loc = k->loc;
	n->vcpus = -1;
	n->numanode = -1;
	n->host = &t->host;
	/* An invalid name is reported and kept, so links to it do not cascade. */
	if (!(n->name = getname(c, k, "node", 15)))
		n->name = astrdup(k->s);
	if (mapfields(c, v, n->name, "node", n->name, nodekeys, NN, f))
		nodefields(c, n, f);
}

/* Where byte off of scalar v lies, when v is on one line. */
static struct loc
inscalar(const struct ynode *v, size_t off)
{
	struct loc l = v->loc;
	size_t i;

	if (v->line2 != l.line - 1)
		return l;
	l.col += !v->plain;
	for (i = 0; i < off; i++)
		l.col += ((unsigned char)v->s[i] & 0xc0) != 0x80;
	return l;
}

/* The short form "a -- b". */
static void
shortlink(struct lctx *c, struct link *l, const struct ynode *v)
{
	size_t off[4], len[4], n = 0, i = 0;
	const char *s = v->s;

	(void)c;
	while (s[i] && n < 4) {
		while (s[i] == ' ')
			i++;
		if (!s[i])
			break;
		off[n] = i;
		while (s[i] && s[i] != ' ')
			i++;
		len[n] = i - off[n];
		n++;
	}
	if (n != 3 || len[1] != 2 || strncmp(s + off[1], "--", 2) != 0) {
		diag(E_SHORTLINK, &v->loc, shown(s));
		return;
	}
	for (i = 0; i < 2; i++) {
		l->endname[i] = astrndup(s + off[2 * i], len[2 * i]);
		l->endloc[i] = inscalar(v, off[2 * i]);
	}
}

enum { L_ENDS, L_VLAN, L_MAXRATE, L_MEDIUM, NL };
static const char *const linkkeys[NL] = { "ends", "vlan", "max_rate", "medium" };

static void
longlink(struct lctx *c, struct link *l, const struct ynode *v)
{
	const struct ynode *f[NL], *e;
	char what[96];
	long vlan;
	int i;

	if (!mapfields(c, v, "link", "a link", NULL, linkkeys, NL, f))
		return;
	if (!f[L_ENDS])
		diag(E_MISSING, &v->loc, "ends", "a link");
	else if (f[L_ENDS]->kind != YSEQ || f[L_ENDS]->n != 2 || f[L_ENDS]->child->kind != YSCALAR
	    || f[L_ENDS]->last->kind != YSCALAR || isnull(f[L_ENDS]->child)
	    || isnull(f[L_ENDS]->last)) {
		if (f[L_ENDS]->kind != YBAD)
			diag(E_ENDS, &f[L_ENDS]->loc);
	} else
		for (i = 0, e = f[L_ENDS]->child; e; e = e->next, i++) {
			l->endname[i] = astrdup(e->s);
			l->endloc[i] = e->loc;
		}
	if (f[L_VLAN] && getint(c, f[L_VLAN], "vlan", LONG_MIN, LONG_MAX, &vlan)) {
		l->vlanloc = f[L_VLAN]->loc;
		if (vlan < 1 || vlan > 4094)
			diag(E_VLANRANGE, &l->vlanloc, linkname(what, l), vlan);
		else
			l->vlan = (int)vlan, l->vlanset = 1;
	}
	if (f[L_MAXRATE] && maxrateload(c, f[L_MAXRATE], &l->ratemode, &l->rate))
		l->rateloc = f[L_MAXRATE]->loc;
	if (f[L_MEDIUM] && mediumload(c, f[L_MEDIUM], &l->medium))
		l->mediumset = 1, l->mediumloc = f[L_MEDIUM]->loc;
}

void
linkload(struct lctx *c, const struct ynode *v)
{
	struct topo *t = c->t;
	struct link *l;

	t->links = xgrow(t->links, &c->caplinks, t->nlinks + 1, sizeof(*t->links));
	l = &t->links[t->nlinks];
	memset(l, 0, sizeof(*l));
	l->index = t->nlinks++;
	l->loc = v->loc;
	l->ratemode = DEF_RATEMODE;
	if (v->kind == YSCALAR && !isnull(v))
		shortlink(c, l, v);
	else if (v->kind == YMAP)
		longlink(c, l, v);
	else if (v->kind != YBAD)
		diag(E_TYPE, &v->loc, "link", "'a -- b' or a mapping with 'ends'");
}

static void
pathload(struct lctx *c, struct flow *f, const struct ynode *v, const char *name)
{
	const struct ynode *i;
	size_t k;

	(void)c;
	if (v->kind == YBAD)
		return;
	if (v->kind != YSEQ) {
		diag(E_TYPE, &v->loc, "path", "a list of node names");
		return;
	}
	if (!v->n) {
		diag(E_EMPTYPATH, &v->loc, name);
		return;
	}
	for (i = v->child; i; i = i->next)
		if (i->kind != YSCALAR || isnull(i)) {
			if (i->kind != YBAD)
				diag(E_TYPE, &i->loc, "path", "a list of node names");
			return;
		}
	f->pathname = amalloc(v->n * sizeof(*f->pathname));
	f->pathloc = amalloc(v->n * sizeof(*f->pathloc));
	for (k = 0, i = v->child; i; i = i->next, k++) {
		f->pathname[k] = astrdup(i->s);
		f->pathloc[k] = i->loc;
	}
	f->npathname = v->n;
}

/* The name a flow gives, for messages about its other keys; or NULL. */
static const char *
flowname(const struct ynode *v)
{
	const struct ynode *k;

	for (k = v->child; k; k = k->next->next)
		if (k->kind == YSCALAR && strcmp(k->s, "name") == 0 && k->next->kind == YSCALAR)
			return k->next->s;
	return NULL;
}

enum { F_NAME, F_FROM, F_TO, F_PATH, F_RATE, F_SIZE, F_PORT, NF };
static const char *const flowkeys[NF] = {
	"name", "from", "to", "path", "rate", "size", "port",
};

/* from or to: a node name, resolved by check. */
static void
endload(struct lctx *c, const struct ynode *v, const char *key, const char *flow,
    const struct loc *l, char **name, struct loc *loc)
{
	char what[64];
	const char *s;

	if (!v) {
		describe(what, sizeof(what), "flow", flow);
		diag(E_MISSING, l, key, what);
	}
	else if ((s = getstr(c, v, key)))
		*name = astrdup(s), *loc = v->loc;
}

static void
flowfields(struct lctx *c, struct flow *fl, const struct ynode *v, const struct ynode **f)
{
	endload(c, f[F_FROM], "from", fl->name, &v->loc, &fl->fromname, &fl->fromloc);
	endload(c, f[F_TO], "to", fl->name, &v->loc, &fl->toname, &fl->toloc);
	if (f[F_PATH])
		pathload(c, fl, f[F_PATH], fl->name);
	if (f[F_RATE] && getrate(c, f[F_RATE], "rate", &fl->rate))
		fl->rateloc = f[F_RATE]->loc;
	if (f[F_SIZE] && getint(c, f[F_SIZE], "size", LONG_MIN, LONG_MAX, &fl->size))
		fl->sizeloc = f[F_SIZE]->loc;
	if (f[F_PORT] && getint(c, f[F_PORT], "port", LONG_MIN, LONG_MAX, &fl->dport))
		fl->dportset = 1, fl->dportloc = f[F_PORT]->loc;
}

/*
 * A flow.  One without `name` is called f<index> (HVNet's convention, the
 * one its UDP ports follow); should an explicit name be the same, check()
 * reports the duplicate.
 */
void
flowload(struct lctx *c, const struct ynode *v)
{
	struct topo *t = c->t;
	const struct ynode *f[NF];
	struct flow *fl;
	char name[24];

	t->flows = xgrow(t->flows, &c->capflows, t->nflows + 1, sizeof(*t->flows));
	fl = &t->flows[t->nflows];
	memset(fl, 0, sizeof(*fl));
	fl->index = t->nflows++;
	fl->loc = v->loc;
	fl->size = -1;
	fl->dport = -1;
	if (v->kind != YMAP) {
		if (v->kind != YBAD)
			diag(E_TYPE, &v->loc, "flow", "a mapping with 'from' and 'to'");
	} else if (mapfields(c, v, "flow", "flow", flowname(v), flowkeys, NF, f)) {
		if (f[F_NAME])
			fl->name = getname(c, f[F_NAME], "flow", 15);
		if (!fl->name) {
			snprintf(name, sizeof(name), "f%zu", fl->index);
			fl->name = astrdup(name);
		}
		flowfields(c, fl, v, f);
		return;
	}
	snprintf(name, sizeof(name), "f%zu", fl->index);
	fl->name = astrdup(name);
}

void
topoinit(struct topo *t)
{
	static const uint8_t lgmac[2][6] = { DEF_PEERMAC_INGRESS, DEF_PEERMAC_EGRESS };
	static const uint8_t mac[3] = DEF_MAC;
	struct host *h = &t->host;
	int i;

	h->name = astrdup(DEF_HOSTNAME);
	h->vendor = DEF_VENDOR;
	h->reserve = DEF_RESERVE;
	h->hugepage = DEF_HUGEPAGE;
	for (i = 0; i < NPORTS; i++) {
		h->port[i].vfoffset = h->port[i].vfstride = -1;
		h->port[i].maxvfs = DEF_MAXVFS;
		h->port[i].speed = DEF_PORTSPEED;
	}
	for (i = 0; i < 2; i++) {
		memcpy(h->port[PORT_INGRESS + i].peermac, lgmac[i], 6);
		h->port[PORT_INGRESS + i].haspeermac = 1;
	}
	t->pools.vlanlo = DEF_VLANLO;
	t->pools.vlanhi = DEF_VLANHI;
	t->pools.link4 = DEF_LINK4;
	t->pools.ingress4 = DEF_INGRESS4;
	t->pools.egress4 = DEF_EGRESS4;
	memcpy(t->pools.mac, mac, 3);
	t->meas.duration = DEF_DURATION;
	t->meas.repetitions = DEF_REPETITIONS;
	t->meas.seed = DEF_SEED;
	t->meas.ordertable = DEF_ORDERTABLE;
	t->meas.ordertablemax = DEF_ORDERTABLEMAX;
	t->meas.loadgen = astrdup(DEF_LOADGEN);
	t->meas.lgtx = DEF_LGTX;
	t->meas.lgrx = DEF_LGRX;
	t->meas.timestamper = astrdup(DEF_TIMESTAMPER);
	t->meas.tspre = DEF_TSPRE;
	t->meas.tspost = DEF_TSPOST;
}
