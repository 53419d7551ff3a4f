/* model.c: what run, bench and info share: import, GE bring-up, inputs, compile, run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acl/acl.h"
#include "model.h"
#include "npy.h"

double cli_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int report(const char *what)
{
    fprintf(stderr, "gecl: %s: %s\n", what, gecl_last_error());
    return -1;
}

int model_open(cli_model *m, const char *path, int device)
{
    memset(m, 0, sizeof *m);
    m->device = device;
    if (gecl_onnx_parse_file(path, 0, NULL, NULL, &m->graph)) return report("import");
    m->n_in = gecl_graph_input_count(m->graph);
    m->n_out = gecl_graph_output_count(m->graph);
    if (m->n_in > CLI_MAX_IO || m->n_out > CLI_MAX_IO) {
        fprintf(stderr, "gecl: the model has %zu inputs and %zu outputs; at most %d each\n", m->n_in, m->n_out,
                CLI_MAX_IO);
        return -1;
    }
    char dev[16];
    snprintf(dev, sizeof dev, "%d", device);
    const char *keys[] = {"ge.exec.deviceId"}, *values[] = {dev};
    if (gecl_initialize(1, keys, values)) return report("GE initialize");
    if (aclInit(NULL) || aclrtSetDevice(device)) {
        fprintf(stderr, "gecl: device %d: %s\n", device, aclGetRecentErrMsg());
        return -1;
    }
    if (gecl_session_create(0, NULL, NULL, &m->session)) return report("session");
    return 0;
}

/* Deterministic values in [-1, 1) (integers 0..9, bools alternating), so runs are comparable. */
static void fill(gecl_tensor *t)
{
    const size_t es = gecl_dtype_size(t->desc.dtype), n = es ? t->bytes / es : 0;
    for (size_t i = 0; i < n; i++) {
        const double v = (double)((i * 7919u + 13u) % 2000u) / 1000.0 - 1.0;
        char *p = (char *)t->data + i * es;
        switch (t->desc.dtype) {
        case GECL_DT_FLOAT: *(float *)(void *)p = (float)v; break;
        case GECL_DT_DOUBLE: *(double *)(void *)p = v; break;
        case GECL_DT_FLOAT16: *(aclFloat16 *)(void *)p = aclFloatToFloat16((float)v); break;
        case GECL_DT_INT64: *(int64_t *)(void *)p = (int64_t)(i % 10); break;
        case GECL_DT_INT32: *(int32_t *)(void *)p = (int32_t)(i % 10); break;
        case GECL_DT_BOOL: *(uint8_t *)p = i % 2; break;
        default: memset(p, (int)(i % 10), es); break;
        }
    }
}

static const char *given_file(int n_given, char **given, const char *name)
{
    const size_t len = strlen(name);
    for (int i = 0; i < n_given; i++)
        if (!strncmp(given[i], name, len) && given[i][len] == '=') return given[i] + len + 1;
    return NULL;
}

/* A given file's tensor must fit the model's input: same dtype, same rank, fixed dims equal. */
static int check_fits(const char *name, const gecl_tensor_desc *model, const gecl_tensor_desc *file)
{
    int ok = model->dtype == file->dtype;
    const int unknown_rank = model->ndim == 1 && model->dims[0] == GECL_DIM_UNKNOWN_RANK;
    if (ok && !unknown_rank) {
        ok = model->ndim == file->ndim;
        for (uint32_t k = 0; ok && k < model->ndim; k++) ok = model->dims[k] < 0 || model->dims[k] == file->dims[k];
    }
    if (ok) return 0;
    char ms[160] = "", fs[160] = "";
    for (uint32_t k = 0; k < model->ndim; k++) snprintf(ms + strlen(ms), sizeof ms - strlen(ms), "%s%lld", k ? "," : "", (long long)model->dims[k]);
    for (uint32_t k = 0; k < file->ndim; k++) snprintf(fs + strlen(fs), sizeof fs - strlen(fs), "%s%lld", k ? "," : "", (long long)file->dims[k]);
    fprintf(stderr, "gecl: input '%s' is %s [%s] in the model; the file holds %s [%s]\n", name,
            gecl_dtype_name(model->dtype), ms, gecl_dtype_name(file->dtype), fs);
    return -1;
}

/* A made-up input is built on the host, then copied to the device: one the device could not hold
 * (a model's dim of 2^40, say) is refused here rather than attempted as a host allocation of TiBs.
 * Counted with overflow checks, as the dims are whatever the model says. */
