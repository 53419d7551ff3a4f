/* shape_math.h: overflow-checked int64 arithmetic for shape inference, one set for every op.
 *
 * Every description in a graph fits (gecl_desc_fits: its dims, zeros aside, multiply to at most
 * GECL_MAX_TENSOR_BYTES), so products and sums over one tensor's own dims cannot overflow and need
 * no check. What can overflow is arithmetic that mixes in attributes (pads, ksize, strides,
 * dilations), constants' values (Reshape's shape) or the dims of several tensors (Concat's axis,
 * broadcast batch dims): it goes through these helpers, and a failure is PARAM_INVALID naming the
 * node and the value at fault, never a wrapped (wrong) shape or undefined behaviour. */
#ifndef GECL_GRAPH_SHAPE_MATH_H
#define GECL_GRAPH_SHAPE_MATH_H

#include <stddef.h>
#include <stdint.h>

#include "ir.h"

/* a + b, a - b, a * b into *r. Each returns 1 when the exact result is not an int64 (then *r is
 * unspecified), else 0: `if (gecl_dim_mul(a, b, &r)) return <fail>;`. */
static inline int gecl_dim_add(int64_t a, int64_t b, int64_t *r) { return __builtin_add_overflow(a, b, r); }
static inline int gecl_dim_sub(int64_t a, int64_t b, int64_t *r) { return __builtin_sub_overflow(a, b, r); }
static inline int gecl_dim_mul(int64_t a, int64_t b, int64_t *r) { return __builtin_mul_overflow(a, b, r); }

/* A value that shape arithmetic reads, and where it comes from, so that a failure names it. */
typedef enum gecl_term_kind {
    GECL_TERM_ATTR,     /* element `index` of attribute `name` (the whole attribute when index < 0) */
    GECL_TERM_DIM,      /* dim `index` of input `input`, which the op calls `name` */
    GECL_TERM_VALUE     /* element `index` of constant input `input` (`name`) */
} gecl_term_kind;

typedef struct gecl_term {
    int64_t v;
    gecl_term_kind kind;
    const char *name;
    int input, index;
} gecl_term;
#define GECL_ATTR_TERM(value, attr, i) ((gecl_term){(value), GECL_TERM_ATTR, (attr), -1, (i)})
#define GECL_DIM_TERM(value, in, in_name, dim) ((gecl_term){(value), GECL_TERM_DIM, (in_name), (in), (dim)})
#define GECL_VALUE_TERM(value, in, in_name, i) ((gecl_term){(value), GECL_TERM_VALUE, (in_name), (in), (i)})

/* "attribute pads[0]=9223372036854775807", "input 1 (filter) dim 2=3",
 * "input 1 (shape) element 0=-5" into buf. */
const char *gecl_term_str(const gecl_term *t, char *buf, size_t size);

/* Fails node n with GECL_PARAM_INVALID: "node 'conv1' (Conv2D): attribute pads[0]=... <text>". */
gecl_status gecl_shape_fail(const gecl_node *n, const gecl_term *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

typedef enum gecl_padding {
    GECL_PADDING_EXPLICIT,   /* the pads given (CALCULATED, Conv2D's pads) */
    GECL_PADDING_SAME,       /* TensorFlow's SAME: the output is ceil(in / stride) */
    GECL_PADDING_VALID       /* no padding */
} gecl_padding;

/* The kernels compute positions along a window's axis in 32 bits, and take the window's values as
 * int literals: every padded extent, stride and dilation is at most this. */
#define GECL_MAX_WINDOW_EXTENT INT64_C(2147483647)

/* One spatial axis of a sliding window: Conv2D, MaxPool, AvgPool, MaxPoolV3, AvgPoolV2. */
typedef struct gecl_window {
    const char *axis;                  /* "height", "width": for messages */
    gecl_term in;                      /* input extent (a dim of the input, >= 0) */
    gecl_term k, stride, dilation;     /* pools: dilation 1 */
    gecl_term pad_before, pad_after;   /* EXPLICIT: as given; SAME and VALID set their values */
    int ceil_mode;                     /* EXPLICIT: ONNX / PyTorch ceil_mode */
} gecl_window;

/* The output extent of the window along its axis into *out (at least 1), and for SAME (the odd
 * pixel of padding goes after, as TensorFlow does) and VALID (none) the pads:
 *   e = (k - 1) * dilation + 1                   the dilated window
 *   SAME:           out = ceil(in / stride), pads = max((out - 1) * stride + e - in, 0)
 *   VALID/EXPLICIT: out = floor((in + pads - e) / stride) + 1, rounded up with ceil_mode as long
 *                   as the last window starts inside the input or the leading pad
 * Fails with GECL_PARAM_INVALID, naming node n and the value at fault, when k, stride or
 * dilation is below 1 or a pad is negative, when e or the padded extent in + pads is not an
 * int64, when the padded extent, stride or dilation is over GECL_MAX_WINDOW_EXTENT, or when the
 * output is empty. */
gecl_status gecl_window_extent(const gecl_node *n, gecl_padding mode, gecl_window *w, int64_t *out);

#endif
