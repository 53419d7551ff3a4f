/*
 * test_ops_conv.c: Conv2D against the CPU reference: NCHW and NHWC activations; OIHW (NCHW),
 * HWCN and OHWI (NHWC) filters; strides, pads (asymmetric, larger than the kernel), dilations,
 * groups (depthwise too), 1x1 kernels, stride > kernel, bias input, batch > 1, odd sizes; chains
 * Conv2D -> BiasAdd -> Relu -> Add (what the compiler fuses into the conv's epilogue); weights
 * as Const or Data; an all-Const conv (folding); and Conv2D's graph errors. The "gemm" cases
 * cover the GEMM lowering CPU devices pick for 1x1 and strided NCHW layers.
 *
 * CANN's Conv2D: inputs x, filter, bias (optional), offset_w (optional); strides and dilations
 * are 4 values in data_format's order, pads [top, bottom, left, right]; the output size is
 * floor((in + pads - ((k - 1) * d + 1)) / s) + 1.
 */
#include "graph_util.h"

#include <math.h>

typedef struct conv_case {
    const char *name;
    int nhwc;                    /* data_format NHWC, else NCHW */
    gecl_format filter_format;   /* NCHW (OIHW), HWCN or NHWC (OHWI) */
    int64_t n, c, h, w, o, kh, kw;
    int64_t sh, sw, dh, dw;
    int64_t pt, pb, pl, pr;
    int64_t groups;
    int bias;
    int weights_data;            /* filter (and bias) as Data inputs rather than Const */
} conv_case;

#define F_OIHW GECL_FORMAT_NCHW
#define F_HWCN GECL_FORMAT_HWCN
#define F_OHWI GECL_FORMAT_NHWC

