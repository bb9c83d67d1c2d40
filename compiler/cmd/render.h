/*
 * libgvc behind a wall: Graphviz's headers define 'struct port' and LEN,
 * which clash with the model's, so only render.c includes gvc.h.
 */
#ifndef HVNET_RENDER_H
#define HVNET_RENDER_H

#include <stddef.h>

#include <cgraph.h>

/* Render failures, for the caller's message. */
enum { RENDER_OK, RENDER_CONTEXT, RENDER_LAYOUT, RENDER_FORMAT };

/* Lay g out with engine, render it as format into a malloc'ed *data; RENDER_*. */
int gvrender(Agraph_t *g, const char *engine, const char *format, char **data,
	size_t *len);

#endif
