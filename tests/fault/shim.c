/*
 * An LD_PRELOAD shim that makes hvnetc's output writes fail, slow down or
 * lose their directory on demand (tests/ext/faults.sh).  Only calls the
 * program makes itself are seen (glibc's internal calls do not go through
 * these symbols), and write/close only count regular files open for writing.
 *
 *   HVF_FAIL=call:N[,call:N...]  the N-th call of call fails (1-based);
 *                                calls: write close openat mkdirat linkat
 *                                renameat renameat2 syncfs fsync
 *   HVF_ERRNO=name               errno of the failures (EIO, ENOSPC, EROFS,
 *                                EDQUOT, ENOENT, EXDEV, EPERM, EINVAL; EIO)
 *   HVF_SLOW_US=us               sleep before every counted write
 *   HVF_VANISH=N                 before the N-th counted write, remove the
 *                                temporary directory ('*.hvnetc-*') it goes to
 *   HVF_SIGNAL=N:SIG             before the N-th counted write, send SIG to
 *                                the process itself
 *   HVF_SIGNAL_RENAME=SIG        send SIG right after a renameat/renameat2
 *                                that succeeded (the commit point of a build)
 *   HVF_PROCESS=parent|child     all of the above only in hvnetc's first
 *                                process or only in the one it forks (a
 *                                parallel build); each process counts its own calls
 *   HVF_PEER_SLOW_US=us          sleep before every counted write of the other
 *                                process, so that the faulty one surely gets
 *                                backends to run (fast backends on a small
 *                                topology let one process take them all)
 *   HVF_NOLIB=prefix             dlopen() of a library whose name starts
 *                                with prefix fails (libxml2, libpci, libgvc
 *                                are loaded on first use)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { WRITE, CLOSE, OPENAT, MKDIRAT, LINKAT, RENAMEAT, RENAMEAT2, SYNCFS, FSYNC, NCALLS };

static const char *const names[NCALLS] = {
	"write", "close", "openat", "mkdirat", "linkat", "renameat", "renameat2",
	"syncfs", "fsync",
};

static unsigned long count[NCALLS];
static pid_t first;

__attribute__((constructor)) static void
start(void)
{
	first = getpid();
}

/* Whether faults apply in this process (HVF_PROCESS). */
static int
here(void)
{
	const char *w = getenv("HVF_PROCESS");

	if (!w)
		return 1;
	return !strcmp(w, "child") ? getpid() != first : getpid() == first;
}

static void *
real(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);

	if (!p) {
		fprintf(stderr, "faultshim: no symbol %s\n", name);
		abort();
	}
	return p;
}

/* Look a function pointer up without casting an object pointer. */
#define REAL(var, name) do { if (!var) { void *p_ = real(name); \
	memcpy(&var, &p_, sizeof(var)); } } while (0)

static int
errnoval(void)
{
	static const struct { const char *n; int v; } tab[] = {
		{ "EIO", EIO }, { "ENOSPC", ENOSPC }, { "EROFS", EROFS },
		{ "EDQUOT", EDQUOT }, { "ENOENT", ENOENT }, { "EXDEV", EXDEV },
		{ "EPERM", EPERM }, { "EINVAL", EINVAL },
	};
	const char *e = getenv("HVF_ERRNO");
	size_t i;

	for (i = 0; e && i < sizeof(tab) / sizeof(tab[0]); i++)
		if (!strcmp(e, tab[i].n))
			return tab[i].v;
	return EIO;
}

/* Count a call; whether this one is to fail (errno set). */
static int
fails(int call)
{
	const char *spec = getenv("HVF_FAIL"), *p;
	size_t n = strlen(names[call]);
	unsigned long nth = ++count[call];

	if (!here())
		return 0;
	for (p = spec; p && *p; p += strcspn(p, ","), p += *p == ',')
		if (!strncmp(p, names[call], n) && p[n] == ':' &&
		    strtoul(p + n + 1, NULL, 10) == nth) {
			errno = errnoval();
			return 1;
		}
	return 0;
}

/* A regular file open for writing: the output files, not stdio or libraries' reads. */
static int
outfd(int fd)
{
	struct stat st;
	int fl = fcntl(fd, F_GETFL);

	return fl >= 0 && (fl & O_ACCMODE) != O_RDONLY && fstat(fd, &st) == 0 &&
	    S_ISREG(st.st_mode);
}

