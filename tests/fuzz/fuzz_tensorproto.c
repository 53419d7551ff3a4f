/* fuzz_tensorproto: gecl_onnx_read_tensor (the reader of the backend tests' input_N.pb and
 * output_N.pb, `gecl test-onnx`) on arbitrary bytes written to a file. A tensor it accepts has
 * the bytes its description says. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_file(data, size);
    gecl_tensor_desc desc;
    void *values = NULL;
    size_t bytes = 0;
    char name[64];
    const gecl_status rc = gecl_onnx_read_tensor(path, &desc, &values, &bytes, name, sizeof name);
    fuzz_remove_file();
    if (rc) {
        if (values || !gecl_last_error()[0]) abort(); /* a failure says why and returns nothing */
        return 0;
    }
    if (bytes != gecl_desc_bytes(&desc)) abort();
    free(values);
    return 0;
}
