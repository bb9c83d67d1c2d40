/* The command-line parser of every command (args.h). */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "util.h"

enum { KEYHELP = -2, MAXOPTS = 32 };

int
argusage(const struct cmdargs *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "hvnetc %s: ", c->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%sTry 'hvnetc %s --help' for more.\n", c->usage, c->name);
	return EXIT_USAGE;
}

/* getopt_long's tables for c: short options in s, long ones in l. */
static void
tables(const struct cmdargs *c, char s[2 * MAXOPTS + 2], struct option l[MAXOPTS + 2])
{
	size_t i, k = 0, n = 0;

	s[n++] = ':';	/* a missing argument is ':', not '?' */
	for (i = 0; c->opts[i].name; i++) {
		const struct opt *o = &c->opts[i];

		if (!o->name[1]) {
			s[n++] = o->name[0];
			if (o->arg)
				s[n++] = ':';
		} else
			l[k++] = (struct option){ o->name, o->arg ? required_argument : no_argument,
			    NULL, 256 + (int)i };
	}
	s[n] = 0;
	l[k++] = (struct option){ "help", no_argument, NULL, KEYHELP };
	l[k] = (struct option){ NULL, 0, NULL, 0 };
}

/* The table entry of getopt's answer r. */
static const struct opt *
optof(const struct cmdargs *c, int r)
{
	size_t i;

	if (r >= 256)
		return &c->opts[r - 256];
	for (i = 0; c->opts[i].name; i++)
		if (!c->opts[i].name[1] && c->opts[i].name[0] == r)
			return &c->opts[i];
	return NULL;
}

int
argparse(const struct cmdargs *c, int argc, char **argv,
    int (*set)(void *ctx, int key, const char *value), void *ctx, int *nops, char ***ops)
{
	char shorts[2 * MAXOPTS + 2];
	struct option longs[MAXOPTS + 2];
	int r;

	tables(c, shorts, longs);
	optind = 1;
	opterr = 0;
	while ((r = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		const struct opt *o = optof(c, r);
		int status;

		if (r == KEYHELP) {
			printf("%s%s", c->usage, c->help);
			return -1;
		}
		if (r == ':')
			return argusage(c, "option '%s' needs a value", argv[optind - 1]);
		if (!o)
			return argusage(c, "unknown option '%s'", argv[optind - 1]);
		if ((status = set(ctx, o->key, o->arg ? optarg : NULL)))
			return status;
	}
	*nops = argc - optind;
	*ops = argv + optind;
	return 0;
}
