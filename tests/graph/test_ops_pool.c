/*
 * test_ops_pool.c: MaxPool / AvgPool (TensorFlow semantics: SAME and VALID) and MaxPoolV3 /
 * AvgPoolV2 (explicit pads, ceil_mode, exclusive, global_pooling), NCHW and NHWC, against the
 * CPU reference; and the pooling graph errors.
 *
 * The output sizes, as CANN's pooling prototypes define them:
 *   VALID: ceil((in - k + 1) / s), no padding;
 *   SAME: ceil(in / s), total padding max((out - 1) * s + k - in, 0), the smaller half first;
 *   CALCULATED (V3 / V2): floor((in + p0 + p1 - k) / s) + 1, or with ceil_mode
 *     ceil((in + p0 + p1 - k) / s) + 1, less one when that last window would start at or past
 *     in + p0 (it would see no input).
 * Padded positions never win a max. AvgPool (SAME) and AvgPoolV2 with exclusive=true divide by
 * the number of real input elements in the window; exclusive=false by kh * kw (only tested with
 * windows inside the padded input, where every definition agrees).
 */
#include "graph_util.h"

#include <math.h>

typedef enum pool_mode { PAD_VALID, PAD_SAME, PAD_CALCULATED } pool_mode;

typedef struct pool_case {
    const char *type;         /* MaxPool, AvgPool, MaxPoolV3, AvgPoolV2 */
    int nhwc;
    int64_t n, c, h, w;
    int64_t kh, kw, sh, sw;
    pool_mode mode;
    int64_t pads[4];          /* CALCULATED: top, bottom, left, right */
    int ceil_mode;
    int exclusive;            /* AvgPoolV2 */
    int global;               /* global_pooling */
} pool_case;

static int is_v2(const pool_case *pc)
{
    return strcmp(pc->type, "MaxPoolV3") == 0 || strcmp(pc->type, "AvgPoolV2") == 0;
}

static int is_max(const pool_case *pc)
{
    return strncmp(pc->type, "Max", 3) == 0;
}

/* Output size and leading pad of one spatial dim. */
static void pool_dim(const pool_case *pc, int64_t in, int64_t k, int64_t s, int64_t p0, int64_t p1, int64_t *out,
                     int64_t *lead)
{
    switch (pc->mode) {
    case PAD_VALID:
        *out = (in - k + s) / s;
        *lead = 0;
        break;
    case PAD_SAME: {
        *out = (in + s - 1) / s;
        int64_t total = (*out - 1) * s + k - in;
        if (total < 0) total = 0;
        *lead = total / 2;
        break;
    }
    case PAD_CALCULATED:
        *lead = p0;
        if (!pc->ceil_mode) {
            *out = (in + p0 + p1 - k) / s + 1;
        } else {
            *out = (in + p0 + p1 - k + s - 1) / s + 1;
            if ((*out - 1) * s >= in + p0) (*out)--;
        }
        break;
    }
}

static ref_pool2d pool_params(const pool_case *pc)
{
    ref_pool2d p;
    memset(&p, 0, sizeof p);
    p.n = pc->n;
    p.c = pc->c;
    p.h = pc->h;
    p.w = pc->w;
    p.kh = pc->global ? pc->h : pc->kh;
    p.kw = pc->global ? pc->w : pc->kw;
    p.sh = pc->sh;
    p.sw = pc->sw;
    p.is_max = is_max(pc);
    /* TensorFlow's AvgPool excludes the SAME padding; AvgPoolV2 says so with `exclusive` */
    p.exclusive = strcmp(pc->type, "AvgPoolV2") == 0 ? pc->exclusive : 1;
    if (pc->global) {
        p.oh = p.ow = 1;
        return p;
    }
    pool_dim(pc, pc->h, pc->kh, pc->sh, pc->pads[0], pc->pads[1], &p.oh, &p.pt);
    pool_dim(pc, pc->w, pc->kw, pc->sw, pc->pads[2], pc->pads[3], &p.ow, &p.pl);
    return p;
}

static const char *mode_name(pool_mode m)
{
    return m == PAD_VALID ? "VALID" : m == PAD_SAME ? "SAME" : "CALCULATED";
}

