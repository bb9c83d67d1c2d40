/* One emitter per artifact family; see backends.c for the table. */
#ifndef HVNET_BACKENDS_H
#define HVNET_BACKENDS_H

#include "hvnetc.h"

int planemit(const struct topo *t, struct outset *set);		/* plan.c */
int libvirtemit(const struct topo *t, struct outset *set);	/* libvirt.c */
int kernelemit(const struct topo *t, struct outset *set);	/* kernel.c */
int sriovemit(const struct topo *t, struct outset *set);	/* sriov.c */
int guestemit(const struct topo *t, struct outset *set);	/* guest.c */
int moongenemit(const struct topo *t, struct outset *set);	/* moongen.c */
int dotemit(const struct topo *t, struct outset *set);		/* dot.c */
int ansibleemit(const struct topo *t, struct outset *set);	/* ansible.c */
int posemit(const struct topo *t, struct outset *set);		/* pos.c */

/* kernel.c: a guest's kernel command line (its kernel-cmdline.txt and its
 * domain's direct-boot <cmdline>), appended to b without a newline. */
void guestcmdline(const struct node *n, struct buf *b);

/* backends.c: append the embedded templates/NAME to b: EXIT_OK, or
 * EXIT_IO after reporting E_INTERNAL when it is not embedded. */
int tplput(struct buf *b, const char *name);

#endif