static const conv_case CONV[] = {
    /* name                 nhwc filter  n  c   h   w   o kh kw sh sw dh dw pt pb pl pr  g  bias data */
    {"basic nchw 3x3 pad1",    0, F_OIHW, 1, 3, 8, 8, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0},
    {"basic nhwc hwcn",        1, F_HWCN, 1, 3, 8, 8, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0},
    {"nhwc ohwi filter",       1, F_OHWI, 1, 3, 7, 9, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0},
    {"nchw hwcn filter",       0, F_HWCN, 1, 5, 6, 7, 3, 3, 2, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0},
    {"stride 2",               0, F_OIHW, 1, 4, 9, 9, 6, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 0, 0},
    {"stride 2 nhwc",          1, F_HWCN, 1, 4, 10, 9, 6, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 0},
    {"strides 1x3",            0, F_OIHW, 1, 2, 8, 11, 3, 3, 3, 1, 3, 1, 1, 0, 0, 1, 1, 1, 0, 0},
    {"asymmetric pads",        0, F_OIHW, 1, 3, 7, 6, 4, 3, 3, 1, 1, 1, 1, 0, 2, 1, 0, 1, 1, 0},
    {"asymmetric pads nhwc",   1, F_HWCN, 1, 3, 7, 6, 4, 3, 3, 2, 1, 1, 1, 2, 0, 0, 1, 1, 0, 0},
    {"pads > kernel",          0, F_OIHW, 1, 2, 4, 5, 3, 2, 2, 1, 1, 1, 1, 3, 3, 4, 2, 1, 1, 0},
    {"dilation 2",             0, F_OIHW, 1, 3, 9, 9, 4, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 1, 0, 0},
    {"dilations 2x3 stride",   1, F_HWCN, 1, 3, 11, 13, 4, 3, 3, 1, 2, 2, 3, 1, 1, 3, 3, 1, 1, 0},
    {"groups 2",               0, F_OIHW, 1, 4, 6, 6, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 0},
    {"groups 3 nhwc",          1, F_HWCN, 2, 6, 5, 7, 9, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 3, 0, 0},
    {"depthwise",              0, F_OIHW, 1, 8, 10, 10, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 8, 1, 0},
    {"depthwise nhwc s2",      1, F_HWCN, 1, 8, 11, 11, 8, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 8, 1, 0},
    {"depthwise multiplier 2", 0, F_OIHW, 1, 4, 7, 7, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 4, 0, 0},
    {"1x1",                    0, F_OIHW, 1, 16, 7, 5, 8, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0},
    {"1x1 nhwc",               1, F_HWCN, 2, 16, 6, 5, 24, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0},
    {"1x1 stride 2",           0, F_OIHW, 1, 8, 9, 9, 4, 1, 1, 2, 2, 1, 1, 0, 0, 0, 0, 1, 0, 0},
    {"stride > kernel",        0, F_OIHW, 1, 3, 10, 11, 4, 2, 2, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1, 0},
    {"stride > kernel nhwc",   1, F_HWCN, 1, 3, 10, 11, 4, 2, 2, 3, 3, 1, 1, 0, 1, 0, 1, 1, 0, 0},
    {"batch 3",                0, F_OIHW, 3, 3, 8, 8, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0},
    {"batch 3 nhwc",           1, F_HWCN, 3, 3, 8, 8, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0},
    {"odd sizes 5x3",          0, F_OIHW, 2, 3, 13, 7, 5, 5, 3, 1, 1, 1, 1, 2, 2, 1, 1, 1, 1, 0},
    {"kernel 1x7",             1, F_HWCN, 1, 4, 9, 9, 4, 1, 7, 1, 1, 1, 1, 0, 0, 3, 3, 1, 0, 0},
    {"kernel = input",         0, F_OIHW, 2, 3, 5, 6, 7, 5, 6, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0},
    {"weights as data",        0, F_OIHW, 1, 3, 6, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
    {"weights as data nhwc",   1, F_HWCN, 1, 3, 6, 6, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 0, 1},
    {"resnet-like 32ch",       0, F_OIHW, 1, 32, 28, 28, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0},
    {"resnet-like 64ch nhwc",  1, F_HWCN, 1, 64, 14, 14, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0},
    {"stem 7x7 s2",            0, F_OIHW, 1, 3, 32, 32, 16, 7, 7, 2, 2, 1, 1, 3, 3, 3, 3, 1, 0, 0},
    {"resnet stage 64ch 56x56", 0, F_OIHW, 1, 64, 56, 56, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0},
    {"odd channels nhwc",      1, F_HWCN, 1, 7, 9, 10, 13, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0},
    /* NCHW layers a CPU device lowers as GEMMs (src/ops/conv_gemm.c): 1x1 stride 1 reads the
     * input as B; strided layers im2col into gemm_nn's packed panels, the last panel shifted
     * back over the previous one where OH * OW is not a multiple of its width, one panel set
     * per image of a batch. */
    {"gemm 1x1 batch 2",          0, F_OIHW, 2, 24, 9, 13, 20, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0},
    /* 1x1 layers on small planes with a constant filter, which AVX2 devices compute as C^T (the
     * channels as the vector, the filter packed at load, a transposed store): 72 channels (the
     * last 16-channel block shifted back), a 7x7 plane (the last 6-pixel tile shifted back),
     * bias; and the same filter as data (C = A B). */
    {"gemm 1x1 7x7 C^T bias",     0, F_OIHW, 1, 40, 7, 7, 72, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0},
    {"gemm 1x1 7x7 weights data", 0, F_OIHW, 1, 40, 7, 7, 72, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1},
    {"gemm 3x3 s2 pads dil b2",   0, F_OIHW, 2, 5, 17, 15, 11, 3, 3, 2, 2, 2, 1, 2, 1, 1, 2, 1, 1, 0},
    {"gemm s2 3x3 output",        0, F_OIHW, 1, 6, 6, 6, 10, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 0, 0},
    {"gemm s2 weights as data",   0, F_OIHW, 1, 4, 12, 12, 9, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1},
    {"gemm resnet layer3 s2 b2",  0, F_OIHW, 2, 128, 28, 28, 256, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 0, 0},
    /* 3x3 stride-1 NCHW layers with a constant filter, at least 64 input channels and 4096 input
     * channels x 4x4 output tiles, which AVX-512 CPU devices run as Winograd F(4,3)
     * (src/ops/conv_winograd.c): output sides not multiples of 4 (partial edge tiles, the last
     * group of 4 tiles shifted back), tile rows of exactly 4 tiles, no pads, asymmetric pads,
     * batch > 1, no bias. */
    {"wino 30x26 b2",             0, F_OIHW, 2, 80, 30, 26, 24, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0},
    {"wino 4-tile rows valid",    0, F_OIHW, 1, 128, 34, 18, 17, 3, 3, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0},
    {"wino asymmetric pads",      0, F_OIHW, 1, 80, 27, 29, 16, 3, 3, 1, 1, 1, 1, 0, 2, 2, 1, 1, 1, 0},
    {"wino 128ch 28x28",          0, F_OIHW, 1, 128, 28, 28, 128, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0},
    /* NCHW layers with a constant filter of at least 256 taps and at most 64 output pixels, which
     * CPU devices run with output channels as the vector (src/ops/conv_cov.c): 7 pixels x 64
     * channels a work-item on AVX-512, 6 x 16 on AVX2; the last pixel tile shifted back, the
     * last channel block zero-padded (80 and 72 channels; 24, fewer than one AVX-512 block, with
     * a bias); stride 2 and batch 2; dilation and asymmetric pads; weights as data (not packed:
     * direct). AVX2 devices take every such layer with at least 16 taps, whatever its plane:
     * a 57x43 batch of 2 (1232 output pixels a plane) with 45 taps and 20 channels. */
    {"cov 7x7 64ch",              0, F_OIHW, 1, 32, 7, 7, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0},
    {"cov s2 b2 80ch",            0, F_OIHW, 2, 40, 9, 11, 80, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 0, 0},
    {"cov dilated asym pads",     0, F_OIHW, 1, 64, 8, 8, 72, 3, 3, 1, 1, 2, 2, 2, 1, 0, 2, 1, 1, 0},
    {"cov 24ch bias",             0, F_OIHW, 1, 32, 6, 8, 24, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0},
    {"cov shape weights as data", 0, F_OIHW, 1, 32, 7, 7, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
    {"cov large plane s2 b2",     0, F_OIHW, 2, 5, 57, 43, 20, 3, 3, 2, 2, 1, 1, 1, 0, 1, 1, 1, 1, 0},
};

/* ---- layouts ---- */

static const int NCHW_TO_NHWC[4] = {0, 2, 3, 1};
/* filter [o, i, kh, kw] to HWCN [kh, kw, i, o] and to OHWI [o, kh, kw, i] */
static const int OIHW_TO_HWCN[4] = {2, 3, 1, 0};
static const int OIHW_TO_OHWI[4] = {0, 2, 3, 1};

static void permute_dims(const int64_t *dims, const int *perm, int64_t *out)
{
    for (int i = 0; i < 4; i++) out[i] = dims[perm[i]];
}

/* x in the layout of the case: canonical NCHW doubles, permuted, as floats (exact: the values
 * came from floats). */
static float *to_layout(const double *canon, const int64_t *dims, const int *perm, int64_t *out_dims)
{
    size_t n = (size_t)ref_numel(dims, 4);
    double *t = gg_alloc(n * sizeof *t);
    float *f = gg_alloc(n * sizeof *f);
    if (perm) ref_transpose(canon, dims, 4, perm, t);
    else memcpy(t, canon, n * sizeof *t);
    for (size_t i = 0; i < n; i++) f[i] = (float)t[i];
    if (perm) permute_dims(dims, perm, out_dims);
    else memcpy(out_dims, dims, 4 * sizeof *dims);
    return f;
}

static const int *filter_perm(gecl_format f)
{
    return f == F_HWCN ? OIHW_TO_HWCN : f == F_OHWI ? OIHW_TO_OHWI : NULL;
}

/* ---- one conv ---- */

typedef struct conv_io {
    /* canonical (NCHW / OIHW) reference data */
    double *x, *w, *b, *y, *mag;
    int64_t xd[4], wd[4], yd[4];
    /* what the graph gets, in the case's layouts */
    float *gx, *gw, *gb;
    int64_t gxd[4], gwd[4], gyd[4];
    double *gy, *gmag;   /* reference output in the case's layout */
} conv_io;

static ref_conv2d conv_params(const conv_case *cc)
{
    return (ref_conv2d){cc->n, cc->c, cc->h, cc->w, cc->o, cc->kh, cc->kw, cc->groups,
                        cc->sh, cc->sw, cc->dh, cc->dw, cc->pt, cc->pb, cc->pl, cc->pr};
}

/* Random inputs (weights scaled by fan-in so outputs stay ~1), the reference output, and
 * everything in the case's layouts. */
static void conv_prepare(const conv_case *cc, conv_io *io)
{
    ref_conv2d p = conv_params(cc);
    int64_t cg = cc->c / cc->groups;
    int64_t xd[4] = {cc->n, cc->c, cc->h, cc->w}, wd[4] = {cc->o, cg, cc->kh, cc->kw};
    int64_t oh = ref_conv_out_dim(cc->h, cc->kh, cc->sh, cc->dh, cc->pt, cc->pb);
    int64_t ow = ref_conv_out_dim(cc->w, cc->kw, cc->sw, cc->dw, cc->pl, cc->pr);
    int64_t yd[4] = {cc->n, cc->o, oh, ow};
    memcpy(io->xd, xd, sizeof xd);
    memcpy(io->wd, wd, sizeof wd);
    memcpy(io->yd, yd, sizeof yd);
    size_t nx = (size_t)ref_numel(xd, 4), nw = (size_t)ref_numel(wd, 4), ny = (size_t)ref_numel(yd, 4);
    double wscale = 1.0 / sqrt((double)(cg * cc->kh * cc->kw));
    io->x = gg_f64_of_f32(gg_rand_f32(nx, -1, 1), nx);
    io->w = gg_f64_of_f32(gg_rand_f32(nw, -wscale, wscale), nw);
    io->gb = cc->bias ? gg_rand_f32((size_t)cc->o, -0.5, 0.5) : NULL;
    io->b = cc->bias ? gg_f64_of_f32(io->gb, (size_t)cc->o) : NULL;
    io->y = gg_alloc(ny * sizeof *io->y);
    io->mag = gg_alloc(ny * sizeof *io->mag);
    ref_conv2d_nchw(&p, io->x, io->w, io->b, io->y, io->mag);

    io->gx = to_layout(io->x, xd, cc->nhwc ? NCHW_TO_NHWC : NULL, io->gxd);
    io->gw = to_layout(io->w, wd, filter_perm(cc->filter_format), io->gwd);
    io->gy = gg_alloc(ny * sizeof *io->gy);
    io->gmag = gg_alloc(ny * sizeof *io->gmag);
    if (cc->nhwc) {
        ref_transpose(io->y, yd, 4, NCHW_TO_NHWC, io->gy);
        ref_transpose(io->mag, yd, 4, NCHW_TO_NHWC, io->gmag);
        permute_dims(yd, NCHW_TO_NHWC, io->gyd);
    } else {
        memcpy(io->gy, io->y, ny * sizeof *io->gy);
        memcpy(io->gmag, io->mag, ny * sizeof *io->gmag);
        memcpy(io->gyd, yd, sizeof yd);
    }
}

/* Sets Conv2D's attributes for a case (strides and dilations in data_format order). */
static void conv_attrs(gg_graph *g, int32_t node, const conv_case *cc)
{
    if (cc->nhwc) {
        GG_ATTR_INTS(g, node, "strides", 1, cc->sh, cc->sw, 1);
        GG_ATTR_INTS(g, node, "dilations", 1, cc->dh, cc->dw, 1);
    } else {
        GG_ATTR_INTS(g, node, "strides", 1, 1, cc->sh, cc->sw);
        GG_ATTR_INTS(g, node, "dilations", 1, 1, cc->dh, cc->dw);
    }
    GG_ATTR_INTS(g, node, "pads", cc->pt, cc->pb, cc->pl, cc->pr);
    gg_attr_int(g, node, "groups", cc->groups);
    gg_attr_string(g, node, "data_format", cc->nhwc ? "NHWC" : "NCHW");
}

/* Adds the Conv2D of a case to g on input x; weights as Const or Data per the case. */
static int32_t conv_add(gg_graph *g, const conv_case *cc, const conv_io *io, gecl_port x, const char *name)
{
    /* node names are unique in a graph: "<conv>_filter", "<conv>_bias" */
    char wname[64], bname[64];
    snprintf(wname, sizeof wname, "%s_filter", name);
    snprintf(bname, sizeof bname, "%s_bias", name);
    gecl_tensor_desc wdesc = gg_desc(GECL_DT_FLOAT, cc->filter_format, 4, io->gwd);
    gecl_port w = cc->weights_data ? gg_data(g, wname, wdesc, io->gw) : gg_const(g, wname, wdesc, io->gw);
    gecl_port b = GG_NO_PORT;
    if (cc->bias) {
        gecl_tensor_desc bdesc = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, &cc->o);
        b = cc->weights_data ? gg_data(g, bname, bdesc, io->gb) : gg_const(g, bname, bdesc, io->gb);
    }
    int32_t conv = cc->bias ? GG_OP(g, name, "Conv2D", x, w, b) : GG_OP(g, name, "Conv2D", x, w);
    conv_attrs(g, conv, cc);
    /* the builder's declared formats (update_input_desc_x / _filter) */
    gg_input_format(g, conv, 0, cc->nhwc ? GECL_FORMAT_NHWC : GECL_FORMAT_NCHW);
    gg_input_format(g, conv, 1, cc->filter_format);
    return conv;
}

static gecl_tensor_desc conv_x_desc(const conv_case *cc, const conv_io *io)
{
    return gg_desc(GECL_DT_FLOAT, cc->nhwc ? GECL_FORMAT_NHWC : GECL_FORMAT_NCHW, 4, io->gxd);
}

static int run_conv(const conv_case *cc)
{
    conv_io io;
    conv_prepare(cc, &io);
    char name[128];
    snprintf(name, sizeof name, "conv %s", cc->name);
    gg_graph *g = gg_new(name);
    gecl_port x = gg_data(g, "x", conv_x_desc(cc, &io), io.gx);
    int32_t conv = conv_add(g, cc, &io, x, "conv");
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(conv)), &y)) return 0;
    return gg_expect(name, &y, 4, io.gyd, io.gy, io.gmag, GG_REL_ACC, GG_ABS_ACC);
}

