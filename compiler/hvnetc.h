/*
 * The whole program, for main.c, the commands and the tests: every layer's
 * interface, and the pipeline (compile.c).  No file below compiler/ and
 * backends/ includes it: each layer includes its own headers and those of
 * the layers below (the Makefile's include paths).
 */
#ifndef HVNET_HVNETC_H
#define HVNET_HVNETC_H

#include <stddef.h>

#include "backends.h"
#include "cmd.h"
#include "diag.h"
#include "fmt.h"
#include "front.h"
#include "grammar.h"
#include "kparams.h"
#include "model.h"
#include "out.h"
#include "outset.h"
#include "pass.h"
#include "util.h"

/* Options every compiling command accepts. */
struct options {
	int overcommit;		/* --allow-overcommit */
	int force;		/* --force */
	const char *pcidump;	/* --pci-dump FILE */
	const char *worldname;	/* --world NAME, as given */
	const struct world *world;	/* its world, NULL for none */
};

/* The option keys every compiling command shares (build, check, plan,
 * graph), and the first key free for a command's own options. */
enum { OPT_OVERCOMMIT = 256, OPT_PCIDUMP, OPT_WORLD, OPT_OWN };
/* compile.c: take a shared compiling option into o; 1, or 0 when key is
 * not one of them. */
int compileopt(struct options *o, int key, const char *value);

/* compile.c: run the whole front end and every pass; EXIT_OK, EXIT_INVALID
 * or EXIT_IO. */
int compile(struct topo *t, const char *file, const struct options *o);
/* The same on a buffer (tests, fuzzing). */
int compilemem(struct topo *t, const char *name, const char *data, size_t len,
	const struct options *o);
/* Compile file and write every backend named in only (NULL: all) into dir
 * with outbegin() flags; the exit status. */
int build(const char *file, const char *dir, const char *only, int flags,
	const struct options *o);
/* Free everything a compile allocated. */
void topofree(struct topo *t);

#endif