static void pool_attrs(gg_graph *g, int32_t node, const pool_case *pc)
{
    if (pc->nhwc) {
        GG_ATTR_INTS(g, node, "ksize", 1, pc->kh, pc->kw, 1);
        GG_ATTR_INTS(g, node, "strides", 1, pc->sh, pc->sw, 1);
    } else {
        GG_ATTR_INTS(g, node, "ksize", 1, 1, pc->kh, pc->kw);
        GG_ATTR_INTS(g, node, "strides", 1, 1, pc->sh, pc->sw);
    }
    gg_attr_string(g, node, "data_format", pc->nhwc ? "NHWC" : "NCHW");
    if (!is_v2(pc)) {
        gg_attr_string(g, node, "padding", mode_name(pc->mode));
        return;
    }
    gg_attr_string(g, node, "padding_mode", mode_name(pc->mode));
    gg_attr_ints(g, node, "pads", pc->pads, 4);
    gg_attr_bool(g, node, "ceil_mode", pc->ceil_mode);
    gg_attr_bool(g, node, "global_pooling", pc->global);
    if (strcmp(pc->type, "AvgPoolV2") == 0) gg_attr_bool(g, node, "exclusive", pc->exclusive);
}

static const int NCHW_TO_NHWC[4] = {0, 2, 3, 1};

static int run_pool(const pool_case *pc)
{
    ref_pool2d p = pool_params(pc);
    int64_t xd[4] = {pc->n, pc->c, pc->h, pc->w}, yd[4] = {pc->n, pc->c, p.oh, p.ow};
    size_t nx = (size_t)ref_numel(xd, 4), ny = (size_t)ref_numel(yd, 4);
    double *x = gg_f64_of_f32(gg_rand_f32(nx, -4, 4), nx);
    double *y = gg_alloc(ny * sizeof *y), *mag = gg_alloc(ny * sizeof *mag);
    ref_pool2d_nchw(&p, x, y, mag);

    /* the graph's layout */
    int64_t gxd[4], gyd[4];
    double *gx = x, *gy = y, *gmag = mag;
    memcpy(gxd, xd, sizeof xd);
    memcpy(gyd, yd, sizeof yd);
    if (pc->nhwc) {
        gx = gg_alloc(nx * sizeof *gx);
        gy = gg_alloc(ny * sizeof *gy);
        gmag = gg_alloc(ny * sizeof *gmag);
        ref_transpose(x, xd, 4, NCHW_TO_NHWC, gx);
        ref_transpose(y, yd, 4, NCHW_TO_NHWC, gy);
        ref_transpose(mag, yd, 4, NCHW_TO_NHWC, gmag);
        for (int i = 0; i < 4; i++) {
            gxd[i] = xd[NCHW_TO_NHWC[i]];
            gyd[i] = yd[NCHW_TO_NHWC[i]];
        }
    }
    float *fx = gg_alloc(nx * sizeof *fx);
    for (size_t i = 0; i < nx; i++) fx[i] = (float)gx[i];

    char name[160];
    snprintf(name, sizeof name, "%s %s [%lld,%lld,%lld,%lld] k%lldx%lld s%lldx%lld %s pads %lld,%lld,%lld,%lld%s%s%s",
             pc->type, pc->nhwc ? "NHWC" : "NCHW", (long long)gxd[0], (long long)gxd[1], (long long)gxd[2],
             (long long)gxd[3], (long long)pc->kh, (long long)pc->kw, (long long)pc->sh, (long long)pc->sw,
             mode_name(pc->mode), (long long)pc->pads[0], (long long)pc->pads[1], (long long)pc->pads[2],
             (long long)pc->pads[3], pc->ceil_mode ? " ceil" : "", pc->global ? " global" : "",
             strcmp(pc->type, "AvgPoolV2") == 0 && !pc->exclusive ? " inclusive" : "");
    gg_log("case %s", name);
    gg_graph *g = gg_new(name);
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, pc->nhwc ? GECL_FORMAT_NHWC : GECL_FORMAT_NCHW, 4, gxd), fx);
    int32_t op = GG_OP(g, "pool", pc->type, px);
    pool_attrs(g, op, pc);
    gecl_tensor out;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &out)) return 0;
    /* max is exact; an average is a short sum and one division */
    double rel = is_max(pc) ? 0 : GG_REL_ACC;
    return gg_expect(name, &out, 4, gyd, gy, gmag, rel, is_max(pc) ? 0 : GG_ABS_ACC);
}

#define NOPADS {0, 0, 0, 0}

