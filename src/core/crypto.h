/*
 * crypto.h — the hashing and randomness vigil needs, all from libsodium:
 * BLAKE2b-256 for the audit chain, SHA-256 for content addresses of
 * attachments, and random tokens. Call crypto_setup() once at start.
 */
#ifndef VIGIL_CORE_CRYPTO_H
#define VIGIL_CORE_CRYPTO_H

#include <stddef.h>

#define CRYPTO_HEX256 65 /* 64 hex digits and NUL */

/* Initialise libsodium. 0 or ERR_IO. Safe to call more than once. */
int crypto_setup(void);

/* BLAKE2b-256 of data, as lower-case hex into out[CRYPTO_HEX256]. */
void crypto_blake2b_hex(const void *data, size_t len, char out[CRYPTO_HEX256]);

/* SHA-256 of data, as lower-case hex into out[CRYPTO_HEX256]. */
void crypto_sha256_hex(const void *data, size_t len, char out[CRYPTO_HEX256]);

/* Constant-time comparison of two NUL-terminated hex strings of equal length. */
int crypto_hex_equal(const char *a, const char *b);

#endif
