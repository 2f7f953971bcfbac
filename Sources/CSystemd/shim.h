#ifndef SUPPORTGATE_CSYSTEMD_SHIM_H
#define SUPPORTGATE_CSYSTEMD_SHIM_H

// Only what supportgate calls: native journal entries and service notifications.
// SD_JOURNAL_SUPPRESS_LOCATION: the CODE_FILE/LINE of this shim would say nothing.
#define SD_JOURNAL_SUPPRESS_LOCATION 1
#include <sys/uio.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>

#endif
