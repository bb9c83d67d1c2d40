/* The file-system calls of the output layer (fs.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs.h"

/*
 * The directory mkparents() made last, and in which directory fd: a
 * backend makes a directory's files one after another, so it need not be
 * made again for each.  fsforget() forgets it.
 */
static char made[PATH_MAX];
static int madefd = -1;

/* mkdir -p for the parents of path (relative to the directory fd). */
int
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

/* Write b as path in the directory dfd; 0, or -1 with errno. */
int
writefile(int dfd, const char *path, const struct buf *b)
{
	int fd;

	if (mkparents(dfd, path) < 0)
		return -1;
	fd = openat(dfd, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	if (writeall(fd, b->s, b->len) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

void
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

void
fsforget(void)
{
	madefd = -1;
}

int
isempty(int dfd)
{
	int fd = dup(dfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	int empty = 1;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while (empty && (e = readdir(d)))
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	closedir(d);
	return empty;
}
