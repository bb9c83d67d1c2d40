/* The kernel parameters hvnetc generates (kparams.c). */
#ifndef HVNET_KPARAMS_H
#define HVNET_KPARAMS_H

#include "model.h"

/* Timers, watchdogs, idle states: " a=b c ...", the host's and the guests'. */
extern const char kquiet[];
/* " isolcpus=... nohz_full=... rcu_nocbs=..." for the cores c. */
void kisolate(struct buf *b, const struct cpulist *c);
/* A guest's generated parameters, without its own cmdline. */
void guestparams(const struct node *n, struct buf *b);
/* Warn when a node's cmdline gives a generated parameter another value. */
void cmdlinecheck(struct topo *t);

#endif
