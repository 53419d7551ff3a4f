/* onnx_case.c: one ONNX backend test case through the public API: gecl_onnx_parse_file, a
 * session, and RunGraph per data set with host tensors; each output is compared with the
 * expected one (floating point: |got - want| <= 1e-5 + 1e-3 |want|, NaN where NaN is expected;
 * integers and bools exactly). A case with an `expect_error.txt` (the error ONNX Runtime gave, as
 * tests/onnx/make_edge_cases.py writes it) has no expected outputs: it passes when gecl refuses
 * the model or the run with a message, and fails when gecl runs it to completion. */
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl/acl.h"
#include "acl/acl_base.h"
#include "gecl/gecl.h"
#include "onnx_case.h"

#define MAX_IO 64
#define RTOL 1e-3
#define ATOL 1e-5

typedef struct tensor_file {
    gecl_tensor_desc desc;
    void *data;
    size_t bytes;
} tensor_file;

static case_verdict verdict(case_verdict v, char *why, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, size, fmt, ap);
    va_end(ap);
    return v;
}

/* prefix_0.pb, prefix_1.pb, ... of a data set folder, as many as exist (at most MAX_IO). */
static int read_tensors(const char *set, const char *prefix, tensor_file *t, size_t *n, char *why, size_t size)
{
    *n = 0;
    for (size_t i = 0; i < MAX_IO; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s_%zu.pb", set, prefix, i);
        FILE *f = fopen(path, "rb");
        if (!f) break;
        fclose(f);
        if (gecl_onnx_read_tensor(path, &t[i].desc, &t[i].data, &t[i].bytes, NULL, 0)) {
            snprintf(why, size, "%s", gecl_last_error());
            return -1;
        }
        (*n)++;
    }
    return 0;
}

static void free_tensors(tensor_file *t, size_t n)
{
    for (size_t i = 0; i < n; i++) free(t[i].data);
}

static double element(const void *p, gecl_dtype t, size_t i)
{
    switch (t) {
    case GECL_DT_FLOAT: return ((const float *)p)[i];
    case GECL_DT_DOUBLE: return ((const double *)p)[i];
    case GECL_DT_FLOAT16: return aclFloat16ToFloat(((const aclFloat16 *)p)[i]);
    case GECL_DT_BF16: { /* the high half of a float32 */
        const uint32_t u = (uint32_t)((const uint16_t *)p)[i] << 16;
        float f;
        memcpy(&f, &u, sizeof f);
        return f;
    }
    default: return 0;
    }
}

static int is_float(gecl_dtype t)
{
    return t == GECL_DT_FLOAT || t == GECL_DT_DOUBLE || t == GECL_DT_FLOAT16 || t == GECL_DT_BF16;
}

/* ONNX's backend test data holds bfloat16 tensors as UINT16 (numpy has no bfloat16; the Python
 * runner reinterprets them the same way): UINT16 data where the model has DT_BF16 is its bits. */
static void bf16_from_uint16(gecl_tensor_desc *data, gecl_dtype model)
{
    if (model == GECL_DT_BF16 && data->dtype == GECL_DT_UINT16) data->dtype = GECL_DT_BF16;
}

static int same_shape(const gecl_tensor_desc *a, const gecl_tensor_desc *b)
{
    if (a->ndim != b->ndim) return 0;
    for (uint32_t k = 0; k < a->ndim; k++)
        if (a->dims[k] != b->dims[k]) return 0;
    return 1;
}

static void shape_str(const gecl_tensor_desc *d, char *buf, size_t size)
{
    size_t at = (size_t)snprintf(buf, size, "[");
    for (uint32_t k = 0; k < d->ndim && at < size; k++)
        at += (size_t)snprintf(buf + at, size - at, "%s%lld", k ? "," : "", (long long)d->dims[k]);
    if (at < size) snprintf(buf + at, size - at, "]");
}

/* 0 when output `i` matches, else -1 with the first difference in `why`. */
static int compare(size_t i, const gecl_tensor *got, const tensor_file *want, char *why, size_t size)
{
    char gs[128], ws[128];
    shape_str(&got->desc, gs, sizeof gs);
    shape_str(&want->desc, ws, sizeof ws);
    if (got->desc.dtype != want->desc.dtype)
        return snprintf(why, size, "output %zu is %s, expected %s", i, gecl_dtype_name(got->desc.dtype),
                        gecl_dtype_name(want->desc.dtype)), -1;
    if (!same_shape(&got->desc, &want->desc))
        return snprintf(why, size, "output %zu has shape %s, expected %s", i, gs, ws), -1;
    const size_t es = gecl_dtype_size(want->desc.dtype), n = es ? want->bytes / es : 0;
    if (!is_float(want->desc.dtype)) {
        for (size_t k = 0; k < n; k++)
            if (memcmp((const char *)got->data + k * es, (const char *)want->data + k * es, es))
                return snprintf(why, size, "output %zu %s differs at element %zu (exact comparison)", i, ws, k), -1;
        return 0;
    }
    for (size_t k = 0; k < n; k++) {
        const double g = element(got->data, want->desc.dtype, k), w = element(want->data, want->desc.dtype, k);
        if (isnan(w) ? isnan(g) : (g == w || fabs(g - w) <= ATOL + RTOL * fabs(w))) continue;
        return snprintf(why, size, "output %zu %s element %zu is %.9g, expected %.9g", i, ws, k, g, w), -1;
    }
    return 0;
}

