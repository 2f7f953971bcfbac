#ifndef SUPPORTGATE_CCRYPTO_SHIM_H
#define SUPPORTGATE_CCRYPTO_SHIM_H

// Only SHA-256, through the EVP interface (libcrypto uses the CPU's SHA instructions
// where it has them: several times faster than portable code on every draft's bytes).
#include <openssl/evp.h>

#endif
