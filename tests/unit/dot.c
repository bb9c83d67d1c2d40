/* The diagram: cgraph output is deterministic and carries the plan's values. */
#include <string.h>

#include "unit.h"
#include "dot.h"
#include "topofixture.h"
#include "render.h"

static char *
dottext(const struct topo *t, int flows)
{
	struct buf b = { 0 };
	Agraph_t *g = dotgraph(t, flows);

	cr_assert_eq(dotwrite(g, &b), EXIT_OK);
	agclose(g);
	return b.s;
}

Test(dot, byte_identical_twice)
{
	struct topo t;
	char *a, *b;

	fixturering(&t, 15);
	a = dottext(&t, 1);
	b = dottext(&t, 1);
	cr_assert_str_eq(a, b);
	free(a);
	free(b);
	topofree(&t);
}

Test(dot, labels_carry_vlans_vfs_and_cores)
{
	struct topo t;
	char *s;

	fixturefig1(&t);
	s = dottext(&t, 0);
	cr_assert(strstr(s, "graph fig1 {"));
	cr_assert(strstr(s, "layout=neato"));
	cr_assert(strstr(s, "vm1 -- vm3\t[label=\"VLAN 401\\nA VF 0 / B VF 0\"]"), "%s", s);
	cr_assert(strstr(s, "vm2 -- vm3\t[label=\"VLAN 403\\nA VF 2 / B VF 2\"]"));
	cr_assert(strstr(s, "label=\"vm2\\n2 vCPUs on cores 3-4\\n8 GiB\""));
	cr_assert(strstr(s, "ingress PF 0000:41:00.1 (tx port 0)"));
	cr_assert(!strstr(s, "Legend"), "no legend without flows");
	cr_assert(!strstr(s, "dir=forward"));
	free(s);
	topofree(&t);
}

Test(dot, flows_are_overlays_with_a_legend)
{
	struct topo t;
	char *s, *p;
	size_t arrows = 0;

	fixturefig1(&t);
	s = dottext(&t, 1);
	for (p = s; (p = strstr(p, "dir=forward")); p++)
		arrows++;
	cr_assert_eq(arrows, 4, "one arrow per hop: f0 1, f1 2, f2 1; got %zu", arrows);
	cr_assert(strstr(s, "Legend"));
	cr_assert(strstr(s, "vm2 &#8594; vm1 &#8594; vm3"));
	cr_assert(strstr(s, "8 Mbit/s"));
	free(s);
	topofree(&t);
}

Test(dot, svg_renders_and_is_deterministic)
{
	struct topo t;
	char *a, *b;
	size_t alen, blen;
	Agraph_t *g;

	fixturefig1(&t);
	g = dotgraph(&t, 1);
	cr_assert_eq(gvrender(g, "neato", "svg", &a, &alen), RENDER_OK);
	agclose(g);
	g = dotgraph(&t, 1);
	cr_assert_eq(gvrender(g, "neato", "svg", &b, &blen), RENDER_OK);
	agclose(g);
	cr_assert(alen > 0 && alen == blen && !memcmp(a, b, alen));
	cr_assert(memmem(a, alen, "<svg", 4));
	cr_assert(memmem(a, alen, "VLAN 401", 8));
	free(a);
	free(b);
	topofree(&t);
}

Test(dot, unknown_format_is_reported)
{
	struct topo t;
	char *a;
	size_t alen;
	Agraph_t *g;

	fixturefig1(&t);
	g = dotgraph(&t, 0);
	cr_assert_eq(gvrender(g, "neato", "no-such-format", &a, &alen), RENDER_FORMAT);
	cr_assert_null(a);
	agclose(g);
	topofree(&t);
}

/* The samples, through the whole front end: two compiles, the same graph. */
static char *
samplegraph(const char *file)
{
	struct topo t = { 0 };
	struct options o = { 0 };
	char *s;

	cr_assert_eq(compile(&t, file, &o), EXIT_OK, "%s does not compile", file);
	s = dottext(&t, 1);
	topofree(&t);
	return s;
}

Test(dot, samples_byte_identical_twice)
{
	static const char *const files[] = { "samples/fig1.yaml", "samples/nw.yaml" };
	size_t i;

	for (i = 0; i < LEN(files); i++) {
		char *a = samplegraph(files[i]), *b = samplegraph(files[i]);

		cr_assert_str_eq(a, b, "%s", files[i]);
		cr_assert(strstr(a, "Legend"));
		free(a);
		free(b);
	}
}
