/*
 * hvnetc import: every dataset file imports and compiles without a
 * warning, and the plan keeps every link, path and rate of the JSON
 * (both read here with libyaml's document loader, independently of
 * import.c); bad JSON gives located errors.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "gen.h"
#include "unit.h"

#include <criterion/parameterized.h>

static void
slurp(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t n;

	cr_assert(f, "cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		bufput(b, chunk, n);
	fclose(f);
}

static void
loaddoc(yaml_document_t *d, const char *s, size_t len)
{
	yaml_parser_t p;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)s, len);
	cr_assert(yaml_parser_load(&p, d), "libyaml: %s", p.problem);
	yaml_parser_delete(&p);
}

/* The value of key in mapping m, or NULL. */
static yaml_node_t *
get(yaml_document_t *d, yaml_node_t *m, const char *key)
{
	yaml_node_pair_t *p;

	cr_assert(m && m->type == YAML_MAPPING_NODE);
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(d, p->key);

		if (k->type == YAML_SCALAR_NODE && !strcmp((char *)k->data.scalar.value, key))
			return yaml_document_get_node(d, p->value);
	}
	return NULL;
}

static yaml_node_t *
item(yaml_document_t *d, yaml_node_t *s, size_t i)
{
	cr_assert(s && s->type == YAML_SEQUENCE_NODE);
	cr_assert(i < (size_t)(s->data.sequence.items.top - s->data.sequence.items.start));
	return yaml_document_get_node(d, s->data.sequence.items.start[i]);
}

static size_t
count(yaml_node_t *s)
{
	cr_assert(s && s->type == YAML_SEQUENCE_NODE);
	return (size_t)(s->data.sequence.items.top - s->data.sequence.items.start);
}

static const char *
str(yaml_document_t *d, yaml_node_t *m, const char *key)
{
	yaml_node_t *v = get(d, m, key);

	cr_assert(v && v->type == YAML_SCALAR_NODE, "no scalar '%s'", key);
	return (const char *)v->data.scalar.value;
}

static double
num(yaml_document_t *d, yaml_node_t *m, const char *key)
{
	return strtod(str(d, m, key), NULL);
}

/* "vm" followed by a server name (an integer node of the JSON). */
static void
vmname(char buf[32], yaml_node_t *server)
{
	snprintf(buf, 32, "vm%s", (char *)server->data.scalar.value);
}

static void
checklinks(yaml_document_t *js, yaml_document_t *pl, const char *file)
{
	yaml_node_t *jl = get(js, yaml_document_get_root_node(js), "link");
	yaml_node_t *pll = get(pl, yaml_document_get_root_node(pl), "links");
	char a[32], b[32];
	size_t i;

	cr_assert_eq(count(jl), count(pll), "%s: link count", file);
	for (i = 0; i < count(jl); i++) {
		yaml_node_t *j = item(js, jl, i), *p = item(pl, pll, i);
		yaml_node_t *ends = get(pl, p, "ends");

		vmname(a, get(js, j, "start"));
		vmname(b, get(js, j, "stop"));
		cr_assert_str_eq((char *)item(pl, ends, 0)->data.scalar.value, a, "%s link %zu", file, i);
		cr_assert_str_eq((char *)item(pl, ends, 1)->data.scalar.value, b, "%s link %zu", file, i);
		cr_assert_eq(strtoull(str(pl, p, "max_rate"), NULL, 10),
		    (unsigned long long)llround(num(js, j, "rate") * 1e6), "%s link %zu rate", file, i);
	}
}

static void
checkflows(yaml_document_t *js, yaml_document_t *pl, const char *file)
{
	yaml_node_t *jf = get(js, yaml_document_get_root_node(js), "flow");
	yaml_node_t *pf = get(pl, yaml_document_get_root_node(pl), "flows");
	char name[32];
	size_t i, k;

	cr_assert_eq(count(jf), count(pf), "%s: flow count", file);
	for (i = 0; i < count(jf); i++) {
		yaml_node_t *j = item(js, jf, i), *p = item(pl, pf, i);
		yaml_node_t *hops = get(js, j, "hops"), *path = get(pl, p, "path");

		cr_assert_str_eq(str(pl, p, "name"), str(js, j, "name"));
		cr_assert_eq(count(hops), count(path), "%s flow %zu: path length", file, i);
		for (k = 0; k < count(hops); k++) {
			vmname(name, item(js, hops, k));
			cr_assert_str_eq((char *)item(pl, path, k)->data.scalar.value, name,
			    "%s flow %zu hop %zu", file, i, k);
		}
		vmname(name, get(js, j, "source"));
		cr_assert_str_eq(str(pl, p, "from"), name);
		vmname(name, get(js, j, "destination"));
		cr_assert_str_eq(str(pl, p, "to"), name);
		cr_assert_eq(strtoull(str(pl, p, "rate"), NULL, 10),
		    (unsigned long long)llround(num(js, j, "rate") * 1e3), "%s flow %zu rate", file, i);
		cr_assert_eq(atol(str(pl, p, "port")), 1001 + atol(str(js, j, "name") + 1));
		cr_assert_eq(atol(str(pl, p, "size")), 363);
	}
}