static void test_conv_cases(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(100);
    for (size_t i = 0; i < sizeof CONV / sizeof CONV[0]; i++) {
        gg_log("case %s", CONV[i].name);
        failures += !run_conv(&CONV[i]);
    }
    GG_NO_FAILURES(failures);
}

/* ---- chains ---- */

/* y = Relu(BiasAdd(Conv2D(x, w), b)) + r, with the conv output itself a second graph output. */
static int run_conv_chain(const conv_case *cc)
{
    conv_io io;
    conv_prepare(cc, &io);
    size_t ny = (size_t)ref_numel(io.yd, 4);
    float *bias = gg_rand_f32((size_t)cc->o, -0.5, 0.5);
    float *res = gg_rand_f32(ny, -1, 1);   /* residual, in the output's layout */
    double *ref = gg_alloc(ny * sizeof *ref), *mag = gg_alloc(ny * sizeof *mag);
    int64_t hw = io.yd[2] * io.yd[3];
    for (size_t i = 0; i < ny; i++) {
        /* channel of element i in the output layout */
        int64_t ch = cc->nhwc ? (int64_t)(i % (size_t)cc->o) : (int64_t)(i / (size_t)hw) % cc->o;
        double v = io.gy[i] + bias[ch];
        ref[i] = (v > 0 ? v : 0) + res[i];
        mag[i] = io.gmag[i] + fabs(bias[ch]) + fabs(res[i]);
    }
    char name[128];
    snprintf(name, sizeof name, "conv chain %s", cc->name);
    gg_graph *g = gg_new(name);
    gecl_port x = gg_data(g, "x", conv_x_desc(cc, &io), io.gx);
    gecl_port r = gg_data(g, "residual", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 4, io.gyd), res);
    gecl_port b = gg_const(g, "bias_add_bias", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, &cc->o), bias);
    int32_t conv = conv_add(g, cc, &io, x, "conv");
    int32_t ba = GG_OP(g, "bias_add", "BiasAdd", gg_port(conv), b);
    gg_attr_string(g, ba, "data_format", cc->nhwc ? "NHWC" : "NCHW");
    int32_t relu = GG_OP(g, "relu", "Relu", gg_port(ba));
    int32_t add = GG_OP(g, "add", "Add", gg_port(relu), r);
    gecl_tensor y[2];
    if (!gg_try_run(g, 2, GG_PORTS(gg_port(add), gg_port(conv)), y)) return 0;
    char what[160];
    snprintf(what, sizeof what, "%s: conv output", name);
    int ok = gg_expect(what, &y[1], 4, io.gyd, io.gy, io.gmag, GG_REL_ACC, GG_ABS_ACC);
    snprintf(what, sizeof what, "%s: relu(bias_add) + residual", name);
    return gg_expect(what, &y[0], 4, io.gyd, ref, mag, GG_REL_ACC, GG_ABS_ACC) && ok;
}

