/*
 * The output layer: the only code that writes into DIR (hvnetc(1), FILES).  A build
 * is staged beside DIR and swapped in whole, or not at all.
 */
#ifndef HVNET_OUT_H
#define HVNET_OUT_H

#include "outset.h"

/* outbegin() flags: write into foreign or edited DIRs; sync before the swap. */
enum { OUTFORCE = 1, OUTSYNC = 2 };
/* Stage set's files beside DIR from now on; only: backends rewritten, NULL =
 * all.  EXIT_OK, or an exit status (reported). */
int outbegin(struct outset *set, const char *dir, const char *only, int flags);
/* After the backends: replace DIR by the staged tree atomically, or, when
 * status is not EXIT_OK or staging failed, remove it; the exit status. */
int outend(struct outset *set, int status);

#endif
