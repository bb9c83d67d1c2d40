#include <stdio.h>
#include <string.h>

#include "yamlout.h"

static int
writer(void *data, unsigned char *p, size_t n)
{
	bufput(data, p, n);
	bufdrain(data);
	return 1;
}

static void
put(struct yout *y, yaml_event_t *ev)
{
	if (y->ok && !yaml_emitter_emit(&y->e, ev))
		y->ok = 0;
}

void
yopen(struct yout *y, struct buf *b)
{
	yaml_event_t ev;

	y->b = b;
	y->ok = yaml_emitter_initialize(&y->e);
	yaml_emitter_set_output(&y->e, writer, b);
	yaml_emitter_set_unicode(&y->e, 1);
	yaml_emitter_set_width(&y->e, -1);
	yaml_emitter_set_indent(&y->e, 2);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	put(y, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	put(y, &ev);
}

int
yclose(struct yout *y)
{
	yaml_event_t ev;

	yaml_document_end_event_initialize(&ev, 1);
	put(y, &ev);
	yaml_stream_end_event_initialize(&ev);
	put(y, &ev);
	yaml_emitter_delete(&y->e);
	return y->ok ? 0 : -1;
}

void
ymap(struct yout *y, int flow)
{
	yaml_event_t ev;

	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
	    flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
	put(y, &ev);
}

void
yseq(struct yout *y, int flow)
{
	yaml_event_t ev;

	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
	    flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
	put(y, &ev);
}

void
yend(struct yout *y)
{
	yaml_event_t ev;

	yaml_mapping_end_event_initialize(&ev);
	put(y, &ev);
}

void
yendseq(struct yout *y)
{
	yaml_event_t ev;

	yaml_sequence_end_event_initialize(&ev);
	put(y, &ev);
}

/* A scalar event; libyaml checks the text is UTF-8 and copies it. */
static void
scalar(struct yout *y, const char *s, size_t n, yaml_scalar_style_t style)
{
	yaml_event_t ev;

	if (!y->ok)
		return;
	if (yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)n, 1, 1, style))
		put(y, &ev);
	else
		y->ok = 0;
}

void
ystr(struct yout *y, const char *s)
{
	scalar(y, s, strlen(s), YAML_PLAIN_SCALAR_STYLE);
}

void
yquoted(struct yout *y, const char *s)
{
	scalar(y, s, strlen(s), YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

void
yint(struct yout *y, long long v)
{
	char b[24];
	int n = snprintf(b, sizeof(b), "%lld", v);

	scalar(y, b, (size_t)n, YAML_PLAIN_SCALAR_STYLE);
}

void
yuint(struct yout *y, unsigned long long v)
{
	char b[24];
	int n = snprintf(b, sizeof(b), "%llu", v);

	scalar(y, b, (size_t)n, YAML_PLAIN_SCALAR_STYLE);
}

void
ykstr(struct yout *y, const char *k, const char *v)
{
	ystr(y, k);
	ystr(y, v);
}

void
ykquoted(struct yout *y, const char *k, const char *v)
{
	ystr(y, k);
	yquoted(y, v);
}

void
ykint(struct yout *y, const char *k, long long v)
{
	ystr(y, k);
	yint(y, v);
}

void
ykuint(struct yout *y, const char *k, unsigned long long v)
{
	ystr(y, k);
	yuint(y, v);
}
