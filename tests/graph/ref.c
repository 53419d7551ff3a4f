/*
 * ref.c: the CPU reference of the graph op tests (see ref.h). Deliberately naive: every output
 * element is computed on its own from its definition, so the code is easy to check by eye.
 */
#include "ref.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int64_t ref_numel(const int64_t *dims, int rank)
{
    int64_t n = 1;
    for (int i = 0; i < rank; i++) n *= dims[i];
    return n;
}

/* Row-major strides of a shape (elements). */
static void strides_of(const int64_t *dims, int rank, int64_t *strides)
{
    int64_t s = 1;
    for (int i = rank - 1; i >= 0; i--) {
        strides[i] = s;
        s *= dims[i];
    }
}

/* Multi-index of linear index `lin` in a shape. */
static void unravel(int64_t lin, const int64_t *dims, int rank, int64_t *idx)
{
    for (int i = rank - 1; i >= 0; i--) {
        idx[i] = dims[i] ? lin % dims[i] : 0;
        lin = dims[i] ? lin / dims[i] : 0;
    }
}

/* ---- elementwise ---- */

double ref_unary_apply(ref_unary op, double x)
{
    switch (op) {
    case REF_RELU: return x > 0 ? x : 0;
    case REF_RELU6: return x < 0 ? 0 : (x > 6 ? 6 : x);
    case REF_SIGMOID: return 1.0 / (1.0 + exp(-x));
    case REF_TANH: return tanh(x);
    case REF_EXP: return exp(x);
    case REF_LOG: return log(x);
    case REF_SQRT: return sqrt(x);
    case REF_RSQRT: return 1.0 / sqrt(x);
    case REF_ABS: return fabs(x);
    case REF_NEG: return -x;
    case REF_SQUARE: return x * x;
    case REF_RECIPROCAL: return 1.0 / x;
    case REF_FLOOR: return floor(x);
    case REF_CEIL: return ceil(x);
    }
    return NAN;
}

double ref_binary_apply(ref_binary op, double a, double b)
{
    switch (op) {
    case REF_ADD: return a + b;
    case REF_SUB: return a - b;
    case REF_MUL: return a * b;
    case REF_DIV: return a / b;
    case REF_MAXIMUM: return a > b ? a : b;
    case REF_MINIMUM: return a < b ? a : b;
    case REF_POW: return pow(a, b);
    }
    return NAN;
}

void ref_unary_map(ref_unary op, const double *x, size_t n, double *y)
{
    for (size_t i = 0; i < n; i++) y[i] = ref_unary_apply(op, x[i]);
}

int ref_broadcast_shape(const int64_t *a, int ra, const int64_t *b, int rb, int64_t *out)
{
    int r = ra > rb ? ra : rb;
    for (int i = 0; i < r; i++) {
        /* i counts from the right */
        int64_t da = i < ra ? a[ra - 1 - i] : 1;
        int64_t db = i < rb ? b[rb - 1 - i] : 1;
        if (da != db && da != 1 && db != 1) return -1;
        out[r - 1 - i] = da == 1 ? db : da;
    }
    return r;
}

/* Offset in a (possibly broadcast) operand of the output element with multi-index `idx`. */
static int64_t broadcast_offset(const int64_t *idx, int r, const int64_t *dims, int rank)
{
    int64_t strides[REF_MAX_RANK];
    strides_of(dims, rank, strides);
    int64_t off = 0;
    for (int i = 0; i < rank; i++) {
        int64_t k = idx[r - rank + i];
        off += (dims[i] == 1 ? 0 : k) * strides[i];
    }
    return off;
}

void ref_binary_broadcast(ref_binary op, const double *a, const int64_t *ad, int ra, const double *b,
                          const int64_t *bd, int rb, double *y)
{
    int64_t od[REF_MAX_RANK], idx[REF_MAX_RANK];
    int r = ref_broadcast_shape(ad, ra, bd, rb, od);
    if (r < 0) return;
    int64_t n = ref_numel(od, r);
    for (int64_t i = 0; i < n; i++) {
        unravel(i, od, r, idx);
        y[i] = ref_binary_apply(op, a[broadcast_offset(idx, r, ad, ra)], b[broadcast_offset(idx, r, bd, rb)]);
    }
}

/* ---- layout ---- */

void ref_transpose(const double *x, const int64_t *dims, int rank, const int *perm, double *y)
{
    int64_t in_strides[REF_MAX_RANK], out_dims[REF_MAX_RANK], idx[REF_MAX_RANK];
    strides_of(dims, rank, in_strides);
    for (int i = 0; i < rank; i++) out_dims[i] = dims[perm[i]];
    int64_t n = ref_numel(dims, rank);
    for (int64_t o = 0; o < n; o++) {
        unravel(o, out_dims, rank, idx);
        int64_t off = 0;
        for (int i = 0; i < rank; i++) off += idx[i] * in_strides[perm[i]];
        y[o] = x[off];
    }
}

