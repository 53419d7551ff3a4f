/* cli_tune.c: `gecl tune [--device N] [--rounds N] [--quick] [--out FILE]`: measures the kernel
 * variants on a device and writes its tuning table (gecl_tune_device, src/exec/tune.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl/acl.h"
#include "cli.h"

int cli_tune(int argc, char **argv)
{
    int device = 0, rounds = 3, quick = 0, bad = 0;
    const char *out = NULL;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--device") && i + 1 < argc) device = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
        else if (!strcmp(argv[i], "--quick")) quick = 1;
        else bad = 1;
    }
    if (bad || device < 0 || rounds < 1 || rounds > 100) {
        fprintf(stderr, "usage: gecl tune [--device N] [--rounds 1-100] [--quick] [--out FILE]\n");
        return 2;
    }
    char id[16];
    snprintf(id, sizeof id, "%d", device);
    const char *keys[] = {"ge.exec.deviceId"}, *values[] = {id};
    gecl_status st = gecl_initialize(1, keys, values);
    if (st) {
        fprintf(stderr, "gecl tune: GE initialize failed: %s\n", gecl_last_error());
        return 1;
    }
    if (aclInit(NULL) != ACL_SUCCESS) {
        fprintf(stderr, "gecl tune: aclInit failed: %s\n", aclGetRecentErrMsg());
        gecl_finalize();
        return 1;
    }
    st = gecl_tune_device(device, rounds, quick, out);
    if (st) fprintf(stderr, "gecl tune: %s\n", gecl_last_error());
    gecl_finalize();
    aclFinalize();
    return st ? 1 : 0;
}
