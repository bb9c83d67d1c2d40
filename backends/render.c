/* Layout and rendering through libgvc (see render.h). */
#include <stdlib.h>
#include <string.h>

#include <gvc.h>

#include "render.h"

int
gvrender(Agraph_t *g, const char *engine, const char *format, char **data,
    size_t *len)
{
	GVC_t *gvc = gvContext();
	char *out = NULL;
	unsigned int n = 0;
	int r = RENDER_OK;

	*data = NULL;
	*len = 0;
	if (!gvc)
		return RENDER_CONTEXT;
	if (gvLayout(gvc, g, engine) != 0) {
		gvFreeContext(gvc);
		return RENDER_LAYOUT;
	}
	if (gvRenderData(gvc, g, format, &out, &n) != 0 || !out)
		r = RENDER_FORMAT;
	else if ((*data = malloc(n ? n : 1))) {
		memcpy(*data, out, n);
		*len = n;
	} else
		r = RENDER_CONTEXT;
	gvFreeRenderData(out);
	gvFreeLayout(gvc, g);
	gvFreeContext(gvc);
	return r;
}
