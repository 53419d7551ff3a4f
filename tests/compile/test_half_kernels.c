/*
 * test_half_kernels.c: the half/float variant of the tuned anchors, kernels/matmul.cl,
 * kernels/conv2d.cl and kernels/im2col.cl built with T=half ACC_T=float (float16 storage read and written through
 * vload_half / vstore_half, float arithmetic; no extension needed), computes what the float
 * variant does. Inference admits float32 only, so no graph reaches that variant yet: each case
 * lowers a float graph (gecl_compile, so the -D options are exactly the lowering's), switches
 * its launches' -DT=float to -DT=half, builds them as a load does (gecl_load: embedded sources,
 * prelude, program cache), binds the graph's inputs and output to half buffers itself and runs.
 *
 * Tolerance, against tests/graph/ref.c in double on the same inputs, which are exact halves:
 * a product of two halves (11-bit significands) is exact in float, so the kernel's only float
 * errors are its additions: at most `terms` (taps + bias) of them, each 2^-24 relative, bounded
 * by terms * 2^-24 * mag (mag: sum of |term|, from the reference). The store then rounds to the
 * nearest half: 2^-11 relative, or 2^-25 absolute below half's normal range. Hence
 *     |y - ref| <= 2^-11 |ref| + 2 * terms * 2^-24 * mag + 2^-25,
 * the factor 2 covering the second-order terms. Accumulating in half (terms * 2^-11 * mag) or
 * reading half bits as floats fails it. GG_VERBOSE=1 prints each launch's options and each
 * case's worst |err| / tol.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "acl/acl.h"
#include "exec.h"
#include "ref.h"
#include "tuning.h"

#define OK(call) assert_int_equal((call), 0)
#define MAX_IN 3

static gecl_device *g_dev;

static uint64_t g_state = 7;
static float rnd_half(void) /* splitmix64 -> uniform [-1, 1) rounded to the nearest half */
{
    uint64_t z = (g_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return aclFloat16ToFloat(aclFloatToFloat16((float)((double)(z >> 11) * 0x1p-52 - 1.0)));
}

/* A graph input: its values (exact halves) as doubles for the reference and as half bits. */
typedef struct tensor {
    size_t n;
    double *ref;
    aclFloat16 *bits;
} tensor;

static tensor make_input(size_t n)
{
    tensor t = {n, malloc((n + 1) * sizeof(double)), malloc((n + 1) * sizeof(aclFloat16))};
    assert_true(t.ref && t.bits); /* n + 1: an absent bias is an empty tensor, not NULL */
    for (size_t i = 0; i < n; i++) {
        const float v = rnd_half();
        t.ref[i] = v;
        t.bits[i] = aclFloatToFloat16(v);
    }
    return t;
}

static void free_tensor(tensor *t)
{
    free(t->ref);
    free(t->bits);
}

/* The lowering's " -DT=float" becomes " -DT=half"; ACC_T stays float. Exactly one of each, so
 * a lowering that stops defining them (or defines them twice) is noticed here. */
static void to_half(char *options)
{
    char *t = strstr(options, " -DT=float");
    assert_non_null(t);
    assert_null(strstr(t + 1, " -DT="));
    assert_non_null(strstr(options, " -DACC_T=float"));
    memcpy(t + 5, "half", 4);                  /* " -DT=halft..." */
    memmove(t + 9, t + 10, strlen(t + 10) + 1); /* " -DT=half..." */
    assert_int_equal(strncmp(t, " -DT=half", 9), 0);
    assert_true(t[9] == ' ' || t[9] == '\0');
}

/* Runs g's launches with T=half on the inputs; y receives output 0 (ny halves) as floats. The
 * lowering must have chosen `kernel` for one of them. */
static void run_half(gecl_graph *g, size_t n_in, const tensor *in, float *y, size_t ny, const char *kernel)
{
    gecl_plan *p = NULL;
    OK(gecl_compile(g, &g_dev->desc, &p));
    int chosen = 0;
    for (size_t s = 0; s < p->n_launches; s++) {
        assert_non_null(p->launches[s].kernel); /* no buffer copies in these graphs */
        assert_null(p->launches[s].body);       /* nor generated kernels: anchors alone */
        to_half(p->launches[s].options);
        if (getenv("GG_VERBOSE")) printf("    %s:%s\n", p->launches[s].kernel, p->launches[s].options);
        chosen |= !strcmp(p->launches[s].kernel, kernel);
    }
    if (!chosen) fail_msg("the lowering did not choose %s", kernel);
    gecl_loaded *ld = NULL;
    if (gecl_load(p, g_dev, NULL, &ld)) fail_msg("building the half kernels failed: %s", gecl_last_error());

    cl_context ctx;
    cl_command_queue q;
    OK(gecl_device_context(g_dev, &ctx));
    OK(gecl_device_new_queue(g_dev, &q));
    cl_int err;
    cl_mem bin[MAX_IN], bout;
    for (size_t i = 0; i < n_in; i++) {
        bin[i] = clCreateBuffer(ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, in[i].n * 2, in[i].bits, &err);
        OK(err);
    }
    /* NaNs, so that an element no kernel writes fails */
    aclFloat16 *h = malloc(ny * sizeof *h);
    assert_non_null(h);
    for (size_t i = 0; i < ny; i++) h[i] = 0x7e00;
    bout = clCreateBuffer(ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, ny * 2, h, &err);
    OK(err);

    /* What a run binds (src/exec/run.c): inputs and outputs. Load set the arena, where
     * conv2d_pad's scratch is sized for floats: twice what half needs, which does no harm. */
    for (size_t s = 0; s < p->n_launches; s++) {
        const gecl_launch *l = &p->launches[s];
        for (size_t a = 0; a < l->n_args; a++) {
            const gecl_value *v = &p->values[gecl_plan_root(p, gecl_plan_value(p, l->args[a].port))];
            if (v->store != GECL_STORE_INPUT && v->store != GECL_STORE_OUTPUT) continue;
            assert_true(v->store == GECL_STORE_OUTPUT ? v->index == 0 : v->index < n_in);
            const cl_mem m = v->store == GECL_STORE_OUTPUT ? bout : bin[v->index];
            const cl_ulong off = 0;
            OK(clSetKernelArg(ld->kernels[s], (cl_uint)(2 * a), sizeof m, &m));
            OK(clSetKernelArg(ld->kernels[s], (cl_uint)(2 * a + 1), sizeof off, &off));
        }
        OK(clEnqueueNDRangeKernel(q, ld->kernels[s], l->work_dim, NULL, l->global, l->local[0] ? l->local : NULL,
                                  0, NULL, NULL));
    }
    OK(gecl_queue_drain(g_dev, q));
    OK(clEnqueueReadBuffer(q, bout, CL_TRUE, 0, ny * 2, h, 0, NULL, NULL));
    for (size_t i = 0; i < ny; i++) y[i] = aclFloat16ToFloat(h[i]);

    free(h);
    clReleaseMemObject(bout);
    for (size_t i = 0; i < n_in; i++) clReleaseMemObject(bin[i]);
    clReleaseCommandQueue(q);
    gecl_unload(ld);
    gecl_plan_free(p);
}

/* y against the reference with the tolerance of the header. */
static void expect_close(const char *name, const float *y, const double *ref, const double *mag, size_t n,
                         int64_t terms)
{
    double worst = 0;
    for (size_t i = 0; i < n; i++) {
        const double tol = 0x1p-11 * fabs(ref[i]) + 2.0 * (double)terms * 0x1p-24 * mag[i] + 0x1p-25;
        const double err = fabs((double)y[i] - ref[i]);
        if (!(err <= tol))
            fail_msg("%s: element %zu is %.9g, expected %.9g (|err| %.3g > tol %.3g)", name, i, (double)y[i],
                     ref[i], err, tol);
        if (err / tol > worst) worst = err / tol;
    }
    if (getenv("GG_VERBOSE")) printf("  %-34s %zu elements, worst |err| / tol = %.3f\n", name, n, worst);
}

static gecl_port data(gecl_graph *g, const char *name, int64_t index, gecl_format f, uint32_t rank,
                      const int64_t *dims)
{
    gecl_tensor_desc d = {GECL_DT_FLOAT, f, rank, {0}};
    memcpy(d.dims, dims, rank * sizeof *dims);
    gecl_port port;
    OK(gecl_graph_add_data(g, name, index, &d, &port));
    return port;
}

/* ---- MatMulV2 / BatchMatMulV2 ---- */

typedef struct mm_case {
    const char *name;
    int64_t batch;      /* 0: MatMulV2; else BatchMatMulV2, x1 [batch, ...] and x2 broadcast */
    int64_t m, n, k;
    int ta, tb, bias;
    const char *kernel; /* what the lowering chooses */
} mm_case;

/* Odd sizes, so edge blocks are shifted and K has a tail after the vector chunks. */
static const mm_case MM[] = {
    {"gemm_nn", 0, 13, 37, 29, 0, 0, 0, "gemm_nn"},
    {"gemm_nn a^T bias", 0, 13, 37, 29, 1, 0, 1, "gemm_nn"},
    {"gemm_nn gemv (M below a tile)", 0, 3, 50, 33, 0, 0, 0, "gemm_nn"},
    {"gemm_nn a^T b^T (swapped) bias", 0, 13, 37, 29, 1, 1, 1, "gemm_nn"},
    {"gemm_nt bias", 0, 13, 37, 29, 0, 1, 1, "gemm_nt"},
    {"gemm_nt batched", 3, 5, 9, 20, 0, 1, 0, "gemm_nt"},
};

static void run_mm(const mm_case *c)
{
    const int64_t d1[3] = {c->batch, c->ta ? c->k : c->m, c->ta ? c->m : c->k};
    const int64_t d2[2] = {c->tb ? c->n : c->k, c->tb ? c->k : c->n};
    const int r1 = c->batch ? 3 : 2, nb = c->batch ? (int)c->batch : 1;
    const int64_t *dx1 = c->batch ? d1 : d1 + 1;
    tensor in[3] = {make_input((size_t)(nb * c->m * c->k)), make_input((size_t)(c->k * c->n)),
                    make_input(c->bias ? (size_t)c->n : 0)};
    const size_t ny = (size_t)(nb * c->m * c->n);
    double *ref = malloc(ny * sizeof *ref), *mag = malloc(ny * sizeof *mag);
    float *y = malloc(ny * sizeof *y);
    int64_t yd[3];
    assert_true(ref && mag && y);
    assert_int_equal(ref_batch_matmul(in[0].ref, dx1, r1, c->ta, in[1].ref, d2, 2, c->tb, c->bias ? in[2].ref : NULL,
                                      ref, mag, yd), r1);

    gecl_graph *g;
    OK(gecl_graph_create(c->name, &g));
    gecl_port ports[3] = {data(g, "x1", 0, GECL_FORMAT_ND, (uint32_t)r1, dx1), data(g, "x2", 1, GECL_FORMAT_ND, 2, d2)};
    if (c->bias) ports[2] = data(g, "bias", 2, GECL_FORMAT_ND, 1, &c->n);
    int32_t mm;
    OK(gecl_graph_add_op(g, "mm", c->batch ? "BatchMatMulV2" : "MatMulV2", c->bias ? 3 : 2, ports, &mm));
    OK(gecl_graph_set_attr_bool(g, mm, c->batch ? "adj_x1" : "transpose_x1", c->ta));
    OK(gecl_graph_set_attr_bool(g, mm, c->batch ? "adj_x2" : "transpose_x2", c->tb));
    OK(gecl_graph_set_outputs(g, 1, &(gecl_port){mm, 0}));

    run_half(g, c->bias ? 3 : 2, in, y, ny, c->kernel);
    expect_close(c->name, y, ref, mag, ny, c->k + 1);

    gecl_graph_destroy(g);
    for (int i = 0; i < 3; i++) free_tensor(&in[i]);
    free(ref);
    free(mag);
    free(y);
}

static void test_matmul_half(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof MM / sizeof MM[0]; i++) run_mm(&MM[i]);
}

