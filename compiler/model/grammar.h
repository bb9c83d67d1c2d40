/*
 * The language's value grammars (grammar.c): every value that reaches a
 * shell word, a file name or a consumer passes one of these.
 */
#ifndef HVNET_GRAMMAR_H
#define HVNET_GRAMMAR_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

#define MAXCPU 8192		/* CPU numbers are below this */
#define MAXEXACT (((uint64_t)1 << 53) - 1)	/* sizes, rates, durations, seeds: exact in a Lua number */

/*
 * Value grammars.  Each returns NULL when s is valid (and stores the value)
 * or a short reason for the diagnostic.
 */
const char *parseint(const char *s, long lo, long hi, long *v);
const char *parsesize(const char *s, uint64_t *v);	/* 8GiB, 512MiB, 8G: binary */
const char *parserate(const char *s, uint64_t *v);	/* 791.67Mbit/s: decimal, bit/s */
const char *parseduration(const char *s, uint64_t *v);	/* 180s, 3m, 1h: seconds */
const char *parsecpus(const char *s, struct cpulist *c);	/* 0-3,8,10-11 (arena) */
const char *parsepci(const char *s, struct pciaddr *a);	/* dddd:bb:dd.f */
const char *parsemac(const char *s, uint8_t *mac, int n);	/* n hex pairs, unicast */
const char *parsenet(const char *s, struct net4 *n);	/* a.b.c.d/p, no host bits */
const char *parsevlans(const char *s, int *lo, int *hi);	/* 401-4094 */
const char *parseu64(const char *s, uint64_t *v);	/* decimal digits */
const char *checkname(const char *s, size_t max);	/* [a-z][a-z0-9-]{0,max-1} */
int isreserved(const char *s);	/* loadgen, all, yes, null, ... */
/* The lower-case spelling of an invalid name s when that one is valid, or NULL (arena). */
const char *namefix(const char *s, size_t max);
const char *checkpath(const char *s);	/* absolute, [A-Za-z0-9._/+-], no .. */
const char *parsecmdline(const char *s, char **out);	/* tokens, normalised (arena) */
const char *checknetname(const char *s);	/* a libvirt network name */

#endif