static int too_big_to_make(const char *name, const gecl_tensor_desc *d, int device)
{
    size_t bytes = gecl_dtype_size(d->dtype), free_b = 0, total = 0;
    int wrapped = 0;
    for (uint32_t i = 0; i < d->ndim; i++) wrapped |= __builtin_mul_overflow(bytes, (size_t)d->dims[i], &bytes);
    if (aclrtGetMemInfo(ACL_HBM_MEM, &free_b, &total) != ACL_SUCCESS) {
        fprintf(stderr, "gecl: device %d memory: %s\n", device, aclGetRecentErrMsg());
        return -1;
    }
    if (!wrapped && bytes <= total) return 0;
    if (wrapped) fprintf(stderr, "gecl: input '%s' would need more than 2^64 bytes", name);
    else fprintf(stderr, "gecl: input '%s' would need %zu bytes, more than device %d's %zu", name, bytes, device, total);
    fprintf(stderr, ": give it with --input %s=FILE.npy\n", name);
    return -1;
}

int model_inputs(cli_model *m, int n_given, char **given)
{
    for (int i = 0; i < n_given; i++) { /* every NAME= must be a model input */
        int known = 0;
        for (size_t k = 0; k < m->n_in && !known; k++) {
            const char *name;
            if (gecl_graph_input(m->graph, (int64_t)k, &name, NULL) == GECL_SUCCESS)
                known = !strncmp(given[i], name, strlen(name)) && given[i][strlen(name)] == '=';
        }
        if (!known || !strchr(given[i], '=')) {
            fprintf(stderr, "gecl: --input %s: no model input of that name (inputs:", given[i]);
            for (size_t k = 0; k < m->n_in; k++) {
                const char *name;
                if (gecl_graph_input(m->graph, (int64_t)k, &name, NULL) == GECL_SUCCESS) fprintf(stderr, " %s", name);
            }
            fprintf(stderr, ")\n");
            return -1;
        }
    }
    for (size_t k = 0; k < m->n_in; k++) {
        gecl_tensor *t = &m->in[k];
        if (gecl_graph_input(m->graph, (int64_t)k, &m->in_name[k], &t->desc)) return report("inputs");
        t->placement = GECL_ON_HOST;
        const char *file = given_file(n_given, given, m->in_name[k]);
        if (file) {
            gecl_tensor_desc d;
            char err[512];
            if (npy_read(file, &d, &t->data, &t->bytes, err, sizeof err)) {
                fprintf(stderr, "gecl: input '%s': %s\n", m->in_name[k], err);
                return -1;
            }
            if (check_fits(m->in_name[k], &t->desc, &d)) return -1;
            t->desc = d;
            continue;
        }
        if (t->desc.ndim == 1 && t->desc.dims[0] == GECL_DIM_UNKNOWN_RANK) {
            fprintf(stderr, "gecl: input '%s' has no shape in the model: give it with --input %s=FILE.npy\n",
                    m->in_name[k], m->in_name[k]);
            return -1;
        }
        for (uint32_t d = 0; d < t->desc.ndim; d++)
            if (t->desc.dims[d] < 0) t->desc.dims[d] = 1;
        if (too_big_to_make(m->in_name[k], &t->desc, m->device)) return -1;
        t->bytes = gecl_desc_bytes(&t->desc);
        if (!(t->data = malloc(t->bytes ? t->bytes : 1))) return report("inputs");
        fill(t);
    }
    return 0;
}

int model_compile(cli_model *m)
{
    const double t0 = cli_now_ms();
    if (gecl_session_add_graph(m->session, 0, m->graph, 0, NULL, NULL) || gecl_session_compile_graph(m->session, 0))
        return report("compile");
    gecl_tensor out[CLI_MAX_IO]; /* programs are built and constants uploaded at the first run */
    if (model_run(m, out)) return -1;
    for (size_t i = 0; i < m->n_out; i++) gecl_output_free(out[i].data);
    m->load_ms = cli_now_ms() - t0;
    return 0;
}

int model_run(cli_model *m, gecl_tensor *outputs)
{
    for (size_t i = 0; i < m->n_out; i++) outputs[i] = (gecl_tensor){{.dtype = GECL_DT_UNDEFINED}, NULL, 0, GECL_ON_HOST};
    if (gecl_session_run_graph(m->session, 0, m->n_in, m->in, m->n_out, outputs)) return report("run");
    return 0;
}

void model_close(cli_model *m)
{
    for (size_t k = 0; k < m->n_in; k++) free(m->in[k].data);
    if (m->session) gecl_session_destroy(m->session);
    gecl_graph_destroy(m->graph);
    gecl_finalize();
    aclFinalize();
}
