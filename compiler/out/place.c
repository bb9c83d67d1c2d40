/*
 * DIR's place in its parent directory: its name, the lock beside it, and
 * the marked staging directories of builds that were killed (place.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "fs.h"
#include "place.h"

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

int
placeopen(struct place *s, const char *dirarg)
{
	size_t n;

	memset(s, 0, sizeof(*s));
	s->pfd = s->lockfd = -1;
	snprintf(s->dir, sizeof(s->dir), "%s", dirarg);
	while ((n = strlen(s->dir)) > 1 && s->dir[n - 1] == '/')
		s->dir[n - 1] = 0;
	if (followlink(s->dir) < 0)
		return EXIT_IO;
	splitdir(s->dir, s->parent, sizeof(s->parent), &s->base);
	if (!*s->base || !strcmp(s->base, ".") || !strcmp(s->base, "..")) {
		syserr("output directory '%s' must name a directory, not '.' or '..'", s->dir);
		return EXIT_USAGE;
	}
	s->pfd = open(s->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->pfd < 0) {
		syserr("cannot open '%s': %s", s->parent, strerror(errno));
		return EXIT_IO;
	}
	return EXIT_OK;
}

void
placefree(struct place *s)
{
	if (s->lockfd >= 0) {
		unlinkat(s->pfd, s->lockname, 0);	/* placelock() checks for this */
		close(s->lockfd);	/* and with it the lock */
	}
	if (s->pfd >= 0)
		close(s->pfd);
	s->pfd = s->lockfd = -1;
}

/* Write the marker into the directory dfd; 0, or -1 with errno. */
int
placemark(int dfd, const char *base)
{
	struct buf b = { 0 };
	int r;

	bufprintf(&b, MARKTEXT, base);
	r = writefile(dfd, MARKER, &b);
	buffree(&b);
	return r;
}

/* Whether the lock file's name still leads to the file locked: the holder
 * removes it before it unlocks, and a build that locked the removed file
 * must try again. */
static int
current(struct place *s)
{
	struct stat a, b;

	return fstat(s->lockfd, &a) == 0 &&
	    fstatat(s->pfd, s->lockname, &b, AT_SYMLINK_NOFOLLOW) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/*
 * Lock DIR against other builds: an exclusive flock on .BASE.hvnetc.lock
 * beside it, which holds the holder's process id and lives as long as the
 * build.
 */
int
placelock(struct place *s)
{
	char *name = s->lockname, pid[32];
	ssize_t n;
	int tries = 0;

	snprintf(name, sizeof(s->lockname), ".%.200s.hvnetc.lock", s->base);
again:
	s->lockfd = openat(s->pfd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (s->lockfd < 0) {
		syserr("cannot create the lock file '%s/%s': %s", s->parent, name, strerror(errno));
		return -1;
	}
	if (flock(s->lockfd, LOCK_EX | LOCK_NB) == 0) {
		if (!current(s) && tries++ < 100) {
			close(s->lockfd);
			goto again;
		}
	} else {
		int e = errno;

		n = e == EWOULDBLOCK ? pread(s->lockfd, pid, sizeof(pid) - 1, 0) : -1;
		pid[n > 0 ? n : 0] = 0;
		pid[strcspn(pid, "\n")] = 0;
		if (e == EWOULDBLOCK)
			syserr("'%s' is being written by another hvnetc (process %s, which "
			    "holds '%s/%s'); try again when it has finished", s->dir,
			    *pid ? pid : "unknown", s->parent, name);
		else
			syserr("cannot lock '%s/%s': %s", s->parent, name, strerror(e));
		close(s->lockfd);	/* not ours: placefree() must not remove it */
		s->lockfd = -1;
		return -1;
	}
	/* The process id is for other builds' messages only: no error. */
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(s->lockfd, 0) == 0)
		(void)!pwrite(s->lockfd, pid, (size_t)n, 0);
	return 0;
}

/* Whether the entry name of the parent is a staging directory of DIR's. */
static int
isleftover(struct place *s, const char *name)
{
	size_t n = strlen(s->base);
	char want[NAME_MAX + 64], got[NAME_MAX + 64];
	int dfd, fd;
	ssize_t r;

	if (name[0] != '.' || strncmp(name + 1, s->base, n) || strncmp(name + 1 + n, ".hvnetc-", 8) ||
	    strlen(name + 1 + n + 8) != 6)
		return 0;
	dfd = openat(s->pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return 0;
	fd = openat(dfd, MARKER, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	close(dfd);
	if (fd < 0)
		return 0;
	r = read(fd, got, sizeof(got) - 1);
	close(fd);
	got[r > 0 ? r : 0] = 0;
	snprintf(want, sizeof(want), MARKTEXT, s->base);
	return !strcmp(got, want);
}

/* Remove the marked staging directories a killed build left beside DIR
 * (the lock is held: no other build of DIR runs). */
void
placesweep(struct place *s)
{
	int fd = dup(s->pfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d)))
		if (isleftover(s, e->d_name)) {
			rmtree(s->pfd, e->d_name);
			if (faccessat(s->pfd, e->d_name, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
				syswarn("cannot remove '%s/%s', left by a build of '%s' "
				    "that was killed", s->parent, e->d_name, s->dir);
		}
	closedir(d);
}