void ref_concat(int n, const double *const *xs, const int64_t *const *dims, int rank, int axis, double *y)
{
    int64_t outer = 1, inner = 1;
    for (int i = 0; i < axis; i++) outer *= dims[0][i];
    for (int i = axis + 1; i < rank; i++) inner *= dims[0][i];
    int64_t pos = 0;
    for (int64_t o = 0; o < outer; o++) {
        for (int t = 0; t < n; t++) {
            int64_t block = dims[t][axis] * inner;
            memcpy(y + pos, xs[t] + o * block, (size_t)block * sizeof(double));
            pos += block;
        }
    }
}

/* ---- convolution ---- */

int64_t ref_conv_out_dim(int64_t in, int64_t k, int64_t s, int64_t d, int64_t p0, int64_t p1)
{
    int64_t span = (k - 1) * d + 1;
    int64_t room = in + p0 + p1 - span;
    return room < 0 ? 0 : room / s + 1;
}

void ref_conv2d_nchw(const ref_conv2d *p, const double *x, const double *w, const double *bias, double *y,
                     double *mag)
{
    int64_t oh = ref_conv_out_dim(p->h, p->kh, p->sh, p->dh, p->pt, p->pb);
    int64_t ow = ref_conv_out_dim(p->w, p->kw, p->sw, p->dw, p->pl, p->pr);
    int64_t cg = p->c / p->groups;    /* input channels per group */
    int64_t og = p->o / p->groups;    /* output channels per group */
    for (int64_t n = 0; n < p->n; n++)
        for (int64_t o = 0; o < p->o; o++)
            for (int64_t oy = 0; oy < oh; oy++)
                for (int64_t ox = 0; ox < ow; ox++) {
                    int64_t g = o / og;
                    double acc = bias ? bias[o] : 0.0;
                    double sum_abs = bias ? fabs(bias[o]) : 0.0;
                    for (int64_t ci = 0; ci < cg; ci++)
                        for (int64_t ky = 0; ky < p->kh; ky++)
                            for (int64_t kx = 0; kx < p->kw; kx++) {
                                int64_t iy = oy * p->sh - p->pt + ky * p->dh;
                                int64_t ix = ox * p->sw - p->pl + kx * p->dw;
                                if (iy < 0 || iy >= p->h || ix < 0 || ix >= p->w) continue;
                                double xv = x[((n * p->c + g * cg + ci) * p->h + iy) * p->w + ix];
                                double wv = w[((o * cg + ci) * p->kh + ky) * p->kw + kx];
                                acc += xv * wv;
                                sum_abs += fabs(xv * wv);
                            }
                    int64_t yi = ((n * p->o + o) * oh + oy) * ow + ox;
                    y[yi] = acc;
                    if (mag) mag[yi] = sum_abs;
                }
}

/* ---- matrix products ---- */

int ref_batch_matmul(const double *x1, const int64_t *d1, int r1, int adj1, const double *x2,
                     const int64_t *d2, int r2, int adj2, const double *bias, double *y, double *mag,
                     int64_t *ydims)
{
    if (r1 < 2 || r2 < 2) return -1;
    int64_t m = adj1 ? d1[r1 - 1] : d1[r1 - 2];
    int64_t k1 = adj1 ? d1[r1 - 2] : d1[r1 - 1];
    int64_t k2 = adj2 ? d2[r2 - 1] : d2[r2 - 2];
    int64_t nn = adj2 ? d2[r2 - 2] : d2[r2 - 1];
    if (k1 != k2) return -1;
    int64_t bd[REF_MAX_RANK], idx[REF_MAX_RANK];
    int rb = ref_broadcast_shape(d1, r1 - 2, d2, r2 - 2, bd);
    if (rb < 0) return -1;
    int64_t batches = ref_numel(bd, rb);
    for (int i = 0; i < rb; i++) ydims[i] = bd[i];
    ydims[rb] = m;
    ydims[rb + 1] = nn;
    for (int64_t b = 0; b < batches; b++) {
        unravel(b, bd, rb, idx);
        /* batch offsets in matrices, broadcast dims contribute nothing */
        const double *a = x1 + broadcast_offset(idx, rb, d1, r1 - 2) * m * k1;
        const double *c = x2 + broadcast_offset(idx, rb, d2, r2 - 2) * k1 * nn;
        for (int64_t i = 0; i < m; i++)
            for (int64_t j = 0; j < nn; j++) {
                double acc = bias ? bias[j] : 0.0;
                double sum_abs = bias ? fabs(bias[j]) : 0.0;
                for (int64_t t = 0; t < k1; t++) {
                    double av = adj1 ? a[t * m + i] : a[i * k1 + t];
                    double cv = adj2 ? c[j * k1 + t] : c[t * nn + j];
                    acc += av * cv;
                    sum_abs += fabs(av * cv);
                }
                int64_t yi = (b * m + i) * nn + j;
                y[yi] = acc;
                if (mag) mag[yi] = sum_abs;
            }
    }
    return rb + 2;
}

