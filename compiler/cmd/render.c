/*
 * Layout and rendering through libgvc (see render.h).  One context serves
 * the whole process: Graphviz 2.42's pango plugin caches a font name that
 * gvFreeContext frees, so a second context would read freed memory.
 */
#include <stdlib.h>
#include <string.h>

#include <gvc.h>

#include "render.h"

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
	if (!gvc && !(gvc = gvContext()))
		return RENDER_CONTEXT;
	if (gvLayout(gvc, g, engine) != 0)
		return RENDER_LAYOUT;
	if (gvRenderData(gvc, g, format, &out, &n) != 0 || !out)
		r = RENDER_FORMAT;
	else if ((*data = malloc(n ? n : 1))) {
		memcpy(*data, out, n);
		*len = n;
	} else
		r = RENDER_CONTEXT;
	gvFreeRenderData(out);
	gvFreeLayout(gvc, g);
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