/* One data set: inputs in graph order, outputs allocated by gecl and compared. */
static case_verdict run_set(gecl_session s, const gecl_graph *g, const char *set, int expect_error, char *why,
                            size_t size)
{
    tensor_file in[MAX_IO], out[MAX_IO];
    size_t n_in, n_out = 0;
    if (read_tensors(set, "input", in, &n_in, why, size)) return CASE_FAIL;
    if (expect_error) { /* every output gecl's to allocate; none to compare */
        n_out = gecl_graph_output_count(g);
        if (n_out > MAX_IO) n_out = MAX_IO;
    } else if (read_tensors(set, "output", out, &n_out, why, size)) {
        free_tensors(in, n_in);
        return CASE_FAIL;
    }
    gecl_tensor inputs[MAX_IO], outputs[MAX_IO];
    for (size_t i = 0; i < n_in; i++) {
        gecl_tensor_desc model;
        const char *name;
        if (!gecl_graph_input(g, (int64_t)i, &name, &model)) bf16_from_uint16(&in[i].desc, model.dtype);
        inputs[i] = (gecl_tensor){in[i].desc, in[i].data, in[i].bytes, GECL_ON_HOST};
    }
    for (size_t i = 0; i < n_out; i++)
        outputs[i] = (gecl_tensor){{.dtype = GECL_DT_UNDEFINED}, NULL, 0, GECL_ON_HOST};
    case_verdict v = CASE_PASS;
    if (gecl_session_run_graph(s, 0, n_in, inputs, n_out, outputs)) {
        v = verdict(CASE_FAIL, why, size, "run: %s", gecl_last_error());
    } else {
        for (size_t i = 0; i < n_out && v == CASE_PASS; i++)
            if (!expect_error && (bf16_from_uint16(&out[i].desc, outputs[i].desc.dtype),
                                  compare(i, &outputs[i], &out[i], why, size)))
                v = CASE_FAIL;
        for (size_t i = 0; i < n_out; i++) gecl_output_free(outputs[i].data);
    }
    free_tensors(in, n_in);
    if (!expect_error) free_tensors(out, n_out);
    return v;
}

static int by_name(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }
static int is_set(const struct dirent *e) { return !strncmp(e->d_name, "test_data_set_", 14); }

static case_verdict run_sets(gecl_session s, const gecl_graph *g, const char *dir, int expect_error, char *why,
                             size_t size)
{
    struct dirent **sets;
    int n = scandir(dir, &sets, is_set, by_name);
    if (n <= 0) return verdict(CASE_FAIL, why, size, "no test_data_set_* folders");
    case_verdict v = CASE_PASS;
    for (int i = 0; i < n; i++) {
        char path[4096], sub[3072];
        snprintf(path, sizeof path, "%s/%s", dir, sets[i]->d_name);
        if (v == CASE_PASS && (v = run_set(s, g, path, expect_error, sub, sizeof sub)) != CASE_PASS)
            snprintf(why, size, "%s: %s", sets[i]->d_name, sub);
        free(sets[i]);
    }
    free(sets);
    return v;
}

/* The first line of DIR/expect_error.txt into `msg`; 0 when the case expects outputs. */
static int expected_error(const char *dir, char *msg, size_t size)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/expect_error.txt", dir);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    if (!fgets(msg, (int)size, f)) msg[0] = '\0';
    msg[strcspn(msg, "\n")] = '\0';
    fclose(f);
    return 1;
}

/* An expect_error case: a FAIL with a message is the expected refusal, a PASS is the failure. */
static case_verdict invert(case_verdict v, const char *expected, char *why, size_t size)
{
    if (v == CASE_SKIP) return v;
    if (v == CASE_PASS)
        return verdict(CASE_FAIL, why, size, "ran to completion; expected an error (ONNX Runtime: %s)", expected);
    char got[3072];
    snprintf(got, sizeof got, "%s", why);
    return got[0] ? verdict(CASE_PASS, why, size, "refused as expected: %s", got)
                  : verdict(CASE_FAIL, why, size, "refused without a message");
}

static case_verdict run_case(const char *dir, int expect_error, char *why, size_t size)
{
    char model[4096];
    snprintf(model, sizeof model, "%s/model.onnx", dir);
    gecl_graph *g;
    if (gecl_onnx_parse_file(model, 0, NULL, NULL, &g)) {
        const char *err = gecl_last_error(), *list = strstr(err, "gecl does not support: ");
        if (list) return verdict(CASE_SKIP, why, size, "unsupported op %s", list + strlen("gecl does not support: "));
        if (strstr(err, "not supported: ")) return verdict(CASE_SKIP, why, size, "unsupported %s", err);
        return verdict(CASE_FAIL, why, size, "import: %s", err);
    }
    const char *keys[] = {"ge.exec.deviceId"}, *values[] = {"0"};
    gecl_session s = NULL;
    case_verdict v;
    if (gecl_initialize(1, keys, values) || aclInit(NULL) || gecl_session_create(0, NULL, NULL, &s) ||
        gecl_session_add_graph(s, 0, g, 0, NULL, NULL))
        v = verdict(CASE_FAIL, why, size, "setup: %s", gecl_last_error());
    else
        v = run_sets(s, g, dir, expect_error, why, size);
    gecl_graph_destroy(g);
    if (s) gecl_session_destroy(s);
    gecl_finalize();
    aclFinalize();
    return v;
}

case_verdict onnx_case_run(const char *dir, char *why, size_t size)
{
    char expected[1024];
    const int expect_error = expected_error(dir, expected, sizeof expected);
    if (size) why[0] = '\0';
    const case_verdict v = run_case(dir, expect_error, why, size);
    return expect_error ? invert(v, expected, why, size) : v;
}
