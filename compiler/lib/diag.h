/* Diagnostics in the GCC shape, from one catalogue (msgs.def). */
#ifndef HVNET_DIAG_H
#define HVNET_DIAG_H

#include <stdarg.h>
#include <stdio.h>

#include "util.h"

/* Location of a key or value in the input, 1-based (0 = none). */
struct loc {
	const char *file;
	int line, col;
};

enum severity { NOTE, WARNING, ERROR };

enum msg {
#define M(id, sev, fmt) id,
#include "msgs.def"
#undef M
	NMSGS
};

/* Where diagnostics go (stderr unless a test redirects them). */
extern FILE *diagout;
/* Most errors reported before the rest is suppressed. */
#define DIAGCAP 100

/* Report message id at loc (may be NULL or have line 0: no position). */
void diag(enum msg id, const struct loc *loc, ...);
/* Hold diagnostics from now on, to be written sorted by position. */
void diaghold(void);
/* Write the held diagnostics in file order (notes after their error), stop holding. */
void diagflush(void);
/* Errors and warnings reported since the last diagreset(). */
size_t diagerrors(void);
size_t diagwarnings(void);
void diagreset(void);
/* An environment or I/O failure: "hvnetc: error: ..." (exit status 3). */
void syserr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "hvnetc: warning: ..." about the environment or the output directory. */
void syswarn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "hvnetc: SEVERITY: message" on the diagnostics stream, as syserr writes. */
void vsysmsg(const char *severity, const char *fmt, va_list ap);

/* b to standard output, flushed; EXIT_OK, or EXIT_IO (reported). */
int putout(const struct buf *b);

#endif
