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

/* load.c: read FILE ("-" is stdin) into t; EXIT_OK, EXIT_INVALID or EXIT_IO. */
int load(struct topo *t, const char *file);
/* The same from memory; name is used in diagnostics. */
int loadmem(struct topo *t, const char *name, const char *data, size_t len);
/* load.c: file ("-": standard input) into a malloc'ed *data, up to MAXINPUT + 1
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
