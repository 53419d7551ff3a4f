/* cli_run.c: `gecl run MODEL.onnx [--input NAME=FILE.npy]... [--output-dir DIR] [--device N]`:
 * one run; each output is written to DIR/<name>.npy and summarised (shape, dtype, min, max,
 * mean). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "acl/acl.h"
#include "cli.h"
#include "model.h"
#include "npy.h"

/* Output names as file names: anything but [A-Za-z0-9._-] becomes '_'; never "" or "..". */
static void safe_name(const char *name, size_t index, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = name ? name : ""; *p && n + 1 < size; p++, n++) {
        const int keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                         *p == '-' || *p == '_' || (*p == '.' && n > 0);
        out[n] = keep ? *p : '_';
    }
    out[n] = 0;
    if (!n) snprintf(out, size, "output_%zu", index);
}

static double value(const gecl_tensor *t, size_t i)
{
    const char *p = (const char *)t->data + i * gecl_dtype_size(t->desc.dtype);
    switch (t->desc.dtype) {
    case GECL_DT_FLOAT: return *(const float *)(const void *)p;
    case GECL_DT_DOUBLE: return *(const double *)(const void *)p;
    case GECL_DT_FLOAT16: return aclFloat16ToFloat(*(const aclFloat16 *)(const void *)p);
    case GECL_DT_INT64: return (double)*(const int64_t *)(const void *)p;
    case GECL_DT_INT32: return *(const int32_t *)(const void *)p;
    case GECL_DT_INT8: return *(const int8_t *)p;
    case GECL_DT_INT16: return *(const int16_t *)(const void *)p;
    default: return *(const uint8_t *)p;
    }
}

static void summarise(const char *name, const gecl_tensor *t)
{
    const size_t es = gecl_dtype_size(t->desc.dtype), n = es ? t->bytes / es : 0;
    double lo = DBL_MAX, hi = -DBL_MAX, sum = 0;
    for (size_t i = 0; i < n; i++) {
        const double v = value(t, i);
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
        sum += v;
    }
    printf("%s: %s [", name, gecl_dtype_name(t->desc.dtype));
    for (uint32_t k = 0; k < t->desc.ndim; k++) printf("%s%lld", k ? ", " : "", (long long)t->desc.dims[k]);
    if (n) printf("]  min %.6g  max %.6g  mean %.6g\n", lo, hi, sum / (double)n);
    else printf("]  (empty)\n");
}


/* mkdir -p: each missing folder of `path`; a failure shows when the first output is written. */
static void make_dirs(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        mkdir(buf, 0777);
        *p = '/';
    }
    mkdir(buf, 0777);
}

int cli_run(int argc, char **argv)
{
    const char *model = NULL, *out_dir = ".";
    char *given[CLI_MAX_IO];
    int n_given = 0, device = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--input") && i + 1 < argc && n_given < CLI_MAX_IO) given[n_given++] = argv[++i];
        else if (!strcmp(argv[i], "--output-dir") && i + 1 < argc) out_dir = argv[++i];
        else if (!strcmp(argv[i], "--device") && i + 1 < argc) device = atoi(argv[++i]);
        else if (argv[i][0] != '-' && !model) model = argv[i];
        else {
            fprintf(stderr, "usage: gecl run MODEL.onnx [--input NAME=FILE.npy]... [--output-dir DIR] [--device N]\n");
            return 2;
        }
    }
    if (!model) {
        fprintf(stderr, "usage: gecl run MODEL.onnx [--input NAME=FILE.npy]... [--output-dir DIR] [--device N]\n");
        return 2;
    }
    cli_model m;
    gecl_tensor out[CLI_MAX_IO];
    int rc = model_open(&m, model, device) || model_inputs(&m, n_given, given) || model_compile(&m) ||
             model_run(&m, out);
    if (!rc) {
        make_dirs(out_dir);
        for (size_t i = 0; i < m.n_out; i++) {
            const char *name = gecl_graph_output_name(m.graph, i);
            char file[256], path[4096], err[512];
            safe_name(name, i, file, sizeof file);
            snprintf(path, sizeof path, "%s/%s.npy", out_dir, file);
            summarise(name ? name : file, &out[i]);
            if (npy_write(path, &out[i].desc, out[i].data, err, sizeof err)) {
                fprintf(stderr, "gecl: %s\n", err);
                rc = 1;
            }
            gecl_output_free(out[i].data);
        }
    }
    model_close(&m);
    return rc ? 1 : 0;
}
