/*
 * Layout and rendering through libgvc (see render.h).  One context serves
 * the whole process: Graphviz 2.42's pango plugin caches a font name that
 * gvFreeContext frees, so a second context would read freed memory.
 *
 * libgvc is loaded on first use: with the libraries it pulls in it was half
 * a millisecond of every run, and only `hvnetc graph -T svg|png` needs it
 * (the diagram's DOT text is cgraph's).  GVCLIB is its soname, which the
 * Makefile reads from the library pkg-config finds.
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include <gvc.h>

#include "dl.h"
#include "render.h"

/* The libgvc functions used here. */
static struct {
	GVC_t *(*context)(void);
	int (*layout)(GVC_t *, Agraph_t *, const char *);
	int (*renderdata)(GVC_t *, Agraph_t *, const char *, char **, unsigned int *);
	void (*freerenderdata)(char *);
	int (*freelayout)(GVC_t *, Agraph_t *);
} gv;

static int
gvload(void)
{
	static const struct dlfunc f[] = {
		{ "gvContext", &gv.context }, { "gvLayout", &gv.layout },
		{ "gvRenderData", &gv.renderdata }, { "gvFreeRenderData", &gv.freerenderdata },
		{ "gvFreeLayout", &gv.freelayout },
	};

	return dlload(GVCLIB, RTLD_NOW | RTLD_GLOBAL, f, sizeof(f) / sizeof(f[0])) ? -1 : 0;
}

static int
render(Agraph_t *g, const char *engine, const char *format, char **data,
    size_t *len)
{
	static GVC_t *gvc;
	char *out = NULL;
	unsigned int n = 0;
	int r = RENDER_OK;

	*data = NULL;
	*len = 0;
	if (!gvc && (gvload() < 0 || !(gvc = gv.context())))
		return RENDER_CONTEXT;
	if (gv.layout(gvc, g, engine) != 0)
		return RENDER_LAYOUT;
	if (gv.renderdata(gvc, g, format, &out, &n) != 0 || !out)
		r = RENDER_FORMAT;
	else if ((*data = malloc(n ? n : 1))) {
		memcpy(*data, out, n);
		*len = n;
	} else
		r = RENDER_CONTEXT;
	gv.freerenderdata(out);
	gv.freelayout(gvc, g);
	return r;
}

/* Graphviz's own messages ("Error: renderer for X is unavailable"): the
 * callers of gvrender() report each failure in their own words. */
static int
quiet(char *msg)
{
	(void)msg;
	return 0;
}

int
gvrender(Agraph_t *g, const char *engine, const char *format, char **data,
    size_t *len)
{
	agusererrf prev = agseterrf(quiet);
	int r = render(g, engine, format, data, len);

	agseterrf(prev);
	return r;
}
