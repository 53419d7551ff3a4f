/*
 * graph_util.c: see graph_util.h.
 */
#include "graph_util.h"

#include <math.h>

/* ---- status checks ---- */

static const char *last_error(void)
{
    const char *m = gecl_last_error();
    return m ? m : "(gecl_last_error returned NULL)";
}

void gg_check_status(gecl_status got, gecl_status want, const char *expr, const char *file, int line)
{
    if (got == want) return;
    print_error("%s:%d: %s\n    returned %u, expected %u\n    gecl_last_error(): \"%s\"\n", file, line, expr,
                (unsigned)got, (unsigned)want, last_error());
    _fail(file, line);
}

void gg_check_no_failures(int failures, const char *file, int line)
{
    if (failures == 0) return;
    print_error("%s:%d: %d case(s) failed (see above)\n", file, line, failures);
    _fail(file, line);
}

void gg_log(const char *fmt, ...)
{
    const char *v = getenv("GG_VERBOSE");
    if (!v || !*v || strcmp(v, "0") == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* ---- tracking ---- */

typedef enum track_kind { TRACK_MALLOC, TRACK_OUTPUT, TRACK_GRAPH, TRACK_GRAPH_ID } track_kind;

typedef struct tracked {
    track_kind kind;
    void *ptr;          /* MALLOC, OUTPUT: the memory; GRAPH: the gg_graph */
    uint32_t graph_id;  /* GRAPH_ID */
} tracked;

static tracked *g_tracked;
static size_t g_n_tracked, g_cap_tracked;
static gecl_session g_session;
static uint32_t g_next_graph_id = 1;

static void track(track_kind kind, void *ptr, uint32_t graph_id)
{
    if (g_n_tracked == g_cap_tracked) {
        size_t cap = g_cap_tracked ? 2 * g_cap_tracked : 256;
        tracked *t = realloc(g_tracked, cap * sizeof *t);
        if (!t) {
            print_error("graph_util: out of memory tracking allocations\n");
            abort();
        }
        g_tracked = t;
        g_cap_tracked = cap;
    }
    g_tracked[g_n_tracked++] = (tracked){kind, ptr, graph_id};
}

/* Forgets a graph id once it has been removed from the session. */
static void untrack_graph_id(uint32_t id)
{
    for (size_t i = 0; i < g_n_tracked; i++)
        if (g_tracked[i].kind == TRACK_GRAPH_ID && g_tracked[i].graph_id == id) g_tracked[i].graph_id = 0;
}

void *gg_alloc(size_t bytes)
{
    void *p = calloc(1, bytes ? bytes : 1);
    if (!p) {
        print_error("graph_util: calloc(%zu) failed\n", bytes);
        abort();
    }
    track(TRACK_MALLOC, p, 0);
    return p;
}

void gg_release(void)
{
    /* newest first: outputs and session graphs before the memory they might reference */
    for (size_t i = g_n_tracked; i-- > 0;) {
        tracked *t = &g_tracked[i];
        switch (t->kind) {
        case TRACK_MALLOC: free(t->ptr); break;
        case TRACK_OUTPUT: gecl_output_free(t->ptr); break;
        case TRACK_GRAPH: {
            gg_graph *g = t->ptr;
            gecl_graph_destroy(g->graph);
            free(g);
            break;
        }
        case TRACK_GRAPH_ID:
            if (t->graph_id && g_session) gecl_session_remove_graph(g_session, t->graph_id);
            break;
        }
    }
    g_n_tracked = 0;
}

/* ---- setup ---- */

gecl_session gg_session(void)
{
    return g_session;
}

int gg_group_setup(void **state)
{
    (void)state;
    gecl_status rc = gecl_initialize(0, NULL, NULL);
    if (rc != GECL_SUCCESS) {
        print_error("group setup: gecl_initialize returned %u: %s\n", (unsigned)rc, last_error());
        return -1;
    }
    rc = gecl_session_create(0, NULL, NULL, &g_session);
    if (rc != GECL_SUCCESS) {
        print_error("group setup: gecl_session_create returned %u: %s\n", (unsigned)rc, last_error());
        gecl_finalize();
        return -1;
    }
    return 0;
}

int gg_test_teardown(void **state)
{
    (void)state;
    gg_release();
    return 0;
}

int gg_group_teardown(void **state)
{
    (void)state;
    int ret = 0;
    gg_release();
    free(g_tracked);
    g_tracked = NULL;
    g_cap_tracked = 0;
    gecl_status rc = gecl_session_destroy(g_session);
    if (rc != GECL_SUCCESS) {
        print_error("group teardown: gecl_session_destroy returned %u: %s\n", (unsigned)rc, last_error());
        ret = -1;
    }
    g_session = NULL;
    rc = gecl_finalize();
    if (rc != GECL_SUCCESS) {
        print_error("group teardown: gecl_finalize returned %u: %s\n", (unsigned)rc, last_error());
        ret = -1;
    }
    gecl_graph_counts gc;
    memset(&gc, 0, sizeof gc);
    rc = gecl_graph_live_counts(&gc);
    if (rc != GECL_SUCCESS) {
        print_error("group teardown: gecl_graph_live_counts returned %u: %s\n", (unsigned)rc, last_error());
        ret = -1;
    } else if (gc.sessions || gc.graphs || gc.loaded || gc.outputs) {
        print_error("group teardown: GE objects still alive: sessions=%llu graphs=%llu loaded=%llu outputs=%llu\n",
                    (unsigned long long)gc.sessions, (unsigned long long)gc.graphs,
                    (unsigned long long)gc.loaded, (unsigned long long)gc.outputs);
        ret = -1;
    }
    gecl_rt_counts rt;
    memset(&rt, 0, sizeof rt);
    aclError arc = gecl_rt_live_counts(&rt);
    if (arc != ACL_SUCCESS) {
        print_error("group teardown: gecl_rt_live_counts returned %d: %s\n", (int)arc, gt_errmsg());
        ret = -1;
    } else if (!gt_counts_zero(&rt)) {
        gt_print_counts("group teardown: runtime objects still alive", &rt);
        ret = -1;
    }
    return ret;
}

/* ---- random data ---- */

static uint64_t g_rng = 0x9e3779b97f4a7c15ull;

void gg_seed(uint64_t seed)
{
    g_rng = seed * 0x9e3779b97f4a7c15ull + 1;
}

/* splitmix64 */
static uint64_t next_u64(void)
{
    uint64_t z = (g_rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

double gg_uniform(double lo, double hi)
{
    double u = (double)(next_u64() >> 11) * 0x1.0p-53;   /* [0, 1) */
    return lo + (hi - lo) * u;
}

float *gg_rand_f32(size_t n, double lo, double hi)
{
    float *x = gg_alloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++) x[i] = (float)gg_uniform(lo, hi);
    return x;
}

float *gg_rand_f32_away(size_t n, double lo, double hi, double min_abs)
{
    float *x = gg_alloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++) {
        double v;
        do {
            v = gg_uniform(lo, hi);
        } while (fabs(v) < min_abs);
        x[i] = (float)v;
    }
    return x;
}

double *gg_f64_of_f32(const float *x, size_t n)
{
    double *y = gg_alloc(n * sizeof *y);
    for (size_t i = 0; i < n; i++) y[i] = x[i];
    return y;
}

/* ---- shapes ---- */

gecl_tensor_desc gg_desc(gecl_dtype dtype, gecl_format format, int rank, const int64_t *dims)
{
    gecl_tensor_desc d;
    memset(&d, 0, sizeof d);
    d.dtype = dtype;
    d.format = format;
    d.ndim = (uint32_t)rank;
    for (int i = 0; i < rank; i++) d.dims[i] = dims[i];
    return d;
}

const char *gg_shape_str(const int64_t *dims, int rank, char *buf, size_t size)
{
    size_t pos = 0;
    buf[0] = '\0';
    pos += (size_t)snprintf(buf + pos, size - pos, "[");
    for (int i = 0; i < rank && pos < size; i++)
        pos += (size_t)snprintf(buf + pos, size - pos, i ? ",%lld" : "%lld", (long long)dims[i]);
    if (pos < size) snprintf(buf + pos, size - pos, "]");
    return buf;
}

/* ---- building graphs ---- */

const gecl_port GG_NO_PORT = {GECL_NO_PORT_NODE, 0};

gecl_port gg_port(int32_t node)
{
    return (gecl_port){node, 0};
}

gg_graph *gg_new(const char *name)
{
    gg_graph *g = calloc(1, sizeof *g);
    if (!g) abort();
    snprintf(g->name, sizeof g->name, "%s", name);
    GG_OK(gecl_graph_create(name, &g->graph));
    track(TRACK_GRAPH, g, 0);
    return g;
}

gecl_port gg_data(gg_graph *g, const char *name, gecl_tensor_desc desc, const void *host)
{
    gecl_port p = {0, 0};
    if (g->n_data >= GG_MAX_INPUTS) fail_msg("graph %s: too many Data nodes", g->name);
    GG_OK(gecl_graph_add_data(g->graph, name, (int64_t)g->n_data, &desc, &p));
    gecl_tensor *t = &g->inputs[g->n_data++];
    t->desc = desc;
    t->data = (void *)host;
    t->bytes = gecl_desc_bytes(&desc);
    t->placement = GECL_ON_HOST;
    return p;
}

gecl_port gg_const(gg_graph *g, const char *name, gecl_tensor_desc desc, const void *data)
{
    gecl_port p = {0, 0};
    GG_OK(gecl_graph_add_const(g->graph, name, &desc, data, gecl_desc_bytes(&desc), &p));
    return p;
}

gecl_port gg_const_ints(gg_graph *g, const char *name, gecl_dtype dtype, int rank, const int64_t *values,
                        size_t n)
{
    int64_t dims[1] = {(int64_t)n};
    gecl_tensor_desc d = gg_desc(dtype, GECL_FORMAT_ND, rank, dims);
    void *buf = gg_alloc(n * 8);
    for (size_t i = 0; i < n; i++) {
        if (dtype == GECL_DT_INT32) ((int32_t *)buf)[i] = (int32_t)values[i];
        else ((int64_t *)buf)[i] = values[i];
    }
    return gg_const(g, name, d, buf);
}

int32_t gg_op(gg_graph *g, const char *name, const char *type, size_t n_inputs, const gecl_port *inputs)
{
    int32_t node = -1;
    GG_OK(gecl_graph_add_op(g->graph, name, type, n_inputs, inputs, &node));
    return node;
}

void gg_attr_int(gg_graph *g, int32_t node, const char *name, int64_t value)
{
    GG_OK(gecl_graph_set_attr_int(g->graph, node, name, value));
}

void gg_attr_bool(gg_graph *g, int32_t node, const char *name, int value)
{
    GG_OK(gecl_graph_set_attr_bool(g->graph, node, name, value));
}

void gg_attr_string(gg_graph *g, int32_t node, const char *name, const char *value)
{
    GG_OK(gecl_graph_set_attr_string(g->graph, node, name, value));
}

void gg_attr_ints(gg_graph *g, int32_t node, const char *name, const int64_t *values, size_t n)
{
    GG_OK(gecl_graph_set_attr_ints(g->graph, node, name, values, n));
}

void gg_input_format(gg_graph *g, int32_t node, size_t index, gecl_format format)
{
    GG_OK(gecl_graph_set_input_format(g->graph, node, index, format));
}

/* ---- running ---- */

static int report(const gg_graph *g, const char *call, gecl_status rc)
{
    print_error("graph '%s': %s returned %u\n    gecl_last_error(): \"%s\"\n", g->name, call, (unsigned)rc,
                last_error());
    return 0;
}

size_t gg_kernel_count(gg_graph *g, size_t n_out, const gecl_port *outs)
{
    const uint32_t id = 9001;
    gecl_graph_summary s;
    memset(&s, 0, sizeof s);
    GG_OK(gecl_graph_set_outputs(g->graph, n_out, outs));
    GG_OK(gecl_session_add_graph(g_session, id, g->graph, 0, NULL, NULL));
    GG_OK(gecl_session_compile_graph(g_session, id));
    GG_OK(gecl_session_graph_summary(g_session, id, &s));
    GG_OK(gecl_session_remove_graph(g_session, id));
    return s.kernel_count;
}

int gg_try_run(gg_graph *g, size_t n_out, const gecl_port *outs, gecl_tensor *results)
{
    gg_log("  run %s", g->name);
    gecl_status rc = gecl_graph_set_outputs(g->graph, n_out, outs);
    if (rc != GECL_SUCCESS) return report(g, "gecl_graph_set_outputs", rc);
    uint32_t id = g_next_graph_id++;
    rc = gecl_session_add_graph(g_session, id, g->graph, 0, NULL, NULL);
    if (rc != GECL_SUCCESS) return report(g, "gecl_session_add_graph", rc);
    track(TRACK_GRAPH_ID, NULL, id);
    size_t count = 0;
    rc = gecl_session_output_count(g_session, id, &count);
    if (rc != GECL_SUCCESS) return report(g, "gecl_session_output_count", rc);
    if (count != n_out) {
        print_error("graph '%s': gecl_session_output_count says %zu outputs, the graph set %zu\n", g->name, count,
                    n_out);
        return 0;
    }
    for (size_t i = 0; i < n_out; i++) {
        memset(&results[i], 0, sizeof results[i]);
        results[i].placement = GECL_ON_HOST;
    }
    rc = gecl_session_run_graph(g_session, id, g->n_data, g->inputs, n_out, results);
    for (size_t i = 0; i < n_out; i++)
        if (results[i].data) track(TRACK_OUTPUT, results[i].data, 0);
    if (rc != GECL_SUCCESS) return report(g, "gecl_session_run_graph", rc);
    for (size_t i = 0; i < n_out; i++) {
        if (!results[i].data) {
            print_error("graph '%s': output %zu has no data after the run\n", g->name, i);
            return 0;
        }
    }
    rc = gecl_session_remove_graph(g_session, id);
    if (rc != GECL_SUCCESS) return report(g, "gecl_session_remove_graph", rc);
    untrack_graph_id(id);
    return 1;
}

void gg_run(gg_graph *g, size_t n_out, const gecl_port *outs, gecl_tensor *results)
{
    if (!gg_try_run(g, n_out, outs, results)) fail_msg("running graph '%s' failed", g->name);
}

int gg_run_const_memory(gg_graph *g, gecl_port out, int before_load, gecl_tensor results[2])
{
    const uint32_t id = g_next_graph_id++;
    GG_OK(gecl_graph_set_outputs(g->graph, 1, &out));
    GG_OK(gecl_session_add_graph(g_session, id, g->graph, 0, NULL, NULL));
    GG_OK(gecl_session_compile_graph(g_session, id));
    gecl_graph_summary sum;
    memset(&sum, 0, sizeof sum);
    GG_OK(gecl_session_graph_summary(g_session, id, &sum));
    void *mem = NULL;
    assert_int_equal(aclrtSetDevice(0), ACL_SUCCESS); /* the session's device, current here */
    assert_int_equal(aclrtMalloc(&mem, sum.const_memory_size, ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    assert_int_equal(aclrtMemset(mem, sum.const_memory_size, 0xFF, sum.const_memory_size), ACL_SUCCESS);
    int n = 0;
    for (int run = before_load ? 1 : 0; run < 2; run++, n++) {
        if (run == 1)
            GG_OK(gecl_session_set_graph_memory(g_session, id, GECL_GRAPH_MEMORY_CONST, mem, sum.const_memory_size));
        memset(&results[n], 0, sizeof results[n]);
        results[n].placement = GECL_ON_HOST;
        GG_OK(gecl_session_run_graph(g_session, id, g->n_data, g->inputs, 1, &results[n]));
        track(TRACK_OUTPUT, results[n].data, 0);
    }
    GG_OK(gecl_session_remove_graph(g_session, id));
    assert_int_equal(aclrtFree(mem), ACL_SUCCESS);
    assert_int_equal(aclrtResetDevice(0), ACL_SUCCESS);
    return n;
}

gecl_tensor gg_run1(gg_graph *g, gecl_port out)
{
    gecl_tensor t;
    gg_run(g, 1, &out, &t);
    return t;
}

/* ---- comparing ---- */

int gg_shape_is(const char *what, const gecl_tensor *t, gecl_dtype dtype, int rank, const int64_t *dims)
{
    int ok = t->desc.dtype == dtype && t->desc.ndim == (uint32_t)rank;
    for (int i = 0; ok && i < rank; i++) ok = t->desc.dims[i] == dims[i];
    gecl_tensor_desc want = gg_desc(dtype, GECL_FORMAT_ND, rank, dims);
    if (ok && t->bytes < gecl_desc_bytes(&want)) {
        print_error("%s: output holds %zu bytes, expected %zu\n", what, t->bytes, gecl_desc_bytes(&want));
        return 0;
    }
    if (ok) return 1;
    char got_s[128], want_s[128];
    print_error("%s: output is %s %s, expected %s %s\n", what, gecl_dtype_name(t->desc.dtype),
                gg_shape_str(t->desc.dims, (int)t->desc.ndim, got_s, sizeof got_s), gecl_dtype_name(dtype),
                gg_shape_str(dims, rank, want_s, sizeof want_s));
    return 0;
}

double gg_value(const gecl_tensor *t, size_t i)
{
    const void *p = t->data;
    switch (t->desc.dtype) {
    case GECL_DT_FLOAT: return ((const float *)p)[i];
    case GECL_DT_FLOAT16: return ref_f16_to_f32(((const uint16_t *)p)[i]);
    case GECL_DT_BF16: { /* the high half of a float32 */
        const uint32_t u = (uint32_t)((const uint16_t *)p)[i] << 16;
        float f;
        memcpy(&f, &u, sizeof f);
        return f;
    }
    case GECL_DT_DOUBLE: return ((const double *)p)[i];
    case GECL_DT_INT8: return ((const int8_t *)p)[i];
    case GECL_DT_UINT8: return ((const uint8_t *)p)[i];
    case GECL_DT_BOOL: return ((const uint8_t *)p)[i];
    case GECL_DT_INT16: return ((const int16_t *)p)[i];
    case GECL_DT_UINT16: return ((const uint16_t *)p)[i];
    case GECL_DT_INT32: return ((const int32_t *)p)[i];
    case GECL_DT_UINT32: return ((const uint32_t *)p)[i];
    case GECL_DT_INT64: return (double)((const int64_t *)p)[i];
    case GECL_DT_UINT64: return (double)((const uint64_t *)p)[i];
    default: return NAN;
    }
}

/* "[n,c,h,w]" index of element i of t. */
static const char *index_str(const gecl_tensor *t, size_t i, char *buf, size_t size)
{
    int64_t idx[GECL_MAX_DIMS];
    size_t lin = i;
    for (int d = (int)t->desc.ndim - 1; d >= 0; d--) {
        int64_t n = t->desc.dims[d] > 0 ? t->desc.dims[d] : 1;
        idx[d] = (int64_t)(lin % (size_t)n);
        lin /= (size_t)n;
    }
    return gg_shape_str(idx, (int)t->desc.ndim, buf, size);
}

enum { SHOW_MISMATCHES = 8 };

int gg_close(const char *what, const gecl_tensor *t, const double *ref, const double *mag, size_t n, double rel,
             double abs)
{
    size_t bad = 0;
    double worst = 0.0;
    for (size_t i = 0; i < n; i++) {
        double got = gg_value(t, i);
        double scale = mag ? mag[i] : fabs(ref[i]);
        double err = fabs(got - ref[i]);
        int ok = (isnan(ref[i]) && isnan(got)) || (isinf(ref[i]) && got == ref[i]) || err <= rel * scale + abs;
        if (ok) continue;
        if (bad < SHOW_MISMATCHES) {
            char ib[128];
            print_error("%s: element %zu %s: got %.9g, expected %.9g (|diff| %.3g, allowed %.3g)\n", what, i,
                        index_str(t, i, ib, sizeof ib), got, ref[i], err, rel * scale + abs);
        }
        if (!isnan(err) && err > worst) worst = err;
        bad++;
    }
    if (bad) print_error("%s: %zu of %zu elements differ (largest |diff| %.3g)\n", what, bad, n, worst);
    return bad == 0;
}

int gg_expect(const char *what, const gecl_tensor *t, int rank, const int64_t *dims, const double *ref,
              const double *mag, double rel, double abs)
{
    if (!gg_shape_is(what, t, GECL_DT_FLOAT, rank, dims)) return 0;
    return gg_close(what, t, ref, mag, (size_t)ref_numel(dims, rank), rel, abs);
}

int gg_equal_ints(const char *what, const gecl_tensor *t, const int64_t *ref, size_t n)
{
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        double got = gg_value(t, i);
        if (got == (double)ref[i]) continue;
        if (bad < SHOW_MISMATCHES) {
            char ib[128];
            print_error("%s: element %zu %s: got %.17g, expected %lld\n", what, i, index_str(t, i, ib, sizeof ib),
                        got, (long long)ref[i]);
        }
        bad++;
    }
    if (bad) print_error("%s: %zu of %zu elements differ\n", what, bad, n);
    return bad == 0;
}

/* ---- negative cases ---- */

static int rejected_naming(const gg_graph *g, const char *call, gecl_status rc, const char *node_name)
{
    const char *m = gecl_last_error();
    if (rc == GECL_SUCCESS) {
        print_error("graph '%s': %s accepted the graph, expected GECL_PARAM_INVALID naming node '%s'\n", g->name,
                    call, node_name);
        return 0;
    }
    if (rc != GECL_PARAM_INVALID) {
        print_error("graph '%s': %s returned %u, expected GECL_PARAM_INVALID (%u)\n    gecl_last_error(): \"%s\"\n",
                    g->name, call, (unsigned)rc, (unsigned)GECL_PARAM_INVALID, m ? m : "(NULL)");
        return 0;
    }
    if (!m || !*m || !strstr(m, node_name)) {
        print_error("graph '%s': %s: gecl_last_error() is \"%s\", expected it to name node '%s'\n", g->name, call,
                    m ? m : "(NULL)", node_name);
        return 0;
    }
    gg_log("  %s rejected by %s: %s", g->name, call, m);
    return 1;
}

int gg_expect_invalid(gg_graph *g, size_t n_out, const gecl_port *outs, const char *node_name)
{
    gecl_status rc = gecl_graph_set_outputs(g->graph, n_out, outs);
    if (rc != GECL_SUCCESS) return report(g, "gecl_graph_set_outputs", rc);
    int ok = rejected_naming(g, "gecl_graph_validate", gecl_graph_validate(g->graph), node_name);
    uint32_t id = g_next_graph_id++;
    rc = gecl_session_add_graph(g_session, id, g->graph, 0, NULL, NULL);
    if (rc != GECL_SUCCESS) return rejected_naming(g, "gecl_session_add_graph", rc, node_name) && ok;
    track(TRACK_GRAPH_ID, NULL, id);
    rc = gecl_session_compile_graph(g_session, id);
    if (rc == GECL_SUCCESS) {
        print_error("graph '%s': accepted by gecl_session_add_graph and gecl_session_compile_graph, expected "
                    "GECL_PARAM_INVALID naming node '%s'\n",
                    g->name, node_name);
        return 0;
    }
    return rejected_naming(g, "gecl_session_compile_graph", rc, node_name) && ok;
}
