/* The small sections of a topology: host, defaults, pools, measurement. */
#include <string.h>

#include "defaults.h"
#include "diag.h"
#include "front.h"
#include "load.h"

int
getsize(struct lctx *c, const struct ynode *v, const char *key, uint64_t *out)
{
	return getvalue(c, v, key, "a size such as 8GiB", parsesize, out);
}

int
getmemory(struct lctx *c, const struct ynode *v, uint64_t *out)
{
	if (!getsize(c, v, "memory", out))
		return 0;
	if (!*out)
		diag(E_NOTPOSITIVE, &v->loc, "memory");
	return *out != 0;
}

char *
getpath(struct lctx *c, const struct ynode *v, const char *key)
{
	const char *s = getstr(c, v, key), *why;

	if (!s)
		return NULL;
	if ((why = checkpath(s))) {
		diag(E_BADVALUE, &v->loc, key, shown(s), why);
		return NULL;
	}
	return astrdup(s);
}

int
getrate(struct lctx *c, const struct ynode *v, const char *key, uint64_t *out)
{
	uint64_t r;

	if (!getvalue(c, v, key, "a rate such as 10Gbit/s", parserate, &r))
		return 0;
	if (!r) {
		diag(E_NOTPOSITIVE, &v->loc, key);
		return 0;
	}
	*out = r;
	return 1;
}

static int
getmac(struct lctx *c, const struct ynode *v, const char *key, uint8_t *mac, int n)
{
	const char *s = getstr(c, v, key), *why;

	if (!s)
		return 0;
	if ((why = parsemac(s, mac, n))) {
		diag(E_BADVALUE, &v->loc, key, shown(s), why);
		return 0;
	}
	return 1;
}

enum { P_PF, P_OFFSET, P_STRIDE, P_MAXVFS, P_SPEED, P_PEERMAC, NP };
static const char *const portkeys[NP] = {
	"pf", "vf_offset", "vf_stride", "max_vfs", "speed", "peer_mac",
};

/* One SR-IOV port; only the LoadGen's ports have a peer_mac. */
static void
portload(struct lctx *c, enum portid id, const struct ynode *v)
{
	struct port *p = &c->t->host.port[id];
	const struct ynode *f[NP];
	const char *s, *why;
	long x;

	p->loc = v->loc;
	p->declared = 1;
	if (!mapfields(c, v, portpaths[id], portpaths[id], NULL,
	    portkeys, id >= PORT_INGRESS ? NP : NP - 1, f))
		return;
	if (!f[P_PF])
		diag(E_MISSING, &v->loc, "pf", portpaths[id]);
	else if ((s = getstr(c, f[P_PF], "pf"))) {
		if ((why = parsepci(s, &p->pf)))
			diag(E_BADVALUE, &f[P_PF]->loc, "pf", shown(s), why);
		p->pfloc = f[P_PF]->loc;
	}
	if (f[P_OFFSET] && getint(c, f[P_OFFSET], "vf_offset", 1, 65535, &x))
		p->vfoffset = x, p->vfoffsetloc = f[P_OFFSET]->loc;
	if (f[P_STRIDE] && getint(c, f[P_STRIDE], "vf_stride", 1, 65535, &x))
		p->vfstride = x, p->vfstrideloc = f[P_STRIDE]->loc;
	if (f[P_MAXVFS] && getint(c, f[P_MAXVFS], "max_vfs", 1, 65535, &x))
		p->maxvfs = x, p->maxvfsloc = f[P_MAXVFS]->loc;
	if (f[P_SPEED])
		getrate(c, f[P_SPEED], "speed", &p->speed);
	if (id >= PORT_INGRESS && f[P_PEERMAC])
		getmac(c, f[P_PEERMAC], "peer_mac", p->peermac, 6);
}

