#ifndef SUPPORTGATE_CSQLITE_SHIM_H
#define SUPPORTGATE_CSQLITE_SHIM_H

// Debian's SQLite (libsqlite3-dev), for the incident ledger's embedded store.
#include <sqlite3.h>

#endif