/* ---- pooling ---- */

void ref_pool2d_nchw(const ref_pool2d *p, const double *x, double *y, double *mag)
{
    for (int64_t nc = 0; nc < p->n * p->c; nc++)
        for (int64_t oy = 0; oy < p->oh; oy++)
            for (int64_t ox = 0; ox < p->ow; ox++) {
                double best = -INFINITY, sum = 0.0, sum_abs = 0.0;
                int64_t count = 0;
                for (int64_t ky = 0; ky < p->kh; ky++)
                    for (int64_t kx = 0; kx < p->kw; kx++) {
                        int64_t iy = oy * p->sh - p->pt + ky;
                        int64_t ix = ox * p->sw - p->pl + kx;
                        if (iy < 0 || iy >= p->h || ix < 0 || ix >= p->w) continue;
                        double v = x[(nc * p->h + iy) * p->w + ix];
                        best = v > best ? v : best;
                        sum += v;
                        sum_abs += fabs(v);
                        count++;
                    }
                int64_t yi = (nc * p->oh + oy) * p->ow + ox;
                if (p->is_max) {
                    y[yi] = best;
                    if (mag) mag[yi] = fabs(best);
                } else {
                    double div = p->exclusive ? (double)count : (double)(p->kh * p->kw);
                    y[yi] = sum / div;
                    if (mag) mag[yi] = sum_abs / div;
                }
            }
}

/* ---- softmax ---- */

void ref_softmax(const double *x, const int64_t *dims, int rank, const int *axes, int n_axes, double *y)
{
    int is_axis[REF_MAX_RANK] = {0};
    for (int i = 0; i < n_axes; i++) is_axis[axes[i]] = 1;
    /* groups: one per combination of the non-axis indices */
    int64_t groups = 1;
    for (int i = 0; i < rank; i++)
        if (!is_axis[i]) groups *= dims[i];
    int64_t n = ref_numel(dims, rank), idx[REF_MAX_RANK];
    int64_t *group_of = malloc((size_t)n * sizeof *group_of);
    double *max = malloc((size_t)groups * sizeof *max);
    double *sum = calloc((size_t)groups, sizeof *sum);
    if (!group_of || !max || !sum) abort();
    for (int64_t g = 0; g < groups; g++) max[g] = -INFINITY;
    for (int64_t i = 0; i < n; i++) {
        unravel(i, dims, rank, idx);
        int64_t g = 0;
        for (int d = 0; d < rank; d++)
            if (!is_axis[d]) g = g * dims[d] + idx[d];
        group_of[i] = g;
        if (x[i] > max[g]) max[g] = x[i];
    }
    for (int64_t i = 0; i < n; i++) sum[group_of[i]] += exp(x[i] - max[group_of[i]]);
    for (int64_t i = 0; i < n; i++) y[i] = exp(x[i] - max[group_of[i]]) / sum[group_of[i]];
    free(group_of);
    free(max);
    free(sum);
}

/* ---- float16 ---- */

uint16_t ref_f32_to_f16(float f)
{
    double a = fabs((double)f);
    uint16_t sign = signbit(f) ? 0x8000u : 0u;
    if (isnan(f)) return (uint16_t)(sign | 0x7e00u);
    if (a >= 65520.0) return (uint16_t)(sign | 0x7c00u);   /* rounds past the largest half, 65504 */
    if (a < ldexp(1.0, -14)) {
        /* subnormal: units of 2^-24; rint rounds half to even in the default mode; 1024 units
         * is the smallest normal, whose encoding is the same number */
        return (uint16_t)(sign | (uint16_t)rint(a * ldexp(1.0, 24)));
    }
    int e;
    double m = frexp(a, &e);          /* a = m * 2^e, m in [0.5, 1) */
    e -= 1;                           /* a = (2m) * 2^e, 2m in [1, 2) */
    double frac = rint((2.0 * m - 1.0) * 1024.0);
    if (frac >= 1024.0) {
        frac = 0.0;
        e += 1;
    }
    if (e > 15) return (uint16_t)(sign | 0x7c00u);
    return (uint16_t)(sign | (uint16_t)((e + 15) << 10) | (uint16_t)frac);
}

float ref_f16_to_f32(uint16_t h)
{
    int e = (h >> 10) & 0x1f;
    int mant = h & 0x3ff;
    double v;
    if (e == 0) v = ldexp((double)mant, -24);
    else if (e == 31) v = mant ? NAN : INFINITY;
    else v = ldexp((double)(1024 + mant), e - 25);
    return (float)((h & 0x8000u) ? -v : v);
}