/* The same chain with only the final output (the intermediates can all be fused away). */
static int run_conv_chain_single_output(const conv_case *cc)
{
    conv_io io;
    conv_prepare(cc, &io);
    size_t ny = (size_t)ref_numel(io.yd, 4);
    float *bias = gg_rand_f32((size_t)cc->o, -0.5, 0.5);
    float *res = gg_rand_f32(ny, -1, 1);
    double *ref = gg_alloc(ny * sizeof *ref), *mag = gg_alloc(ny * sizeof *mag);
    int64_t hw = io.yd[2] * io.yd[3];
    for (size_t i = 0; i < ny; i++) {
        int64_t ch = cc->nhwc ? (int64_t)(i % (size_t)cc->o) : (int64_t)(i / (size_t)hw) % cc->o;
        double v = io.gy[i] + bias[ch];
        ref[i] = (v > 0 ? v : 0) + res[i];
        mag[i] = io.gmag[i] + fabs(bias[ch]) + fabs(res[i]);
    }
    char name[128];
    snprintf(name, sizeof name, "conv chain single output %s", cc->name);
    gg_graph *g = gg_new(name);
    gecl_port x = gg_data(g, "x", conv_x_desc(cc, &io), io.gx);
    gecl_port b = gg_const(g, "bias_add_bias", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, &cc->o), bias);
    gecl_port r = gg_data(g, "residual", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 4, io.gyd), res);
    int32_t conv = conv_add(g, cc, &io, x, "conv");
    int32_t ba = GG_OP(g, "bias_add", "BiasAdd", gg_port(conv), b);
    gg_attr_string(g, ba, "data_format", cc->nhwc ? "NHWC" : "NCHW");
    int32_t relu = GG_OP(g, "relu", "Relu", gg_port(ba));
    /* residual on the left this time */
    int32_t add = GG_OP(g, "add", "Add", r, gg_port(relu));
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(add)), &y)) return 0;
    return gg_expect(name, &y, 4, io.gyd, ref, mag, GG_REL_ACC, GG_ABS_ACC);
}

static const conv_case *case_named(const char *name)
{
    for (size_t i = 0; i < sizeof CONV / sizeof CONV[0]; i++)
        if (!strcmp(CONV[i].name, name)) return &CONV[i];
    fail_msg("no conv case named '%s'", name);
    return NULL;
}

static void test_conv_chains(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(101);
    /* the GEMM lowering's epilogue: bias per output channel, then the fused chain */
    failures += !run_conv_chain(case_named("gemm 1x1 batch 2"));
    failures += !run_conv_chain(case_named("gemm 3x3 s2 pads dil b2"));
    failures += !run_conv_chain_single_output(case_named("gemm s2 3x3 output"));
    failures += !run_conv_chain(case_named("wino 30x26 b2"));
    failures += !run_conv_chain_single_output(case_named("wino asymmetric pads"));
    failures += !run_conv_chain(case_named("cov s2 b2 80ch"));
    failures += !run_conv_chain_single_output(case_named("cov 7x7 64ch"));
    failures += !run_conv_chain(&CONV[0]);    /* NCHW */
    failures += !run_conv_chain(&CONV[1]);    /* NHWC */
    failures += !run_conv_chain(&CONV[14]);   /* depthwise */
    failures += !run_conv_chain_single_output(&CONV[4]);
    failures += !run_conv_chain_single_output(&CONV[18]);
    GG_NO_FAILURES(failures);
}

/* Conv2D -> Mul (per-channel scale) -> Add (per-channel shift) -> Relu, the scale and shift
 * broadcast as [1,O,1,1] and [O,1,1] (NCHW) or [O] and [1,1,1,O] (NHWC): a batch norm folded
 * into elementwise ops, fused into the conv's epilogue with broadcast operands. */
