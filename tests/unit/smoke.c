#include "unit.h"

Test(util, vfaddr_bus_carry)
{
	struct pciaddr pf = { 0, 0x41, 0, 0 }, a;
	int of;

	a = vfaddr(pf, 16, 1, 0, &of);
	cr_assert(a.bus == 0x41 && a.dev == 2 && a.fn == 0 && !of);
	a = vfaddr(pf, 16, 1, 240, &of);	/* 0x4100 + 256 -> next bus */
	cr_assert(a.bus == 0x42 && a.dev == 0 && a.fn == 0 && !of);
}