/* host.wire {a, b} or host.loadgen {ingress, egress}. */
static void
portsload(struct lctx *c, const struct ynode *v, int loadgen)
{
	static const char *const wire[] = { "a", "b" }, *const lg[] = { "ingress", "egress" };
	const struct ynode *f[2];
	int i;

	*(loadgen ? &c->loadgenloc : &c->wireloc) = v->loc;
	if (!mapfields(c, v, loadgen ? "loadgen" : "wire", loadgen ? "host.loadgen" : "host.wire", NULL,
	    loadgen ? lg : wire, 2, f))
		return;
	for (i = 0; i < 2; i++)
		if (f[i])
			portload(c, (enum portid)(i + (loadgen ? PORT_INGRESS : PORT_A)), f[i]);
}

/* A list of CPU lists: host.cpu.numa. */
static void
numaload(struct lctx *c, const struct ynode *v)
{
	struct host *h = &c->t->host;
	const struct ynode *i;

	c->numaloc = v->loc;
	if (v->kind == YBAD)
		return;
	if (v->kind != YSEQ || !v->n) {
		diag(E_TYPE, &v->loc, "numa", "a list of CPU lists, one per NUMA node");
		return;
	}
	h->numa = amalloc(v->n * sizeof(*h->numa));
	for (i = v->child; i; i = i->next)
		if (!getcpus(c, i, "numa", &h->numa[h->nnuma++]))
			h->nnuma--;
}

enum { C_VENDOR, C_CORES, C_HK, C_NUMA, NC };
static const char *const cpukeys[NC] = { "vendor", "cores", "housekeeping", "numa" };

static void
cpuload(struct lctx *c, const struct ynode *v)
{
	struct host *h = &c->t->host;
	const struct ynode *f[NC];
	const char *s;

	if (!mapfields(c, v, "cpu", "host.cpu", NULL, cpukeys, NC, f))
		return;
	if (f[C_VENDOR] && (s = getstr(c, f[C_VENDOR], "vendor"))) {
		if (strcmp(s, "amd") == 0)
			h->vendor = VENDOR_AMD;
		else if (strcmp(s, "intel") == 0)
			h->vendor = VENDOR_INTEL;
		else
			diag(E_BADVALUE, &f[C_VENDOR]->loc, "vendor", shown(s), "must be amd or intel");
	}
	if (!f[C_CORES])
		diag(E_MISSING, &v->loc, "cores", "host.cpu");
	else if (getcpus(c, f[C_CORES], "cores", &h->cores))
		h->coresloc = f[C_CORES]->loc;
	if (f[C_HK] && getcpus(c, f[C_HK], "housekeeping", &h->housekeeping))
		c->hkloc = f[C_HK]->loc;
	if (f[C_NUMA])
		numaload(c, f[C_NUMA]);
}

static void
hugeload(struct lctx *c, const struct ynode *v)
{
	const char *s = getstr(c, v, "hugepages");

	if (!s)
		return;
	if (strcmp(s, "1GiB") == 0 || strcmp(s, "1G") == 0)
		c->t->host.hugepage = 1u << 30;
	else if (strcmp(s, "2MiB") == 0 || strcmp(s, "2M") == 0)
		c->t->host.hugepage = 2u << 20;
	else if (strcmp(s, "none") == 0)
		c->t->host.hugepage = 0;
	else
		diag(E_BADVALUE, &v->loc, "hugepages", shown(s), "must be 1GiB, 2MiB or none");
}

static void
mgmtload(struct lctx *c, const struct ynode *v)
{
	const char *s = getstr(c, v, "mgmt"), *why;

	if (!s || strcmp(s, "none") == 0)
		return;
	if ((why = checknetname(s)))
		diag(E_BADVALUE, &v->loc, "mgmt", shown(s), why);
	else
		c->t->host.mgmt = astrdup(s);
}

enum { H_NAME, H_CPU, H_MEMORY, H_RESERVE, H_HUGE, H_WIRE, H_LOADGEN, H_MGMT, NH };
static const char *const hostkeys[NH] = {
	"name", "cpu", "memory", "reserve", "hugepages", "wire", "loadgen", "mgmt",
};

