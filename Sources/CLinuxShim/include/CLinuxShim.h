#ifndef SUPPORTGATE_CLINUXSHIM_H
#define SUPPORTGATE_CLINUXSHIM_H

// Linux calls that Swift's Glibc module does not expose without _GNU_SOURCE.

#include <sys/eventfd.h>
#include <sys/signalfd.h>

/// renameat2(..., RENAME_NOREPLACE): an atomic move that fails with EEXIST
/// instead of replacing the target.
int sg_rename_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);

/// open(path, O_PATH | O_DIRECTORY | O_CLOEXEC): a directory handle for *at() calls
/// that needs no read permission (a drop folder one may write to but not list).
int sg_open_directory_path(const char *path);

/// SIGRTMIN + 2: the signal `supportgate reload` sends with its token. A real-time signal
/// queues, where a second SIGHUP pending while the gate is busy would be dropped, token
/// and all. (SIGRTMIN is a function call in glibc, not a constant Swift can import.)
int sg_reload_signal(void);

/// syncfs: flush the whole file system holding fd (group commit).
int sg_syncfs(int fd);

/// fcntl(F_SETLEASE, F_RDLCK) then F_UNLCK: 0 when no one has the file open for writing,
/// -1 with errno EAGAIN when someone does, other errno when leases are not permitted.
/// Before its first lease it sets SIGIO to SIG_IGN for the whole process (once): anyone
/// who opens the file for writing between the two calls breaks the lease, and the kernel
/// then sends the lease holder SIGIO, whose default action ends the process.
int sg_probe_no_writers(int fd);

/// SIGIO ignored process-wide (idempotent; sg_probe_no_writers calls it). A disposition is
/// the process's, not a thread's: threads started before or after are covered alike.
void sg_ignore_lease_signal(void);

/// fsetxattr / fgetxattr of "system.posix_acl_access": a POSIX access ACL in the kernel's
/// xattr format. 0 (or the size read) on success, -1 with errno otherwise.
int sg_set_access_acl(int fd, const void *value, unsigned long size);
long sg_get_access_acl(int fd, void *value, unsigned long size);

#endif
