/* gecl: the command-line tool. `gecl devices` lists the OpenCL devices as ACL device ids;
 * `gecl ops` prints the operator table as markdown (docs/ops.md is its output). */
#include <stdio.h>
#include <string.h>

#include "acl/acl.h"
#include "cli.h"
#include "gecl/gecl_rt.h"

static const char *type_name(cl_device_type t)
{
    if (t & CL_DEVICE_TYPE_GPU) return "GPU";
    if (t & CL_DEVICE_TYPE_ACCELERATOR) return "accelerator";
    if (t & CL_DEVICE_TYPE_CPU) return "CPU";
    return "other";
}

static int list_devices(void)
{
    aclError rc = aclInit(NULL);
    if (rc != ACL_SUCCESS) {
        fprintf(stderr, "gecl: aclInit failed (%d): %s\n", rc, aclGetRecentErrMsg());
        return 1;
    }
    uint32_t n = 0;
    aclrtGetDeviceCount(&n);
    printf("%u device(s)\n", n);
    for (uint32_t i = 0; i < n; i++) {
        gecl_device_desc d;
        if (gecl_rt_describe_device((int32_t)i, &d) != ACL_SUCCESS) continue;
        printf("device %u: %s\n", i, d.name);
        printf("  type           %s\n", type_name(d.type));
        printf("  platform       %s\n", d.platform);
        printf("  vendor         %s\n", d.vendor);
        printf("  driver         %s (%s)\n", d.driver, d.version);
        printf("  global memory  %.1f MiB (largest allocation %.1f MiB)\n", d.global_mem / 1048576.0,
               d.max_alloc / 1048576.0);
        printf("  compute units  %u (max work-group %u)\n", d.compute_units, d.max_work_group);
        printf("  fp16 %s, fp64 %s\n", d.fp16 ? "yes" : "no", d.fp64 ? "yes" : "no");
    }
    aclFinalize();
    if (n == 0) fprintf(stderr, "gecl: no OpenCL device found (is an ICD such as pocl-opencl-icd installed?)\n");
    return n ? 0 : 1;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: gecl <command>\n"
            "commands:\n"
            "  devices   list the OpenCL devices as ACL device ids\n"
            "  ops       print the operators, their attributes and dtypes (markdown)\n"
            "  run MODEL.onnx [--input NAME=FILE.npy]... [--output-dir DIR] [--device N]\n"
            "            run a model once; outputs to DIR/<name>.npy with a summary\n"
            "  bench MODEL.onnx [--runs N] [--warmup N] [--device N] [--json]\n"
            "            load time and per-run latency (min, median, mean, p99)\n"
            "  info MODEL.onnx [--device N]\n"
            "            inputs, outputs, ops, kernels after fusion, memory; unsupported ops\n"
            "  tune [--device N] [--rounds N] [--quick] [--out FILE]\n"
            "            time kernel tiles on the device; write the fastest as its tuning table\n"
            "  test-onnx [--jobs N] [--timeout S] [--expect LIST] DIR...\n"
            "            run ONNX backend test cases (model.onnx + test_data_set_*), each in its own process\n"
            "environment: GECL_PLATFORM, GECL_DEVICE_TYPE narrow the devices; GECL_LOG=info logs\n");
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "devices")) return list_devices();
    if (argc == 2 && !strcmp(argv[1], "ops")) return cli_ops();
    if (argc >= 2 && !strcmp(argv[1], "test-onnx")) return cli_test_onnx(argc - 2, argv + 2);
    if (argc >= 2 && !strcmp(argv[1], "run")) return cli_run(argc - 2, argv + 2);
    if (argc >= 2 && !strcmp(argv[1], "bench")) return cli_bench(argc - 2, argv + 2);
    if (argc >= 2 && !strcmp(argv[1], "info")) return cli_info(argc - 2, argv + 2);
    if (argc >= 2 && !strcmp(argv[1], "tune")) return cli_tune(argc - 2, argv + 2);
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) { usage(stdout); return 0; }
    usage(stderr);
    return 2;
}
