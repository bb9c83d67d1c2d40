/* The file-system calls of the output layer, relative to directory fds. */
#ifndef HVNET_FS_H
#define HVNET_FS_H

#include "util.h"

/* mkdir -p for the parents of path in the directory dfd; 0, or -1 with errno. */
int mkparents(int dfd, const char *path);
/* Forget which directory mkparents() made last (a new build). */
void fsforget(void);
/* Write b as path (mode 0644) in the directory dfd; 0, or -1 with errno. */
int writefile(int dfd, const char *path, const struct buf *b);
/* rm -rf name in the directory dfd, never following a link; best effort. */
void rmtree(int dfd, const char *name);
/* Whether the directory dfd is empty. */
int isempty(int dfd);

#endif