static int run_conv_scale_shift(const conv_case *cc)
{
    conv_io io;
    conv_prepare(cc, &io);
    size_t ny = (size_t)ref_numel(io.yd, 4);
    float *scale = gg_rand_f32((size_t)cc->o, 0.5, 1.5), *shift = gg_rand_f32((size_t)cc->o, -0.5, 0.5);
    double *ref = gg_alloc(ny * sizeof *ref), *mag = gg_alloc(ny * sizeof *mag);
    int64_t hw = io.yd[2] * io.yd[3];
    for (size_t i = 0; i < ny; i++) {
        int64_t ch = cc->nhwc ? (int64_t)(i % (size_t)cc->o) : (int64_t)(i / (size_t)hw) % cc->o;
        double v = io.gy[i] * scale[ch] + shift[ch];
        ref[i] = v > 0 ? v : 0;
        mag[i] = io.gmag[i] * scale[ch] + fabs(shift[ch]);
    }
    int64_t o = cc->o;
    gecl_tensor_desc sd = cc->nhwc ? gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, &o)
                                   : gg_desc(GECL_DT_FLOAT, GECL_FORMAT_NCHW, 4, GG_DIMS(1, o, 1, 1));
    gecl_tensor_desc td = cc->nhwc ? gg_desc(GECL_DT_FLOAT, GECL_FORMAT_NHWC, 4, GG_DIMS(1, 1, 1, o))
                                   : gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, GG_DIMS(o, 1, 1));
    char name[128];
    snprintf(name, sizeof name, "conv scale shift relu %s", cc->name);
    gg_graph *g = gg_new(name);
    gecl_port x = gg_data(g, "x", conv_x_desc(cc, &io), io.gx);
    gecl_port ps = gg_const(g, "scale", sd, scale);
    gecl_port pt = gg_const(g, "shift", td, shift);
    int32_t conv = conv_add(g, cc, &io, x, "conv");
    int32_t mul = GG_OP(g, "mul", "Mul", gg_port(conv), ps);
    int32_t add = GG_OP(g, "add", "Add", pt, gg_port(mul));
    int32_t relu = GG_OP(g, "relu", "Relu", gg_port(add));
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(relu)), &y)) return 0;
    return gg_expect(name, &y, 4, io.gyd, ref, mag, GG_REL_ACC, GG_ABS_ACC);
}

/* The compiler folds a constant per-channel Mul/Add after a conv into its weights
 * (src/compile/fold_affine.c) only when nothing else reads the conv's output: here the conv is
 * also a graph output and a second Mul by the same constant reads the scaled tensor, so the
 * outputs are conv, conv * s and conv * s * s. */
static int run_conv_scaled_and_raw(const conv_case *cc)
{
    conv_io io;
    conv_prepare(cc, &io);
    size_t ny = (size_t)ref_numel(io.yd, 4);
    float *scale = gg_rand_f32((size_t)cc->o, 0.5, 1.5);
    double *r1 = gg_alloc(ny * sizeof *r1), *r2 = gg_alloc(ny * sizeof *r2);
    double *m1 = gg_alloc(ny * sizeof *m1), *m2 = gg_alloc(ny * sizeof *m2);
    const int64_t hw = io.yd[2] * io.yd[3];
    for (size_t i = 0; i < ny; i++) {
        const double s = scale[(int64_t)(i / (size_t)hw) % cc->o];
        r1[i] = io.gy[i] * s;
        r2[i] = r1[i] * s;
        m1[i] = io.gmag[i] * s;
        m2[i] = m1[i] * s;
    }
    int64_t o = cc->o;
    gg_graph *g = gg_new("conv scaled and raw");
    gecl_port x = gg_data(g, "x", conv_x_desc(cc, &io), io.gx);
    gecl_port ps = gg_const(g, "scale", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 3, GG_DIMS(o, 1, 1)), scale);
    int32_t conv = conv_add(g, cc, &io, x, "conv");
    int32_t mul = GG_OP(g, "mul", "Mul", gg_port(conv), ps);
    int32_t mul2 = GG_OP(g, "mul2", "Mul", gg_port(mul), ps);
    gecl_tensor y[3];
    if (!gg_try_run(g, 3, GG_PORTS(gg_port(conv), gg_port(mul), gg_port(mul2)), y)) return 0;
    int ok = gg_expect("raw conv", &y[0], 4, io.gyd, io.gy, io.gmag, GG_REL_ACC, GG_ABS_ACC);
    ok &= gg_expect("conv * s", &y[1], 4, io.gyd, r1, m1, GG_REL_ACC, GG_ABS_ACC);
    ok &= gg_expect("conv * s * s", &y[2], 4, io.gyd, r2, m2, GG_REL_ACC, GG_ABS_ACC);
    return ok;
}

/* One conv output read by two elementwise consumers and by an op with it on both sides:
 * outputs Relu(conv), Sigmoid(conv) and conv + conv. */
static int run_conv_fanout(const conv_case *cc)
{
    conv_io io;
    conv_prepare(cc, &io);
    size_t ny = (size_t)ref_numel(io.yd, 4);
    double *r1 = gg_alloc(ny * sizeof *r1), *r2 = gg_alloc(ny * sizeof *r2), *r3 = gg_alloc(ny * sizeof *r3);
    double *m3 = gg_alloc(ny * sizeof *m3);
    for (size_t i = 0; i < ny; i++) {
        r1[i] = io.gy[i] > 0 ? io.gy[i] : 0;
        r2[i] = ref_unary_apply(REF_SIGMOID, io.gy[i]);
        r3[i] = 2 * io.gy[i];
        m3[i] = 2 * io.gmag[i];
    }
    char name[128];
    snprintf(name, sizeof name, "conv fan-out %s", cc->name);
    gg_graph *g = gg_new(name);
    gecl_port x = gg_data(g, "x", conv_x_desc(cc, &io), io.gx);
    int32_t conv = conv_add(g, cc, &io, x, "conv");
    int32_t relu = GG_OP(g, "relu", "Relu", gg_port(conv));
    int32_t sig = GG_OP(g, "sigmoid", "Sigmoid", gg_port(conv));
    int32_t dbl = GG_OP(g, "double", "Add", gg_port(conv), gg_port(conv));
    gecl_tensor y[3];
    if (!gg_try_run(g, 3, GG_PORTS(gg_port(relu), gg_port(sig), gg_port(dbl)), y)) return 0;
    int ok = gg_expect("fan-out relu", &y[0], 4, io.gyd, r1, io.gmag, GG_REL_ACC, GG_ABS_ACC);
    /* sigmoid's slope is at most 1/4: the conv's error passes through, plus exp's */
    ok &= gg_expect("fan-out sigmoid", &y[1], 4, io.gyd, r2, io.gmag, GG_REL_ACC, GG_ABS_TRANSC);
    ok &= gg_expect("fan-out conv + conv", &y[2], 4, io.gyd, r3, m3, GG_REL_ACC, GG_ABS_ACC);
    return ok;
}

/* ClipByValue(conv, lo, hi) * s with one-element Const lo, hi (a scalar and a [1, 1, 1, 1]) and
 * s: the conv's epilogue takes them as literals (codegen.c), which must keep every bit of the
 * float values (lo and hi are not short decimals in binary). */
