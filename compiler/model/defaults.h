/*
 * The language's built-in defaults (hvnet.yaml(5)): the value a topology
 * gets for a key it leaves out, where no `defaults:` entry gives one.  The
 * front end applies them and the generators ('import', 'random') write or
 * rely on them; nothing else spells these numbers.
 */
#ifndef HVNET_DEFAULTS_H
#define HVNET_DEFAULTS_H

#include "model.h"

/* host */
#define DEF_HOSTNAME "dut"			/* host.name */
#define DEF_VENDOR VENDOR_AMD			/* host.cpu.vendor */
#define DEF_RESERVE (4ull << 30)		/* host.reserve: 4GiB */
#define DEF_HUGEPAGE (1ull << 30)		/* host.hugepages: 1GiB */

/* host.wire and host.loadgen ports */
#define DEF_MAXVFS 64				/* max_vfs: the paper's X710 NVM's TotalVFs */
#define DEF_PORTSPEED 10000000000ull		/* speed: 10Gbit/s */
#define DEF_PEERMAC_INGRESS { 0x02, 0x4c, 0x47, 0, 0, 1 }	/* ingress.peer_mac */
#define DEF_PEERMAC_EGRESS { 0x02, 0x4c, 0x47, 0, 0, 2 }	/* egress.peer_mac */

/* pools */
#define DEF_VLANLO 401				/* pools.vlan: 401-4094 */
#define DEF_VLANHI 4094
#define DEF_LINK4 ((struct net4){ 10u << 24, 16 })		/* pools.link4: 10.0.0.0/16 */
#define DEF_INGRESS4 ((struct net4){ 10u << 24 | 254u << 16, 16 })	/* 10.254.0.0/16 */
#define DEF_EGRESS4 ((struct net4){ 10u << 24 | 255u << 16, 16 })	/* 10.255.0.0/16 */
#define DEF_MAC { 0x02, 0x48, 0x56 }		/* pools.mac: "02:48:56" */

/* defaults.vm, for every node */
#define DEF_VCPUS 1				/* vcpus */
#define DEF_MEMORY (8ull << 30)			/* memory: 8GiB */
#define DEF_IMAGE "/var/lib/hvnet/debian-rt.qcow2"	/* image */

/* defaults.flow and defaults.link, for every flow and link */
#define DEF_FLOWSIZE 363			/* size: IP bytes */
#define DEF_FLOWRATE 1000000ull			/* rate: 1Mbit/s */
#define DEF_RATEMODE RATE_AUTO			/* max_rate: auto */
#define DEF_FLOWPORT 1001			/* port of the flow at index 0; index i: + i */

/* measurement */
#define DEF_DURATION 180			/* duration: 180s */
#define DEF_REPETITIONS 3			/* repetitions */
#define DEF_SEED 1				/* seed */
#define DEF_ORDERTABLE 4096			/* order_table */
#define DEF_ORDERTABLEMAX 1000000		/* order_table_max */
#define DEF_LOADGEN "loadgen"			/* loadgen.host */
#define DEF_LGTX 0				/* loadgen.tx */
#define DEF_LGRX 1				/* loadgen.rx */
#define DEF_TIMESTAMPER "timestamper"		/* timestamper.host */
#define DEF_TSPRE 0				/* timestamper.pre */
#define DEF_TSPOST 1				/* timestamper.post */

#endif
