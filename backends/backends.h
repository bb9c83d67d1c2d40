/* One emitter per artifact family; see backends.c for the table. */
#ifndef HVNET_BACKENDS_H
#define HVNET_BACKENDS_H

#include "fmt.h"
#include "kparams.h"
#include "model.h"
#include "outset.h"
#include "util.h"

/* A backend: reads the resolved model, appends files, decides nothing. */
struct backend {
	const char *name;
	int (*emit)(const struct topo *t, struct outset *set);	/* 0, or EXIT_IO */
};
/* backends.c: the table, in --only's order. */
extern const struct backend backends[];
extern const size_t nbackends;
/* Run the backends named in only (comma-separated; NULL = all). */
int emit(const struct topo *t, struct outset *set, const char *only);

int planemit(const struct topo *t, struct outset *set);		/* plan.c */
int libvirtemit(const struct topo *t, struct outset *set);	/* libvirt.c */
int kernelemit(const struct topo *t, struct outset *set);	/* kernel.c */
int sriovemit(const struct topo *t, struct outset *set);	/* sriov.c */
int netnsemit(const struct topo *t, struct outset *set);		/* netns.c */
int mininetemit(const struct topo *t, struct outset *set);	/* mininet.c */
int guestemit(const struct topo *t, struct outset *set);	/* guest.c */
int moongenemit(const struct topo *t, struct outset *set);	/* moongen.c */
int dotemit(const struct topo *t, struct outset *set);		/* dot.c */
int ansibleemit(const struct topo *t, struct outset *set);	/* ansible.c */
int posemit(const struct topo *t, struct outset *set);		/* pos.c */

/* kernel.c: a guest's kernel command line (its kernel-cmdline.txt and its
 * domain's direct-boot <cmdline>), appended to b without a newline. */
void guestcmdline(const struct node *n, struct buf *b);

/* plan.c: the human-readable plan table. */
void plantable(const struct topo *t, struct buf *b);

/* Templates embedded at build time (templates/; build/templates.c). */
const char *template(const char *name, size_t *len);
/* backends.c: append the embedded templates/NAME to b: EXIT_OK, or
 * EXIT_IO after reporting E_INTERNAL when it is not embedded. */
int tplput(struct buf *b, const char *name);

/* backends.c: a table of a generated shell script, a function printing a
 * quoted here-document (tableend() closes it); comment says what it holds. */
void tablestart(struct buf *b, const char *comment, const char *name);
void tableend(struct buf *b);

#endif