static int run_conv_clip(const conv_case *cc)
{
    conv_io io;
    conv_prepare(cc, &io);
    const float lo = -0.3f, hi = 0.45f, sc = 1.7f;
    size_t ny = (size_t)ref_numel(io.yd, 4);
    double *r = gg_alloc(ny * sizeof *r), *m = gg_alloc(ny * sizeof *m);
    for (size_t i = 0; i < ny; i++) {
        r[i] = fmin(fmax(io.gy[i], (double)lo), (double)hi) * (double)sc;
        m[i] = io.gmag[i] * (double)sc;
    }
    char name[128];
    snprintf(name, sizeof name, "conv clip %s", cc->name);
    gg_graph *g = gg_new(name);
    gecl_port x = gg_data(g, "x", conv_x_desc(cc, &io), io.gx);
    gecl_port plo = gg_const(g, "lo", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 0, NULL), &lo);
    gecl_port phi = gg_const(g, "hi", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 4, GG_DIMS(1, 1, 1, 1)), &hi);
    gecl_port ps = gg_const(g, "s", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 0, NULL), &sc);
    int32_t conv = conv_add(g, cc, &io, x, "conv");
    int32_t clip = GG_OP(g, "clip", "ClipByValue", gg_port(conv), plo, phi);
    int32_t mul = GG_OP(g, "scale", "Mul", gg_port(clip), ps);
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(mul)), &y)) return 0;
    return gg_expect(name, &y, 4, io.gyd, r, m, GG_REL_ACC, GG_ABS_ACC);
}

/* Conv2D with its optional inputs given explicitly as absent (bias and offset_w). */
static int run_conv_absent_optionals(const conv_case *cc)
{
    conv_io io;
    conv_prepare(cc, &io);
    gg_graph *g = gg_new("conv absent optionals");
    gecl_port x = gg_data(g, "x", conv_x_desc(cc, &io), io.gx);
    gecl_port w = gg_const(g, "w", gg_desc(GECL_DT_FLOAT, cc->filter_format, 4, io.gwd), io.gw);
    int32_t conv = GG_OP(g, "conv", "Conv2D", x, w, GG_NO_PORT, GG_NO_PORT);
    conv_attrs(g, conv, cc);
    gecl_tensor y;
    if (!gg_try_run(g, 1, GG_PORTS(gg_port(conv)), &y)) return 0;
    return gg_expect("conv absent optionals", &y, 4, io.gyd, io.gy, io.gmag, GG_REL_ACC, GG_ABS_ACC);
}

static void test_conv_epilogues(void **state)
{
    (void)state;
    int failures = 0;
    gg_seed(104);
    failures += !run_conv_scale_shift(&CONV[0]);    /* NCHW */
    failures += !run_conv_scale_shift(&CONV[5]);    /* NHWC stride 2 */
    failures += !run_conv_scale_shift(&CONV[17]);   /* 1x1 */
    failures += !run_conv_scale_shift(case_named("wino 4-tile rows valid"));
    failures += !run_conv_scale_shift(case_named("cov dilated asym pads"));
    failures += !run_conv_scale_shift(case_named("gemm 1x1 batch 2"));      /* bias: scaled, shifted */
    failures += !run_conv_scale_shift(case_named("weights as data"));       /* not folded: not constant */
    failures += !run_conv_scaled_and_raw(&CONV[0]);
    failures += !run_conv_fanout(&CONV[1]);
    failures += !run_conv_fanout(&CONV[12]);        /* groups */
    failures += !run_conv_absent_optionals(&CONV[0]);
    failures += !run_conv_clip(&CONV[0]);
    failures += !run_conv_clip(case_named("gemm 1x1 batch 2"));
    failures += !run_conv_clip(&CONV[12]);          /* groups */
    failures += !run_conv_clip(case_named("depthwise"));
    GG_NO_FAILURES(failures);
}

/* Winograd's and conv_cov's packed filters come from init launches over the constants. With
 * the constants in the caller's memory (SetGraphConstMemoryBase), set before the first run or
 * moved there after one, they must be computed there: the memory starts as NaN bytes, so a
 * packing left behind, or never made, shows in the output. */
static int run_conv_const_memory(const conv_case *cc, int before_load)
{
    conv_io io;
    conv_prepare(cc, &io);
    char name[128];
    snprintf(name, sizeof name, "conv constants in caller memory (%s) %s", before_load ? "set first" : "moved",
             cc->name);
    gg_graph *g = gg_new(name);
    gecl_port x = gg_data(g, "x", conv_x_desc(cc, &io), io.gx);
    gecl_tensor y[2];
    const int runs = gg_run_const_memory(g, gg_port(conv_add(g, cc, &io, x, "conv")), before_load, y);
    int ok = 1;
    for (int r = 0; r < runs; r++) ok &= gg_expect(name, &y[r], 4, io.gyd, io.gy, io.gmag, GG_REL_ACC, GG_ABS_ACC);
    return ok;
}

static void test_conv_const_memory(void **state)
{
    (void)state;
    gg_seed(106);
    int failures = 0;
    for (int before = 0; before < 2; before++) {
        failures += !run_conv_const_memory(case_named("wino 128ch 28x28"), before);
        failures += !run_conv_const_memory(case_named("cov s2 b2 80ch"), before);
        failures += !run_conv_const_memory(case_named("gemm 1x1 7x7 C^T bias"), before);
    }
    GG_NO_FAILURES(failures);
}

/* Two convs in sequence (conv -> relu -> conv), the second's input an intermediate. */
static void test_conv_sequence(void **state)
{
    (void)state;
    const conv_case c1 = {"seq 1", 0, F_OIHW, 1, 3, 9, 9, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};
    const conv_case c2 = {"seq 2", 0, F_OIHW, 1, 6, 9, 9, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 0};
    gg_seed(102);
    conv_io a, b;
    conv_prepare(&c1, &a);
    conv_prepare(&c2, &b);
    /* the reference of conv 2 runs on relu(conv 1) */
    size_t n1 = (size_t)ref_numel(a.yd, 4), n2 = (size_t)ref_numel(b.yd, 4);
    double *mid = gg_alloc(n1 * sizeof *mid);
    for (size_t i = 0; i < n1; i++) mid[i] = a.y[i] > 0 ? a.y[i] : 0;
    ref_conv2d p2 = conv_params(&c2);
    ref_conv2d_nchw(&p2, mid, b.w, b.b, b.y, b.mag);
    /* the first conv's rounding (~1e-6 relative) goes through the second conv's weights */
    for (size_t i = 0; i < n2; i++) b.mag[i] *= 2;

    gg_graph *g = gg_new("conv relu conv");
    gecl_port x = gg_data(g, "x", conv_x_desc(&c1, &a), a.gx);
    int32_t conv1 = conv_add(g, &c1, &a, x, "conv1");
    int32_t relu = GG_OP(g, "relu", "Relu", gg_port(conv1));
    int32_t conv2 = conv_add(g, &c2, &b, gg_port(relu), "conv2");
    gecl_tensor y = gg_run1(g, gg_port(conv2));
    assert_true(gg_expect("conv relu conv", &y, 4, b.yd, b.y, b.mag, GG_REL_ACC, GG_ABS_ACC));
}