static const pool_case POOL[] = {
    /* type      nhwc n  c  h   w  kh kw sh sw mode           pads        ceil excl global */
    {"MaxPool", 0, 1, 3, 8, 8, 2, 2, 2, 2, PAD_VALID, NOPADS, 0, 0, 0},
    {"MaxPool", 1, 2, 4, 9, 9, 3, 3, 2, 2, PAD_VALID, NOPADS, 0, 0, 0},
    {"MaxPool", 0, 1, 2, 7, 7, 3, 3, 1, 1, PAD_SAME, NOPADS, 0, 0, 0},
    {"MaxPool", 1, 1, 3, 8, 8, 3, 3, 2, 2, PAD_SAME, NOPADS, 0, 0, 0},       /* pads 0 before, 1 after */
    {"MaxPool", 0, 1, 2, 7, 5, 2, 2, 2, 2, PAD_SAME, NOPADS, 0, 0, 0},       /* odd input, SAME */
    {"MaxPool", 0, 1, 2, 10, 11, 2, 2, 3, 3, PAD_VALID, NOPADS, 0, 0, 0},    /* stride > kernel */
    {"MaxPool", 1, 1, 2, 10, 11, 2, 2, 3, 3, PAD_SAME, NOPADS, 0, 0, 0},
    {"MaxPool", 0, 2, 4, 6, 5, 6, 5, 1, 1, PAD_VALID, NOPADS, 0, 0, 0},      /* kernel = input */
    {"MaxPool", 1, 1, 3, 6, 5, 6, 5, 1, 1, PAD_SAME, NOPADS, 0, 0, 0},       /* kernel = input, SAME */
    {"MaxPool", 0, 1, 3, 5, 9, 1, 3, 1, 2, PAD_VALID, NOPADS, 0, 0, 0},      /* 1x3 */
    {"MaxPool", 1, 1, 64, 14, 14, 3, 3, 2, 2, PAD_SAME, NOPADS, 0, 0, 0},    /* many channels */
    {"AvgPool", 0, 1, 3, 8, 8, 2, 2, 2, 2, PAD_VALID, NOPADS, 0, 0, 0},
    {"AvgPool", 1, 2, 4, 9, 9, 3, 3, 2, 2, PAD_VALID, NOPADS, 0, 0, 0},
    {"AvgPool", 0, 1, 2, 7, 7, 3, 3, 1, 1, PAD_SAME, NOPADS, 0, 0, 0},       /* borders average fewer */
    {"AvgPool", 1, 1, 3, 8, 8, 3, 3, 2, 2, PAD_SAME, NOPADS, 0, 0, 0},
    {"AvgPool", 0, 1, 2, 10, 11, 2, 2, 3, 3, PAD_VALID, NOPADS, 0, 0, 0},
    {"AvgPool", 1, 1, 2, 10, 11, 2, 2, 3, 3, PAD_SAME, NOPADS, 0, 0, 0},
    {"AvgPool", 0, 2, 4, 6, 5, 6, 5, 1, 1, PAD_VALID, NOPADS, 0, 0, 0},
    {"AvgPool", 1, 1, 3, 5, 9, 1, 3, 1, 2, PAD_SAME, NOPADS, 0, 0, 0},
    {"AvgPool", 1, 1, 64, 7, 7, 7, 7, 1, 1, PAD_VALID, NOPADS, 0, 0, 0},     /* global average */
};

