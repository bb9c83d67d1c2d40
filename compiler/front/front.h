/* The front end: the topology file, or a PCI dump, into the model. */
#ifndef HVNET_FRONT_H
#define HVNET_FRONT_H

#include <stddef.h>

#include "diag.h"
#include "fmt.h"
#include "grammar.h"
#include "model.h"
#include "util.h"

/* Input limits (hvnet.yaml(5)): they admit the largest real use. */
#define MAXINPUT (64u << 20)	/* bytes */
#define MAXDEPTH 64		/* nesting levels */
#define MAXITEMS 1000000	/* nodes, links or flows each */

/*
 * One YAML node as the front end reads it (load.c): the topology's entries
 * one at a time, or a whole document (ydocread).
 */
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

/*
 * A whole one-document YAML stream read into one ynode tree (load.c), with
 * the topology's checks: libyaml's errors located, no NUL in a scalar,
 * nesting up to MAXDEPTH.  The messages for an input without a document,
 * for an anchor or alias and for a second document are the caller's.
 */
struct ydoc {
	enum msg empty, alias, multidoc;	/* set before ydocread */
	struct ynode *root;		/* NULL when ydocread failed */
	struct lctx *c;			/* the reader's state; holds the tree */
};
/* data (named file in diagnostics) into d->root; 0, or -1 after errors (reported). */
int ydocread(struct ydoc *d, const char *file, const char *data, size_t len);
/* The tree's memory; its strings are gone after it. */
void ydocfree(struct ydoc *d);

/* load.c: read FILE ("-" is stdin) into t; EXIT_OK, EXIT_INVALID or EXIT_IO. */
int load(struct topo *t, const char *file);
/* The same from memory; name is used in diagnostics. */
int loadmem(struct topo *t, const char *name, const char *data, size_t len);
/* input.c: file ("-": standard input) into a malloc'ed *data, up to MAXINPUT + 1
 * bytes; EXIT_OK, or EXIT_IO (reported). */
int readinput(const char *file, char **data, size_t *len);
/* load.c: line and column of byte off in data, columns in characters as libyaml
 * counts them (its reader errors carry only an offset). */
struct loc byteloc(const char *file, const char *data, size_t len, size_t off);

/* check.c: rules between entries; resolves names to pointers. */
void check(struct topo *t);

/* pci.c: take vf_offset, vf_stride and TotalVFs of t's PFs from an lspci -xxxx dump. */
int pcidump(struct topo *t, const char *dumpfile);

#endif
