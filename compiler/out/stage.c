/*
 * The output set and the only code that writes into DIR.
 *
 * A build is staged in a temporary directory beside DIR (same file system):
 * outbegin() makes it before the backends run, and each new file is written
 * there as the backends produce it (bufdrain() writes a large one in parts),
 * so the output is never held whole in memory.  outend() then hard-links in
 * the foreign files of DIR (those not in its MANIFEST) and, with --only,
 * the other backends' files, writes MANIFEST, and swaps the two
 * directories with one renameat2(RENAME_EXCHANGE).  Any failure before the
 * swap removes the temporary directory and leaves DIR as it was.  SIGINT,
 * SIGTERM and SIGHUP are held from outbegin() to outend(): one that arrives
 * before the swap abandons the build (the signal then takes its course once
 * the temporary directory is gone); one that arrives after it is too late
 * and is discarded, so a non-zero exit never leaves a changed DIR.
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

#include "diag.h"
#include "out.h"
#include "stage.h"

/*
 * The directory mkparents() made last, and in which directory fd: a
 * backend makes a directory's files one after another, so it need not be
 * made again for each, nor its parents for the next directory beside it
 * (guests/vm2 after guests/vm1).  outbegin() forgets it before each build.
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
		size_t k = (size_t)(s - tmp);

		if (dfd == madefd && !strncmp(made, tmp, k) && (!made[k] || made[k] == '/'))
			continue;	/* made[0..k) is made */
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