static const pool_case POOL_V2[] = {
    /* type        nhwc n  c  h  w   kh kw sh sw mode            pads          ceil excl global */
    {"MaxPoolV3", 0, 1, 3, 9, 9, 3, 3, 2, 2, PAD_CALCULATED, {1, 1, 1, 1}, 0, 0, 0},
    {"MaxPoolV3", 0, 1, 2, 8, 7, 3, 3, 1, 1, PAD_CALCULATED, {0, 1, 1, 0}, 0, 0, 0},   /* asymmetric */
    {"MaxPoolV3", 0, 1, 2, 8, 8, 3, 3, 2, 2, PAD_CALCULATED, {0, 0, 0, 0}, 1, 0, 0},   /* ceil: +1 */
    {"MaxPoolV3", 0, 1, 2, 7, 7, 2, 2, 2, 2, PAD_CALCULATED, {1, 1, 1, 1}, 1, 0, 0},   /* ceil, last dropped */
    {"MaxPoolV3", 0, 1, 1, 10, 10, 3, 3, 3, 3, PAD_CALCULATED, {0, 0, 0, 0}, 1, 0, 0}, /* ceil, 1-wide */
    {"MaxPoolV3", 1, 2, 4, 9, 8, 3, 3, 2, 2, PAD_CALCULATED, {1, 1, 1, 1}, 1, 0, 0},   /* NHWC, ceil */
    {"MaxPoolV3", 0, 1, 3, 8, 8, 3, 3, 2, 2, PAD_SAME, NOPADS, 0, 0, 0},
    {"MaxPoolV3", 1, 1, 3, 9, 9, 3, 3, 2, 2, PAD_VALID, NOPADS, 0, 0, 0},
    {"MaxPoolV3", 0, 1, 5, 6, 7, 3, 3, 1, 1, PAD_CALCULATED, {0, 0, 0, 0}, 0, 0, 1},   /* global */
    {"MaxPoolV3", 0, 1, 64, 56, 56, 3, 3, 2, 2, PAD_CALCULATED, {1, 1, 1, 1}, 0, 0, 0}, /* resnet stem */
    /* SqueezeNet's: the last vector of each row reaches past its end (and past the tensor). */
    {"MaxPoolV3", 0, 1, 4, 111, 111, 3, 3, 2, 2, PAD_CALCULATED, {0, 0, 0, 0}, 1, 0, 0},
    {"MaxPoolV3", 0, 1, 3, 37, 37, 2, 2, 2, 2, PAD_CALCULATED, {0, 0, 0, 0}, 0, 0, 0},  /* even window */
    {"MaxPoolV3", 0, 1, 2, 21, 40, 4, 4, 2, 2, PAD_CALCULATED, {0, 1, 0, 1}, 0, 0, 0},  /* 4-wide */
    {"AvgPoolV2", 0, 1, 3, 9, 9, 3, 3, 2, 2, PAD_CALCULATED, {1, 1, 1, 1}, 0, 1, 0},
    {"AvgPoolV2", 0, 1, 3, 9, 9, 3, 3, 2, 2, PAD_CALCULATED, {1, 1, 1, 1}, 0, 0, 0},   /* count pads */
    {"AvgPoolV2", 0, 1, 2, 8, 7, 3, 3, 1, 1, PAD_CALCULATED, {0, 1, 1, 0}, 0, 0, 0},
    {"AvgPoolV2", 0, 1, 2, 8, 8, 3, 3, 2, 2, PAD_CALCULATED, {0, 0, 0, 0}, 1, 1, 0},   /* ceil */
    {"AvgPoolV2", 1, 2, 4, 9, 8, 3, 3, 2, 2, PAD_CALCULATED, {1, 1, 1, 1}, 1, 1, 0},
    {"AvgPoolV2", 1, 1, 3, 8, 8, 3, 3, 2, 2, PAD_CALCULATED, {1, 1, 1, 1}, 0, 0, 0},   /* NHWC count pads */
    {"AvgPoolV2", 0, 1, 3, 8, 8, 3, 3, 2, 2, PAD_SAME, NOPADS, 0, 1, 0},
    {"AvgPoolV2", 1, 1, 3, 9, 9, 3, 3, 2, 2, PAD_VALID, NOPADS, 0, 1, 0},
    {"AvgPoolV2", 0, 1, 5, 6, 7, 3, 3, 1, 1, PAD_CALCULATED, {0, 0, 0, 0}, 0, 1, 1},   /* global */
    {"AvgPoolV2", 1, 1, 8, 6, 7, 3, 3, 1, 1, PAD_CALCULATED, {0, 0, 0, 0}, 0, 1, 1},   /* global NHWC */
};

static void test_pool_tf(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(300);
    for (size_t i = 0; i < sizeof POOL / sizeof POOL[0]; i++) failures += !run_pool(&POOL[i]);
    GG_NO_FAILURES(failures);
}

static void test_pool_v3_v2(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(301);
    for (size_t i = 0; i < sizeof POOL_V2 / sizeof POOL_V2[0]; i++) failures += !run_pool(&POOL_V2[i]);
    GG_NO_FAILURES(failures);
}