void
hostload(struct lctx *c, const struct ynode *v)
{
	struct host *h = &c->t->host;
	const struct ynode *f[NH];
	char *name;

	h->loc = v->loc;
	if (!mapfields(c, v, "host", "host", NULL, hostkeys, NH, f))
		return;
	c->hostok = 1;
	if (f[H_NAME] && (name = getname(c, f[H_NAME], "host", 32)))
		h->name = name;
	if (f[H_CPU])
		cpuload(c, f[H_CPU]);
	else
		diag(E_MISSING, &v->loc, "cpu", "host");
	if (!f[H_MEMORY])
		diag(E_MISSING, &v->loc, "memory", "host");
	else if (getsize(c, f[H_MEMORY], "memory", &h->memory))
		h->memoryloc = f[H_MEMORY]->loc;
	if (f[H_RESERVE])
		getsize(c, f[H_RESERVE], "reserve", &h->reserve);
	if (f[H_HUGE])
		hugeload(c, f[H_HUGE]);
	if (f[H_WIRE])
		portsload(c, f[H_WIRE], 0);
	if (f[H_LOADGEN])
		portsload(c, f[H_LOADGEN], 1);
	if (f[H_MGMT])
		mgmtload(c, f[H_MGMT]);
}

/* kind: vm | netns, for a node or defaults.vm. */
int
kindload(struct lctx *c, const struct ynode *v, enum kind *k)
{
	const char *s = getstr(c, v, "kind");

	if (!s)
		return 0;
	if (strcmp(s, "vm") == 0)
		*k = KIND_VM;
	else if (strcmp(s, "netns") == 0)
		*k = KIND_NETNS;
	else {
		diag(E_BADVALUE, &v->loc, "kind", shown(s), "must be vm or netns");
		return 0;
	}
	return 1;
}

/* medium: sriov | veth, for a link or defaults.link. */
int
mediumload(struct lctx *c, const struct ynode *v, enum medium *m)
{
	const char *s = getstr(c, v, "medium");

	if (!s)
		return 0;
	if (strcmp(s, "sriov") == 0)
		*m = MEDIUM_SRIOV;
	else if (strcmp(s, "veth") == 0)
		*m = MEDIUM_VETH;
	else {
		diag(E_BADVALUE, &v->loc, "medium", shown(s), "must be sriov or veth");
		return 0;
	}
	return 1;
}

enum { V_VCPUS, V_MEMORY, V_IMAGE, V_KIND, NV };
static const char *const vmkeys[NV] = { "vcpus", "memory", "image", "kind" };

static void
vmdefaults(struct lctx *c, const struct ynode *v)
{
	struct defaults *d = &c->d;
	const struct ynode *f[NV];
	char *s;
	uint64_t m;

	if (!mapfields(c, v, "vm", "defaults.vm", NULL, vmkeys, NV, f))
		return;
	if (f[V_VCPUS] && getint(c, f[V_VCPUS], "vcpus", 1, 4096, &d->vcpus))
		d->vcpusloc = f[V_VCPUS]->loc;
	if (f[V_MEMORY] && getmemory(c, f[V_MEMORY], &m))
		d->memory = m, d->memoryloc = f[V_MEMORY]->loc;
	if (f[V_IMAGE] && (s = getpath(c, f[V_IMAGE], "image")))
		d->image = s, d->imageloc = f[V_IMAGE]->loc;
	if (f[V_KIND] && kindload(c, f[V_KIND], &d->kind))
		d->kindset = 1;
}

static void
flowdefaults(struct lctx *c, const struct ynode *v)
{
	static const char *const keys[] = { "size", "rate" };
	struct defaults *d = &c->d;
	const struct ynode *f[2];
	long size;

	if (!mapfields(c, v, "flow", "defaults.flow", NULL, keys, 2, f))
		return;
	if (f[0] && getint(c, f[0], "size", 64, 1500, &size))
		d->size = size, d->sizeloc = f[0]->loc;
	if (f[1] && getrate(c, f[1], "rate", &d->rate))
		d->rateloc = f[1]->loc;
}

