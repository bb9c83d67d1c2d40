/*
 * The Timestamper's captures, told apart by their first bytes: pcap or
 * pcapng (MoonSniff's capture mode; read by libpcap at nanosecond
 * precision) or .mscap (MoonSniff's default output: 12-byte records, a
 * 64-bit timestamp in ns and the 32-bit packet id, little-endian).  A
 * pcap packet's flow is its IPv4 source address and UDP destination port;
 * its id the first 4 payload bytes (hvnet-load.lua writes them in the
 * LoadGen's byte order, little-endian).  A .mscap packet's flow is the
 * entry of the repetition's packet-order table at its id.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <string.h>

#include "diag.h"
#include "hvnetc.h"
#include "results.h"

enum { MSCAP_RECORD = 12, PROBE = 8 };

static int
ispcap(const unsigned char *m)
{
	static const uint32_t magics[] = { 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a };
	uint32_t v = (uint32_t)m[0] << 24 | m[1] << 16 | m[2] << 8 | m[3];
	size_t i;

	for (i = 0; i < LEN(magics); i++)
		if (v == magics[i])
			return 1;
	return 0;
}

static uint64_t
le64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * Does it look like .mscap?  It has no magic number: its first records'
 * timestamps must not decrease and stay below 2^62 ns, which text and
 * most other files fail (any byte from '@' up in a timestamp's top byte).
 */
static int
ismscap(const unsigned char *b, size_t n)
{
	uint64_t prev = 0;
	size_t i;

	if (n < MSCAP_RECORD)
		return 0;
	for (i = 0; i + MSCAP_RECORD <= n; i += MSCAP_RECORD) {
		uint64_t ts = le64(b + i);

		if (ts >> 62 || ts < prev)
			return 0;
		prev = ts;
	}
	return 1;
}

static int
pcapopen(struct capture *c)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_open_offline_with_tstamp_precision(c->path, PCAP_TSTAMP_PRECISION_NANO, err);

	if (!p) {
		syserr("%s: not a readable capture: %s", c->path, err);
		return EXIT_INVALID;
	}
	if (pcap_datalink(p) != DLT_EN10MB) {
		syserr("%s: link type %s, not Ethernet: not a Timestamper capture", c->path,
		    pcap_datalink_val_to_name(pcap_datalink(p)) ? pcap_datalink_val_to_name(pcap_datalink(p)) : "unknown");
		pcap_close(p);
		return EXIT_INVALID;
	}
	c->pcap = p;
	c->kind = CAP_PCAP;
	return EXIT_OK;
}

int
capopen(struct capture *c, const char *path, const struct rplan *p, const uint32_t *order)
{
	unsigned char head[PROBE * MSCAP_RECORD];
	size_t n;

	memset(c, 0, sizeof(*c));
	c->path = path;
	c->plan = p;
	c->order = order;
	if (!(c->f = fopen(path, "rb"))) {
		syserr("cannot open '%s': %s", path, strerror(errno));
		return EXIT_IO;
	}
	n = fread(head, 1, sizeof(head), c->f);
	if (n >= 4 && ispcap(head)) {
		fclose(c->f);
		c->f = NULL;
		return pcapopen(c);
	}
	if (!ismscap(head, n)) {
		syserr("%s: neither a pcap nor a .mscap capture%s", path, n < MSCAP_RECORD ? " (too short)" : "");
		fclose(c->f);
		c->f = NULL;
		return EXIT_INVALID;
	}
	if (!order) {
		syserr("%s: a .mscap capture names no flows: its flows come from loadgen/flows.lua, "
		    "which the output tree lacks", path);
		fclose(c->f);
		c->f = NULL;
		return EXIT_INVALID;
	}
	rewind(c->f);
	c->kind = CAP_MSCAP;
	return EXIT_OK;
}

/* The id unwrapped to 64 bits next to the last one of this capture. */
static uint64_t
unwrap(struct capture *c, uint32_t id)
{
	uint64_t u;
	int32_t d;

	if (!c->started) {
		c->started = 1;
		return c->last = id;
	}
	d = (int32_t)(id - (uint32_t)c->last);
	if (d < 0 && (uint64_t)-(int64_t)d > c->last)
		return id;	/* before the first id: no earlier turn */
	u = c->last + (uint64_t)(int64_t)d;
	if (u >> 32 > c->last >> 32)
		c->wraps++;
	if (u > c->last)
		c->last = u;
	return u;
}

/* Ethernet (one VLAN tag at most), IPv4, UDP, the id: 0, or -1. */
static int
pcapdecode(struct capture *c, const unsigned char *b, size_t len, struct pkt *k)
{
	size_t l3 = 14, l4;
	unsigned type;
	uint32_t src;

	if (len < 14)
		return -1;
	type = (unsigned)b[12] << 8 | b[13];
	if (type == 0x8100 && len >= 18) {
		type = (unsigned)b[16] << 8 | b[17];
		l3 = 18;
	}
	if (type != 0x0800 || len < l3 + 20 || b[l3] >> 4 != 4 || b[l3 + 9] != 17)
		return -1;
	l4 = l3 + (size_t)(b[l3] & 15) * 4;
	if (len < l4 + 12)
		return -1;
	src = (uint32_t)b[l3 + 12] << 24 | (uint32_t)b[l3 + 13] << 16 | (uint32_t)b[l3 + 14] << 8 | b[l3 + 15];
	k->flow = planflow(c->plan, src, (unsigned)b[l4 + 2] << 8 | b[l4 + 3]);
	k->ttl = b[l3 + 8];
	k->id = unwrap(c, le32(b + l4 + 8));
	return 0;
}

static int
pcapnext(struct capture *c, struct pkt *k)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int r;

	for (;;) {
		r = pcap_next_ex(c->pcap, &h, &data);
		if (r == PCAP_ERROR_BREAK)
			return 0;
		if (r != 1) {
			const char *e = pcap_geterr(c->pcap);

			if (strstr(e, "truncated")) {
				c->truncated = 1;
				reswarn("%s: %s: the last packet is left out", c->path, e);
				return 0;
			}
			syserr("%s: %s", c->path, e);
			return -1;
		}
		k->ts = (uint64_t)h->ts.tv_sec * 1000000000u + (uint64_t)h->ts.tv_usec;
		if (pcapdecode(c, data, h->caplen, k) == 0)
			return 1;
		c->notudp++;
	}
}

static int
mscapnext(struct capture *c, struct pkt *k)
{
	unsigned char r[MSCAP_RECORD];
	size_t n = fread(r, 1, sizeof(r), c->f);

	if (n < sizeof(r)) {
		if (ferror(c->f)) {
			syserr("cannot read '%s': %s", c->path, strerror(errno));
			return -1;
		}
		if (n) {
			c->truncated = 1;
			reswarn("%s: the last record has %zu of 12 bytes: left out", c->path, n);
		}
		return 0;
	}
	k->ts = le64(r);
	k->id = unwrap(c, le32(r + 8));
	k->flow = (int)c->order[k->id % c->plan->norder];
	k->ttl = 0;
	return 1;
}

int
capnext(struct capture *c, struct pkt *k)
{
	int r = c->kind == CAP_PCAP ? pcapnext(c, k) : mscapnext(c, k);

	if (r == 1) {
		c->packets++;
		if (k->ts < c->lastts)
			c->backwards++;
		else
			c->lastts = k->ts;
	}
	return r;
}

void
capclose(struct capture *c)
{
	if (c->pcap)
		pcap_close(c->pcap);
	if (c->f)
		fclose(c->f);
	c->pcap = NULL;
	c->f = NULL;
}
