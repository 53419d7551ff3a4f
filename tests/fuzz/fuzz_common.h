/* fuzz_common.h: what the fuzz targets share. Each target is one .c file with
 * LLVMFuzzerTestOneInput; this header holds the process-wide set-up and two helpers. */
#ifndef GECL_FUZZ_COMMON_H
#define GECL_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "acl/acl.h"
#include "gecl/gecl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A file holding the input, for entry points that take a path (aclInit, gecl_onnx_read_tensor):
 * under /dev/shm when there is one. fuzz_remove_file deletes it once the input is done (libFuzzer
 * leaves through _Exit on findings and timeouts, so nothing is left for exit handlers). */
static char fuzz_path[64];

static inline const char *fuzz_write_file(const uint8_t *data, size_t size)
{
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(fuzz_path, sizeof fuzz_path, "%s/gecl-fuzz-XXXXXX", dir);
    const int fd = mkstemp(fuzz_path);
    if (fd < 0) abort();
    close(fd);
    FILE *f = fopen(fuzz_path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f)) abort();
    return fuzz_path;
}

static inline void fuzz_remove_file(void)
{
    unlink(fuzz_path);
}

/* The device runtime held for the whole process (aclInit; aclFinalize at exit), so a target's
 * GEInitializeV2 / GEFinalizeV2 and sessions do not start OpenCL afresh with every input. */
static inline void fuzz_runtime_release(void)
{
    aclFinalize();
}

static inline void fuzz_runtime_hold(void)
{
    static int held;
    if (held) return;
    held = 1;
    if (aclInit(NULL) != ACL_SUCCESS) {
        fprintf(stderr, "fuzz: aclInit failed: %s\n", aclGetRecentErrMsg());
        abort();
    }
    atexit(fuzz_runtime_release);
}

/* GE brought up once for the process (finalised at exit), for targets that only use sessions. */
static inline void fuzz_ge_release(void)
{
    gecl_finalize();
}

static inline void fuzz_ge_hold(void)
{
    static int up;
    if (up) return;
    up = 1;
    fuzz_runtime_hold();
    if (gecl_initialize(0, NULL, NULL) != GECL_SUCCESS) {
        fprintf(stderr, "fuzz: GE initialize failed: %s\n", gecl_last_error());
        abort();
    }
    atexit(fuzz_ge_release);
}

/* Reads fuzzer bytes front to back; past the end every read gives 0. */
typedef struct fuzz_in {
    const uint8_t *p;
    size_t n;
} fuzz_in;

static inline uint8_t fuzz_u8(fuzz_in *in)
{
    if (!in->n) return 0;
    in->n--;
    return *in->p++;
}

static inline uint32_t fuzz_u32(fuzz_in *in)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) v = v << 8 | fuzz_u8(in);
    return v;
}

#endif