/* A small CNN in one graph (NCHW): conv 3->8 (+bias) -> relu -> maxpool 2x2 -> conv 8->16 s2
 * -> add a 1x1 s2 projection of the pooled map -> relu -> global AvgPoolV2 -> reshape [1,16]
 * -> MatMulV2 [16,10] + bias -> SoftmaxV2. Checks that ops work together (layouts, the arena
 * plan reusing buffers, fusion across op kinds). */
static void test_small_network(void **state)
{
    (void)state;
    gg_seed(105);
    const conv_case c1 = {"net conv1", 0, F_OIHW, 1, 3, 16, 16, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};
    const conv_case c2 = {"net conv2", 0, F_OIHW, 1, 8, 8, 8, 16, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 0, 0};
    const conv_case cp = {"net proj", 0, F_OIHW, 1, 8, 8, 8, 16, 1, 1, 2, 2, 1, 1, 0, 0, 0, 0, 1, 0, 0};
    conv_io a, b, p;
    conv_prepare(&c1, &a);
    conv_prepare(&c2, &b);
    conv_prepare(&cp, &p);
    /* reference, stage by stage (NCHW) */
    double *r1 = gg_alloc(8 * 256 * sizeof *r1), *pooled = gg_alloc(8 * 64 * sizeof *pooled);
    for (int i = 0; i < 8 * 256; i++) r1[i] = a.y[i] > 0 ? a.y[i] : 0;
    ref_pool2d mp = {1, 8, 16, 16, 2, 2, 2, 2, 0, 0, 0, 0, 8, 8, 1, 1};
    ref_pool2d_nchw(&mp, r1, pooled, NULL);
    ref_conv2d p2 = conv_params(&c2), pp = conv_params(&cp);
    double *m2 = gg_alloc(16 * 16 * sizeof *m2), *mpj = gg_alloc(16 * 16 * sizeof *mpj);
    ref_conv2d_nchw(&p2, pooled, b.w, NULL, b.y, m2);
    ref_conv2d_nchw(&pp, pooled, p.w, NULL, p.y, mpj);
    double *sum = gg_alloc(16 * 16 * sizeof *sum);
    for (int i = 0; i < 256; i++) {
        double v = b.y[i] + p.y[i];
        sum[i] = v > 0 ? v : 0;
    }
    double feat[16];
    ref_pool2d gap = {1, 16, 4, 4, 4, 4, 1, 1, 0, 0, 0, 0, 1, 1, 0, 1};
    ref_pool2d_nchw(&gap, sum, feat, NULL);
    float *fcw = gg_rand_f32(160, -0.5, 0.5), *fcb = gg_rand_f32(10, -0.5, 0.5);
    double logits[10], probs[10];
    int64_t fd[] = {1, 16}, wd[] = {16, 10}, ld[REF_MAX_RANK];
    ref_batch_matmul(feat, fd, 2, 0, gg_f64_of_f32(fcw, 160), wd, 2, 0, gg_f64_of_f32(fcb, 10), logits, NULL, ld);
    int last = 1;
    ref_softmax(logits, GG_DIMS(1, 10), 2, &last, 1, probs);

    gg_graph *g = gg_new("small network");
    gecl_port x = gg_data(g, "image", conv_x_desc(&c1, &a), a.gx);
    int32_t conv1 = conv_add(g, &c1, &a, x, "conv1");
    int32_t relu1 = GG_OP(g, "relu1", "Relu", gg_port(conv1));
    int32_t pool = GG_OP(g, "pool1", "MaxPool", gg_port(relu1));
    GG_ATTR_INTS(g, pool, "ksize", 1, 1, 2, 2);
    GG_ATTR_INTS(g, pool, "strides", 1, 1, 2, 2);
    gg_attr_string(g, pool, "padding", "VALID");
    gg_attr_string(g, pool, "data_format", "NCHW");
    int32_t conv2 = conv_add(g, &c2, &b, gg_port(pool), "conv2");
    int32_t proj = conv_add(g, &cp, &p, gg_port(pool), "proj");
    int32_t add = GG_OP(g, "residual", "Add", gg_port(conv2), gg_port(proj));
    int32_t relu2 = GG_OP(g, "relu2", "Relu", gg_port(add));
    int32_t gp = GG_OP(g, "gap", "AvgPoolV2", gg_port(relu2));
    GG_ATTR_INTS(g, gp, "ksize", 1, 1, 4, 4);
    GG_ATTR_INTS(g, gp, "strides", 1, 1, 1, 1);
    gg_attr_bool(g, gp, "global_pooling", 1);
    gg_attr_string(g, gp, "data_format", "NCHW");
    int32_t flat = GG_OP(g, "flatten", "Reshape", gg_port(gp), gg_const_ints(g, "flat_shape", GECL_DT_INT64, 1, GG_DIMS(1, -1), 2));
    gecl_port w = gg_const(g, "fc_w", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 2, wd), fcw);
    gecl_port bias = gg_const(g, "fc_b", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, GG_DIMS(10)), fcb);
    int32_t fc = GG_OP(g, "fc", "MatMulV2", gg_port(flat), w, bias);
    int32_t sm = GG_OP(g, "softmax", "SoftmaxV2", gg_port(fc));
    gecl_tensor y[2];
    gg_run(g, 2, GG_PORTS(gg_port(sm), gg_port(fc)), y);
    /* several accumulations in a row: 1e-4 relative on the logits, which are ~1 */
    int failures = !gg_expect("network logits", &y[1], 2, GG_DIMS(1, 10), logits, NULL, 1e-4, 1e-5);
    failures += !gg_expect("network probabilities", &y[0], 2, GG_DIMS(1, 10), probs, NULL, 1e-4, 1e-5);
    GG_NO_FAILURES(failures);
}

/* ---- constants ---- */

/* x and filter both Const: the whole conv folds at compile time; same answer. */
static void test_conv_all_const(void **state)
{
    (void)state;
    const conv_case cc = {"all const", 0, F_OIHW, 1, 3, 6, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};
    gg_seed(103);
    conv_io io;
    conv_prepare(&cc, &io);
    gg_graph *g = gg_new("conv all const");
    gecl_port x = gg_const(g, "x", conv_x_desc(&cc, &io), io.gx);
    int32_t conv = conv_add(g, &cc, &io, x, "conv");
    int32_t relu = GG_OP(g, "relu", "Relu", gg_port(conv));
    gecl_tensor y = gg_run1(g, gg_port(relu));
    size_t ny = (size_t)ref_numel(io.yd, 4);
    for (size_t i = 0; i < ny; i++) io.y[i] = io.y[i] > 0 ? io.y[i] : 0;
    assert_true(gg_expect("conv all const", &y, 4, io.yd, io.y, io.mag, GG_REL_ACC, GG_ABS_ACC));
}

