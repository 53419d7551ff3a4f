/* test_robustness.c: the graph engine refuses graphs it cannot compute and cleans up after a run
 * that fails.
 *
 *  - Shape arithmetic that overflows int64 (Conv2D pads and dilations, pool ksize and pads,
 *    Reshape's shape values, BatchMatMul's broadcast batch) is PARAM_INVALID at validation and
 *    at AddGraph, with a message naming the node and the attribute or input at fault; it never
 *    yields a wrong output shape or a failure at kernel build. Window values past what the
 *    kernels index (2^31 - 1) are refused the same way; up to that, extreme windows (a stride of
 *    2^31 - 1) get their true size and run. An empty tensor with absurd dims is refused where it
 *    comes in.
 *  - A Const made with gecl_graph_add_op carries no value: validation and AddGraph reject it
 *    naming the node (LoadGraph used to copy its value from NULL).
 *  - A run that fails frees the outputs gecl allocated for it and leaves the caller's output
 *    tensors as they were (RunGraph, RunGraphWithStreamAsync, RunGraphAsync): the live output
 *    count does not grow, also after the session is destroyed.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "acl/acl.h"
#include "gecl/gecl.h"

#define OK(call) assert_int_equal((call), GECL_SUCCESS)

enum { N = 16, FAILED_RUNS = 8 };

static gecl_session session; /* the shared session of the validation tests */
static uint32_t next_graph_id = 100;

static int setup(void **state)
{
    (void)state;
    if (gecl_initialize(0, NULL, NULL) != GECL_SUCCESS) return -1;
    return gecl_session_create(0, NULL, NULL, &session) == GECL_SUCCESS ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    if (gecl_session_destroy(session) != GECL_SUCCESS || gecl_finalize() != GECL_SUCCESS) return -1;
    gecl_graph_counts c;
    if (gecl_graph_live_counts(&c) != GECL_SUCCESS) return -1;
    if (c.sessions + c.graphs + c.loaded + c.outputs == 0) return 0;
    fprintf(stderr, "left alive: %llu sessions, %llu graphs, %llu loaded, %llu outputs\n",
            (unsigned long long)c.sessions, (unsigned long long)c.graphs, (unsigned long long)c.loaded,
            (unsigned long long)c.outputs);
    return -1;
}

static gecl_tensor_desc desc(gecl_dtype dtype, gecl_format format, uint32_t ndim, const int64_t *dims)
{
    gecl_tensor_desc d;
    memset(&d, 0, sizeof d);
    d.dtype = dtype;
    d.format = format;
    d.ndim = ndim;
    memcpy(d.dims, dims, ndim * sizeof *dims);
    return d;
}
#define DIMS(...) ((const int64_t[]){__VA_ARGS__})
#define NDIMS(...) ((uint32_t)(sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t)))
#define DESC(dtype, format, ...) desc((dtype), (format), NDIMS(__VA_ARGS__), DIMS(__VA_ARGS__))

static gecl_port port(int32_t node)
{
    const gecl_port p = {node, 0};
    return p;
}

/* ---- validation ---- */

/* The graph (its outputs set) must be refused with PARAM_INVALID by gecl_graph_validate and by
 * AddGraph, each time with a message that contains every one of `words` (the node's name, the
 * attribute or input at fault). Destroys the graph. */
