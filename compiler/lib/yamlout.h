/* A thin layer over libyaml's emitter for the backends that write YAML. */
#ifndef HVNET_YAMLOUT_H
#define HVNET_YAMLOUT_H

#include <stdint.h>

#include <yaml.h>

#include "util.h"

/* An emitter writing into a buffer; ok turns 0 at the first failure. */
struct yout {
	yaml_emitter_t e;
	struct buf *b;
	int ok;
};

/* Start a document (block style) into b; yclose ends it, 0 on success. */
void yopen(struct yout *y, struct buf *b);
int yclose(struct yout *y);
/* Mappings and sequences; flow selects the inline style. */
void ymap(struct yout *y, int flow);
void yseq(struct yout *y, int flow);
void yend(struct yout *y);	/* ends the innermost mapping */
void yendseq(struct yout *y);	/* ends the innermost sequence */
/* Scalars: plain, double-quoted, integers. */
void ystr(struct yout *y, const char *s);
void yquoted(struct yout *y, const char *s);
void yint(struct yout *y, long long v);
void yuint(struct yout *y, unsigned long long v);
/* key: value pairs in the current mapping. */
void ykstr(struct yout *y, const char *k, const char *v);
void ykquoted(struct yout *y, const char *k, const char *v);
void ykint(struct yout *y, const char *k, long long v);
void ykuint(struct yout *y, const char *k, unsigned long long v);

#endif