/* ---- errors ---- */

/* A valid NCHW conv of x [1,3,8,8] with filter [4,3,3,3] that each case then breaks. */
typedef struct bad_conv {
    const char *node;
    int64_t xd[4];
    int x_rank;
    int64_t wd[4];
    int w_rank;
    int64_t bias_len;          /* 0: no bias */
    int n_strides, n_pads, n_dilations;
    int64_t stride, groups;
    const char *format;
    int no_filter, no_strides, no_pads;
} bad_conv;

static int run_bad_conv(const bad_conv *bc)
{
    static float zeros[4096];
    gg_graph *g = gg_new(bc->node);
    gecl_port x = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_NCHW, bc->x_rank, bc->xd), zeros);
    gecl_port w = bc->no_filter ? GG_NO_PORT
                                : gg_const(g, "filter", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_NCHW, bc->w_rank, bc->wd), zeros);
    gecl_port b = GG_NO_PORT;
    if (bc->bias_len) b = gg_const(g, "bias", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, 1, &bc->bias_len), zeros);
    int32_t conv = bc->bias_len ? GG_OP(g, bc->node, "Conv2D", x, w, b) : GG_OP(g, bc->node, "Conv2D", x, w);
    const int64_t strides[4] = {1, 1, bc->stride, bc->stride}, pads[4] = {1, 1, 1, 1}, dil[4] = {1, 1, 1, 1};
    if (!bc->no_strides) gg_attr_ints(g, conv, "strides", strides + 4 - bc->n_strides, (size_t)bc->n_strides);
    if (!bc->no_pads) gg_attr_ints(g, conv, "pads", pads, (size_t)bc->n_pads);
    gg_attr_ints(g, conv, "dilations", dil, (size_t)bc->n_dilations);
    gg_attr_int(g, conv, "groups", bc->groups);
    gg_attr_string(g, conv, "data_format", bc->format);
    return gg_expect_invalid(g, 1, GG_PORTS(gg_port(conv)), bc->node);
}

static void test_conv_errors(void **state)
{
    (void)state;
#define X 1, 3, 8, 8
#define W 4, 3, 3, 3
    static const bad_conv cases[] = {
        /* node                   x               xr  w            wr bias ns np nd  s  g  format */
        {"conv_x_rank3",          {3, 8, 8},      3, {W},          4, 0,  4, 4, 4, 1, 1, "NCHW", 0, 0, 0},
        {"conv_filter_rank3",     {X},            4, {4, 3, 9},    3, 0,  4, 4, 4, 1, 1, "NCHW", 0, 0, 0},
        {"conv_channels",         {X},            4, {4, 2, 3, 3}, 4, 0,  4, 4, 4, 1, 1, "NCHW", 0, 0, 0},
        {"conv_groups_c",         {1, 6, 8, 8},   4, {4, 2, 3, 3}, 4, 0,  4, 4, 4, 1, 4, "NCHW", 0, 0, 0},
        {"conv_groups_o",         {1, 6, 8, 8},   4, {5, 3, 3, 3}, 4, 0,  4, 4, 4, 1, 2, "NCHW", 0, 0, 0},
        {"conv_strides_len",      {X},            4, {W},          4, 0,  3, 4, 4, 1, 1, "NCHW", 0, 0, 0},
        {"conv_pads_len",         {X},            4, {W},          4, 0,  4, 3, 4, 1, 1, "NCHW", 0, 0, 0},
        {"conv_dilations_len",    {X},            4, {W},          4, 0,  4, 4, 2, 1, 1, "NCHW", 0, 0, 0},
        {"conv_stride_zero",      {X},            4, {W},          4, 0,  4, 4, 4, 0, 1, "NCHW", 0, 0, 0},
        {"conv_bad_format",       {X},            4, {W},          4, 0,  4, 4, 4, 1, 1, "CHWN?", 0, 0, 0},
        {"conv_bias_len",         {X},            4, {W},          4, 5,  4, 4, 4, 1, 1, "NCHW", 0, 0, 0},
        {"conv_kernel_too_big",   {1, 3, 2, 2},   4, {4, 3, 7, 7}, 4, 0,  4, 4, 4, 1, 1, "NCHW", 0, 0, 0},
        {"conv_no_filter",        {X},            4, {W},          4, 0,  4, 4, 4, 1, 1, "NCHW", 1, 0, 0},
        {"conv_no_strides",       {X},            4, {W},          4, 0,  4, 4, 4, 1, 1, "NCHW", 0, 1, 0},
        {"conv_no_pads",          {X},            4, {W},          4, 0,  4, 4, 4, 1, 1, "NCHW", 0, 0, 1},
    };
#undef X
#undef W
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) failures += !run_bad_conv(&cases[i]);

    /* the NHWC layout checks channels on the last dim: x [1,8,8,3] with an HWCN filter of 4 in */
    gg_graph *g = gg_new("conv nhwc channels");
    static float zeros[1024];
    gecl_port x = gg_data(g, "x", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_NHWC, 4, GG_DIMS(1, 8, 8, 3)), zeros);
    gecl_port w = gg_const(g, "w", gg_desc(GECL_DT_FLOAT, GECL_FORMAT_HWCN, 4, GG_DIMS(3, 3, 4, 2)), zeros);
    int32_t conv = GG_OP(g, "conv_nhwc_channels", "Conv2D", x, w);
    GG_ATTR_INTS(g, conv, "strides", 1, 1, 1, 1);
    GG_ATTR_INTS(g, conv, "pads", 0, 0, 0, 0);
    gg_attr_string(g, conv, "data_format", "NHWC");
    gg_input_format(g, conv, 1, GECL_FORMAT_HWCN);
    failures += !gg_expect_invalid(g, 1, GG_PORTS(gg_port(conv)), "conv_nhwc_channels");
    GG_NO_FAILURES(failures);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GG_TEST(test_conv_cases),
        GG_TEST(test_conv_chains),
        GG_TEST(test_conv_epilogues),
        GG_TEST(test_conv_const_memory),
        GG_TEST(test_conv_sequence),
        GG_TEST(test_small_network),
        GG_TEST(test_conv_all_const),
        GG_TEST(test_conv_errors),
    };
    return GG_RUN_GROUP(tests);
}
