/*
 * benchrun CMD ARG...: run CMD once and print its whole-process wall time
 * (seconds, from fork to exit), peak resident memory (KiB, the child's
 * ru_maxrss from wait4, as /usr/bin/time's %M), its exit status and its
 * CPU time (user + system seconds, which a busy machine inflates less than
 * wall time).  Used by tests/bench.sh; finer than /usr/bin/time's 10 ms %e.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct timespec a, b;
	struct rusage ru;
	pid_t pid;
	int status;

	if (argc < 2) {
		fputs("usage: benchrun CMD [ARG...]\n", stderr);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	if ((pid = fork()) < 0)
		return perror("fork"), 3;
	if (!pid) {
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		return perror("wait4"), 3;
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.6f %ld %d %.6f\n", (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9,
	    ru.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
	    (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec)
	    + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
	return 0;
}
