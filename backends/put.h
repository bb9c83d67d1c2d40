/* Appending numbers and addresses to a buffer, as printf would, without printf. */
#ifndef HVNET_PUT_H
#define HVNET_PUT_H

#include "hvnetc.h"

/* v in decimal ("%llu"). */
void putnum(struct buf *b, unsigned long long v);
/* v in decimal with its sign ("%lld"). */
void putint(struct buf *b, long long v);
/* A MAC address, as fmtmac writes it. */
void putmac(struct buf *b, const uint8_t mac[6]);
/* An IPv4 address, as fmtip writes it. */
void putip(struct buf *b, uint32_t addr);
/* An IPv4 network a.b.c.d/p, as fmtnet writes it. */
void putnet(struct buf *b, struct net4 n);
/* A PCI address dddd:bb:dd.f, as fmtpci writes it. */
void putpci(struct buf *b, struct pciaddr a);

#endif