/* MaxPool's data_format defaults to NHWC, MaxPoolV3's to NCHW (CANN's prototypes). */
static void test_pool_default_format(void **state)
{
    (void)state;
    gg_seed(302);
    int failures = 0;
    for (int v3 = 0; v3 < 2; v3++) {
        pool_case pc = {v3 ? "MaxPoolV3" : "MaxPool", !v3, 1, 3, 6, 6, 2, 2, 2, 2, v3 ? PAD_CALCULATED : PAD_VALID,
                        NOPADS, 0, 0, 0};
        ref_pool2d p = pool_params(&pc);
        int64_t xd[4] = {1, 3, 6, 6}, yd[4] = {1, 3, p.oh, p.ow};
        double *x = gg_f64_of_f32(gg_rand_f32(108, -4, 4), 108);
        double *y = gg_alloc(27 * sizeof *y);
        ref_pool2d_nchw(&p, x, y, NULL);
        int64_t gxd[4], gyd[4];
        double *gx = x, *gy = y;
        memcpy(gxd, xd, sizeof xd);
        memcpy(gyd, yd, sizeof yd);
        if (pc.nhwc) {
            gx = gg_alloc(108 * sizeof *gx);
            gy = gg_alloc(27 * sizeof *gy);
            ref_transpose(x, xd, 4, NCHW_TO_NHWC, gx);
            ref_transpose(y, yd, 4, NCHW_TO_NHWC, gy);
            for (int i = 0; i < 4; i++) {
                gxd[i] = xd[NCHW_TO_NHWC[i]];
                gyd[i] = yd[NCHW_TO_NHWC[i]];
            }
        }
        float *fx = gg_alloc(108 * sizeof *fx);
        for (int i = 0; i < 108; i++) fx[i] = (float)gx[i];
        gg_graph *g = gg_new(v3 ? "MaxPoolV3 default NCHW" : "MaxPool default NHWC");
        gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, pc.nhwc ? GECL_FORMAT_NHWC : GECL_FORMAT_NCHW, 4, gxd), fx);
        int32_t op = GG_OP(g, "pool", pc.type, px);
        /* ksize and strides only (and padding, required by MaxPool) */
        if (pc.nhwc) {
            GG_ATTR_INTS(g, op, "ksize", 1, 2, 2, 1);
            GG_ATTR_INTS(g, op, "strides", 1, 2, 2, 1);
            gg_attr_string(g, op, "padding", "VALID");
        } else {
            GG_ATTR_INTS(g, op, "ksize", 1, 1, 2, 2);
            GG_ATTR_INTS(g, op, "strides", 1, 1, 2, 2);
        }
        gecl_tensor out;
        if (!gg_try_run(g, 1, GG_PORTS(gg_port(op)), &out)) {
            failures++;
            continue;
        }
        failures += !gg_expect(g->name, &out, 4, gyd, gy, NULL, 0, 0);
    }
    GG_NO_FAILURES(failures);
}

/* Pooling after an elementwise op and before one (Relu -> MaxPool -> Neg). */
static void test_pool_in_chain(void **state)
{
    (void)state;
    gg_seed(303);
    const int64_t xd[] = {1, 4, 9, 9}, yd[] = {1, 4, 4, 4};
    float *x = gg_rand_f32(324, -4, 4);
    double *rx = gg_f64_of_f32(x, 324), *y = gg_alloc(64 * sizeof *y);
    ref_unary_map(REF_RELU, rx, 324, rx);
    ref_pool2d p = {1, 4, 9, 9, 3, 3, 2, 2, 0, 0, 0, 0, 4, 4, 1, 1};
    ref_pool2d_nchw(&p, rx, y, NULL);
    ref_unary_map(REF_NEG, y, 64, y);
    gg_graph *g = gg_new("relu maxpool neg");
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, xd), x);
    int32_t relu = GG_OP(g, "relu", "Relu", px);
    int32_t pool = GG_OP(g, "pool", "MaxPool", gg_port(relu));
    GG_ATTR_INTS(g, pool, "ksize", 1, 1, 3, 3);
    GG_ATTR_INTS(g, pool, "strides", 1, 1, 2, 2);
    gg_attr_string(g, pool, "padding", "VALID");
    gg_attr_string(g, pool, "data_format", "NCHW");
    int32_t neg = GG_OP(g, "neg", "Neg", gg_port(pool));
    gecl_tensor out = gg_run1(g, gg_port(neg));
    assert_true(gg_expect("relu maxpool neg", &out, 4, yd, y, NULL, 0, 0));
}

/* The input a Const: the pooling folds at compile time; same answer, no graph inputs. */
static void test_pool_all_const(void **state)
{
    (void)state;
    gg_seed(304);
    const int64_t xd[] = {1, 2, 7, 7}, yd[] = {1, 2, 3, 3};
    float *x = gg_rand_f32(98, -4, 4);
    double *rx = gg_f64_of_f32(x, 98), *ry = gg_alloc(18 * sizeof *ry), *mag = gg_alloc(18 * sizeof *mag);
    ref_pool2d p = {1, 2, 7, 7, 3, 3, 2, 2, 0, 0, 0, 0, 3, 3, 0, 1};
    ref_pool2d_nchw(&p, rx, ry, mag);
    gg_graph *g = gg_new("avgpool all const");
    gecl_port px = gg_const(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, xd), x);
    int32_t op = GG_OP(g, "pool", "AvgPool", px);
    GG_ATTR_INTS(g, op, "ksize", 1, 1, 3, 3);
    GG_ATTR_INTS(g, op, "strides", 1, 1, 2, 2);
    gg_attr_string(g, op, "padding", "VALID");
    gg_attr_string(g, op, "data_format", "NCHW");
    gecl_tensor y = gg_run1(g, gg_port(op));
    assert_true(gg_expect("avgpool all const", &y, 4, yd, ry, mag, GG_REL_ACC, GG_ABS_ACC));
}

