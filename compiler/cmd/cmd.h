/* The commands that are not the compiler: each parses its own arguments. */
#ifndef HVNET_CMD_H
#define HVNET_CMD_H

#include "model.h"

int cmdbuild(int argc, char **argv);	/* build.c */
int cmdcheck(int argc, char **argv);	/* build.c */
int cmdplan(int argc, char **argv);	/* build.c */
int cmdgraph(int argc, char **argv);	/* graph.c */
int cmdprobe(int argc, char **argv);	/* probe.c */
int cmdrandom(int argc, char **argv);	/* random.c */
int cmdimport(int argc, char **argv);	/* import.c */
int cmdresults(int argc, char **argv);	/* results.c */
int cmdcompare(int argc, char **argv);	/* compare.c */
struct cmdargs;
/* build.c: --world's name to *w (NULL name: none); EXIT_OK or a usage error. */
int checkworld(const struct cmdargs *c, const char *name, const struct world **w);
/* graph.c: the diagram of t as format (dot, svg, png) into out ("-" or
 * NULL: standard output), with the flows when flows; an exit status. */
int graphwrite(const struct topo *t, const char *format, int flows, const char *out);

#endif