static void
checknodes(yaml_document_t *js, yaml_document_t *pl, const char *file)
{
	yaml_node_t *jsv = get(js, yaml_document_get_root_node(js), "server");
	yaml_node_t *pn = get(pl, yaml_document_get_root_node(pl), "nodes");
	char name[32];
	size_t i;

	cr_assert_eq((size_t)(pn->data.mapping.pairs.top - pn->data.mapping.pairs.start),
	    count(jsv), "%s: node count", file);
	for (i = 0; i < count(jsv); i++) {
		yaml_node_t *s = item(js, jsv, i), *n, *mem = get(js, s, "memory");
		unsigned long long want = mem ? (strtoull((char *)mem->data.scalar.value,
		    NULL, 10) + 1023) / 1024 << 30 : GENVMMEM;

		vmname(name, get(js, s, "name"));
		cr_assert((n = get(pl, pn, name)), "%s: no node %s", file, name);
		cr_assert_str_eq(str(pl, n, "vcpus"), str(js, s, "cpu"));
		cr_assert_eq(strtoull(str(pl, n, "memory"), NULL, 10), want);
	}
}

static void
importone(int k)
{
	char path[64], name[32], *log = NULL;
	struct buf json = { 0 }, yaml = { 0 };
	struct topo t = { 0 };
	struct options o = { 0 };
	struct outset set = { 0 };
	const struct outfile *plan;
	yaml_document_t js, pl;
	size_t loglen = 0;
	int r;

	snprintf(path, sizeof(path), "tests/dataset/nw-%d.json", k);
	snprintf(name, sizeof(name), "nw-%d.yaml", k);
	slurp(path, &json);
	diagout = open_memstream(&log, &loglen);
	cr_assert_eq(importmem(path, json.s, json.len, &yaml), EXIT_OK);
	r = compilemem(&t, name, yaml.s, yaml.len, &o);
	fflush(diagout);
	cr_assert_eq(r, EXIT_OK, "%s: %s", name, log);
	cr_assert_eq(diagwarnings(), 0, "%s: warnings: %s", name, log);
	cr_assert_eq(emit(&t, &set, "plan"), EXIT_OK);
	cr_assert((plan = outfind(&set, "plan.yaml")));
	loaddoc(&js, json.s, json.len);
	loaddoc(&pl, plan->data.s, plan->data.len);
	checklinks(&js, &pl, path);
	checkflows(&js, &pl, path);
	checknodes(&js, &pl, path);
	yaml_document_delete(&js);
	yaml_document_delete(&pl);
	outfree(&set);
	topofree(&t);
	fclose(diagout);
	diagout = NULL;
	free(log);
	buffree(&json);
	buffree(&yaml);
}

ParameterizedTestParameters(imports, dataset)
{
	static int files[20];
	size_t i;

	for (i = 0; i < LEN(files); i++)
		files[i] = (int)i;
	return cr_make_param_array(int, files, LEN(files));
}

ParameterizedTest(int *k, imports, dataset)
{
	importone(*k);
}

Test(imports, deterministic)
{
	struct buf json = { 0 }, a = { 0 }, b = { 0 };

	slurp("tests/dataset/nw-8.json", &json);
	cr_assert_eq(importmem("nw-8.json", json.s, json.len, &a), EXIT_OK);
	cr_assert_eq(importmem("nw-8.json", json.s, json.len, &b), EXIT_OK);
	cr_assert(a.len == b.len && !memcmp(a.s, b.s, a.len));
	cr_assert(strstr(a.s, "\nname: nw-8\n"));
	cr_assert(strstr(a.s, "max_rate: 593.75Mbit/s"));
	afreeall();
	buffree(&json);
	buffree(&a);
	buffree(&b);
}

/* Import text; the diagnostics must contain want; nothing is written. */
static void
bad(const char *text, const char *want)
{
	struct buf out = { 0 };
	char *log = NULL;
	size_t loglen = 0;
	int r;

	diagout = open_memstream(&log, &loglen);
	r = importmem("bad.json", text, strlen(text), &out);
	fclose(diagout);
	diagout = NULL;
	cr_assert_eq(r, EXIT_INVALID, "for %s", text);
	cr_assert_eq(out.len, 0);
	cr_assert(strstr(log, want), "want '%s', got '%s'", want, log);
	free(log);
	diagreset();
	afreeall();
}

