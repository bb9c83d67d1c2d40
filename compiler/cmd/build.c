/* The compiler's own commands: build, check and plan (hvnetc(1)). */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "hvnetc.h"

#define WORLDHELP \
	"  --world WORLD       every node and link as in WORLD: hvnet (VMs, SR-IOV),\n" \
	"                      mininet (namespaces, veth), vm-veth, netns-sriov\n"

/* Keys of the long options; short options are their own character. */
enum { K_FORCE = OPT_OWN, K_ONLY, K_YAML, K_SYNC };

/* What the compiling commands' command lines say. */
struct cargs {
	struct options o;
	const char *out, *only;
	int yaml, sync;
};

static int
cset(void *ctx, int key, const char *v)
{
	struct cargs *a = ctx;

	if (compileopt(&a->o, key, v))
		return 0;
	switch (key) {
	case 'o': a->out = v; break;
	case K_FORCE: a->o.force = 1; break;
	case K_ONLY: a->only = v; break;
	case K_YAML: a->yaml = 1; break;
	case K_SYNC: a->sync = 1; break;
	}
	return 0;
}

static const struct opt buildopts[] = {
	{ "o", 1, 'o' }, { "only", 1, K_ONLY }, { "allow-overcommit", 0, OPT_OVERCOMMIT },
	{ "force", 0, K_FORCE }, { "sync", 0, K_SYNC }, { "pci-dump", 1, OPT_PCIDUMP },
	{ "world", 1, OPT_WORLD }, { NULL, 0, 0 },
};

static const struct cmdargs buildargs = {
	"build",
	"usage: hvnetc build FILE -o DIR [--only BACKEND,...] [--allow-overcommit] [--force] [--sync] [--pci-dump FILE]\n"
	"                   [--world WORLD]\n",
	"Compile FILE ('-' for standard input) and write every artifact into DIR.\n"
	"  -o DIR              the output directory (created; replaced atomically)\n"
	"  --only LIST         rewrite only these backends' files, keep the rest:\n"
	"                      plan libvirt kernel sriov netns mininet guest moongen dot ansible pos\n"
	"  --allow-overcommit  exhausted value spaces warn and wrap (plan only; not deployable)\n"
	"  --force             write into a non-empty foreign DIR, overwrite hand-edited files\n"
	"  --sync              flush the new tree to disk before it replaces DIR\n"
	"  --pci-dump FILE     take vf_offset, vf_stride, TotalVFs from an 'lspci -xxxx' dump\n"
	WORLDHELP,
	buildopts,
};

/* Every node a VM or a namespace, every link SR-IOV or veth. */
int
checkworld(const struct cmdargs *c, const char *name, const struct world **w)
{
	int i;

	*w = NULL;
	if (!name)
		return EXIT_OK;
	if ((i = worldindex(name)) < 0)
		return argusage(c, "unknown world '%s' (worlds: hvnet mininet vm-veth netns-sriov)",
		    name);
	*w = &worlds[i];
	return EXIT_OK;
}

/* --only's list names backends, at least one. */
static int
checkonly(const char *only)
{
	const char *p;
	size_t i;

	if (!*only)
		return argusage(&buildargs, "--only needs at least one backend");
	for (p = only; *p; p += strcspn(p, ","), p += *p == ',') {
		size_t n = strcspn(p, ",");

		for (i = 0; i < nbackends; i++)
			if (strlen(backends[i].name) == n && !strncmp(backends[i].name, p, n))
				break;
		if (i == nbackends)
			return argusage(&buildargs, "unknown backend '%.*s' in --only (backends: "
			    "plan libvirt kernel sriov netns mininet guest moongen dot ansible pos)", (int)n, p);
	}
	return EXIT_OK;
}

