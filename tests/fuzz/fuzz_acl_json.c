/* fuzz_acl_json: aclInit's JSON configuration file (src/base/config.c) on arbitrary bytes. The
 * runtime is held by GE for the whole process, so each aclInit reads the file as a first aclInit
 * would (the configuration and the registered init callbacks) without restarting OpenCL;
 * aclFinalize then undoes a successful one. */
#include "fuzz_common.h"

static size_t callback_bytes;

static aclError on_init(const char *config, size_t len, void *user)
{
    (void)user;
    /* The callback gets the file's text: touch all of it, so ASan checks its bounds. */
    for (size_t i = 0; i < len; i++) callback_bytes += config[i] != 0;
    return ACL_SUCCESS;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int registered;
    if (!registered) {
        registered = 1;
        const char *keys[] = {"ge.exec.deviceId"}, *values[] = {"0"};
        if (gecl_initialize(1, keys, values) != GECL_SUCCESS) abort();
        atexit(fuzz_ge_release);
        if (aclInitCallbackRegister(ACL_REG_TYPE_OTHER, on_init, NULL) != ACL_SUCCESS) abort();
    }
    const char *path = fuzz_write_file(data, size);
    const aclError rc = aclInit(path);
    fuzz_remove_file();
    if (rc == ACL_SUCCESS) {
        if (aclFinalize() != ACL_SUCCESS) abort();
    } else if (!aclGetRecentErrMsg()[0]) {
        abort(); /* a refused file says why */
    }
    return 0;
}
