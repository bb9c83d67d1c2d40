/*
 * MANIFEST (hvnetc(1), FILES): the SHA-256 of every file hvnetc wrote into
 * DIR, in `sha256sum -c` format.  Plain data: reading and parsing an old
 * one, hashing what is on disk, formatting a new one.
 */
#ifndef HVNET_MANIFEST_H
#define HVNET_MANIFEST_H

#include <stddef.h>

#include <nettle/sha2.h>

#include "outset.h"

/* The largest MANIFEST read (300,000 lines of about 100 bytes fit easily). */
#define MAXMANIFEST (256u << 20)

/* What became of a file an existing MANIFEST lists. */
enum ownstate { OWN_UNKNOWN, OWN_SAME, OWN_EDITED, OWN_MISSING, OWN_DROPPED };

/* An entry of an existing MANIFEST. */
struct owned {
	char hash[65];
	char *path;
	enum ownstate state;
};

/* DIR/MANIFEST as read, sorted by path. */
struct manifest {
	struct owned *v;
	size_t n, cap;
	int present;
};

/* A SHA-256 digest in lowercase hex; the digest of c so. */
void sha256hex(const unsigned char d[32], char out[65]);
void sha256done(struct sha256_ctx *c, char out[65]);
/* Read and parse dir's MANIFEST (dfd: dir opened), sorted by path; 0, or
 * -1 when it is unreadable, not a regular file, too large or malformed
 * (reported, naming it: name is dir as the user gave it). */
int manifestread(int dfd, const char *name, struct manifest *m);
void manifestfree(struct manifest *m);
/* The entry of path, or NULL. */
struct owned *ownedfind(const struct manifest *m, const char *path);
/* Whether dir held an own file (a MANIFEST path starts with "dir/"). */
int owndir(const struct manifest *m, const char *dir);
/* Set o's state from the file on disk (dfd: DIR): the same bytes, edited
 * (or no longer a regular file), or missing. */
void ownedstate(int dfd, struct owned *o);
/* The new MANIFEST into b: set's files whose backend is listed in only, and
 * with --only (only not NULL) the own files m keeps; both sorted. */
void manifestformat(const struct outset *set, const struct manifest *m, const char *only,
	struct buf *b);

#endif
