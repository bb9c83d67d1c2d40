/*
 * One way to parse a command's arguments (samurai's tools[] and arg.h):
 * each command owns a table of its options and a function that takes them
 * one at a time; GNU getopt_long underneath, so options may follow the
 * operands and "--" ends them.
 */
#ifndef HVNET_ARGS_H
#define HVNET_ARGS_H

/* An option: "o" is -o, any longer name is --name; arg: it takes a value. */
struct opt {
	const char *name;
	int arg;
	int key;		/* what set() receives: a character or an enum */
};

/* A command: its name, its usage line(s) and help text, its options (ending
 * with a NULL name). */
struct cmdargs {
	const char *name;
	const char *usage;	/* "usage: hvnetc NAME ...\n" */
	const char *help;	/* what --help prints after the usage */
	const struct opt *opts;
};

/*
 * Parse argv (argv[0] is the command's name) against c's options, calling
 * set(ctx, key, value) for each (value NULL without an argument); set
 * returns 0, or an exit status that ends the parse.  On return *nops and
 * *ops are the operands.  0; -1 after --help (printed on standard output);
 * or an exit status: a bad option is reported with c's usage.
 */
int argparse(const struct cmdargs *c, int argc, char **argv,
	int (*set)(void *ctx, int key, const char *value), void *ctx,
	int *nops, char ***ops);
/* "hvnetc NAME: message" and c's usage on standard error; EXIT_USAGE. */
int argusage(const struct cmdargs *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