/* ---- Conv2D ---- */

typedef struct cv_case {
    const char *name;
    int nhwc;           /* NHWC data and HWCN filter, else NCHW and OIHW */
    int64_t n, c, h, w, o, k, s, p, groups;   /* k x k filter, stride s, pad p on every side */
    int bias;
    const char *kernel;      /* what the lowering chooses */
    const char *gemm_kernel; /* ... on a device that lowers this layer as a GEMM (conv_gemm.c) */
} cv_case;

static const cv_case CV[] = {
    /* ow 6 is narrower than the tile vector: flat mode over a padded copy (conv2d_pad) */
    {"conv2d_nchw flat, padded copy", 0, 2, 3, 7, 6, 5, 3, 1, 1, 1, 1, "conv2d_nchw", NULL},
    /* stride 2: row mode, pads applied in the kernel, even/odd lanes of two vector loads (two
     * groups: no device takes the GEMM lowering for it) */
    {"conv2d_nchw rows stride 2", 0, 1, 4, 9, 19, 10, 3, 2, 1, 2, 0, "conv2d_nchw", NULL},
    /* where the device lowers strided and 1x1 layers as GEMMs: im2col into packed panels, one
     * panel set per image, bias per output channel; the 1x1 reads the input as B */
    {"stride 2 (im2col + gemm_nn)", 0, 2, 6, 9, 19, 10, 3, 2, 1, 1, 1, "conv2d_nchw", "conv2d_im2col"},
    /* a stem (3 input channels): direct everywhere, 16 x 16 tiles on AVX-512 */
    {"stem 7x7 stride 2", 0, 2, 3, 17, 21, 20, 7, 2, 3, 1, 1, "conv2d_nchw", "conv2d_nchw"},
    {"1x1 (gemm_nn)", 0, 2, 8, 5, 7, 12, 1, 1, 0, 1, 1, "conv2d_nchw", "gemm_nn"},
    {"conv2d_dw_nchw", 0, 1, 6, 9, 13, 6, 3, 1, 1, 6, 1, "conv2d_dw_nchw", NULL},
    {"conv2d_nhwc padded copy", 1, 1, 5, 7, 9, 11, 3, 1, 1, 1, 1, "conv2d_nhwc", NULL},
    {"conv2d_dw_nhwc stride 2", 1, 1, 8, 11, 11, 8, 3, 2, 1, 8, 0, "conv2d_dw_nhwc", NULL},
};

