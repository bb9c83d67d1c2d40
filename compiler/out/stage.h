/* Private to outset.c and manifest.c: the staging of one build. */
#ifndef STAGE_H
#define STAGE_H

#include <limits.h>
#include <signal.h>
#include <sys/types.h>

#include <nettle/sha2.h>

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

/* The staging of one build, from outbegin() to outend(). */
struct stage {
	char dir[PATH_MAX];	/* DIR, trailing slashes off, links followed */
	char parent[PATH_MAX];	/* DIR's parent directory */
	char tmpname[NAME_MAX + 1];	/* the temporary directory, beside DIR */
	const char *base;	/* DIR's last component */
	int pfd;		/* fd of DIR's parent */
	int olddir;		/* fd of DIR, or -1 */
	int newdir;		/* fd of the temporary directory */
	int flags;		/* OUTFORCE, OUTSYNC */
	const char *only;	/* backends rewritten, NULL = all */
	struct manifest *m, mstore;
	struct outset *set;
	sigset_t sigs, old;	/* the signals held; the mask before */
	size_t cur;		/* index + 1 of the file being written, or 0 */
	int fd;			/* its descriptor, or -1 (a file --only keeps) */
	struct sha256_ctx sha;	/* its hash so far */
	int interrupted;	/* a held signal arrived */
};

/* manifest.c */
void sha256done(struct sha256_ctx *c, char out[65]);	/* digest in hex */
int readmanifest(const char *dir, struct manifest *m);	/* 0, or -1 (reported) */
void freemanifest(struct manifest *m);
int ownedcmp(const void *a, const void *b);		/* by path, for qsort */
struct owned *ownedfind(struct manifest *m, const char *path);
int owndir(const struct manifest *m, const char *dir);	/* held own files */
int checkedits(struct stage *s);	/* -1 if a file to rewrite was edited */
int writemanifest(struct stage *s);	/* the new MANIFEST; -1 on error */
/* outset.c */
int writefile(int dfd, const struct outfile *f);	/* 0, or -1 with errno */

#endif
