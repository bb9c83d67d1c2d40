/*
 * The only code that writes into DIR (hvnetc(1), FILES).
 *
 * A build holds an exclusive lock (flock) on .DIR.hvnetc.lock beside DIR
 * for its whole life, so two builds never interleave.  It is staged in a
 * directory beside DIR (same file system) made by mkdtemp and marked as
 * hvnetc's by a file inside it: outbegin() makes it before the backends
 * run, each new file is written there as the backends produce it
 * (bufdrain() writes a large one in parts), and only paths and hashes stay
 * in memory.  outend() refuses to replace a file DIR holds that MANIFEST
 * does not list (a foreign file) or one edited since, unless --force;
 * hard-links in the foreign files of DIR and, with --only, the other
 * backends' files; writes MANIFEST; and swaps the two directories with one
 * renameat2(RENAME_EXCHANGE).  Any failure before the swap removes the
 * staging directory and leaves DIR as it was; a build that was killed
 * leaves a marked one, which the next build into DIR removes.
 *
 * SIGINT, SIGTERM and SIGHUP are caught while the build stages: one that
 * arrives abandons it at the next file, and once the staging directory is
 * gone the signal takes its course.  They are blocked only around the
 * swap; one that arrives after it is too late and is discarded, so a
 * non-zero exit never leaves a changed DIR.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "fs.h"
#include "manifest.h"
#include "out.h"
#include "place.h"

/* The staging of one build, from outbegin() to outend(). */
struct stage {
	struct place p;		/* DIR, its parent, the lock */
	char tmpname[NAME_MAX + 1];	/* the staging directory, beside DIR */
	int olddir;		/* fd of DIR, or -1 */
	int newdir;		/* fd of the staging directory, or -1 */
	int flags;		/* OUTFORCE, OUTSYNC */
	const char *only;	/* backends rewritten, NULL = all */
	struct manifest m;
	struct outset *set;
	sigset_t sigs;		/* SIGINT, SIGTERM, SIGHUP: those caught */
	struct sigaction old[3];	/* their actions before */
	int fd;			/* the file being written, or -1 (a file --only keeps) */
	struct sha256_ctx sha;	/* its hash so far */
	int interrupted;	/* a caught signal arrived (reported) */
};

static const int stopsigs[3] = { SIGINT, SIGTERM, SIGHUP };

/* The signal that arrived while a build was staging, or 0. */
static volatile sig_atomic_t caught;

static void
catch(int sig)
{
	caught = sig;
}

/*
 * Whether the build is abandoned: a write failed (reported then) or one
 * of the caught signals arrived (reported here, once).
 */
static int
stopped(struct stage *s)
{
	if (s->set->failed)
		return 1;
	if (!caught)
		return 0;
	syserr("interrupted: '%s' is left as it was", s->p.dir);
	s->interrupted = 1;
	s->set->failed = 1;
	return 1;
}

/*
 * A directory made for own files that this build no longer writes ends up
 * empty in the new tree: drop it too (a foreign directory, even empty, stays).
 */
