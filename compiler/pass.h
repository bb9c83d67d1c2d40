/* Helpers shared by the resolution passes. */
#ifndef HVNET_PASS_H
#define HVNET_PASS_H

#include "diag.h"
#include "hvnetc.h"

/* Human-readable rate, e.g. "94 Mbit/s" or "791.5 Mbit/s". */
char *fmtrate(char buf[32], uint64_t bps);
/* Record that space ran out; warns once (only with --allow-overcommit). */
void overcommitted(struct topo *t, enum space s, const struct loc *loc);
/* Report id (whose format is "%s") with a message formatted here. */
void capdiag(enum msg id, const struct loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Name lists in messages: the first 8 names, quoted, then "and N more".
 * namesadd() counts name as the n-th (from 1); namesend() closes the list. */
void namesadd(struct buf *b, size_t n, const char *name);
void namesend(struct buf *b, size_t n);
/* The /30 number i of pool n, plus host part h. */
uint32_t net30(struct net4 n, size_t i, unsigned h);
/* How many /30s pool n holds. */
uint64_t pool30(struct net4 n);

#endif