static void expect_refused(gecl_graph *g, const char *const *words, size_t n_words)
{
    const char *when[2] = {"gecl_graph_validate", "gecl_session_add_graph"};
    for (int k = 0; k < 2; k++) {
        const uint32_t id = next_graph_id++;
        const gecl_status rc = k == 0 ? gecl_graph_validate(g) : gecl_session_add_graph(session, id, g, 0, NULL, NULL);
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", gecl_last_error());
        if (rc == GECL_SUCCESS && k == 1) gecl_session_remove_graph(session, id);
        if (rc != GECL_PARAM_INVALID) {
            gecl_graph_destroy(g);
            fail_msg("%s returned %u, expected PARAM_INVALID (%u); message \"%s\"", when[k], (unsigned)rc,
                     (unsigned)GECL_PARAM_INVALID, rc ? msg : "");
        }
        for (size_t w = 0; w < n_words; w++)
            if (!strstr(msg, words[w])) {
                gecl_graph_destroy(g);
                fail_msg("%s: the message \"%s\" does not name \"%s\"", when[k], msg, words[w]);
            }
    }
    gecl_graph_destroy(g);
}
#define EXPECT_REFUSED(g, ...)                                                                   \
    expect_refused((g), (const char *const[]){__VA_ARGS__},                                      \
                   sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

/* The graph must validate and `out` must have shape `dims`. Destroys the graph. */
static void expect_shape(gecl_graph *g, gecl_port out, uint32_t ndim, const int64_t *dims)
{
    gecl_tensor_desc d;
    const gecl_status rc = gecl_graph_port_desc(g, out, &d);
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", gecl_last_error());
    gecl_graph_destroy(g);
    if (rc != GECL_SUCCESS) fail_msg("the graph was refused (%u): \"%s\"", (unsigned)rc, msg);
    int same = d.ndim == ndim;
    for (uint32_t i = 0; same && i < ndim; i++) same = d.dims[i] == dims[i];
    if (!same) {
        char got[256] = "", want[256] = "";
        for (uint32_t i = 0; i < d.ndim && i < GECL_MAX_DIMS; i++)
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%lld", i ? "," : "", (long long)d.dims[i]);
        for (uint32_t i = 0; i < ndim; i++)
            snprintf(want + strlen(want), sizeof want - strlen(want), "%s%lld", i ? "," : "", (long long)dims[i]);
        fail_msg("output shape [%s], expected [%s]", got, want);
    }
}
#define EXPECT_SHAPE(g, out, ...) expect_shape((g), (out), NDIMS(__VA_ARGS__), DIMS(__VA_ARGS__))

/* x [1,1,8,8] (NCHW) * filter [1,1,3,3] of ones as node `name`, with the given attributes (NULL:
 * not set). *out is the conv's output. */
typedef struct conv_attrs {
    const int64_t *strides, *pads, *dilations;
    const char *padding;
} conv_attrs;

static gecl_graph *conv_graph(const char *name, const conv_attrs *a, gecl_port *out)
{
    gecl_graph *g;
    OK(gecl_graph_create(name, &g));
    gecl_tensor_desc xd = DESC(GECL_DT_FLOAT, GECL_FORMAT_NCHW, 1, 1, 8, 8);
    gecl_tensor_desc wd = DESC(GECL_DT_FLOAT, GECL_FORMAT_NCHW, 1, 1, 3, 3);
    gecl_port in[2];
    int32_t conv;
    OK(gecl_graph_add_data(g, "x", 0, &xd, &in[0]));
    static const float ones[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
    OK(gecl_graph_add_const(g, "filter", &wd, ones, sizeof ones, &in[1]));
    OK(gecl_graph_add_op(g, name, "Conv2D", 2, in, &conv));
    OK(gecl_graph_set_attr_ints(g, conv, "strides", a->strides ? a->strides : DIMS(1, 1, 1, 1), 4));
    if (a->pads) OK(gecl_graph_set_attr_ints(g, conv, "pads", a->pads, 4));
    if (a->dilations) OK(gecl_graph_set_attr_ints(g, conv, "dilations", a->dilations, 4));
    if (a->padding) OK(gecl_graph_set_attr_string(g, conv, "padding", a->padding));
    OK(gecl_graph_set_attr_string(g, conv, "data_format", "NCHW"));
    *out = port(conv);
    OK(gecl_graph_set_outputs(g, 1, out));
    return g;
}

/* Pads that wrap around int64 used to give a plausible (wrong) shape: 8 + 2 * INT64_MAX - 2
 * wraps to 4 rows. Pads, or a dilation, that overflow are refused naming the attribute. */
static void test_conv2d_overflow_refused(void **state)
{
    (void)state;
    gecl_port out;
    const conv_attrs wrap = {.pads = DIMS(INT64_MAX, INT64_MAX, 0, 0)};
    EXPECT_REFUSED(conv_graph("conv_pads_wrap", &wrap, &out), "'conv_pads_wrap'", "pads");
    const conv_attrs right = {.pads = DIMS(0, 0, 0, INT64_MAX - 4)};
    EXPECT_REFUSED(conv_graph("conv_pads_right", &right, &out), "'conv_pads_right'", "pads");
    const conv_attrs dil = {.pads = DIMS(0, 0, 0, 0), .dilations = DIMS(1, 1, INT64_MAX, 1)};
    EXPECT_REFUSED(conv_graph("conv_dilation", &dil, &out), "'conv_dilation'", "dilations");
    const conv_attrs same_dil = {.padding = "SAME", .dilations = DIMS(1, 1, 1, INT64_MAX / 2)};
    EXPECT_REFUSED(conv_graph("conv_same_dilation", &same_dil, &out), "'conv_same_dilation'", "dilations");
}

/* Runs g once with x = 0, 1, ..., 63 (an 8x8 plane in `format`: [1,1,8,8] or [1,8,8,1]) and
 * expects one output value `want`. Destroys the graph. */
static void expect_run(gecl_graph *g, gecl_format format, float want)
{
    float x[64];
    for (int i = 0; i < 64; i++) x[i] = (float)i;
    gecl_tensor in, out;
    memset(&in, 0, sizeof in);
    memset(&out, 0, sizeof out);
    in.desc = format == GECL_FORMAT_NCHW ? DESC(GECL_DT_FLOAT, format, 1, 1, 8, 8)
                                         : DESC(GECL_DT_FLOAT, format, 1, 8, 8, 1);
    in.data = x;
    in.bytes = sizeof x;
    in.placement = GECL_ON_HOST;
    const uint32_t id = next_graph_id++;
    gecl_status rc = gecl_session_add_graph(session, id, g, 0, NULL, NULL);
    gecl_graph_destroy(g);
    if (!rc) rc = gecl_session_run_graph(session, id, 1, &in, 1, &out);
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", gecl_last_error());
    const float got = rc ? 0.0f : *(const float *)out.data;
    if (out.data) OK(gecl_output_free(out.data));
    gecl_session_remove_graph(session, id);
    if (rc) fail_msg("the run failed (%u): \"%s\"", (unsigned)rc, msg);
    if (got != want) fail_msg("output %g, expected %g", (double)got, (double)want);
}

/* The kernels index positions along an axis in 32 bits: larger strides or padded extents are
 * refused naming the attribute; up to 2^31 - 1 they run. A stride of 2^31 - 1 over 8 pixels is
 * one window: with SAME (no pads needed) the sum of x[0..2][0..2], with pads 1 of x[0..1][0..1]. */
static void test_conv2d_extreme_but_valid(void **state)
{
    (void)state;
    gecl_port out;
    const conv_attrs huge_stride = {.strides = DIMS(1, 1, INT64_MAX, INT64_MAX), .padding = "SAME"};
    EXPECT_REFUSED(conv_graph("conv_huge_stride", &huge_stride, &out), "'conv_huge_stride'", "strides");
    const conv_attrs huge_pads = {.pads = DIMS((int64_t)1 << 40, (int64_t)1 << 40, 0, 0)};
    EXPECT_REFUSED(conv_graph("conv_huge_pads", &huge_pads, &out), "'conv_huge_pads'", "pads");

    const conv_attrs same = {.strides = DIMS(1, 1, INT32_MAX, INT32_MAX), .padding = "SAME"};
    gecl_graph *g = conv_graph("conv_int32_stride", &same, &out);
    gecl_graph *copy = conv_graph("conv_int32_stride", &same, &out);
    EXPECT_SHAPE(g, out, 1, 1, 1, 1);
    expect_run(copy, GECL_FORMAT_NCHW, 0 + 1 + 2 + 8 + 9 + 10 + 16 + 17 + 18);
    const conv_attrs padded = {.strides = DIMS(1, 1, INT32_MAX, INT32_MAX), .pads = DIMS(1, 1, 1, 1)};
    g = conv_graph("conv_int32_stride_pads", &padded, &out);
    copy = conv_graph("conv_int32_stride_pads", &padded, &out);
    EXPECT_SHAPE(g, out, 1, 1, 1, 1);
    expect_run(copy, GECL_FORMAT_NCHW, 0 + 1 + 8 + 9);
    const conv_attrs plain = {.pads = DIMS(1, 1, 1, 1)};
    g = conv_graph("conv_plain", &plain, &out);
    EXPECT_SHAPE(g, out, 1, 1, 8, 8);
}

/* x [1,8,8,1] (NHWC) pooled by node `name` of `type`. */
typedef struct pool_attrs {
    const int64_t *ksize, *strides, *pads;
    const char *padding;
    int ceil_mode;
} pool_attrs;

static gecl_graph *pool_graph(const char *name, const char *type, const pool_attrs *a, gecl_port *out)
{
    gecl_graph *g;
    OK(gecl_graph_create(name, &g));
    gecl_tensor_desc xd = DESC(GECL_DT_FLOAT, GECL_FORMAT_NHWC, 1, 8, 8, 1);
    gecl_port x;
    int32_t pool;
    OK(gecl_graph_add_data(g, "x", 0, &xd, &x));
    OK(gecl_graph_add_op(g, name, type, 1, &x, &pool));
    const int v1 = strcmp(type, "MaxPool") == 0 || strcmp(type, "AvgPool") == 0;
    OK(gecl_graph_set_attr_ints(g, pool, "ksize", a->ksize, 4));
    OK(gecl_graph_set_attr_ints(g, pool, "strides", a->strides ? a->strides : DIMS(1, 1, 1, 1), 4));
    if (a->pads) OK(gecl_graph_set_attr_ints(g, pool, "pads", a->pads, 4));
    if (a->padding) OK(gecl_graph_set_attr_string(g, pool, v1 ? "padding" : "padding_mode", a->padding));
    if (a->ceil_mode) OK(gecl_graph_set_attr_bool(g, pool, "ceil_mode", 1));
    OK(gecl_graph_set_attr_string(g, pool, "data_format", "NHWC"));
    *out = port(pool);
    OK(gecl_graph_set_outputs(g, 1, out));
    return g;
}

/* A window of INT64_MAX with SAME padding used to validate ([1,8,8,1] or, with stride 2, a
 * wrapped [1,4,4,1]) and fail only when the kernel was built; explicit pads that wrap gave a
 * wrong shape. Both are refused naming the attribute. */
static void test_pool_overflow_refused(void **state)
{
    (void)state;
    gecl_port out;
    const pool_attrs same = {.ksize = DIMS(1, INT64_MAX, INT64_MAX, 1), .padding = "SAME"};
    EXPECT_REFUSED(pool_graph("pool_ksize_same", "MaxPool", &same, &out), "'pool_ksize_same'", "ksize");
    const pool_attrs same2 = {.ksize = DIMS(1, INT64_MAX, INT64_MAX, 1), .strides = DIMS(1, 2, 2, 1),
                              .padding = "SAME"};
    EXPECT_REFUSED(pool_graph("pool_ksize_same2", "MaxPool", &same2, &out), "'pool_ksize_same2'", "ksize");
    const pool_attrs pads = {.ksize = DIMS(1, 3, 3, 1), .pads = DIMS(INT64_MAX, INT64_MAX, 0, 0)};
    EXPECT_REFUSED(pool_graph("pool_pads_wrap", "MaxPoolV3", &pads, &out), "'pool_pads_wrap'", "pads");
    const pool_attrs ceil_pads = {.ksize = DIMS(1, 3, 3, 1), .pads = DIMS(0, 0, INT64_MAX, INT64_MAX), .ceil_mode = 1};
    EXPECT_REFUSED(pool_graph("pool_pads_ceil", "AvgPoolV2", &ceil_pads, &out), "'pool_pads_ceil'", "pads");
}

/* As for Conv2D: strides over 2^31 - 1 are refused; up to that they run. Max of x[0..2][0..2]
 * is 18; with ceil mode, ceil(5 / stride) + 1 = 2 windows, but the second would start past the
 * input, so one: the average 9. */
static void test_pool_extreme_but_valid(void **state)
{
    (void)state;
    gecl_port out;
    const pool_attrs huge = {.ksize = DIMS(1, 3, 3, 1), .strides = DIMS(1, INT64_MAX, INT64_MAX, 1),
                             .padding = "SAME"};
    EXPECT_REFUSED(pool_graph("pool_huge_stride", "MaxPool", &huge, &out), "'pool_huge_stride'", "strides");

    const pool_attrs same = {.ksize = DIMS(1, 3, 3, 1), .strides = DIMS(1, INT32_MAX, INT32_MAX, 1),
                             .padding = "SAME"};
    EXPECT_SHAPE(pool_graph("pool_int32_stride", "MaxPool", &same, &out), out, 1, 1, 1, 1);
    expect_run(pool_graph("pool_int32_stride", "MaxPool", &same, &out), GECL_FORMAT_NHWC, 18);
    const pool_attrs ceil = {.ksize = DIMS(1, 3, 3, 1), .strides = DIMS(1, INT32_MAX, INT32_MAX, 1),
                             .pads = DIMS(0, 0, 0, 0), .ceil_mode = 1};
    EXPECT_SHAPE(pool_graph("pool_int32_stride_ceil", "AvgPoolV2", &ceil, &out), out, 1, 1, 1, 1);
    expect_run(pool_graph("pool_int32_stride_ceil", "AvgPoolV2", &ceil, &out), GECL_FORMAT_NHWC, 9);
    const pool_attrs plain = {.ksize = DIMS(1, 3, 3, 1), .strides = DIMS(1, 2, 2, 1), .padding = "VALID"};
    EXPECT_SHAPE(pool_graph("pool_plain", "MaxPool", &plain, &out), out, 1, 3, 3, 1);
}

/* Reshape of x [4] to a constant shape whose product overflows: (2^62 + 1) * 4 wraps to 4. */
static void test_reshape_overflow_refused(void **state)
{
    (void)state;
    gecl_graph *g;
    OK(gecl_graph_create("reshape", &g));
    gecl_tensor_desc xd = DESC(GECL_DT_FLOAT, GECL_FORMAT_ND, 4);
    gecl_tensor_desc sd = DESC(GECL_DT_INT64, GECL_FORMAT_ND, 2);
    const int64_t shape[2] = {((int64_t)1 << 62) + 1, 4};
    gecl_port in[2];
    int32_t r;
    OK(gecl_graph_add_data(g, "x", 0, &xd, &in[0]));
    OK(gecl_graph_add_const(g, "shape", &sd, shape, sizeof shape, &in[1]));
    OK(gecl_graph_add_op(g, "reshape_wrap", "Reshape", 2, in, &r));
    const gecl_port out = port(r);
    OK(gecl_graph_set_outputs(g, 1, &out));
    EXPECT_REFUSED(g, "'reshape_wrap'", "input 1 (shape)");
}

/* BatchMatMul of x1 [2^40, 1, 0, 0] and x2 [1, 2^40, 0, 0]: each fits (it is empty), but their
 * batch dims broadcast to 2^80 matrices, which used to wrap around. */
static void test_batch_matmul_overflow_refused(void **state)
{
    (void)state;
    gecl_graph *g;
    OK(gecl_graph_create("batch matmul", &g));
    gecl_tensor_desc ad = DESC(GECL_DT_FLOAT, GECL_FORMAT_ND, (int64_t)1 << 40, 1, 0, 0);
    gecl_tensor_desc bd = DESC(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, (int64_t)1 << 40, 0, 0);
    gecl_port in[2];
    int32_t mm;
    OK(gecl_graph_add_data(g, "a", 0, &ad, &in[0]));
    OK(gecl_graph_add_data(g, "b", 1, &bd, &in[1]));
    OK(gecl_graph_add_op(g, "bmm_wrap", "BatchMatMulV2", 2, in, &mm));
    const gecl_port out = port(mm);
    OK(gecl_graph_set_outputs(g, 1, &out));
    EXPECT_REFUSED(g, "'bmm_wrap'", "batch dimensions");
}

/* An empty tensor whose other dims are absurd ([0, INT64_MAX]) is refused where it comes in (it
 * used to be accepted as 0 bytes), so that no stride, offset or sum over its dims (Concat's axis:
 * 2 * INT64_MAX) can overflow later. */
static void test_empty_tensor_with_huge_dims_refused(void **state)
{
    (void)state;
    gecl_graph *g;
    OK(gecl_graph_create("empty", &g));
    gecl_tensor_desc xd = DESC(GECL_DT_UINT8, GECL_FORMAT_ND, 0, INT64_MAX);
    gecl_port x;
    const gecl_status rc = gecl_graph_add_data(g, "x_empty_huge", 0, &xd, &x);
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", gecl_last_error());
    gecl_graph_destroy(g);
    assert_int_equal(rc, GECL_PARAM_INVALID);
    if (!strstr(msg, "x_empty_huge")) fail_msg("the message \"%s\" does not name the Data node", msg);
}

/* ---- Const without a value ---- */

/* y = x + c, c a Const made with gecl_graph_add_op: it has no value. Validation and AddGraph
 * refuse it naming c. Were it accepted, LoadGraph must not crash copying its value. */
static void test_const_without_value_refused(void **state)
{
    (void)state;
    gecl_graph *g;
    OK(gecl_graph_create("const without value", &g));
    gecl_tensor_desc xd = DESC(GECL_DT_FLOAT, GECL_FORMAT_ND, 1);
    gecl_port in[2];
    int32_t c, add;
    OK(gecl_graph_add_data(g, "x", 0, &xd, &in[0]));
    OK(gecl_graph_add_op(g, "c_no_value", "Const", 0, NULL, &c));
    in[1] = port(c);
    OK(gecl_graph_add_op(g, "add", "Add", 2, in, &add));
    const gecl_port out = port(add);
    OK(gecl_graph_set_outputs(g, 1, &out));

    const gecl_status v = gecl_graph_validate(g);
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", gecl_last_error());
    const uint32_t id = next_graph_id++;
    const gecl_status a = gecl_session_add_graph(session, id, g, 0, NULL, NULL);
    gecl_graph_destroy(g);
    if (a == GECL_SUCCESS) {
        const gecl_status load = gecl_session_load_graph(session, id, 0, NULL, NULL, NULL);
        snprintf(msg, sizeof msg, "%s", gecl_last_error());
        OK(gecl_session_remove_graph(session, id));
        fail_msg("AddGraph accepted a Const without a value; LoadGraph then returned %u (\"%s\")", (unsigned)load,
                 load ? msg : "");
    }
    assert_int_equal(v, GECL_PARAM_INVALID);
    if (!strstr(msg, "'c_no_value'")) fail_msg("validation message \"%s\" does not name the Const", msg);
    assert_int_equal(a, GECL_PARAM_INVALID);
    if (!strstr(gecl_last_error(), "'c_no_value'"))
        fail_msg("AddGraph message \"%s\" does not name the Const", gecl_last_error());
}

/* ---- failed runs ---- */

static gecl_graph_counts counts(void)
{
    gecl_graph_counts c;
    OK(gecl_graph_live_counts(&c));
    return c;
}

/* y0 = relu(x), y1 = -x over float [N], as graph 1 of a new session. */
static gecl_session two_output_session(void)
{
    gecl_session s;
    OK(gecl_session_create(0, NULL, NULL, &s));
    gecl_graph *g;
    OK(gecl_graph_create("two outputs", &g));
    gecl_tensor_desc d = DESC(GECL_DT_FLOAT, GECL_FORMAT_ND, N);
    gecl_port x;
    int32_t relu, neg;
    OK(gecl_graph_add_data(g, "x", 0, &d, &x));
    OK(gecl_graph_add_op(g, "relu", "Relu", 1, &x, &relu));
    OK(gecl_graph_add_op(g, "neg", "Neg", 1, &x, &neg));
    const gecl_port outs[2] = {port(relu), port(neg)};
    OK(gecl_graph_set_outputs(g, 2, outs));
    OK(gecl_session_add_graph(s, 1, g, 0, NULL, NULL));
    gecl_graph_destroy(g);
    return s;
}

static gecl_tensor tensor(void *data, gecl_placement placement, int64_t n)
{
    gecl_tensor t;
    memset(&t, 0, sizeof t);
    t.desc = DESC(GECL_DT_FLOAT, GECL_FORMAT_ND, n);
    t.data = data;
    t.bytes = data ? sizeof(float) * (size_t)n : 0;
    t.placement = placement;
    return t;
}

static int same_tensor(const gecl_tensor *a, const gecl_tensor *b)
{
    int same = a->data == b->data && a->bytes == b->bytes && a->placement == b->placement &&
               a->desc.dtype == b->desc.dtype && a->desc.format == b->desc.format && a->desc.ndim == b->desc.ndim;
    for (uint32_t i = 0; same && i < a->desc.ndim && i < GECL_MAX_DIMS; i++) same = a->desc.dims[i] == b->desc.dims[i];
    return same;
}

/* What a test saw over its failed runs. */
typedef struct run_report {
    int wrong_status;        /* runs that did not return `want` */
    int changed;             /* runs after which the caller's outputs differed from what it passed */
    gecl_tensor first_changed;
    char message[512];       /* the last run's error message */
} run_report;

typedef gecl_status (*run_fn)(gecl_session s, const gecl_tensor *in, gecl_tensor *out, void *ctx);

/* FAILED_RUNS runs of graph 1 of `s`, each with fresh copies of in[0] and out[0..1], each
 * expected to return `want`. */
static run_report failed_runs(gecl_session s, run_fn run, void *ctx, const gecl_tensor *in, const gecl_tensor *out,
                              gecl_status want)
{
    run_report r;
    memset(&r, 0, sizeof r);
    for (int i = 0; i < FAILED_RUNS; i++) {
        gecl_tensor x = in[0], y[2] = {out[0], out[1]};
        const gecl_status rc = run(s, &x, y, ctx);
        snprintf(r.message, sizeof r.message, "%s", gecl_last_error());
        r.wrong_status += rc != want;
        if (!same_tensor(&y[0], &out[0]) || !same_tensor(&y[1], &out[1])) {
            if (!r.changed) r.first_changed = y[0];
            r.changed++;
        }
    }
    return r;
}

/* The live counts after the failed runs, and again after the session is gone, equal those
 * before; the caller's output tensors are unchanged after every run. */
static void check_nothing_left(const gecl_graph_counts *before, const gecl_graph_counts *after_runs,
                               const run_report *r, gecl_status want)
{
    const gecl_graph_counts gone = counts();
    if (r->wrong_status) fail_msg("%d of %d runs did not return %u (last: \"%s\")", r->wrong_status, FAILED_RUNS,
                                  (unsigned)want, r->message);
    if (after_runs->outputs != before->outputs)
        fail_msg("%d failed runs left %lld outputs alive (%llu before, %llu after)", FAILED_RUNS,
                 (long long)(after_runs->outputs - before->outputs), (unsigned long long)before->outputs,
                 (unsigned long long)after_runs->outputs);
    if (gone.outputs != before->outputs || gone.sessions != before->sessions || gone.graphs != before->graphs ||
        gone.loaded != before->loaded)
        fail_msg("after the session was destroyed: %llu outputs, %llu sessions, %llu graphs, %llu loaded alive; "
                 "before: %llu, %llu, %llu, %llu",
                 (unsigned long long)gone.outputs, (unsigned long long)gone.sessions,
                 (unsigned long long)gone.graphs, (unsigned long long)gone.loaded,
                 (unsigned long long)before->outputs, (unsigned long long)before->sessions,
                 (unsigned long long)before->graphs, (unsigned long long)before->loaded);
    if (r->changed)
        fail_msg("%d of %d failed runs changed the caller's output tensors (output 0 came back with data %p, "
                 "%zu bytes)", r->changed, FAILED_RUNS, r->first_changed.data, r->first_changed.bytes);
}

static gecl_status run_sync(gecl_session s, const gecl_tensor *in, gecl_tensor *out, void *ctx)
{
    (void)ctx;
    return gecl_session_run_graph(s, 1, 1, in, 2, out);
}

/* RunGraph with output 0 to be allocated by gecl and output 1 of the wrong shape: PARAM_INVALID,
 * and output 0's host block must not outlive the failed run. */
static void test_failed_run_graph_frees_outputs(void **state)
{
    (void)state;
    float x[N] = {0}, y1[N + 1];
    const gecl_graph_counts before = counts();
    gecl_session s = two_output_session();
    gecl_tensor in = tensor(x, GECL_ON_HOST, N);
    /* a good run first: the graph is loaded, gecl's outputs come back and are freed */
    gecl_tensor good[2] = {tensor(NULL, GECL_ON_HOST, N), tensor(NULL, GECL_ON_HOST, N)};
    OK(gecl_session_run_graph(s, 1, 1, &in, 2, good));
    assert_non_null(good[0].data);
    OK(gecl_output_free(good[0].data));
    OK(gecl_output_free(good[1].data));

    const gecl_tensor out[2] = {tensor(NULL, GECL_ON_HOST, N), tensor(y1, GECL_ON_HOST, N + 1)};
    const run_report r = failed_runs(s, run_sync, NULL, &in, out, GECL_PARAM_INVALID);
    const gecl_graph_counts after = counts();
    OK(gecl_session_destroy(s));
    check_nothing_left(&before, &after, &r, GECL_PARAM_INVALID);
}

typedef struct stream_ctx {
    aclrtStream stream;
} stream_ctx;

static gecl_status run_stream(gecl_session s, const gecl_tensor *in, gecl_tensor *out, void *ctx)
{
    const stream_ctx *c = ctx;
    return gecl_session_run_graph_with_stream_async(s, 1, c->stream, 1, in, 2, out);
}

/* RunGraphWithStreamAsync: output 0 to be allocated on the device by gecl, output 1 host memory
 * (refused: this mode writes device memory). Then all outputs to be allocated by gecl, with an
 * input it refuses (host memory not listed in ge.exec.hostInputIndexes). Neither leaves a device
 * block behind while the graph lives. */
static void test_failed_stream_run_frees_outputs(void **state)
{
    (void)state;
    float host_y[N];
    stream_ctx ctx;
    assert_int_equal(aclrtSetDevice(0), ACL_SUCCESS);
    assert_int_equal(aclrtCreateStream(&ctx.stream), ACL_SUCCESS);
    void *dx;
    assert_int_equal(aclrtMalloc(&dx, N * sizeof(float), ACL_MEM_MALLOC_HUGE_FIRST), ACL_SUCCESS);
    const gecl_graph_counts before = counts();
    gecl_session s = two_output_session();
    gecl_tensor in = tensor(dx, GECL_ON_DEVICE, N);
    gecl_tensor good[2] = {tensor(NULL, GECL_ON_DEVICE, N), tensor(NULL, GECL_ON_DEVICE, N)};
    OK(run_stream(s, &in, good, &ctx));
    assert_int_equal(aclrtSynchronizeStream(ctx.stream), ACL_SUCCESS);
    OK(gecl_output_free(good[0].data));
    OK(gecl_output_free(good[1].data));

    const gecl_tensor mixed[2] = {tensor(NULL, GECL_ON_DEVICE, N), tensor(host_y, GECL_ON_HOST, N)};
    run_report r = failed_runs(s, run_stream, &ctx, &in, mixed, GECL_PARAM_INVALID);
    gecl_graph_counts after = counts();
    float host_x[N] = {0};
    const gecl_tensor host_in = tensor(host_x, GECL_ON_HOST, N);
    const gecl_tensor empty[2] = {tensor(NULL, GECL_ON_DEVICE, N), tensor(NULL, GECL_ON_DEVICE, N)};
    run_report r2 = failed_runs(s, run_stream, &ctx, &host_in, empty, GECL_PARAM_INVALID);
    gecl_graph_counts after2 = counts();
    OK(gecl_session_destroy(s));
    assert_int_equal(aclrtFree(dx), ACL_SUCCESS);
    assert_int_equal(aclrtDestroyStream(ctx.stream), ACL_SUCCESS);
    assert_int_equal(aclrtResetDevice(0), ACL_SUCCESS);
    check_nothing_left(&before, &after, &r, GECL_PARAM_INVALID);
    check_nothing_left(&before, &after2, &r2, GECL_PARAM_INVALID);
}

typedef struct async_done {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int calls, wrong_status, with_outputs;
} async_done;

static void on_done(gecl_status status, size_t n_outputs, gecl_tensor *outputs, void *user)
{
    async_done *d = user;
    for (size_t k = 0; k < n_outputs; k++) gecl_output_free(outputs[k].data);
    pthread_mutex_lock(&d->lock);
    d->calls++;
    d->wrong_status += status != GECL_PARAM_INVALID;
    d->with_outputs += n_outputs != 0;
    pthread_cond_signal(&d->cond);
    pthread_mutex_unlock(&d->lock);
}

/* RunGraphAsync with an input of the wrong shape: every callback gets PARAM_INVALID and no
 * outputs, and no output gecl allocated for the job stays alive. */
static void test_failed_async_run_frees_outputs(void **state)
{
    (void)state;
    float x[N + 1] = {0};
    async_done d = {.calls = 0};
    pthread_mutex_init(&d.lock, NULL);
    pthread_cond_init(&d.cond, NULL);
    const gecl_graph_counts before = counts();
    gecl_session s = two_output_session();
    const gecl_tensor in = tensor(x, GECL_ON_HOST, N + 1);
    for (int i = 0; i < FAILED_RUNS; i++) OK(gecl_session_run_graph_async(s, 1, 1, &in, on_done, &d));
    pthread_mutex_lock(&d.lock);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 120;
    while (d.calls < FAILED_RUNS && pthread_cond_timedwait(&d.cond, &d.lock, &until) == 0) {
    }
    pthread_mutex_unlock(&d.lock);
    const gecl_graph_counts after = counts();
    OK(gecl_session_destroy(s));
    assert_int_equal(d.calls, FAILED_RUNS);
    assert_int_equal(d.wrong_status, 0);
    assert_int_equal(d.with_outputs, 0);
    const run_report r = {.wrong_status = 0};
    check_nothing_left(&before, &after, &r, GECL_PARAM_INVALID);
    pthread_mutex_destroy(&d.lock);
    pthread_cond_destroy(&d.cond);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conv2d_overflow_refused),
        cmocka_unit_test(test_conv2d_extreme_but_valid),
        cmocka_unit_test(test_pool_overflow_refused),
        cmocka_unit_test(test_pool_extreme_but_valid),
        cmocka_unit_test(test_reshape_overflow_refused),
        cmocka_unit_test(test_batch_matmul_overflow_refused),
        cmocka_unit_test(test_empty_tensor_with_huge_dims_refused),
        cmocka_unit_test(test_const_without_value_refused),
        cmocka_unit_test(test_failed_run_graph_frees_outputs),
        cmocka_unit_test(test_failed_stream_run_frees_outputs),
        cmocka_unit_test(test_failed_async_run_frees_outputs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
