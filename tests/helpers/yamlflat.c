/*
 * yamlflat: print every scalar of a YAML file as `path=value`, one a line,
 * the path's parts joined by dots (mapping keys, 0-based sequence indices):
 * plan.yaml's `nodes: { vm1: { interfaces: [ { mac: ... } ] } }` becomes
 * `nodes.vm1.interfaces.0.mac=...`.  For the shell tests (tests/ext/).
 */
#include <stdio.h>
#include <string.h>

#include <yaml.h>

#define MAXDEPTH 64

/* One open collection: its kind, the next index or pending key. */
struct level {
	int seq;		/* sequence, else mapping */
	long index;
	int haskey;
	char key[256];
};

static struct level stack[MAXDEPTH];
static int depth;

static void
printpath(void)
{
	int i;

	for (i = 0; i < depth; i++) {
		if (i)
			putchar('.');
		if (stack[i].seq)
			printf("%ld", stack[i].index);
		else
			fputs(stack[i].key, stdout);
	}
}

/* A value arrived at the current level: advance it. */
static void
advance(void)
{
	if (!depth)
		return;
	if (stack[depth - 1].seq)
		stack[depth - 1].index++;
	else
		stack[depth - 1].haskey = 0;
}

/* A mapping at the top wants a key; returns 1 when value is that key. */
static int
takekey(const char *value)
{
	struct level *l;

	if (!depth || stack[depth - 1].seq || stack[depth - 1].haskey)
		return 0;
	l = &stack[depth - 1];
	snprintf(l->key, sizeof(l->key), "%s", value);
	l->haskey = 1;
	return 1;
}

static int
push(int seq)
{
	if (depth == MAXDEPTH)
		return -1;
	memset(&stack[depth], 0, sizeof(stack[depth]));
	stack[depth++].seq = seq;
	return 0;
}

static int
event(yaml_event_t *e)
{
	const char *v;

	switch (e->type) {
	case YAML_SCALAR_EVENT:
		v = (const char *)e->data.scalar.value;
		if (takekey(v))
			return 0;
		printpath();
		printf("=%s\n", v);
		advance();
		return 0;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return push(e->type == YAML_SEQUENCE_START_EVENT);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		depth--;
		advance();
		return 0;
	default:
		return 0;
	}
}

int
main(int argc, char **argv)
{
	yaml_parser_t p;
	yaml_event_t e;
	FILE *f;
	int done = 0, r = 0;

	if (argc != 2 || !(f = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: yamlflat FILE.yaml\n");
		return 2;
	}
	yaml_parser_initialize(&p);
	yaml_parser_set_input_file(&p, f);
	while (!done && !r) {
		if (!yaml_parser_parse(&p, &e)) {
			fprintf(stderr, "yamlflat: %s: %s\n", argv[1], p.problem);
			r = 1;
			break;
		}
		done = e.type == YAML_STREAM_END_EVENT;
		if (event(&e) < 0) {
			fprintf(stderr, "yamlflat: %s: nested too deeply\n", argv[1]);
			r = 1;
		}
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&p);
	fclose(f);
	return r;
}
