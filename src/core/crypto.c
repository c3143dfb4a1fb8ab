/*
 * crypto.c — thin wrappers over libsodium (see crypto.h). No own
 * cryptography: every primitive is libsodium's.
 */
#include "core/crypto.h"

#include <sodium.h>
#include <string.h>

#include "core/err.h"
#include "core/banned.h"

int
crypto_setup(void)
{
	return sodium_init() < 0 ? ERR_IO : 0;
}

void
crypto_blake2b_hex(const void *data, size_t len, char out[CRYPTO_HEX256])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), data, len, NULL, 0);
	sodium_bin2hex(out, CRYPTO_HEX256, h, sizeof(h));
}

void
crypto_sha256_hex(const void *data, size_t len, char out[CRYPTO_HEX256])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, CRYPTO_HEX256, h, sizeof(h));
}

int
crypto_hex_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}
