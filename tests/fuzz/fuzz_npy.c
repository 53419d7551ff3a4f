/* fuzz_npy: the .npy reader of `gecl run --input NAME=FILE.npy` (src/cli/npy.c) on arbitrary
 * bytes, through an in-memory stream. A file it accepts must hold exactly what its description
 * says, and is written back and read again unchanged. */
#include "fuzz_common.h"
#include "npy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0; /* fmemopen wants a buffer */
    FILE *f = fmemopen((void *)(uintptr_t)data, size, "rb");
    if (!f) return 0;
    gecl_tensor_desc desc;
    void *values = NULL;
    size_t bytes = 0;
    char err[512];
    err[0] = '\0';
    const int rc = npy_read_stream(f, "input.npy", &desc, &values, &bytes, err, sizeof err);
    fclose(f);
    if (rc) {
        if (!err[0] || values) abort(); /* a failure says why and returns nothing */
        return 0;
    }
    if (bytes != gecl_desc_bytes(&desc)) abort();
    /* Round trip through npy_write's header (a memory stream would need the writer split too;
     * the check is cheap on small tensors only). */
    if (bytes <= 4096) {
        char name[80];
        snprintf(name, sizeof name, "/dev/shm/gecl-fuzz-npy-%ld.npy", (long)getpid());
        if (npy_write(name, &desc, values, err, sizeof err) == 0) {
            gecl_tensor_desc back;
            void *again = NULL;
            size_t n = 0;
            if (npy_read(name, &back, &again, &n, err, sizeof err) || n != bytes ||
                back.dtype != desc.dtype || back.ndim != desc.ndim ||
                memcmp(back.dims, desc.dims, desc.ndim * sizeof desc.dims[0]) || (n && memcmp(again, values, n)))
                abort();
            free(again);
        }
        unlink(name);
    }
    free(values);
    return 0;
}
