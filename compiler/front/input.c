/* An input file, or standard input, into memory for the front end. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "front.h"

/* Read all of f, up to MAXINPUT + 1 bytes; NULL on an I/O error. */
static char *
slurp(FILE *f, size_t *len)
{
	size_t cap = 1 << 16, n = 0, r;
	char *data = xmalloc(cap);

	while (n <= MAXINPUT) {
		if (n == cap) {
			cap = cap * 2 > MAXINPUT + 1 ? MAXINPUT + 1 : cap * 2;
			data = xreallocarray(data, cap, 1);
		}
		r = fread(data + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		free(data);
		return NULL;
	}
	*len = n;
	return data;
}

int
readinput(const char *file, char **data, size_t *len)
{
	int stdin_ = strcmp(file, "-") == 0;
	FILE *f = stdin_ ? stdin : fopen(file, "rb");

	if (!f) {
		syserr("cannot open '%s': %s", file, strerror(errno));
		return EXIT_IO;
	}
	*len = 0;
	*data = slurp(f, len);
	if (!*data)
		syserr("cannot read '%s': %s", file, strerror(errno));
	if (!stdin_)
		fclose(f);
	return *data ? EXIT_OK : EXIT_IO;
}
