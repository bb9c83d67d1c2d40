/* Rules between entries; names to pointers.  Not written yet. */
#include "diag.h"
#include "hvnetc.h"

void
check(struct topo *t)
{
	(void)t;
}