int
writefile(int dfd, const struct outfile *f)
{
	int fd;

	if (mkparents(dfd, f->path) < 0)
		return -1;
	fd = openat(dfd, f->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    f->exec ? 0755 : 0644);
	if (fd < 0)
		return -1;
	if (writeall(fd, f->data.s, f->data.len) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
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

/*
 * Whether the build is abandoned: a write failed (reported then) or one
 * of the held signals arrived (reported here, once).
 */
static int
stopped(struct stage *s)
{
	sigset_t p;

	if (s->set->failed)
		return 1;
	if (sigpending(&p) < 0)
		return 0;
	sigandset(&p, &p, &s->sigs);
	if (sigisemptyset(&p))
		return 0;
	syserr("interrupted: '%s' is left as it was", s->dir);
	s->interrupted = 1;
	s->set->failed = 1;
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
		if (stopped(s)) {
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
		if (o && o->state == OWN_DROPPED)
			continue;
		if (mkparents(s->newdir, path) < 0 ||
		    linkat(s->olddir, path, s->newdir, path, 0) < 0) {
			syserr("cannot keep '%s/%s': %s", s->dir, path, strerror(errno));
			r = -1;
		}
	}
	closedir(d);
	return r;
}

/* After the backends: the files DIR keeps, MANIFEST, and the sync. */
static int
finish(struct stage *s)
{
	const struct outset *set = s->set;
	size_t i;

	if (s->olddir >= 0) {
		/* With --only, the other backends' files come along unchanged. */
		for (i = 0; s->only && i < set->n; i++)
			if (!listed(set->v[i].backend, s->only)) {
				const char *p = set->v[i].path;

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
	if (writemanifest(s) < 0) {
		syserr("cannot write '%s/MANIFEST': %s", s->dir, strerror(errno));
		return -1;
	}
	if ((s->flags & OUTSYNC) && syncfs(s->newdir) < 0) {
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
swapin(struct stage *s)
{
	int pfd = s->pfd;
	const char *base = s->base, *tmpname = s->tmpname;

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

/* The file being written failed: say so, and abandon the build. */
static void
stagefail(struct stage *s, const char *path)
{
	if (!s->set->failed)
		syserr("cannot write '%s/%s': %s", s->dir, path, strerror(errno));
	s->set->failed = 1;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/* outnew() in a staged set: create f in the temporary directory. */
static void
stageopen(struct outset *set, struct outfile *f)
{
	struct stage *s = set->stage;

	s->fd = -1;
	if (set->failed || !listed(f->backend, s->only))
		return;		/* --only keeps the file DIR has */
	sha256_init(&s->sha);
	if (mkparents(s->newdir, f->path) < 0 ||
	    (s->fd = openat(s->newdir, f->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    f->exec ? 0755 : 0644)) < 0)
		stagefail(s, f->path);
}

/* Write out and empty the current file's buffer. */
static void
stageput(struct stage *s, struct outfile *f)
{
	if (s->fd >= 0) {
		sha256_update(&s->sha, f->data.len, (const uint8_t *)f->data.s);
		if (writeall(s->fd, f->data.s, f->data.len) < 0)
			stagefail(s, f->path);
	}
	f->data.len = 0;
	if (f->data.s)
		f->data.s[0] = 0;
}

/* f is complete: write out the rest, close it and keep its hash. */
static void
stageclose(struct outset *set, struct outfile *f)
{
	struct stage *s = set->stage;

	stageput(s, f);
	if (s->fd >= 0) {
		if (close(s->fd) < 0) {
			s->fd = -1;
			stagefail(s, f->path);
		} else
			sha256done(&s->sha, f->hash);
	}
	s->fd = -1;
	buffree(&f->data);
	stopped(s);
}

/* The current file's buffer grew past BUFDRAIN (bufdrain()): write it out. */
static void
stagedrain(void *ctx, struct buf *b)
{
	struct outset *set = ctx;
	struct stage *s = set->stage;

	if (!s || !set->cur || b != &set->v[set->cur - 1].data)
		return;
	stageput(s, &set->v[set->cur - 1]);
	stopped(s);
}

static const struct outsink stagesink = { stageopen, stageclose, stagedrain };

/* Undo outbegin(): close, forget, restore the signal mask. */
static void
stagefree(struct outset *set)
{
	struct stage *s = set->stage;

	if (s->fd >= 0)
		close(s->fd);
	if (s->newdir >= 0)
		close(s->newdir);
	if (s->olddir >= 0)
		close(s->olddir);
	if (s->pfd >= 0)
		close(s->pfd);
	freemanifest(s->m);
	sigprocmask(SIG_SETMASK, &s->old, NULL);
	free(s);
	set->stage = NULL;
	set->sink = NULL;
}

/* Whether DIR may be written, and the temporary directory beside it. */
static int
stagedir(struct stage *s)
{
	struct stat st;

	s->pfd = open(s->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->pfd < 0) {
		syserr("cannot open '%s': %s", s->parent, strerror(errno));
		return -1;
	}
	if (fstatat(s->pfd, s->base, &st, 0) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			syserr("'%s' exists and is not a directory", s->dir);
			return -1;
		}
		s->olddir = openat(s->pfd, s->base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (s->olddir < 0) {
			syserr("cannot open '%s': %s", s->dir, strerror(errno));
			return -1;
		}
		if (readmanifest(s->dir, s->m) < 0)
			return -1;
		qsort(s->m->v, s->m->n, sizeof(*s->m->v), ownedcmp);
		if (!s->m->present && !(s->flags & OUTFORCE) && !isempty(s->olddir)) {
			syserr("'%s' is not empty and has no MANIFEST: not an hvnetc "
			    "output directory (use --force to write into it; "
			    "its files are kept)", s->dir);
			return -1;
		}
	} else if (errno != ENOENT) {
		syserr("cannot use '%s': %s", s->dir, strerror(errno));
		return -1;
	}
	snprintf(s->tmpname, sizeof(s->tmpname), ".%.200s.hvnetc-%ld", s->base, (long)getpid());
	rmtree(s->pfd, s->tmpname);
	if (mkdirat(s->pfd, s->tmpname, s->olddir >= 0 ? st.st_mode & 07777 : 0755) < 0 ||
	    (s->newdir = openat(s->pfd, s->tmpname, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		syserr("cannot create a directory beside '%s': %s", s->dir, strerror(errno));
		rmtree(s->pfd, s->tmpname);
		return -1;
	}
	return 0;
}

int
outbegin(struct outset *set, const char *dirarg, const char *only, int flags)
{
	struct stage *s = xmalloc(sizeof(*s));
	size_t n;

	memset(s, 0, sizeof(*s));
	s->pfd = s->olddir = s->newdir = s->fd = -1;
	s->m = &s->mstore;
	s->set = set;
	s->only = only;
	s->flags = flags;
	snprintf(s->dir, sizeof(s->dir), "%s", dirarg);
	while ((n = strlen(s->dir)) > 1 && s->dir[n - 1] == '/')
		s->dir[n - 1] = 0;
	sigemptyset(&s->sigs);
	sigaddset(&s->sigs, SIGINT);
	sigaddset(&s->sigs, SIGTERM);
	sigaddset(&s->sigs, SIGHUP);
	sigprocmask(SIG_BLOCK, &s->sigs, &s->old);
	heldsignals(&s->sigs, &s->old);
	set->stage = s;
	set->sink = &stagesink;
	set->failed = 0;
	if (followlink(s->dir) < 0) {
		stagefree(set);
		return EXIT_IO;
	}
	splitdir(s->dir, s->parent, sizeof(s->parent), &s->base);
	if (!*s->base || !strcmp(s->base, ".") || !strcmp(s->base, "..")) {
		syserr("output directory '%s' must name a directory, not '.' or '..'", s->dir);
		stagefree(set);
		return EXIT_USAGE;
	}
	madefd = -1;
	if (stagedir(s) < 0) {
		stagefree(set);
		return EXIT_IO;
	}
	return EXIT_OK;
}

int
outend(struct outset *set, int status)
{
	struct timespec now = { 0, 0 };
	struct stage *s = set->stage;

	if (!s)
		return status;
	outclose(set);
	outsort(set);
	if (status == EXIT_OK && !stopped(s) && checkedits(s) == 0 &&
	    finish(s) == 0 && !stopped(s) && swapin(s) == 0) {
		while (sigtimedwait(&s->sigs, NULL, &now) > 0)
			;	/* after the swap: too late to stop */
	} else {
		rmtree(s->pfd, s->tmpname);
		if (status == EXIT_OK)
			status = EXIT_IO;
	}
	stagefree(set);
	return status;
}
