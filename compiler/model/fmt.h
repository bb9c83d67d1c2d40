/*
 * One formatter for each kind of value the model holds, as the reader of
 * the text expects it: the topology language, the kernel, or a person.
 * Each writes into the caller's buffer and returns it.
 */
#ifndef HVNET_FMT_H
#define HVNET_FMT_H

#include <stdint.h>

#include "model.h"
#include "util.h"

char *fmtmac(char buf[18], const uint8_t mac[6]);	/* 02:48:56:00:00:01 */
char *fmtip(char buf[16], uint32_t addr);		/* 10.0.0.1 */
char *fmtnet(char buf[19], struct net4 n);		/* 10.0.0.0/30 */
char *fmtpci(char buf[13], struct pciaddr a);		/* 0000:41:02.0 */
/* Kernel cpulist syntax, e.g. "1-3,8"; appends to b. */
void fmtcpus(struct buf *b, const struct cpulist *c);
/* A size as the language writes it: 8GiB, 2MiB, 1234B. */
char *fmtsize(char buf[32], uint64_t bytes);
/* A size for people: "8 GiB" when whole GiB, else "512 MiB" (rounded down). */
char *fmtbytes(char buf[32], uint64_t bytes);
/* A page size as the kernel's hugepagesz= takes it: 1G, 2M, 64K. */
char *fmtpagesize(char buf[32], uint64_t bytes);
/* A rate as the language writes it, exactly: 10Gbit/s, 791.666667Mbit/s. */
char *fmtratelang(char buf[32], uint64_t bps);
/* A rate in a diagnostic, exact to the bit/s: "94 Mbit/s", "791.500000 Mbit/s". */
char *fmtrate(char buf[32], uint64_t bps);
/* A rate for a label, in its largest exact unit: "10 Gbit/s", "500 kbit/s". */
char *fmtrateunit(char buf[32], uint64_t bps);

#endif