int
cmdbuild(int argc, char **argv)
{
	struct cargs a = { 0 };
	char **files;
	int nfiles, r = argparse(&buildargs, argc, argv, cset, &a, &nfiles, &files);

	if (r)
		return r < 0 ? EXIT_OK : r;
	if (nfiles != 1)
		return argusage(&buildargs, "expected exactly one FILE");
	if (!a.out)
		return argusage(&buildargs, "-o DIR is required");
	if (a.only && (r = checkonly(a.only)))
		return r;
	if ((r = checkworld(&buildargs, a.o.worldname, &a.o.world)))
		return r;
	return build(files[0], a.out, a.only, (a.o.force ? OUTFORCE : 0) |
	    (a.sync ? OUTSYNC : 0), &a.o);
}

static const struct opt checkopts[] = {
	{ "allow-overcommit", 0, OPT_OVERCOMMIT }, { "pci-dump", 1, OPT_PCIDUMP },
	{ "world", 1, OPT_WORLD }, { NULL, 0, 0 },
};

static const struct cmdargs checkargs = {
	"check",
	"usage: hvnetc check FILE... [--allow-overcommit] [--pci-dump FILE] [--world WORLD]\n",
	"Validate each FILE ('-' for standard input) and resolve it as 'build' would;\n"
	"write nothing, report every problem on standard error.\n"
	"  --allow-overcommit  exhausted value spaces warn and wrap instead of failing\n"
	"  --pci-dump FILE     take vf_offset, vf_stride, TotalVFs from an 'lspci -xxxx' dump\n"
	WORLDHELP
	"Exit status 0 when every file is valid, 1 when one is not.\n",
	checkopts,
};

int
cmdcheck(int argc, char **argv)
{
	struct cargs a = { 0 };
	char **files;
	int i, nfiles, worst = EXIT_OK, r = argparse(&checkargs, argc, argv, cset, &a,
	    &nfiles, &files);

	if (r)
		return r < 0 ? EXIT_OK : r;
	if (nfiles < 1)
		return argusage(&checkargs, "expected at least one FILE");
	if ((r = checkworld(&checkargs, a.o.worldname, &a.o.world)))
		return r;
	for (i = 0; i < nfiles; i++) {
		struct topo t = { 0 };

		r = compile(&t, files[i], &a.o);
		topofree(&t);
		if (r > worst && worst != EXIT_IO)
			worst = r;
	}
	return worst;
}

static const struct opt planopts[] = {
	{ "yaml", 0, K_YAML }, { "allow-overcommit", 0, OPT_OVERCOMMIT },
	{ "pci-dump", 1, OPT_PCIDUMP }, { "world", 1, OPT_WORLD }, { NULL, 0, 0 },
};

static const struct cmdargs planargs = {
	"plan",
	"usage: hvnetc plan FILE [--yaml] [--allow-overcommit] [--pci-dump FILE] [--world WORLD]\n",
	"Print the resolved allocation: a table with each link's load against its\n"
	"limit, or with --yaml the plan.yaml that 'build' writes.\n"
	"  --yaml              print plan.yaml instead of the table\n"
	"  --allow-overcommit  exhausted value spaces warn and wrap instead of failing\n"
	"  --pci-dump FILE     take vf_offset, vf_stride, TotalVFs from an 'lspci -xxxx' dump\n"
	WORLDHELP,
	planopts,
};

int
cmdplan(int argc, char **argv)
{
	struct topo t = { 0 };
	struct outset set = { 0 };
	struct buf text = { 0 };
	struct cargs a = { 0 };
	char **files;
	int nfiles, r = argparse(&planargs, argc, argv, cset, &a, &nfiles, &files);

	if (r)
		return r < 0 ? EXIT_OK : r;
	if (nfiles != 1)
		return argusage(&planargs, "expected exactly one FILE");
	if ((r = checkworld(&planargs, a.o.worldname, &a.o.world)))
		return r;
	r = compile(&t, files[0], &a.o);
	if (r == EXIT_OK && a.yaml)
		r = emit(&t, &set, "plan");
	if (r == EXIT_OK && a.yaml)
		r = putout(&set.v[0].data);
	else if (r == EXIT_OK) {
		plantable(&t, &text);
		r = putout(&text);
	}
	buffree(&text);
	outfree(&set);
	topofree(&t);
	return r;
}
