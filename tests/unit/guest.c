/* Backend 'guest' on a hand-resolved Figure 1: tables and rules of network.sh. */
#include <string.h>

#include "backends.h"
#include "fixture.h"
#include "unit.h"

static struct topo t;
static struct outset set;

static void
setup(void)
{
	fixfig1(&t);
	cr_assert(guestemit(&t, &set) == EXIT_OK);
	outsort(&set);
}

static void
teardown(void)
{
	outfree(&set);
	fixfree(&t);
}

static const char *
script(const char *node)
{
	char path[64];
	const struct outfile *f;

	snprintf(path, sizeof(path), "guests/%s/network.sh", node);
	f = outfind(&set, path);
	cr_assert(f, "no %s", path);
	cr_assert(f->exec);
	return f->data.s;
}

TestSuite(guest, .init = setup, .fini = teardown);

Test(guest, two_scripts_per_node)
{
	const struct outfile *f = outfind(&set, "guests/vm2/verify.sh");

	cr_assert_eq(set.n, 6, "network.sh and verify.sh of each of 3 nodes");
	cr_assert(!strncmp(script("vm1"), "#!/bin/sh\n", 10));
	cr_assert(strstr(script("vm3"), "\nset -eu\n"));
	cr_assert(f && f->exec);
	cr_assert(strstr(f->data.s, "\nNODE=vm2\n"));
	cr_assert(strstr(f->data.s, "ip rule show priority 1000 ipproto 17 dport \"$port\" table \"$table\""));
	cr_assert(!strstr(f->data.s, "ip rule add"), "verify.sh changes nothing");
}

Test(guest, interfaces_by_mac)
{
	const char *s = script("vm1");

	cr_assert(strstr(s, "IFACES='ingress 02:48:56:02:00:00 10.254.0.2/30 "
		"10.254.0.1 02:4c:47:00:00:01 -\n"));
	cr_assert(strstr(s, "\negress 02:48:56:03:00:00 10.255.0.2/30 "
		"10.255.0.1 02:4c:47:00:00:02 999\n"));
	cr_assert(strstr(s, "\nlink 02:48:56:00:00:00 10.0.0.1/30 10.0.0.2 "
		"02:48:56:01:00:00 1000\n"));
	cr_assert(strstr(s, "\nlink 02:48:56:00:00:01 10.0.0.5/30 10.0.0.6 "
		"02:48:56:01:00:01 1001\n'"));
	/* vm3 is the second end of links 0 and 2 */
	cr_assert(strstr(script("vm3"), "\nlink 02:48:56:01:00:02 10.0.0.10/30 "
		"10.0.0.9 02:48:56:00:00:02 1002\n'"));
}

Test(guest, rules_in_flow_order)
{
	/* f1 vm2 -> vm1 -> vm3, f2 vm3 -> vm2, f3 vm2 alone */
	cr_assert(strstr(script("vm2"), "RULES='1002 1001\n1003 999\n1004 999\n'"));
	cr_assert(strstr(script("vm1"), "RULES='1001 1000\n1002 1000\n'"));
	cr_assert(strstr(script("vm3"), "RULES='1001 999\n1002 999\n1003 1002\n'"));
}

Test(guest, rules_replaced_not_appended)
{
	const char *s = script("vm1");
	const char *del = strstr(s, "ip rule del priority 1000");
	const char *add = strstr(s, "ip rule add ipproto 17 dport \"$port\" "
		"lookup \"$table\" priority 1000");

	cr_assert(del && add && del < add);
	cr_assert(strstr(s, "ip neigh replace \"$peer\" lladdr \"$peermac\" dev "
		"\"$dev\" nud permanent"));
}
