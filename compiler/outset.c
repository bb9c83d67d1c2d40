/*
 * The output set and the only code that writes into DIR.
 *
 * A build is staged in a temporary directory beside DIR (same file system):
 * the new files are written there, the foreign files of DIR (those not in
 * its MANIFEST) and, with --only, the files of the other backends are
 * hard-linked in, and the two directories are swapped with one
 * renameat2(RENAME_EXCHANGE).  Any failure before the swap removes the
 * temporary directory and leaves DIR as it was.  SIGINT, SIGTERM and SIGHUP
 * are held while writing: one that arrives before the swap abandons the
 * write (the signal then takes its course once the temporary directory is
 * gone); one that arrives after it is too late and is discarded, so a
 * non-zero exit never leaves a changed DIR.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "diag.h"
#include "hvnetc.h"

struct buf *
outnew(struct outset *set, int exec, const char *fmt, ...)
{
	struct outfile *f;
	struct buf path = { 0 };
	va_list ap;

	va_start(ap, fmt);
	bufvprintf(&path, fmt, ap);
	va_end(ap);
	set->v = xgrow(set->v, &set->cap, set->n + 1, sizeof(*set->v));
	f = &set->v[set->n++];
	memset(f, 0, sizeof(*f));
	f->path = path.s;
	f->exec = exec;
	f->backend = set->backend;
	bufputs(&f->data, "");
	return &f->data;
}

static int
pathcmp(const void *a, const void *b)
{
	return strcmp(((const struct outfile *)a)->path,
	    ((const struct outfile *)b)->path);
}

void
outsort(struct outset *set)
{
	if (set->n)
		qsort(set->v, set->n, sizeof(*set->v), pathcmp);
}

const struct outfile *
outfind(const struct outset *set, const char *path)
{
	struct outfile key = { .path = (char *)path };

	if (!set->n)
		return NULL;
	return bsearch(&key, set->v, set->n, sizeof(*set->v), pathcmp);
}

void
outfree(struct outset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		free(set->v[i].path);
		buffree(&set->v[i].data);
	}
	free(set->v);
	memset(set, 0, sizeof(*set));
}

/* An entry of an existing MANIFEST. */
struct owned {
	char hash[65];
	char *path;
	int state;		/* 0 unknown, 1 matches, 2 edited, 3 missing */
};

struct manifest {
	struct owned *v;
	size_t n, cap;
	int present;
};

/*
 * SHA-256 in lowercase hex.  libcrypto uses the CPU's SHA extensions where
 * there are any: hashing every output byte for MANIFEST was a sixth of a
 * large build with a portable C implementation.
 */
static void
sha256hex(const void *p, size_t n, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;

	if (!EVP_Digest(p, n, d, &len, EVP_sha256(), NULL) || len != 32) {
		fputs("hvnetc: error: SHA-256 is not available\n", stderr);
		exit(EXIT_IO);
	}
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = 0;
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
static int
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
		o->state = 0;
	}
out:
	buffree(&path);
	buffree(&b);
	return r;
}

static void
freemanifest(struct manifest *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->v[i].path);
	free(m->v);
}

static int
ownedcmp(const void *a, const void *b)
{
	return strcmp(((const struct owned *)a)->path, ((const struct owned *)b)->path);
}

static struct owned *
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
		o->state = 3;
	else {
		sha256hex(b.s, b.len, h);
		o->state = strcmp(h, o->hash) ? 2 : 1;
	}
	buffree(&path);
	buffree(&b);
}

/*
 * The directory mkparents() made last, and in which directory fd: the set
 * is sorted by path, so the files of one directory come together and it
 * need not be made again.  outwrite() forgets it before each write.
 */
static char made[PATH_MAX];
static int madefd = -1;

