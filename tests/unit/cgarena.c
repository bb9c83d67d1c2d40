/*
 * backends/cgarena.c: a graph allocated from an arena writes the same DOT
 * as one allocated by cgraph's default, malloc; under ASan (LeakSanitizer)
 * and valgrind, cgarenaclose() leaks nothing, not even the dictionary
 * headers cdt takes from malloc, and frees nothing twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgarena.h"
#include "unit.h"

/* A graph that resizes attribute arrays: attributes declared after objects. */
static Agraph_t *
sample(Agmemdisc_t *mem)
{
	Agdisc_t disc = { mem, &AgIdDisc, &AgIoDisc };
	Agraph_t *g = agopen("t", Agundirected, mem ? &disc : NULL);
	Agnode_t *v[200];
	char name[32], value[32];
	int i, k;

	agattr(g, AGEDGE, "label", "");
	for (i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		v[i] = agnode(g, name, 1);
	}
	for (i = 0; i < 200; i++)
		for (k = 1; k <= 4; k++) {
			Agedge_t *e = agedge(g, v[i], v[(i * 7 + k * 13) % 200], NULL, 1);

			snprintf(value, sizeof(value), "e %d %d", i, k);
			agset(e, "label", value);
		}
	for (k = 0; k < 12; k++) {
		snprintf(name, sizeof(name), "a%d", k);
		snprintf(value, sizeof(value), "v%d", k);
		agattr(g, AGNODE, name, value);
		agattr(g, AGEDGE, name, value);
		agset(v[k * 10], name, "set");
	}
	return g;
}

/* The DOT text of g; free() it. */
static char *
text(Agraph_t *g)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	cr_assert(f);
	cr_assert_eq(agwrite(g, f), 0);
	fclose(f);
	return s;
}

Test(cgarena, same_dot_as_malloc)
{
	Agraph_t *want = sample(NULL), *a = sample(&cgarenadisc);
	char *sw = text(want), *sa = text(a);

	cr_assert(strlen(sw) > 10000);
	cr_assert_str_eq(sa, sw);
	free(sw);
	free(sa);
	agclose(want);
	cgarenaclose(a);
}