static int
dropempty(struct stage *s, const char *path)
{
	int fd, empty;

	if (!owndir(&s->m, path))
		return 0;
	fd = openat(s->newdir, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	empty = fd >= 0 && isempty(fd);
	if (fd >= 0)
		close(fd);
	if (empty && unlinkat(s->newdir, path, AT_REMOVEDIR) < 0) {
		syserr("cannot remove '%s/%s': %s", s->p.dir, path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Hard-link DIR's path into the new tree. */
static int
keep(struct stage *s, const char *path)
{
	if (mkparents(s->newdir, path) < 0 ||
	    linkat(s->olddir, path, s->newdir, path, 0) < 0) {
		syserr("cannot keep '%s/%s': %s", s->p.dir, path, strerror(errno));
		return -1;
	}
	return 0;
}

static int carry(struct stage *s, const char *rel);

/* One entry of DIR in carry(): a directory is carried through, a file kept
 * unless the new set has it or it is an own file being dropped. */
static int
carryone(struct stage *s, const char *path)
{
	struct stat st;
	const struct owned *o;

	if (fstatat(s->olddir, path, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		syserr("cannot keep '%s/%s': %s", s->p.dir, path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		int created = mkdirat(s->newdir, path, st.st_mode & 07777) == 0, r;

		if (!created && errno != EEXIST) {
			syserr("cannot keep '%s/%s': %s", s->p.dir, path, strerror(errno));
			return -1;
		}
		r = carry(s, path);
		return r == 0 && created ? dropempty(s, path) : r;
	}
	if (outfind(s->set, path))
		return 0;
	o = ownedfind(&s->m, path);
	if (o && o->state == OWN_DROPPED)
		return 0;
	return keep(s, path);
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
		syserr("cannot read directory '%s/%s': %s", s->p.dir, rel, strerror(errno));
		return -1;
	}
	while (r == 0 && (e = readdir(d))) {
		char path[PATH_MAX];

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (snprintf(path, sizeof(path), "%s%s%s", rel, rel[0] ? "/" : "",
		    e->d_name) >= (int)sizeof(path)) {
			syserr("cannot keep '%s/%s/%s': path too long", s->p.dir, rel, e->d_name);
			r = -1;
		} else if (!rel[0] && !strcmp(path, "MANIFEST"))
			continue;
		else if (stopped(s))
			r = -1;
		else
			r = carryone(s, path);
	}
	closedir(d);
	return r;
}

/*
 * Before anything is carried over: refuse to replace or drop a file
 * edited by hand since hvnetc wrote it, or to replace a file DIR holds that
 * MANIFEST does not list, unless --force, which names each one it replaces.
 */
static int
checkedits(struct stage *s)
{
	int force = s->flags & OUTFORCE, bad = 0;
	size_t i;

	for (i = 0; i < s->m.n; i++) {
		struct owned *o = &s->m.v[i];
		const struct outfile *f = outfind(s->set, o->path);

		if (f ? !listed(f->backend, s->only) : s->only != NULL)
			continue;	/* kept as it is */
		ownedstate(s->olddir, o);
		if (o->state == OWN_EDITED && !force) {
			syserr("'%s/%s' was edited since hvnetc wrote it; "
			    "use --force to overwrite it", s->p.dir, o->path);
			bad = 1;
		} else if (o->state == OWN_EDITED)
			syswarn("--force: overwriting '%s/%s', edited since hvnetc wrote it",
			    s->p.dir, o->path);
		if (!f)
			o->state = OWN_DROPPED;
	}
	for (i = 0; i < s->set->n; i++) {
		const struct outfile *f = &s->set->v[i];
		struct stat st;

		if (!listed(f->backend, s->only) || ownedfind(&s->m, f->path) ||
		    fstatat(s->olddir, f->path, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (!force) {
			syserr("'%s/%s' is not hvnetc's (MANIFEST does not list it); "
			    "use --force to replace it", s->p.dir, f->path);
			bad = 1;
		} else
			syswarn("--force: replacing '%s/%s', which MANIFEST does not list",
			    s->p.dir, f->path);
	}
	return bad ? -1 : 0;
}

/* After the backends: the files DIR keeps, MANIFEST, and the sync. */
static int
finish(struct stage *s)
{
	const struct outset *set = s->set;
	struct buf mf = { 0 };
	size_t i;
	int r;

	if (s->olddir >= 0) {
		/* With --only, the other backends' files come along unchanged. */
		for (i = 0; s->only && i < set->n; i++)
			if (!listed(set->v[i].backend, s->only) &&
			    faccessat(s->olddir, set->v[i].path, F_OK, AT_SYMLINK_NOFOLLOW) == 0 &&
			    keep(s, set->v[i].path) < 0)
				return -1;
		if (carry(s, "") < 0)
			return -1;
	}
	manifestformat(set, &s->m, s->only, &mf);
	r = writefile(s->newdir, "MANIFEST", &mf);
	buffree(&mf);
	if (r < 0) {
		syserr("cannot write '%s/MANIFEST': %s", s->p.dir, strerror(errno));
		return -1;
	}
	if ((s->flags & OUTSYNC) && syncfs(s->newdir) < 0) {
		syserr("cannot sync '%s': %s", s->p.dir, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Put the new tree in DIR's place: the marker goes first, so that DIR never
 * holds it; the old tree, now at the staging name, is marked again before
 * it is removed, so a build killed meanwhile leaves a marked leftover.
 * Signals are blocked from just before the swap to the end of outend().
 */
static int
swapin(struct stage *s)
{
	int pfd = s->p.pfd;

	int r;

	if (unlinkat(s->newdir, MARKER, 0) < 0) {
		syserr("cannot move the new tree into '%s': %s", s->p.dir, strerror(errno));
		return -1;
	}
	sigprocmask(SIG_BLOCK, &s->sigs, NULL);
	if (stopped(s))
		return -1;
	if (s->olddir < 0)
		r = renameat(pfd, s->tmpname, pfd, s->p.base);
	else
		r = renameat2(pfd, s->tmpname, pfd, s->p.base, RENAME_EXCHANGE);
	if (r < 0) {
		syserr("cannot move the new tree into '%s': %s", s->p.dir, strerror(errno));
		return -1;
	}
	if (s->olddir >= 0) {
		(void)placemark(s->olddir, s->p.base);	/* the old tree */
		rmtree(pfd, s->tmpname);
	}
	return 0;
}

/* Catch the signals that would stop hvnetc: those not ignored (nohup) and
 * not blocked by the caller. */
static void
catchsignals(struct stage *s)
{
	struct sigaction sa = { 0 };
	sigset_t blocked;
	size_t i;

	sigemptyset(&s->sigs);
	sigprocmask(SIG_BLOCK, NULL, &blocked);
	sa.sa_handler = catch;
	sigemptyset(&sa.sa_mask);
	caught = 0;
	for (i = 0; i < LEN(stopsigs); i++) {
		sigaction(stopsigs[i], NULL, &s->old[i]);
		if (s->old[i].sa_handler == SIG_IGN || sigismember(&blocked, stopsigs[i]) == 1)
			continue;
		sigaddset(&s->sigs, stopsigs[i]);
		sigaction(stopsigs[i], &sa, NULL);	/* no SA_RESTART: a blocked read ends */
	}
}

/* The file being written failed: say so, and abandon the build. */
static void
stagefail(struct stage *s, const char *path)
{
	if (!s->set->failed)
		syserr("cannot write '%s/%s': %s", s->p.dir, path, strerror(errno));
	s->set->failed = 1;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/* outnew() in a staged set: create f in the staging directory. */
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
			sha256_digest(&s->sha, sizeof(f->sha), f->sha);
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

/* Undo outbegin(): close, unlock; a caught signal takes its course. */
static void
stagefree(struct outset *set)
{
	struct stage *s = set->stage;
	size_t i;

	if (s->fd >= 0)
		close(s->fd);
	if (s->newdir >= 0)
		close(s->newdir);
	if (s->olddir >= 0)
		close(s->olddir);
	placefree(&s->p);
	manifestfree(&s->m);
	for (i = 0; i < LEN(stopsigs); i++)
		if (sigismember(&s->sigs, stopsigs[i]) == 1)
			sigaction(stopsigs[i], &s->old[i], NULL);
	sigprocmask(SIG_UNBLOCK, &s->sigs, NULL);
	if (s->interrupted && caught)
		raise(caught);
	free(s);
	set->stage = NULL;
	set->sink = NULL;
}

/* Whether DIR may be written; its MANIFEST. */
static int
opendir_(struct stage *s, mode_t *mode)
{
	struct stat st;

	*mode = 0755;
	if (fstatat(s->p.pfd, s->p.base, &st, 0) < 0) {
		if (errno == ENOENT)
			return 0;
		syserr("cannot use '%s': %s", s->p.dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		syserr("'%s' exists and is not a directory", s->p.dir);
		return -1;
	}
	*mode = st.st_mode & 07777;
	s->olddir = openat(s->p.pfd, s->p.base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->olddir < 0) {
		syserr("cannot open '%s': %s", s->p.dir, strerror(errno));
		return -1;
	}
	if (manifestread(s->olddir, s->p.dir, &s->m) < 0)
		return -1;
	if (!s->m.present && !(s->flags & OUTFORCE) && !isempty(s->olddir)) {
		syserr("'%s' is not empty and has no MANIFEST: not an hvnetc "
		    "output directory (use --force to write into it; its files are kept)", s->p.dir);
		return -1;
	}
	return 0;
}

/* The staging directory beside DIR: unique (mkdtemp), marked. */
static int
stagedir(struct stage *s)
{
	char path[PATH_MAX];
	mode_t mode;

	if (placelock(&s->p) < 0)
		return -1;
	placesweep(&s->p);
	if (opendir_(s, &mode) < 0)
		return -1;
	if (snprintf(path, sizeof(path), "%s/.%.200s.hvnetc-XXXXXX", s->p.parent, s->p.base) >=
	    (int)sizeof(path) || !mkdtemp(path)) {
		syserr("cannot create a directory beside '%s': %s", s->p.dir, strerror(errno));
		return -1;
	}
	snprintf(s->tmpname, sizeof(s->tmpname), "%s", strrchr(path, '/') + 1);
	if (fchmodat(s->p.pfd, s->tmpname, mode, 0) < 0 ||
	    (s->newdir = openat(s->p.pfd, s->tmpname, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    placemark(s->newdir, s->p.base) < 0) {
		syserr("cannot create a directory beside '%s': %s", s->p.dir, strerror(errno));
		rmtree(s->p.pfd, s->tmpname);
		return -1;
	}
	return 0;
}

int
outbegin(struct outset *set, const char *dirarg, const char *only, int flags)
{
	struct stage *s = xcalloc(1, sizeof(*s));
	int r;

	s->olddir = s->newdir = s->fd = -1;
	s->set = set;
	s->only = only;
	s->flags = flags;
	catchsignals(s);
	set->stage = s;
	set->failed = 0;
	fsforget();
	r = placeopen(&s->p, dirarg);
	if (r == EXIT_OK && stagedir(s) < 0)
		r = EXIT_IO;
	if (r != EXIT_OK) {
		stagefree(set);
		return r;
	}
	set->sink = &stagesink;
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
	if (status == EXIT_OK && !stopped(s) && (s->olddir < 0 || checkedits(s) == 0) &&
	    finish(s) == 0 && !stopped(s) && swapin(s) == 0) {
		while (sigtimedwait(&s->sigs, NULL, &now) > 0)
			;	/* after the swap: too late to stop */
		caught = 0;
	} else {
		rmtree(s->p.pfd, s->tmpname);
		if (status == EXIT_OK)
			status = EXIT_IO;
	}
	stagefree(set);
	return status;
}
