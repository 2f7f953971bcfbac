#ifndef SUPPORTGATE_CLIBPQ_SHIM_H
#define SUPPORTGATE_CLIBPQ_SHIM_H

// Debian's libpq (libpq-dev), for the incident ledger shared by several gates.
#include <libpq-fe.h>

#endif
