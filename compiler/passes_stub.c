#include "hvnetc.h"
void vlanalloc(struct topo *t) { (void)t; }
void ifacealloc(struct topo *t) { (void)t; }
void corealloc(struct topo *t) { (void)t; }
void pathalloc(struct topo *t) { (void)t; }
void portalloc(struct topo *t) { (void)t; }
void routealloc(struct topo *t) { (void)t; }
void loadcheck(struct topo *t) { (void)t; }
void orderalloc(struct topo *t) { (void)t; }
void uuidalloc(struct topo *t) { (void)t; }
