/* cvt_nn.h: what the convolution, pooling, normalization and matrix converters share
 * (cvt_nn_util.c): ONNX's sliding-window attributes read once and turned into CANN's 4-value
 * NCHW lists, and the reshapes that carry 1-D ops onto CANN's 2-D ones (H = 1). */
#ifndef GECL_ONNX_CVT_NN_H
#define GECL_ONNX_CVT_NN_H

#include "onnx_import.h"

typedef enum nn_auto_pad { NN_PAD_NOTSET, NN_PAD_SAME_UPPER, NN_PAD_SAME_LOWER, NN_PAD_VALID } nn_auto_pad;

/* A window over nd (1 to NN_MAX_SPATIAL) spatial dims, in ONNX's terms. */
#define NN_MAX_SPATIAL 3
typedef struct nn_window {
    int nd;
    int64_t k[NN_MAX_SPATIAL], s[NN_MAX_SPATIAL], d[NN_MAX_SPATIAL];
    int64_t pads[2 * NN_MAX_SPATIAL];   /* ONNX order: the begins, then the ends (nd each) */
    nn_auto_pad auto_pad;
} nn_window;

/* Reads kernel_shape (checked against `kernel` when given, else required), strides, dilations,
 * pads and auto_pad for nd spatial dims, with ONNX's defaults. */
gecl_status nn_read_window(onnx_conv *c, int nd, const int64_t *kernel, nn_window *w);
/* CANN's [1, 1, h, w] list (NCHW) of a per-axis value (k, s or d) of a 1-D or 2-D window: a
 * 1-D op's H entry is 1. */
void nn_hw4(const nn_window *w, const int64_t *v, int64_t out[4]);
/* CANN's pads [top, bottom, left, right] of a 1-D or 2-D window. */
void nn_cann_pads(const nn_window *w, int64_t out[4]);
/* SAME_UPPER / SAME_LOWER as explicit pads, from the spatial dims of x (its shape must be known):
 * the output is ceil(in / stride) and the odd pixel of padding goes after (UPPER) or before. */
gecl_status nn_same_pads(onnx_conv *c, gecl_port x, nn_window *w);

/* The description of port p: straight from a Const or a fully known Data node (no inference of
 * the graph so far), else as onnx_desc infers it. Fails as onnx_desc does. */
gecl_status nn_desc(onnx_conv *c, gecl_port p, gecl_tensor_desc *d);
/* The rank and dtype (NULL: not wanted) of port p; fails (naming the node) when unknown. Unlike
 * nn_desc this also answers in a graph with unknown input dims (a model with a dynamic batch):
 * ranks and dtypes do not depend on the sizes, so a copy of the graph with each unknown dim 1
 * tells them. */
gecl_status nn_rank(onnx_conv *c, gecl_port p, int *rank, gecl_dtype *dtype);
/* x with `count` dims of size 1 inserted before dim `axis` (a Reshape; any shape, also dynamic). */
gecl_port nn_insert_ones(onnx_conv *c, gecl_port x, int64_t axis, int count);
/* x without its `count` dims of size 1 from dim `axis` on. */
gecl_port nn_drop_ones(onnx_conv *c, gecl_port x, int64_t axis, int count);
/* Dims [axis, axis + count) of x replaced by `shape` (n values; 0 keeps nothing: Reshape's
 * -1 may stand for one of them). */
gecl_port nn_reshape_range(onnx_conv *c, gecl_port x, int64_t axis, int64_t count, const int64_t *shape, size_t n);
/* Whether the node's optional output i is asked for (named). */
int nn_output_used(const onnx_conv *c, size_t i);

#endif
