/* DIR's place in its parent: name, lock, marked staging directories. */
#ifndef HVNET_PLACE_H
#define HVNET_PLACE_H

#include <limits.h>

/* The file that marks a staging directory as hvnetc's, and its text. */
#define MARKER ".hvnetc-staging"
#define MARKTEXT "hvnetc staging directory of '%s'; hvnetc removes it\n"

struct place {
	char dir[PATH_MAX];	/* DIR, trailing slashes off, links followed */
	char parent[PATH_MAX];	/* DIR's parent directory */
	const char *base;	/* DIR's last component */
	int pfd;		/* fd of DIR's parent */
	char lockname[NAME_MAX + 1];	/* the lock file, beside DIR */
	int lockfd;		/* it, locked, or -1 */
};

/* Name DIR (dirarg, a link followed) and open its parent; an exit status
 * (reported). */
int placeopen(struct place *p, const char *dirarg);
/* Unlock and remove the lock file, if held; close. */
void placefree(struct place *p);
/* Lock DIR against other builds: an exclusive flock on .BASE.hvnetc.lock
 * beside it; 0, or -1 (reported, naming the holder). */
int placelock(struct place *p);
/* Remove the marked staging directories of killed builds beside DIR (the
 * lock held: no other build of DIR runs); one that stays is reported. */
void placesweep(struct place *p);
/* Mark the directory dfd as a staging directory of DIR base; 0, or -1 with errno. */
int placemark(int dfd, const char *base);

#endif
