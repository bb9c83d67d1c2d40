/* MANIFEST: reading, checking and writing (manifest.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "manifest.h"

void
sha256hex(const unsigned char d[32], char out[65])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = 0;
}

void
sha256done(struct sha256_ctx *c, char out[65])
{
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_digest(c, sizeof(d), d);
	sha256hex(d, out);
}

/*
 * Open path (in dfd) for reading if it is a regular file, never following
 * a link and never blocking on a FIFO; its size in *size.  The descriptor,
 * or -1 with errno (EINVAL: not a regular file).
 */
static int
openregular(int dfd, const char *path, off_t *size)
{
	struct stat st;
	int fd = openat(dfd, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int e = fstat(fd, &st) < 0 ? errno : EINVAL;

		close(fd);
		errno = e;
		return -1;
	}
	*size = st.st_size;
	return fd;
}

/* Read at most size bytes of fd into b; 0, or -1 with errno. */
static int
readbounded(int fd, off_t size, struct buf *b)
{
	char *p = bufroom(b, (size_t)size);
	size_t got = 0;

	while (got < (size_t)size) {
		ssize_t r = read(fd, p + got, (size_t)size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	b->len += got;
	b->s[b->len] = 0;
	return 0;
}

static int
ishex64(const char *s)
{
	int i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* Whether a line is "HASH  PATH" as hvnetc writes it. */
static int
goodline(const char *line, size_t n)
{
	const char *path = line + 66;

	return n >= 67 && ishex64(line) && line[64] == ' ' && line[65] == ' ' &&
	    path[0] != '/' && !strstr(path, "..") && !memchr(line, '\r', n);
}

static int
ownedcmp(const void *a, const void *b)
{
	return strcmp(((const struct owned *)a)->path, ((const struct owned *)b)->path);
}

/* Parse b's lines into m; the 1-based number of the first bad one, or 0. */
static size_t
parse(struct buf *b, struct manifest *m)
{
	char *line = b->s, *end = b->s + b->len, *nul = memchr(b->s, 0, b->len);
	size_t no = 0;

	if (nul) {	/* a NUL byte: not text */
		for (no = 1; line < nul; line++)
			no += *line == '\n';
		return no;
	}
	while (line < end) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = nl ? (size_t)(nl - line) : (size_t)(end - line);
		struct owned *o;

		no++;
		if (!nl || !goodline(line, n))
			return no;
		line[n] = 0;
		m->v = xgrow(m->v, &m->cap, m->n + 1, sizeof(*m->v));
		o = &m->v[m->n++];
		memcpy(o->hash, line, 64);
		o->hash[64] = 0;
		o->path = xstrdup(line + 66);
		o->state = OWN_UNKNOWN;
		line = nl + 1;
	}
	return 0;
}

int
manifestread(int dfd, const char *name, struct manifest *m)
{
	struct buf b = { 0 };
	off_t size = 0;
	size_t bad;
	int fd = openregular(dfd, "MANIFEST", &size), r = -1;

	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0 && (errno == EINVAL || errno == ELOOP))
		syserr("'%s/MANIFEST' is not a regular file: not a MANIFEST hvnetc wrote", name);
	else if (fd < 0)
		syserr("cannot read '%s/MANIFEST': %s", name, strerror(errno));
	else if ((uint64_t)size > MAXMANIFEST)
		syserr("'%s/MANIFEST' is larger than %u MiB: not a MANIFEST hvnetc wrote", name,
		    MAXMANIFEST >> 20);
	else if (readbounded(fd, size, &b) < 0)
		syserr("cannot read '%s/MANIFEST': %s", name, strerror(errno));
	else if ((bad = parse(&b, m)))
		syserr("'%s/MANIFEST' line %zu is not 'SHA256  PATH' as hvnetc writes it: "
		    "not a MANIFEST hvnetc wrote (move it away, or use --force)", name, bad);
	else
		r = 0;
	if (fd >= 0)
		close(fd);
	buffree(&b);
	m->present = 1;
	if (m->n)
		qsort(m->v, m->n, sizeof(*m->v), ownedcmp);
	return r;
}

void
manifestfree(struct manifest *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->v[i].path);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

struct owned *
ownedfind(const struct manifest *m, const char *path)
{
	struct owned key = { .path = (char *)path };

	if (!m->n)
		return NULL;
	return bsearch(&key, m->v, m->n, sizeof(*m->v), ownedcmp);
}

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

void
ownedstate(int dfd, struct owned *o)
{
	struct sha256_ctx c;
	char chunk[65536], h[65];
	off_t size, left;
	int fd = openregular(dfd, o->path, &size);

	if (fd < 0) {
		o->state = errno == ENOENT ? OWN_MISSING : OWN_EDITED;
		return;
	}
	sha256_init(&c);
	for (left = size; left > 0;) {
		ssize_t r = read(fd, chunk, left < (off_t)sizeof(chunk) ? (size_t)left : sizeof(chunk));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		sha256_update(&c, (size_t)r, (const uint8_t *)chunk);
		left -= r;
	}
	close(fd);
	sha256done(&c, h);
	o->state = left || strcmp(h, o->hash) ? OWN_EDITED : OWN_SAME;
}

void
manifestformat(const struct outset *set, const struct manifest *m, const char *only,
    struct buf *b)
{
	size_t i = 0, j = 0;
	char hex[65];

	/* Merge the new set with kept own files, both sorted by path. */
	while (i < set->n || j < m->n) {
		const struct outfile *f = i < set->n ? &set->v[i] : NULL;
		const struct owned *o = j < m->n ? &m->v[j] : NULL;
		int c = !f ? 1 : !o ? -1 : strcmp(f->path, o->path);

		if (c <= 0 && listed(f->backend, only)) {
			sha256hex(f->sha, hex);
			bufprintf(b, "%s  %s\n", hex, f->path);
		}
		else if (c >= 0 && o->state != OWN_DROPPED && only)
			bufprintf(b, "%s  %s\n", o->hash, o->path);
		i += c <= 0;
		j += c >= 0;
	}
	if (!b->s)
		bufputs(b, "");
}