/* max_rate: auto | none | a rate, for a link or defaults.link. */
int
maxrateload(struct lctx *c, const struct ynode *v, enum ratemode *mode, uint64_t *rate)
{
	if (v->kind == YSCALAR && strcmp(v->s, "auto") == 0)
		*mode = RATE_AUTO;
	else if (v->kind == YSCALAR && strcmp(v->s, "none") == 0)
		*mode = RATE_NONE;
	else if (v->kind == YSCALAR && !isnull(v) && v->s[0] >= 'a' && v->s[0] <= 'z') {
		diag(E_BADVALUE, &v->loc, "max_rate", shown(v->s),
		    "must be auto, none or a rate such as 1Gbit/s");
		return 0;
	} else if (getrate(c, v, "max_rate", rate))
		*mode = RATE_SET;
	else
		return 0;
	return 1;
}

static void
linkdefaults(struct lctx *c, const struct ynode *v)
{
	static const char *const keys[] = { "max_rate", "medium" };
	struct defaults *d = &c->d;
	const struct ynode *f[2];

	if (!mapfields(c, v, "link", "defaults.link", NULL, keys, 2, f))
		return;
	if (f[0] && maxrateload(c, f[0], &d->ratemode, &d->maxrate))
		d->ratemodeset = 1, d->maxrateloc = f[0]->loc;
	if (f[1] && mediumload(c, f[1], &d->medium))
		d->mediumset = 1;
}

void
defaultsload(struct lctx *c, const struct ynode *v)
{
	static const char *const keys[] = { "vm", "flow", "link" };
	const struct ynode *f[3];

	if (!mapfields(c, v, "defaults", "defaults", NULL, keys, 3, f))
		return;
	if (f[0])
		vmdefaults(c, f[0]);
	if (f[1])
		flowdefaults(c, f[1]);
	if (f[2])
		linkdefaults(c, f[2]);
}

/* Why no VM can use addresses of n (NULL: it can). */
static const char *
specialnet(struct net4 n)
{
	static const struct { uint32_t addr; int plen; const char *why; } nets[] = {
		{ 0, 8, "it overlaps 0.0.0.0/8, which means 'this network'" },
		{ 127u << 24, 8, "it overlaps 127.0.0.0/8, the loopback addresses" },
		{ 224u << 24, 4, "it overlaps 224.0.0.0/4, the multicast addresses" },
		{ 240u << 24, 4, "it overlaps 240.0.0.0/4, reserved addresses" },
	};
	size_t i;

	for (i = 0; i < LEN(nets); i++) {
		int m = n.plen < nets[i].plen ? n.plen : nets[i].plen;

		if (m == 0 || (n.addr ^ nets[i].addr) >> (32 - m) == 0)
			return nets[i].why;
	}
	return NULL;
}

/* An address pool: a unicast network with room for at least one /30. */
static void
netload(struct lctx *c, const struct ynode *v, const char *key, struct net4 *n, struct loc *l)
{
	const char *s = getstr(c, v, key), *why;
	struct net4 x;

	if (!s)
		return;
	if ((why = parsenet(s, &x)) || (x.plen > 30 && (why = "a pool needs at least a /30")) ||
	    (why = specialnet(x)))
		diag(E_BADVALUE, &v->loc, key, shown(s), why);
	else
		*n = x, *l = v->loc;
}

enum { O_VLAN, O_LINK4, O_INGRESS4, O_EGRESS4, O_MAC, NO };
static const char *const poolkeys[NO] = { "vlan", "link4", "ingress4", "egress4", "mac" };

void
poolsload(struct lctx *c, const struct ynode *v)
{
	struct pools *p = &c->t->pools;
	const struct ynode *f[NO];
	const char *s, *why;
	uint8_t mac[3];

	if (!mapfields(c, v, "pools", "pools", NULL, poolkeys, NO, f))
		return;
	if (f[O_VLAN] && (s = getstr(c, f[O_VLAN], "vlan"))) {
		if ((why = parsevlans(s, &p->vlanlo, &p->vlanhi)))
			diag(E_BADVALUE, &f[O_VLAN]->loc, "vlan", shown(s), why);
		else
			p->vlanloc = f[O_VLAN]->loc;
	}
	if (f[O_LINK4])
		netload(c, f[O_LINK4], "link4", &p->link4, &p->link4loc);
	if (f[O_INGRESS4])
		netload(c, f[O_INGRESS4], "ingress4", &p->ingress4, &p->ingress4loc);
	if (f[O_EGRESS4])
		netload(c, f[O_EGRESS4], "egress4", &p->egress4, &p->egress4loc);
	if (f[O_MAC] && getmac(c, f[O_MAC], "mac", mac, 3)) {
		if (!(mac[0] & 2))
			diag(E_BADVALUE, &f[O_MAC]->loc, "mac", shown(f[O_MAC]->s),
			    "not locally administered; the first byte needs bit 0x02 set, as in 02:48:56");
		else
			memcpy(p->mac, mac, 3), p->macloc = f[O_MAC]->loc;
	}
}