/* mkdir -p for the parents of path (relative to the directory fd). */
static int
mkparents(int dfd, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;
	char tmp[PATH_MAX];
	char *s;

	if (!n)
		return 0;
	if (n >= sizeof(tmp))
		return -1;
	if (dfd == madefd && strlen(made) == n && !memcmp(made, path, n))
		return 0;
	memcpy(tmp, path, n);
	tmp[n] = '/';
	tmp[n + 1] = 0;
	for (s = strchr(tmp, '/'); s; s = strchr(s + 1, '/')) {
		*s = 0;
		if (mkdirat(dfd, tmp, 0755) < 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	memcpy(made, path, n);
	made[n] = 0;
	madefd = dfd;
	return 0;
}

static int
writefile(int dfd, const struct outfile *f)
{
	const char *p = f->data.s;
	size_t left = f->data.len;
	int fd;

	if (mkparents(dfd, f->path) < 0)
		return -1;
	fd = openat(dfd, f->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    f->exec ? 0755 : 0644);
	if (fd < 0)
		return -1;
	while (left) {
		ssize_t w = write(fd, p, left);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		p += w;
		left -= (size_t)w;
	}
	return close(fd);
}

static void
rmtree(int dfd, const char *name)
{
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d;
	struct dirent *e;

	if (fd < 0) {
		unlinkat(dfd, name, 0);
		return;
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			rmtree(fd, e->d_name);
	closedir(d);
	unlinkat(dfd, name, AT_REMOVEDIR);
}

/* Context of one write. */
struct stage {
	const char *dir;
	int olddir;		/* fd of DIR, or -1 */
	int newdir;		/* fd of the temporary directory */
	struct manifest *m;
	const struct outset *set;
	const sigset_t *sigs;	/* the signals held during the write */
};

/* Whether one of the held signals arrived; says so once. */
static int
interrupted(const struct stage *s)
{
	sigset_t p;

	if (sigpending(&p) < 0)
		return 0;
	sigandset(&p, &p, s->sigs);
	if (sigisemptyset(&p))
		return 0;
	syserr("interrupted: '%s' is left as it was", s->dir);
	return 1;
}

static int
isempty(int dfd)
{
	int fd = dup(dfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	int empty = 1;

	if (!d)
		return 0;
	while (empty && (e = readdir(d)))
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	closedir(d);
	return empty;
}

/* Whether dir held an own file (a MANIFEST path starts with "dir/"). */
static int
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

/*
 * A directory made for own files that this build no longer writes ends up
 * empty in the new tree: drop it too (a foreign directory, even empty, stays).
 */
static int
dropempty(struct stage *s, const char *path)
{
	int fd, empty;

	if (!owndir(s->m, path))
		return 0;
	fd = openat(s->newdir, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	empty = fd >= 0 && isempty(fd);
	if (fd >= 0)
		close(fd);
	if (empty && unlinkat(s->newdir, path, AT_REMOVEDIR) < 0) {
		syserr("cannot remove '%s/%s': %s", s->dir, path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Carry over from DIR what is not ours to rewrite: hard-link every file
 * that is neither in the new set nor an own file being dropped.
 */
static int
carry(struct stage *s, const char *rel)
{
	int fd = rel[0] ? openat(s->olddir, rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
	    : dup(s->olddir);
	DIR *d;
	struct dirent *e;
	int r = 0;

	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		syserr("cannot read directory '%s/%s': %s", s->dir, rel, strerror(errno));
		return -1;
	}
	while (r == 0 && (e = readdir(d))) {
		char path[PATH_MAX];
		struct stat st;
		struct owned *o;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (snprintf(path, sizeof(path), "%s%s%s", rel, rel[0] ? "/" : "",
		    e->d_name) >= (int)sizeof(path)) {
			syserr("cannot keep '%s/%s/%s': path too long", s->dir, rel, e->d_name);
			r = -1;
			break;
		}
		if (!rel[0] && !strcmp(path, "MANIFEST"))
			continue;
		if (interrupted(s)) {
			r = -1;
			break;
		}
		if (fstatat(s->olddir, path, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			syserr("cannot keep '%s/%s': %s", s->dir, path, strerror(errno));
			r = -1;
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			int created = mkdirat(s->newdir, path, st.st_mode & 07777) == 0;

			if (!created && errno != EEXIST) {
				syserr("cannot keep '%s/%s': %s", s->dir, path, strerror(errno));
				r = -1;
			} else if ((r = carry(s, path)) == 0 && created)
				r = dropempty(s, path);
			continue;
		}
		if (outfind(s->set, path))
			continue;
		o = ownedfind(s->m, path);
		if (o && o->state == 4)
			continue;	/* an own file this build drops */
		if (mkparents(s->newdir, path) < 0 ||
		    linkat(s->olddir, path, s->newdir, path, 0) < 0) {
			syserr("cannot keep '%s/%s': %s", s->dir, path, strerror(errno));
			r = -1;
		}
	}
	closedir(d);
	return r;
}

/* Refuse to overwrite or drop a file edited by hand since it was written. */
static int
checkedits(struct stage *s, int force, const char *only)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < s->m->n; i++) {
		struct owned *o = &s->m->v[i];
		const struct outfile *f = outfind(s->set, o->path);

		if (f ? !listed(f->backend, only) : only != NULL)
			continue;	/* kept as it is */
		hashstate(s->dir, o);
		if (o->state == 2 && !force) {
			syserr("'%s/%s' was edited since hvnetc wrote it; "
			    "use --force to overwrite it", s->dir, o->path);
			bad = 1;
		}
		if (!f)
			o->state = 4;	/* dropped */
	}
	return bad ? -1 : 0;
}

static int
writemanifest(struct stage *s, const char *only)
{
	struct outfile mf = { .path = "MANIFEST" };
	size_t i = 0, j = 0;
	char h[65];
	int r;

	/* Merge the new set with kept own files, both sorted by path. */
	while (i < s->set->n || j < s->m->n) {
		const struct outfile *f = i < s->set->n ? &s->set->v[i] : NULL;
		const struct owned *o = j < s->m->n ? &s->m->v[j] : NULL;
		int c = !f ? 1 : !o ? -1 : strcmp(f->path, o->path);

		if (c <= 0 && listed(f->backend, only)) {
			sha256hex(f->data.s, f->data.len, h);
			bufprintf(&mf.data, "%s  %s\n", h, f->path);
		} else if (c >= 0 && o->state != 4 && only) {
			bufprintf(&mf.data, "%s  %s\n", o->hash, o->path);
		}
		i += c <= 0;
		j += c >= 0;
	}
	if (!mf.data.s)
		bufputs(&mf.data, "");
	r = writefile(s->newdir, &mf);
	buffree(&mf.data);
	return r;
}

static int
stage(struct stage *s, const char *only)
{
	size_t i;

	for (i = 0; i < s->set->n; i++) {
		if (interrupted(s))
			return -1;
		if (listed(s->set->v[i].backend, only) &&
		    writefile(s->newdir, &s->set->v[i]) < 0) {
			syserr("cannot write '%s/%s': %s", s->dir, s->set->v[i].path,
			    strerror(errno));
			return -1;
		}
	}
	if (s->olddir >= 0) {
		/* With --only, the other backends' files come along unchanged. */
		for (i = 0; only && i < s->set->n; i++)
			if (!listed(s->set->v[i].backend, only)) {
				const char *p = s->set->v[i].path;

				if (faccessat(s->olddir, p, F_OK, AT_SYMLINK_NOFOLLOW) < 0)
					continue;
				if (mkparents(s->newdir, p) < 0 ||
				    linkat(s->olddir, p, s->newdir, p, 0) < 0) {
					syserr("cannot keep '%s/%s': %s", s->dir, p, strerror(errno));
					return -1;
				}
			}
		if (carry(s, "") < 0)
			return -1;
	}
	if (writemanifest(s, only) < 0) {
		syserr("cannot write '%s/MANIFEST': %s", s->dir, strerror(errno));
		return -1;
	}
	if (syncfs(s->newdir) < 0) {
		syserr("cannot sync '%s': %s", s->dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* Split dir into its parent and last component. */
static void
splitdir(const char *dir, char *parent, size_t np, const char **base)
{
	const char *slash = strrchr(dir, '/');

	if (!slash) {
		snprintf(parent, np, ".");
		*base = dir;
	} else {
		snprintf(parent, np, "%.*s", (int)(slash != dir ? slash - dir : 1), dir);
		*base = slash + 1;
	}
}

static int
swapin(struct stage *s, int pfd, const char *base, const char *tmpname)
{
	if (s->olddir < 0) {
		if (renameat(pfd, tmpname, pfd, base) < 0)
			goto fail;
		return 0;
	}
	if (renameat2(pfd, tmpname, pfd, base, RENAME_EXCHANGE) < 0)
		goto fail;
	rmtree(pfd, tmpname);	/* now the old tree */
	return 0;
fail:
	syserr("cannot move the new tree into '%s': %s", s->dir, strerror(errno));
	return -1;
}

/*
 * A DIR that is a symbolic link names its target: the swap must replace
 * the target's contents, not the link by a directory.
 */
static int
followlink(char dir[PATH_MAX])
{
	char real[PATH_MAX];
	struct stat st;

	if (lstat(dir, &st) < 0 || !S_ISLNK(st.st_mode))
		return 0;
	if (!realpath(dir, real)) {
		syserr("cannot follow the link '%s': %s", dir, strerror(errno));
		return -1;
	}
	memcpy(dir, real, PATH_MAX);
	return 0;
}

/* Of the signals in block, keep those that would stop hvnetc: not already
 * blocked by the caller (old) and not ignored (nohup). */
static void
heldsignals(sigset_t *block, const sigset_t *old)
{
	struct sigaction sa;
	int sig;

	for (sig = 1; sig < NSIG; sig++)
		if (sigismember(block, sig) == 1 && (sigismember(old, sig) == 1 ||
		    (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)))
			sigdelset(block, sig);
}

int
outwrite(struct outset *set, const char *dirarg, int force, const char *only)
{
	char parent[PATH_MAX], tmpname[NAME_MAX + 1], dir[PATH_MAX];
	const char *base;
	struct manifest m = { 0 };
	struct stage s = { .m = &m, .set = set, .olddir = -1, .newdir = -1 };
	sigset_t block, old;
	struct timespec now = { 0, 0 };
	struct stat st;
	int pfd = -1, r = EXIT_IO;

	snprintf(dir, sizeof(dir), "%s", dirarg);
	while (strlen(dir) > 1 && dir[strlen(dir) - 1] == '/')
		dir[strlen(dir) - 1] = 0;
	if (followlink(dir) < 0)
		return EXIT_IO;
	s.dir = dir;
	splitdir(dir, parent, sizeof(parent), &base);
	if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
		syserr("output directory '%s' must name a directory, not '.' or '..'", dir);
		return EXIT_USAGE;
	}
	outsort(set);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	s.sigs = &block;
	heldsignals(&block, &old);
	pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0) {
		syserr("cannot open '%s': %s", parent, strerror(errno));
		goto out;
	}
	if (fstatat(pfd, base, &st, 0) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			syserr("'%s' exists and is not a directory", dir);
			goto out;
		}
		s.olddir = openat(pfd, base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (s.olddir < 0 || readmanifest(dir, &m) < 0) {
			if (s.olddir < 0)
				syserr("cannot open '%s': %s", dir, strerror(errno));
			goto out;
		}
		qsort(m.v, m.n, sizeof(*m.v), ownedcmp);
		if (!m.present && !force && !isempty(s.olddir)) {
			syserr("'%s' is not empty and has no MANIFEST: not an hvnetc "
			    "output directory (use --force to write into it; "
			    "its files are kept)", dir);
			goto out;
		}
		if (checkedits(&s, force, only) < 0)
			goto out;
	} else if (errno != ENOENT) {
		syserr("cannot use '%s': %s", dir, strerror(errno));
		goto out;
	} else if (only) {
		/* Nothing to keep: --only into a new directory writes those backends. */
	}
	snprintf(tmpname, sizeof(tmpname), ".%.200s.hvnetc-%ld", base, (long)getpid());
	rmtree(pfd, tmpname);
	if (mkdirat(pfd, tmpname, s.olddir >= 0 ? st.st_mode & 07777 : 0755) < 0 ||
	    (s.newdir = openat(pfd, tmpname, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		syserr("cannot create a directory beside '%s': %s", dir, strerror(errno));
		goto out;
	}
	madefd = -1;
	if (stage(&s, only) < 0 || interrupted(&s) || swapin(&s, pfd, base, tmpname) < 0) {
		rmtree(pfd, tmpname);
		goto out;
	}
	while (sigtimedwait(&block, NULL, &now) > 0)
		;	/* after the swap: too late to stop */
	r = EXIT_OK;
out:
	if (s.newdir >= 0)
		close(s.newdir);
	if (s.olddir >= 0)
		close(s.olddir);
	if (pfd >= 0)
		close(pfd);
	freemanifest(&m);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return r;
}