static const int NCHW_TO_NHWC[4] = {0, 2, 3, 1}, OIHW_TO_HWCN[4] = {2, 3, 1, 0};

/* t's values and bits permuted (ref_transpose), dims too; t keeps the canonical layout. */
static tensor permuted(const tensor *t, const int64_t *dims, const int *perm, int64_t *pdims)
{
    tensor r = {t->n, malloc(t->n * sizeof(double)), malloc(t->n * sizeof(aclFloat16))};
    assert_true(r.ref && r.bits);
    ref_transpose(t->ref, dims, 4, perm, r.ref);
    for (size_t i = 0; i < t->n; i++) r.bits[i] = aclFloatToFloat16((float)r.ref[i]);
    for (int i = 0; i < 4; i++) pdims[i] = dims[perm[i]];
    return r;
}

static void run_cv(const cv_case *c)
{
    const ref_conv2d rp = {c->n, c->c, c->h, c->w, c->o, c->k, c->k, c->groups, c->s, c->s, 1, 1,
                           c->p, c->p, c->p, c->p};
    const int64_t oh = ref_conv_out_dim(c->h, c->k, c->s, 1, c->p, c->p), ow = ref_conv_out_dim(c->w, c->k, c->s, 1, c->p, c->p);
    const int64_t cig = c->c / c->groups;
    int64_t xd[4] = {c->n, c->c, c->h, c->w}, wd[4] = {c->o, cig, c->k, c->k}, yd[4] = {c->n, c->o, oh, ow};
    tensor in[3] = {make_input((size_t)ref_numel(xd, 4)), make_input((size_t)ref_numel(wd, 4)),
                    make_input(c->bias ? (size_t)c->o : 0)};
    const size_t ny = (size_t)ref_numel(yd, 4);
    double *ref = malloc(ny * sizeof *ref), *mag = malloc(ny * sizeof *mag);
    float *y = malloc(ny * sizeof *y);
    assert_true(ref && mag && y);
    ref_conv2d_nchw(&rp, in[0].ref, in[1].ref, c->bias ? in[2].ref : NULL, ref, mag);
    if (c->nhwc) { /* the graph's layouts; the reference's output follows */
        int64_t d[4], e[4];
        tensor x = permuted(&in[0], xd, NCHW_TO_NHWC, d), w = permuted(&in[1], wd, OIHW_TO_HWCN, e);
        memcpy(xd, d, sizeof d);
        memcpy(wd, e, sizeof e);
        free_tensor(&in[0]);
        free_tensor(&in[1]);
        in[0] = x;
        in[1] = w;
        tensor yr = {ny, ref, NULL}, ym = {ny, mag, NULL};
        tensor ry = permuted(&yr, yd, NCHW_TO_NHWC, d), rm = permuted(&ym, yd, NCHW_TO_NHWC, d);
        free(ref);
        free(mag);
        free(ry.bits);
        free(rm.bits);
        ref = ry.ref;
        mag = rm.ref;
    }

    gecl_graph *g;
    OK(gecl_graph_create(c->name, &g));
    const gecl_format fx = c->nhwc ? GECL_FORMAT_NHWC : GECL_FORMAT_NCHW, fw = c->nhwc ? GECL_FORMAT_HWCN : GECL_FORMAT_NCHW;
    gecl_port ports[3] = {data(g, "x", 0, fx, 4, xd), data(g, "filter", 1, fw, 4, wd)};
    if (c->bias) ports[2] = data(g, "bias", 2, GECL_FORMAT_ND, 1, &c->o);
    int32_t cv;
    OK(gecl_graph_add_op(g, "conv", "Conv2D", c->bias ? 3 : 2, ports, &cv));
    const int64_t strides[4] = {1, c->nhwc ? c->s : 1, c->s, c->nhwc ? 1 : c->s}, pads[4] = {c->p, c->p, c->p, c->p};
    OK(gecl_graph_set_attr_ints(g, cv, "strides", strides, 4));
    OK(gecl_graph_set_attr_ints(g, cv, "pads", pads, 4));
    OK(gecl_graph_set_attr_int(g, cv, "groups", c->groups));
    OK(gecl_graph_set_attr_string(g, cv, "data_format", c->nhwc ? "NHWC" : "NCHW"));
    OK(gecl_graph_set_input_format(g, cv, 0, fx));
    OK(gecl_graph_set_input_format(g, cv, 1, fw));
    OK(gecl_graph_set_outputs(g, 1, &(gecl_port){cv, 0}));

    const gecl_tuning *t = gecl_tuning_for(&g_dev->desc);
    const int gemm = c->gemm_kernel && (c->k == 1 ? t->conv_gemm_pointwise : t->conv_gemm_col_bytes > 0);
    run_half(g, c->bias ? 3 : 2, in, y, ny, gemm ? c->gemm_kernel : c->kernel);
    expect_close(c->name, y, ref, mag, ny, cig * c->k * c->k + 1);

    gecl_graph_destroy(g);
    for (int i = 0; i < 3; i++) free_tensor(&in[i]);
    free(ref);
    free(mag);
    free(y);
}

static void test_conv2d_half(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof CV / sizeof CV[0]; i++) run_cv(&CV[i]);
}

static int setup(void **state)
{
    (void)state;
    if (aclInit(NULL) != ACL_SUCCESS || !(g_dev = gecl_device_get(0))) return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return aclFinalize() == ACL_SUCCESS ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_matmul_half), cmocka_unit_test(test_conv2d_half)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