/* ---- errors ---- */

typedef struct bad_pool {
    const char *node;
    const char *type;
    int rank;
    int64_t dims[4];
    int n_ksize, n_strides;
    int64_t ksize[4];
    const char *padding;      /* NULL: not set */
    int n_pads;               /* V3 / V2: length of pads, 0 not set */
} bad_pool;

static int run_bad_pool(const bad_pool *bp)
{
    static float zeros[4096];
    gg_graph *g = gg_new(bp->node);
    gecl_port px = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_NCHW, bp->rank, bp->dims), zeros);
    int32_t op = GG_OP(g, bp->node, bp->type, px);
    const int64_t strides[4] = {1, 1, 1, 1}, pads[4] = {0, 0, 0, 0};
    if (bp->n_ksize) gg_attr_ints(g, op, "ksize", bp->ksize, (size_t)bp->n_ksize);
    if (bp->n_strides) gg_attr_ints(g, op, "strides", strides, (size_t)bp->n_strides);
    gg_attr_string(g, op, "data_format", "NCHW");
    int v2 = strcmp(bp->type, "MaxPoolV3") == 0 || strcmp(bp->type, "AvgPoolV2") == 0;
    if (bp->padding) gg_attr_string(g, op, v2 ? "padding_mode" : "padding", bp->padding);
    if (bp->n_pads) gg_attr_ints(g, op, "pads", pads, (size_t)bp->n_pads);
    return gg_expect_invalid(g, 1, GG_PORTS(gg_port(op)), bp->node);
}

static void test_pool_errors(void **state)
{
    (void)state;
#define X4 {1, 3, 8, 8}
#define K2 {1, 1, 2, 2}
    static const bad_pool cases[] = {
        /* node                type         rank dims         nk ns ksize          padding      npads */
        {"maxpool_rank3",      "MaxPool",   3, {3, 8, 8},    4, 4, K2,            "VALID", 0},
        {"avgpool_ksize_len",  "AvgPool",   4, X4,           3, 4, {1, 2, 2},     "VALID", 0},
        {"maxpool_strides_len", "MaxPool",  4, X4,           4, 2, K2,            "VALID", 0},
        {"maxpool_no_ksize",   "MaxPool",   4, X4,           0, 4, K2,            "VALID", 0},
        {"maxpool_bad_padding", "MaxPool",  4, X4,           4, 4, K2,            "FULL", 0},
        {"maxpool_no_padding", "MaxPool",   4, X4,           4, 4, K2,            NULL, 0},
        {"maxpool_ksize_on_c", "MaxPool",   4, X4,           4, 4, {1, 2, 2, 2},  "VALID", 0},
        {"maxpool_ksize_zero", "MaxPool",   4, X4,           4, 4, {1, 1, 0, 2},  "VALID", 0},
        {"avgpool_too_big",    "AvgPool",   4, {1, 3, 2, 2}, 4, 4, {1, 1, 3, 3},  "VALID", 0},
        {"maxpoolv3_pads_len", "MaxPoolV3", 4, X4,           4, 4, K2,            "CALCULATED", 3},
        {"avgpoolv2_mode",     "AvgPoolV2", 4, X4,           4, 4, K2,            "SOMETIMES", 4},
        {"avgpoolv2_ksize_len", "AvgPoolV2", 4, X4,          2, 4, {2, 2},        "CALCULATED", 4},
    };
#undef X4
#undef K2
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) failures += !run_bad_pool(&cases[i]);
    GG_NO_FAILURES(failures);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GG_TEST(test_pool_tf),
        GG_TEST(test_pool_v3_v2),
        GG_TEST(test_pool_default_format),
        GG_TEST(test_pool_in_chain),
        GG_TEST(test_pool_all_const),
        GG_TEST(test_pool_errors),
    };
    return GG_RUN_GROUP(tests);
}
