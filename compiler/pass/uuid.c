/* Domain UUIDs: name-based, so a node keeps its UUID from build to build. */
#include <uuid/uuid.h>

#include "pass.h"

void
uuidalloc(struct topo *t)
{
	uuid_t ns;
	size_t i;
	struct buf name = { 0 };

	/* RFC 4122 version 5 in the URL namespace, name "hvnet:TOPO/HOST/NODE". */
	uuid_parse("6ba7b811-9dad-11d1-80b4-00c04fd430c8", ns);
	for (i = 0; i < t->nnodes; i++) {
		name.len = 0;
		bufprintf(&name, "hvnet:%s/%s/%s", t->name, t->host.name, t->nodes[i].name);
		uuid_generate_sha1(t->nodes[i].uuid, ns, name.s, name.len);
	}
	buffree(&name);
}
