/*
 * fuzz.h — the libFuzzer entry point every target in tests/fuzz defines.
 * With clang and -Dfuzz=true a target links libFuzzer's main; otherwise it
 * links replay.c, which runs the target once per corpus file. Targets see
 * untrusted, arbitrary bytes by design.
 */
#ifndef VIGIL_TESTS_FUZZ_H
#define VIGIL_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