static int
rmentry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Remove the '*.hvnetc-*' directory that fd's file lies in. */
static void
vanish(int fd)
{
	char link[64], path[4096], gone[4200];
	ssize_t n;
	char *s;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return;
	path[n] = 0;
	if (!(s = strstr(path, ".hvnetc-")))
		return;
	if ((s = strchr(s, '/')))
		*s = 0;
	/*
	 * Away in one step first: in a parallel build the other process may
	 * add files while the tree is being removed, and nftw then stops at a
	 * directory that is not empty, leaving the build to succeed.  The new
	 * name is not hvnetc's ('*.hvnetc-*'); the tree is then removed, again
	 * while the other process still writes into it (for up to 2 s).
	 */
	snprintf(gone, sizeof(gone), "%s", path);
	if (!(s = strrchr(gone, '/')))
		return;
	snprintf(s + 1, sizeof(gone) - (size_t)(s + 1 - gone), "hvf-vanished-%d", (int)getpid());
	if (rename(path, gone) < 0) {
		nftw(path, rmentry, 16, FTW_DEPTH | FTW_PHYS);
		return;
	}
	for (n = 0; n < 200 && nftw(gone, rmentry, 16, FTW_DEPTH | FTW_PHYS) != 0; n++)
		usleep(10000);
}

/* Before the N-th counted write: slow down, remove the directory, signal. */
static void
beforewrite(int fd, unsigned long nth)
{
	const char *slow = getenv("HVF_SLOW_US");
	const char *van = getenv("HVF_VANISH");
	const char *sig = getenv("HVF_SIGNAL");
	const char *peer = getenv("HVF_PEER_SLOW_US");

	if (!here()) {
		if (peer)
			usleep((useconds_t)strtoul(peer, NULL, 10));
		return;
	}
	if (slow)
		usleep((useconds_t)strtoul(slow, NULL, 10));
	if (van && strtoul(van, NULL, 10) == nth)
		vanish(fd);
	if (sig && strtoul(sig, NULL, 10) == nth && strchr(sig, ':'))
		kill(getpid(), atoi(strchr(sig, ':') + 1));
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	static ssize_t (*f)(int, const void *, size_t);

	REAL(f, "write");
	if (!outfd(fd))
		return f(fd, buf, n);
	beforewrite(fd, count[WRITE] + 1);
	if (fails(WRITE))
		return -1;
	return f(fd, buf, n);
}

int
close(int fd)
{
	static int (*f)(int);
	int bad, r;

	REAL(f, "close");
	if (!outfd(fd))
		return f(fd);
	bad = fails(CLOSE);
	r = f(fd);
	if (bad) {
		errno = errnoval();
		return -1;
	}
	return r;
}

static int
openimpl(const char *sym, int dfd, const char *path, int flags, mode_t mode)
{
	int (*f)(int, const char *, int, ...) = NULL;

	REAL(f, sym);
	if ((flags & O_ACCMODE) != O_RDONLY && fails(OPENAT))
		return -1;
	return f(dfd, path, flags, mode);
}

int
openat(int dfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	va_start(ap, flags);
	if (flags & (O_CREAT | O_TMPFILE))
		mode = va_arg(ap, mode_t);
	va_end(ap);
	return openimpl("openat", dfd, path, flags, mode);
}

int
openat64(int dfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	va_start(ap, flags);
	if (flags & (O_CREAT | O_TMPFILE))
		mode = va_arg(ap, mode_t);
	va_end(ap);
	return openimpl("openat64", dfd, path, flags, mode);
}

int
mkdirat(int dfd, const char *path, mode_t mode)
{
	static int (*f)(int, const char *, mode_t);

	REAL(f, "mkdirat");
	return fails(MKDIRAT) ? -1 : f(dfd, path, mode);
}

int
linkat(int odfd, const char *old, int ndfd, const char *new, int flags)
{
	static int (*f)(int, const char *, int, const char *, int);

	REAL(f, "linkat");
	return fails(LINKAT) ? -1 : f(odfd, old, ndfd, new, flags);
}

static int
afterrename(int r)
{
	const char *sig = getenv("HVF_SIGNAL_RENAME");

	if (r == 0 && sig)
		kill(getpid(), atoi(sig));
	return r;
}

int
renameat(int odfd, const char *old, int ndfd, const char *new)
{
	static int (*f)(int, const char *, int, const char *);

	REAL(f, "renameat");
	return fails(RENAMEAT) ? -1 : afterrename(f(odfd, old, ndfd, new));
}

int
renameat2(int odfd, const char *old, int ndfd, const char *new, unsigned flags)
{
	static int (*f)(int, const char *, int, const char *, unsigned);

	REAL(f, "renameat2");
	return fails(RENAMEAT2) ? -1 : afterrename(f(odfd, old, ndfd, new, flags));
}

int
syncfs(int fd)
{
	static int (*f)(int);

	REAL(f, "syncfs");
	return fails(SYNCFS) ? -1 : f(fd);
}

int
fsync(int fd)
{
	static int (*f)(int);

	REAL(f, "fsync");
	return fails(FSYNC) ? -1 : f(fd);
}

void *
dlopen(const char *file, int mode)
{
	static void *(*f)(const char *, int);
	const char *no = getenv("HVF_NOLIB");

	REAL(f, "dlopen");
	if (no && *no && file && !strncmp(file, no, strlen(no)) && here())
		return NULL;
	return f(file, mode);
}
