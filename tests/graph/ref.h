/*
 * ref.h: the CPU reference of the graph op tests. Written from the operator definitions (CANN's
 * op prototypes, which follow TensorFlow; ONNX where CANN defers to it), not from gecl's code:
 * plain loops over row-major tensors of doubles, sums accumulated in double.
 *
 * Functions that accumulate can also return, per output element, the sum of the absolute values
 * of the terms (`mag`, may be NULL): the scale of the rounding error a float implementation may
 * make, used by the tests' tolerances.
 */
#ifndef GECL_TESTS_GRAPH_REF_H
#define GECL_TESTS_GRAPH_REF_H

#include <stddef.h>
#include <stdint.h>

#define REF_MAX_RANK 8

int64_t ref_numel(const int64_t *dims, int rank);

/* ---- elementwise ---- */

typedef enum ref_unary {
    REF_RELU, REF_RELU6, REF_SIGMOID, REF_TANH, REF_EXP, REF_LOG, REF_SQRT, REF_RSQRT, REF_ABS,
    REF_NEG, REF_SQUARE, REF_RECIPROCAL, REF_FLOOR, REF_CEIL
} ref_unary;

typedef enum ref_binary {
    REF_ADD, REF_SUB, REF_MUL, REF_DIV, REF_MAXIMUM, REF_MINIMUM, REF_POW
} ref_binary;

double ref_unary_apply(ref_unary op, double x);
double ref_binary_apply(ref_binary op, double a, double b);
void ref_unary_map(ref_unary op, const double *x, size_t n, double *y);

/* numpy broadcasting: shapes are right-aligned, each pair of dims must be equal or contain a 1.
 * Writes the output shape, returns its rank, or -1 when the shapes do not broadcast. */
int ref_broadcast_shape(const int64_t *a, int ra, const int64_t *b, int rb, int64_t *out);
/* y = op(a, b) with broadcasting; y has the shape ref_broadcast_shape gives. */
void ref_binary_broadcast(ref_binary op, const double *a, const int64_t *ad, int ra, const double *b,
                          const int64_t *bd, int rb, double *y);

/* ---- layout ---- */

/* y = x transposed: y.dims[i] = x.dims[perm[i]]. */
void ref_transpose(const double *x, const int64_t *dims, int rank, const int *perm, double *y);
/* Concatenation of n tensors of equal rank along `axis` (in [0, rank)). */
void ref_concat(int n, const double *const *xs, const int64_t *const *dims, int rank, int axis, double *y);

/* ---- convolution (NCHW activations, OIHW filter) ---- */

typedef struct ref_conv2d {
    int64_t n, c, h, w;       /* input */
    int64_t o, kh, kw;        /* filter [o, c / groups, kh, kw] */
    int64_t groups;
    int64_t sh, sw;           /* strides */
    int64_t dh, dw;           /* dilations */
    int64_t pt, pb, pl, pr;   /* pads: top, bottom, left, right */
} ref_conv2d;

/* Output size of one spatial dim: floor((in + p0 + p1 - ((k - 1) * d + 1)) / s) + 1. */
int64_t ref_conv_out_dim(int64_t in, int64_t k, int64_t s, int64_t d, int64_t p0, int64_t p1);
/* y [n, o, oh, ow]; bias [o] or NULL. */
void ref_conv2d_nchw(const ref_conv2d *p, const double *x, const double *w, const double *bias, double *y,
                     double *mag);

/* ---- matrix products ---- */

/* Batched product y[..., M, N] = op(x1)[..., M, K] * op(x2)[..., K, N] (+ bias[N]), op = swap of
 * the last two dims when adj is set. Batch dims (all but the last two) broadcast numpy-style;
 * rank 2 on both sides is a plain matrix product. Writes y's dims, returns its rank (-1 when the
 * shapes do not match). */
int ref_batch_matmul(const double *x1, const int64_t *d1, int r1, int adj1, const double *x2,
                     const int64_t *d2, int r2, int adj2, const double *bias, double *y, double *mag,
                     int64_t *ydims);

/* ---- pooling (NCHW) ---- */

typedef struct ref_pool2d {
    int64_t n, c, h, w;
    int64_t kh, kw, sh, sw;
    int64_t pt, pb, pl, pr;   /* implicit padding; padded positions never win a max */
    int64_t oh, ow;           /* output size: the caller applies the op's own rule */
    int is_max;
    int exclusive;            /* avg: divide by the number of real input elements in the window,
                               * else by kh * kw */
} ref_pool2d;

void ref_pool2d_nchw(const ref_pool2d *p, const double *x, double *y, double *mag);

/* ---- softmax ---- */

/* Softmax over the set of axes given (jointly: one max and one sum over all of them). */
void ref_softmax(const double *x, const int64_t *dims, int rank, const int *axes, int n_axes, double *y);

/* ---- float16 ---- */

/* IEEE binary16 from a float, rounding to nearest even (overflow to infinity, subnormals kept). */
uint16_t ref_f32_to_f16(float f);
float ref_f16_to_f32(uint16_t h);

#endif
