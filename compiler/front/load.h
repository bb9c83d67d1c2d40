/*
 * The front end's insides: the small per-entry
 * YAML trees the loader builds from libyaml events (load.c), reading values
 * out of them (value.c), and the sections that turn them into the model
 * (section.c, entry.c; defaults and cross-section rules in finish.c).
 */
#ifndef HVNET_LOAD_H
#define HVNET_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include "front.h"
#include "grammar.h"
#include "model.h"

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
	int kindset, mediumset;
	enum kind kind;
	enum medium medium;
};

/* The loader's state while one file is read. */
struct lctx {
	struct topo *t;
	const char *file;		/* the input's name in diagnostics */
	const char *data;		/* the input */
	size_t len;
	yaml_parser_t parser;
	int failed;			/* libyaml gave up: stop reading */
	enum msg alias;			/* reports an anchor or an alias */
	struct arena scratch;		/* the tree of the entry being read */
	struct defaults d;
	struct loc rootloc;		/* the top-level mapping */
	struct loc hkloc, numaloc;	/* host.cpu.housekeeping, numa */
	struct loc wireloc, loadgenloc;	/* host.wire, host.loadgen */
	int hashvnet, hasname, hasnodes;	/* hasnodes 2: not a mapping */
	int hostok;			/* host: is a mapping */
	size_t capnodes, caplinks, capflows;
	size_t nsriov;			/* links on SR-IOV VFs (worldfinish) */
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
/* kind: vm | netns; medium: sriov | veth; 0 if invalid (reported). */
int kindload(struct lctx *c, const struct ynode *v, enum kind *k);
int mediumload(struct lctx *c, const struct ynode *v, enum medium *m);
void nodeload(struct lctx *c, const struct ynode *key, const struct ynode *v);
void linkload(struct lctx *c, const struct ynode *v);
void flowload(struct lctx *c, const struct ynode *v);
/* Built-in defaults before the file, defaults: and rules after it. */
void topoinit(struct topo *t);
void topofinish(struct lctx *c);

#endif
