/*
 * libyaml's emitter into a struct buf.  Every event goes through yevent(),
 * which remembers the first failure; yeclose() reports it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "hvnetc.h"
#include "yemit.h"

static int
bufhandler(void *data, unsigned char *s, size_t n)
{
	bufput(data, s, n);
	return 1;
}

static void
yevent(struct yemit *y, yaml_event_t *ev, int ok)
{
	if (!ok || y->err) {
		y->err = 1;
		yaml_event_delete(ev);
		return;
	}
	if (!yaml_emitter_emit(&y->e, ev))
		y->err = 1;
}

void
yeopen(struct yemit *y, struct buf *out)
{
	yaml_event_t ev;

	memset(y, 0, sizeof(*y));
	y->out = out;
	if (!yaml_emitter_initialize(&y->e)) {
		y->err = 1;
		return;
	}
	yaml_emitter_set_output(&y->e, bufhandler, out);
	yaml_emitter_set_unicode(&y->e, 1);
	yaml_emitter_set_width(&y->e, -1);
	yaml_emitter_set_indent(&y->e, 2);
	yevent(y, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	yevent(y, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0));
}

int
yeclose(struct yemit *y)
{
	yaml_event_t ev;

	yevent(y, &ev, yaml_document_end_event_initialize(&ev, 1));
	yevent(y, &ev, yaml_stream_end_event_initialize(&ev));
	if (!y->err && !yaml_emitter_flush(&y->e))
		y->err = 1;
	yaml_emitter_delete(&y->e);
	return y->err ? EXIT_IO : EXIT_OK;
}

void
yemap(struct yemit *y, int flow)
{
	yaml_event_t ev;

	yevent(y, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
	    flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE));
}

void
yemapend(struct yemit *y)
{
	yaml_event_t ev;

	yevent(y, &ev, yaml_mapping_end_event_initialize(&ev));
}

void
yeseq(struct yemit *y, int flow)
{
	yaml_event_t ev;

	yevent(y, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
	    flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE));
}

void
yeseqend(struct yemit *y)
{
	yaml_event_t ev;

	yevent(y, &ev, yaml_sequence_end_event_initialize(&ev));
}

static void
scalar(struct yemit *y, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t ev;
	int plain = style == YAML_PLAIN_SCALAR_STYLE;

	yevent(y, &ev, yaml_scalar_event_initialize(&ev, NULL, NULL,
	    (yaml_char_t *)s, (int)strlen(s), plain, !plain, style));
}

/* Would a YAML 1.1 reader (Ansible's, pos's) read s back as this string? */
static int
plainsafe(const char *s)
{
	static const char *const words[] = {
		"y", "n", "yes", "no", "on", "off", "true", "false", "null",
	};
	size_t i, n = strlen(s);

	if (!n || !(strchr("/_", s[0]) || (unsigned)((s[0] | 32) - 'a') < 26u) || s[n - 1] == ' ')
		return 0;
	if (strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_./-+=,() ") != n)
		return 0;
	for (i = 0; i < LEN(words); i++)
		if (!strcasecmp(s, words[i]))
			return 0;
	return 1;
}

void
yestr(struct yemit *y, const char *s)
{
	scalar(y, s, plainsafe(s) ? YAML_PLAIN_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

void
yequoted(struct yemit *y, const char *s)
{
	scalar(y, s, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

void
yestrf(struct yemit *y, const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	bufvprintf(&b, fmt, ap);
	va_end(ap);
	yestr(y, b.s ? b.s : "");
	buffree(&b);
}

void
yeint(struct yemit *y, long long v)
{
	char s[32];

	snprintf(s, sizeof(s), "%lld", v);
	scalar(y, s, YAML_PLAIN_SCALAR_STYLE);
}

void
yebool(struct yemit *y, int v)
{
	scalar(y, v ? "true" : "false", YAML_PLAIN_SCALAR_STYLE);
}

void
yeliteral(struct yemit *y, const char *s)
{
	scalar(y, s, YAML_LITERAL_SCALAR_STYLE);
}

void
yekstr(struct yemit *y, const char *k, const char *v)
{
	yestr(y, k);
	yestr(y, v);
}

void
yekquoted(struct yemit *y, const char *k, const char *v)
{
	yestr(y, k);
	yequoted(y, v);
}

void
yekint(struct yemit *y, const char *k, long long v)
{
	yestr(y, k);
	yeint(y, v);
}

void
yekints(struct yemit *y, const char *k, const int *v, size_t n)
{
	size_t i;

	yestr(y, k);
	yeseq(y, 1);
	for (i = 0; i < n; i++)
		yeint(y, v[i]);
	yeseqend(y);
}
