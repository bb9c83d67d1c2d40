/* A thin layer over libyaml's emitter for the YAML backends (ansible, pos). */
#ifndef HVNET_YEMIT_H
#define HVNET_YEMIT_H

#include <yaml.h>

#include "util.h"

/* One YAML document being emitted into a buffer. */
struct yemit {
	yaml_emitter_t e;
	struct buf *out;
	int err;		/* set by the first failed event */
};

/* Start a stream and an explicit document ("---") in out. */
void yeopen(struct yemit *y, struct buf *out);
/* End the document and the stream; EXIT_OK, or EXIT_IO when the emitter failed. */
int yeclose(struct yemit *y);
/* Start or end a mapping or a sequence; flow selects the inline style. */
void yemap(struct yemit *y, int flow);
void yemapend(struct yemit *y);
void yeseq(struct yemit *y, int flow);
void yeseqend(struct yemit *y);
/* A string: plain when a YAML 1.1 reader takes it for a string, else double-quoted. */
void yestr(struct yemit *y, const char *s);
/* A string, always double-quoted (MACs, PCI addresses, templates). */
void yequoted(struct yemit *y, const char *s);
/* A printf-formatted string, through yestr. */
void yestrf(struct yemit *y, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An integer, plain. */
void yeint(struct yemit *y, long long v);
/* A boolean, plain true or false. */
void yebool(struct yemit *y, int v);
/* A block-literal string (scripts). */
void yeliteral(struct yemit *y, const char *s);
/* key: value shorthands. */
void yekstr(struct yemit *y, const char *k, const char *v);
void yekquoted(struct yemit *y, const char *k, const char *v);
void yekint(struct yemit *y, const char *k, long long v);
/* A sequence of integers, inline: [1, 2]. */
void yekints(struct yemit *y, const char *k, const int *v, size_t n);



/* Model values, shared by the inventory and the pos variables files. */
struct node;
struct flow;
struct topo;
/* A VM's settings as key/value pairs (in an open mapping), keys prefixed. */
void yenodevars(struct yemit *y, const struct node *n, const char *prefix);
/* A flow as a mapping. */
void yeflow(struct yemit *y, const struct flow *f);
/* The LoadGen's and Timestamper's settings as key/value pairs, keys prefixed. */
void yeloadgenvars(struct yemit *y, const struct topo *t, const char *prefix);
void yetimestampervars(struct yemit *y, const struct topo *t, const char *prefix);

#endif
