/*
 * Output is a value: backends append files to a set and never touch the
 * disk.  Alone, a set keeps every file in memory (tests, `plan --yaml`);
 * with a sink (out/stage.c), each file goes to it as it is made, the sink
 * keeps only its path and hash, and a large file drains in parts.
 */
#ifndef HVNET_OUTSET_H
#define HVNET_OUTSET_H

#include "util.h"

/* One file of output. */
struct outfile {
	char *path;		/* relative to DIR, no "./" */
	struct buf data;	/* its bytes (with a sink: those not yet written) */
	int exec;		/* mode 0755 rather than 0644 */
	const char *backend;
	unsigned char sha[32];	/* with a sink: its SHA-256 once written */
};

struct outset;

/* Where a set's files go as they are made. */
struct outsink {
	void (*open)(struct outset *set, struct outfile *f);	/* f was added */
	void (*close)(struct outset *set, struct outfile *f);	/* f is complete */
	void (*drain)(void *set, struct buf *b);	/* the current file's bytes so far */
};

struct outset {
	struct outfile *v;
	size_t n, cap;
	const char *backend;	/* the backend now emitting */
	size_t cur;		/* index + 1 of the file being made, or 0 */
	const struct outsink *sink;	/* NULL: everything stays in memory */
	void *stage;		/* the sink's state */
	int failed;		/* the sink failed or was interrupted (reported) */
};

/* A new file in set; fill the returned buffer. */
struct buf *outnew(struct outset *set, int exec, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The file being made is complete (outnew() calls it for the last one). */
void outclose(struct outset *set);
/* Sort by path; then MANIFEST's order is the set's. */
void outsort(struct outset *set);
/* The file at path in a sorted set, or NULL. */
const struct outfile *outfind(const struct outset *set, const char *path);
void outfree(struct outset *set);

#endif
