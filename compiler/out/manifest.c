/*
 * MANIFEST: SHA-256 of every file hvnetc wrote into DIR, in `sha256sum -c`
 * format.  Reading an old one, finding the files edited by hand since, and
 * writing the new one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "out.h"
#include "stage.h"

/* A SHA-256 digest in lowercase hex. */
void
sha256done(struct sha256_ctx *c, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t d[SHA256_DIGEST_SIZE];
	int i;

	sha256_digest(c, sizeof(d), d);
	for (i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = 0;
}

/*
 * SHA-256 in lowercase hex.  Nettle uses the CPU's SHA extensions where
 * there are any (a portable C implementation was a sixth of a large build)
 * and, unlike libcrypto, costs next to nothing at start-up.
 */
static void
sha256hex(const void *p, size_t n, char out[65])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, n, p);
	sha256done(&c, out);
}

static int
readall(const char *path, struct buf *b)
{
	char chunk[65536];
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((r = read(fd, chunk, sizeof(chunk))) > 0)
		bufput(b, chunk, (size_t)r);
	close(fd);
	if (!b->s)
		bufputs(b, "");
	return r < 0 ? -1 : 0;
}

/* Read DIR/MANIFEST; returns 0, or -1 on I/O error (reported). */
int
readmanifest(const char *dir, struct manifest *m)
{
	struct buf path = { 0 }, b = { 0 };
	char *line, *save = NULL;
	int r = 0;

	bufprintf(&path, "%s/MANIFEST", dir);
	if (readall(path.s, &b) < 0) {
		if (errno != ENOENT) {
			syserr("cannot read '%s': %s", path.s, strerror(errno));
			r = -1;
		}
		goto out;
	}
	m->present = 1;
	for (line = strtok_r(b.s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct owned *o;

		if (strlen(line) < 67 || line[64] != ' ' || line[65] != ' ' ||
		    strstr(line + 66, "..") || line[66] == '/') {
			syserr("'%s' is not a MANIFEST written by hvnetc", path.s);
			r = -1;
			goto out;
		}
		m->v = xgrow(m->v, &m->cap, m->n + 1, sizeof(*m->v));
		o = &m->v[m->n++];
		memcpy(o->hash, line, 64);
		o->hash[64] = 0;
		o->path = xstrdup(line + 66);
		o->state = OWN_UNKNOWN;
	}
out:
	buffree(&path);
	buffree(&b);
	return r;
}

void
freemanifest(struct manifest *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->v[i].path);
	free(m->v);
}

int
ownedcmp(const void *a, const void *b)
{
	return strcmp(((const struct owned *)a)->path, ((const struct owned *)b)->path);
}

struct owned *
ownedfind(struct manifest *m, const char *path)
{
	struct owned key = { .path = (char *)path };

	if (!m->n)
		return NULL;
	return bsearch(&key, m->v, m->n, sizeof(*m->v), ownedcmp);
}

/* Whether the file on disk still has the bytes MANIFEST recorded. */
static void
hashstate(const char *dir, struct owned *o)
{
	struct buf path = { 0 }, b = { 0 };
	char h[65];

	bufprintf(&path, "%s/%s", dir, o->path);
	if (readall(path.s, &b) < 0)
		o->state = OWN_MISSING;
	else {
		sha256hex(b.s, b.len, h);
		o->state = strcmp(h, o->hash) ? OWN_EDITED : OWN_SAME;
	}
	buffree(&path);
	buffree(&b);
}

/* Whether dir held an own file (a MANIFEST path starts with "dir/"). */
int
owndir(const struct manifest *m, const char *dir)
{
	size_t lo = 0, hi = m->n, n = strlen(dir);

	while (lo < hi) {	/* the first path not below "dir/" in strcmp order */
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(m->v[mid].path, dir, n);

		if (c < 0 || (c == 0 && (unsigned char)m->v[mid].path[n] < '/'))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->n && !strncmp(m->v[lo].path, dir, n) && m->v[lo].path[n] == '/';
}

/* Refuse to overwrite or drop a file edited by hand since it was written. */
int
checkedits(struct stage *s)
{
	const char *only = s->only;
	int force = s->flags & OUTFORCE;
	size_t i;
	int bad = 0;

	for (i = 0; i < s->m->n; i++) {
		struct owned *o = &s->m->v[i];
		const struct outfile *f = outfind(s->set, o->path);

		if (f ? !listed(f->backend, only) : only != NULL)
			continue;	/* kept as it is */
		hashstate(s->dir, o);
		if (o->state == OWN_EDITED && !force) {
			syserr("'%s/%s' was edited since hvnetc wrote it; "
			    "use --force to overwrite it", s->dir, o->path);
			bad = 1;
		}
		if (!f)
			o->state = OWN_DROPPED;
	}
	return bad ? -1 : 0;
}

/* "HASH  PATH": sha256sum's text mode; no printf, 300,000 lines at 100,000 nodes. */
static void
manifestline(struct buf *b, const char *hash, const char *path)
{
	bufputs(b, hash);
	bufputs(b, "  ");
	bufputs(b, path);
	bufputs(b, "\n");
}

int
writemanifest(struct stage *s)
{
	const char *only = s->only;
	struct outfile mf = { .path = "MANIFEST" };
	size_t i = 0, j = 0;
	int r;

	/* Merge the new set with kept own files, both sorted by path. */
	while (i < s->set->n || j < s->m->n) {
		const struct outfile *f = i < s->set->n ? &s->set->v[i] : NULL;
		const struct owned *o = j < s->m->n ? &s->m->v[j] : NULL;
		int c = !f ? 1 : !o ? -1 : strcmp(f->path, o->path);

		if (c <= 0 && listed(f->backend, only))
			manifestline(&mf.data, f->hash, f->path);
		else if (c >= 0 && o->state != OWN_DROPPED && only)
			manifestline(&mf.data, o->hash, o->path);
		i += c <= 0;
		j += c >= 0;
	}
	if (!mf.data.s)
		bufputs(&mf.data, "");
	r = writefile(s->newdir, &mf);
	buffree(&mf.data);
	return r;
}
