/*
 * The front end's insides: value grammars (grammar.c), the small per-entry
 * YAML trees the loader builds from libyaml events (load.c), reading values
 * out of them (value.c), and the sections that turn them into the model
 * (section.c, entry.c; defaults and cross-section rules in finish.c).
 */
#ifndef HVNET_LOAD_H
#define HVNET_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include "model.h"

#define MAXCPU 8192		/* CPU numbers are below this */
#define MAXSEED (((uint64_t)1 << 53) - 1)	/* exact in a Lua number */

/*
 * Value grammars.  Each returns NULL when s is valid (and stores the value)
 * or a short reason for the diagnostic.
 */
const char *parseint(const char *s, long lo, long hi, long *v);
const char *parsesize(const char *s, uint64_t *v);	/* 8GiB, 512MiB, 8G: binary */
const char *parserate(const char *s, uint64_t *v);	/* 791.67Mbit/s: decimal, bit/s */
const char *parseduration(const char *s, uint64_t *v);	/* 180s, 3m, 1h: seconds */
const char *parsecpus(const char *s, struct cpulist *c);	/* 0-3,8,10-11 (arena) */
const char *parsepci(const char *s, struct pciaddr *a);	/* dddd:bb:dd.f */
const char *parsemac(const char *s, uint8_t *mac, int n);	/* n hex pairs, unicast */
const char *parsenet(const char *s, struct net4 *n);	/* a.b.c.d/p, no host bits */
const char *parsevlans(const char *s, int *lo, int *hi);	/* 401-4094 */
const char *parseu64(const char *s, uint64_t *v);	/* decimal digits */
const char *checkname(const char *s, size_t max);	/* [a-z][a-z0-9-]{0,max-1} */
int isreserved(const char *s);	/* loadgen, all, yes, null, ... */
/* The lower-case spelling of an invalid name s when that one is valid, or NULL (arena). */
const char *namefix(const char *s, size_t max);
const char *checkpath(const char *s);	/* absolute, [A-Za-z0-9._/+-], no .. */
const char *parsecmdline(const char *s, char **out);	/* tokens, normalised (arena) */
const char *checknetname(const char *s);	/* a libvirt network name */
/* s, shortened and made printable for a diagnostic (arena). */
const char *shown(const char *s);
/* A size as the input would write it: 8GiB, 2MiB, 1234B (buf of 32). */
char *fmtsize(char buf[32], uint64_t v);

/* One YAML node of an entry being loaded; freed when the entry is done. */
enum ykind { YSCALAR, YMAP, YSEQ, YBAD };
struct ynode {
	enum ykind kind;
	int plain;			/* an unquoted scalar */
	struct loc loc;
	char *s;			/* scalar value, NUL-terminated */
	size_t len;
	int line2;			/* 0-based line where the scalar ends */
	struct ynode *child, *last;	/* items; a mapping alternates key, value */
	struct ynode *next;
	size_t n;			/* items (a mapping counts keys and values) */
};

/* What `defaults:` says; applied to the entries when the file is read. */
struct defaults {
	long vcpus;			/* -1: not given */
	uint64_t memory;		/* 0: not given */
	char *image;
	struct loc vcpusloc, memoryloc, imageloc;
	long size;			/* -1: not given */
	uint64_t rate;			/* 0: not given */
	struct loc sizeloc, rateloc;
	int ratemodeset;
	enum ratemode ratemode;
	uint64_t maxrate;
	struct loc maxrateloc;
};

/* A bump allocator for the per-entry YAML trees, reset after each entry. */
struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
};

/* The loader's state while one file is read. */
struct lctx {
	struct topo *t;
	const char *data;		/* the input */
	size_t len;
	yaml_parser_t parser;
	int failed;			/* libyaml gave up: stop reading */
	struct chunk *scratch, *cur;
	struct defaults d;
	struct loc rootloc;		/* the top-level mapping */
	struct loc hkloc, numaloc;	/* host.cpu.housekeeping, numa */
	struct loc wireloc, loadgenloc;	/* host.wire, host.loadgen */
	int hashvnet, hasname, hasnodes;	/* hasnodes 2: not a mapping */
	int hostok;			/* host: is a mapping */
	size_t capnodes, caplinks, capflows;
};

/* Helpers the sections use to read values (value.c). */
/* Report an unknown key, with the closest of keys as a hint. */
void unknownkey(const char *key, const struct loc *l, const char *what, const char *name,
	const char *const *keys, size_t n);
/* Fill vals[i] with the value of keys[i] in map m; reports unknown keys. */
/* Messages say "in WHAT", or "in WHAT 'NAME'" when name is not NULL. */
int mapfields(struct lctx *c, const struct ynode *m, const char *key, const char *what,
	const char *name, const char *const *keys, size_t nkeys, const struct ynode **vals);
int isnull(const struct ynode *v);
const char *getstr(struct lctx *c, const struct ynode *v, const char *key);
int getint(struct lctx *c, const struct ynode *v, const char *key, long lo,
	long hi, long *out);
int getvalue(struct lctx *c, const struct ynode *v, const char *key,
	const char *what, const char *(*parse)(const char *, uint64_t *), uint64_t *out);
int getcpus(struct lctx *c, const struct ynode *v, const char *key, struct cpulist *out);
int getsize(struct lctx *c, const struct ynode *v, const char *key, uint64_t *out);
/* A memory size greater than zero. */
int getmemory(struct lctx *c, const struct ynode *v, uint64_t *out);
/* An absolute path (checkpath), copied to the arena; NULL when bad (reported). */
char *getpath(struct lctx *c, const struct ynode *v, const char *key);
/* A rate greater than zero. */
int getrate(struct lctx *c, const struct ynode *v, const char *key, uint64_t *out);
char *getname(struct lctx *c, const struct ynode *v, const char *kind, size_t max);

/* Sections and entries (section.c, entry.c). */
void hostload(struct lctx *c, const struct ynode *v);
void defaultsload(struct lctx *c, const struct ynode *v);
void poolsload(struct lctx *c, const struct ynode *v);
void measload(struct lctx *c, const struct ynode *v);
/* max_rate: auto | none | a rate; 0 if invalid (reported). */
int maxrateload(struct lctx *c, const struct ynode *v, enum ratemode *mode, uint64_t *rate);
void nodeload(struct lctx *c, const struct ynode *key, const struct ynode *v);
void linkload(struct lctx *c, const struct ynode *v);
void flowload(struct lctx *c, const struct ynode *v);
/* Built-in defaults before the file, defaults: and rules after it. */
void topoinit(struct topo *t);
void topofinish(struct lctx *c);

#endif