#define SERVERS "{\"server\": [{\"name\": 1, \"cpu\": 2}, {\"name\": 2, \"cpu\": 2}],\n"
#define LINK "\"link\": [{\"start\": 1, \"stop\": 2, \"rate\": 950}],\n"

Test(imports, located_errors)
{
	bad("", "bad.json:1:1: error: empty input");
	bad("{\"server\": [\n  {\"name\": 1,,}]}", "bad.json:2:14: error: invalid YAML");
	bad("{\"server\": [\xff]}", "bad.json:1:13: error: input is not valid UTF-8");
	bad(SERVERS "\"link\": [{\"start\": 1, \"stop\": 3, \"rate\": 950}], \"flow\": []}",
	    "bad.json:2:31: error: link: unknown server 3");
	bad(SERVERS LINK "\"flow\": [{\"name\": \"f0\", \"source\": 1, \"destination\": 2,"
	    " \"rate\": \"fast\", \"hops\": [1, 2]}]}",
	    "bad.json:3:64: error: 'rate' must be a positive number (kbit/s)");
	bad(SERVERS LINK "\"flow\": [{\"name\": \"f0\", \"source\": 1, \"destination\": 1,"
	    " \"rate\": 1000, \"hops\": [1, 1]}]}",
	    "bad.json:3:82: error: flow 'f0': hops go from server 1 to server 1");
	bad(SERVERS LINK "\"flow\": [{\"name\": \"f0\", \"source\": 2, \"destination\": 2,"
	    " \"rate\": 1000, \"hops\": [1, 2]}]}",
	    "bad.json:3:79: error: flow 'f0': hops must start at the flow's source");
	bad(SERVERS LINK "\"flow\": [], \"servers\": []}",
	    "bad.json:3:13: error: unknown key 'servers' in the dataset file; did you mean 'server'?");
	bad("{\"server\": [{\"name\": 1, \"cpu\": 0}], \"link\": [], \"flow\": []}",
	    "bad.json:1:32: error: 'cpu' must be an integer from 1 to 1024");
	bad("{\"server\": [{\"name\": 1}, {\"name\": 1}], \"link\": [], \"flow\": []}",
	    "bad.json:1:35: error: duplicate server name '1'");
	bad("{\"server\": [], \"link\": []}", "bad.json:1:1: error: missing required key 'flow'");
	bad("{\"server\": &a [], \"link\": *a, \"flow\": []}", "bad.json:1:12: error: YAML anchors");
	bad(SERVERS LINK "\"flow\": [{\"name\": \"F 0\", \"source\": 1, \"destination\": 2,"
	    " \"rate\": 1000}]}", "bad.json:3:19: error: invalid flow name 'F 0'");
	bad("[1, 2]", "bad.json:1:1: error: 'the dataset file' must be an object");
	bad("{\"server\": 1, \"link\": [], \"flow\": []}", "bad.json:1:12: error: 'server' must be a list");
	bad("{\"a\": 1}\n---\n{}", "bad.json:2:1: error: more than one document");
	/* The front end's YAML reader: its checks and locations, import's messages. */
	bad("{\"server\": &a [], \"link\": *a, \"flow\": []}", "bad.json:1:27: error: YAML anchors");
	bad("{\"server\": [\"a\\u0000b\"], \"link\": [], \"flow\": []}",
	    "bad.json:1:13: error: 'a': a NUL character is not allowed");
	bad("{\"server\": [\n  {\"name\": 1,,}]}", "bad.json:2:14: note: while parsing a flow node");
	bad("{\"server\": [{\"name\": 1,\n \"x\": \"\xc3\"}]}",
	    "bad.json:2:8: error: input is not valid UTF-8 text: invalid trailing");
	bad("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]"
	    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "bad.json:1:65: error: nesting deeper");
}

Test(imports, rates_exact)
{
	char buf[32];

	cr_assert_str_eq(fmtratelang(buf, 791666667), "791.666667Mbit/s");
	cr_assert_str_eq(fmtratelang(buf, 500000000), "500Mbit/s");
	cr_assert_str_eq(fmtratelang(buf, 10000000000ull), "10Gbit/s");
	cr_assert_str_eq(fmtratelang(buf, 55490000), "55.49Mbit/s");
	cr_assert_str_eq(fmtratelang(buf, 999999), "999.999kbit/s");
	cr_assert_str_eq(fmtratelang(buf, 678), "0.678kbit/s");
	cr_assert_str_eq(fmtratelang(buf, 1500000000), "1500Mbit/s");
	cr_assert_eq(autorate(DEF_PORTSPEED, 20), 475000000);
	cr_assert_eq(autorate(DEF_PORTSPEED, 12), 791000000);
	cr_assert_eq(autorate(DEF_PORTSPEED, 10000), 0);
}
