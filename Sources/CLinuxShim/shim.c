#define _GNU_SOURCE
#include <signal.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>
#include "CLinuxShim.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

int sg_rename_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath) {
    return (int)syscall(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath, RENAME_NOREPLACE);
}

int sg_open_directory_path(const char *path) {
    return open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

int sg_syncfs(int fd) {
    return syncfs(fd);
}

static void ignore_lease_signal(void) {
    struct sigaction ignore = { .sa_handler = SIG_IGN };
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGIO, &ignore, NULL);
}

static pthread_once_t lease_signal_once = PTHREAD_ONCE_INIT;

void sg_ignore_lease_signal(void) {
    pthread_once(&lease_signal_once, ignore_lease_signal);
}

int sg_probe_no_writers(int fd) {
    // The lease's break signal (SIGIO: F_SETSIG is never set) must be harmless before the
    // first lease is taken: a submitter's open landing between the two calls breaks it.
    sg_ignore_lease_signal();
    if (fcntl(fd, F_SETLEASE, F_RDLCK) != 0) {
        return -1;
    }
    fcntl(fd, F_SETLEASE, F_UNLCK);
    return 0;
}

int sg_set_access_acl(int fd, const void *value, unsigned long size) {
    return fsetxattr(fd, "system.posix_acl_access", value, size, 0);
}

long sg_get_access_acl(int fd, void *value, unsigned long size) {
    return (long)fgetxattr(fd, "system.posix_acl_access", value, size);
}

int sg_reload_signal(void) {
    return SIGRTMIN + 2;
}