/* A machine of measurement: its name and two port ids. */
static void
machineload(struct lctx *c, const struct ynode *v, const char *key, char **name,
    struct loc *loc, const char *const *keys, long *p0, long *p1)
{
	const struct ynode *f[3];
	const char *s, *why;

	if (!mapfields(c, v, key, key, NULL, keys, 3, f))
		return;
	if (f[0] && (s = getstr(c, f[0], "host"))) {
		if ((why = checkname(s, 15)))
			diag(E_NAME, &f[0]->loc, "machine", shown(s), why);
		else if (isreserved(s) && strcmp(s, DEF_LOADGEN) && strcmp(s, DEF_TIMESTAMPER))
			diag(E_RESERVED, &f[0]->loc, "machine", s);
		else
			*name = astrdup(s), *loc = f[0]->loc;
	}
	if (f[1] && !getint(c, f[1], keys[1], 0, 1023, p0))
		return;
	if (f[2] && !getint(c, f[2], keys[2], 0, 1023, p1))
		return;
	if (*p0 == *p1 && (f[1] || f[2]))
		diag(E_SAMEPORT, &(f[2] ? f[2] : f[1])->loc, key, keys[1], keys[2], *p0);
}

enum { M_DURATION, M_REPS, M_SEED, M_TABLE, M_TABLEMAX, M_LOADGEN, M_TS, NM };
static const char *const measkeys[NM] = {
	"duration", "repetitions", "seed", "order_table", "order_table_max", "loadgen", "timestamper",
};

void
measload(struct lctx *c, const struct ynode *v)
{
	static const char *const lg[] = { "host", "tx", "rx" }, *const ts[] = { "host", "pre", "post" };
	struct measurement *m = &c->t->meas;
	const struct ynode *f[NM];
	uint64_t d;

	if (!mapfields(c, v, "measurement", "measurement", NULL, measkeys, NM, f))
		return;
	if (f[M_DURATION] && getvalue(c, f[M_DURATION], "duration", "a duration such as 180s",
	    parseduration, &d)) {
		if (!d)
			diag(E_NOTPOSITIVE, &f[M_DURATION]->loc, "duration");
		else
			m->duration = d, m->durationloc = f[M_DURATION]->loc;
	}
	if (f[M_REPS])
		getint(c, f[M_REPS], "repetitions", 1, 1000000, &m->repetitions);
	if (f[M_SEED] && getvalue(c, f[M_SEED], "seed", "a whole number", parseu64, &d))
		m->seed = d;
	if (f[M_TABLE])
		getint(c, f[M_TABLE], "order_table", 1, 10000000, &m->ordertable);
	if (f[M_TABLEMAX])
		getint(c, f[M_TABLEMAX], "order_table_max", 1, 10000000, &m->ordertablemax);
	if (m->ordertablemax < m->ordertable)
		diag(E_TABLEMAX, f[M_TABLEMAX] ? &f[M_TABLEMAX]->loc : &f[M_TABLE]->loc,
		    m->ordertablemax, m->ordertable);
	if (f[M_LOADGEN])
		machineload(c, f[M_LOADGEN], "loadgen", &m->loadgen, &m->loadgenloc, lg,
		    &m->lgtx, &m->lgrx);
	if (f[M_TS])
		machineload(c, f[M_TS], "timestamper", &m->timestamper, &m->timestamperloc, ts,
		    &m->tspre, &m->tspost);
}
