/* cvt_norm.c: ONNX LayerNormalization onto CANN LayerNorm (InvStdDev = rsqrt(variance + epsilon)
 * from its variance output), InstanceNormalization onto InstanceNorm (NCHW, NCDHW; 1-D as 2-D
 * with H = 1), LRN onto LRN (ACROSS_CHANNELS; ONNX's alpha is per window element). */
#include <stdlib.h>
#include <string.h>

#include "cvt_nn.h"
#include "ir.h"
#include "onnx_ops.h"

/* The dims of d without its leading 1s. */
static uint32_t strip_ones(const gecl_tensor_desc *d, const int64_t **dims)
{
    uint32_t k = 0;
    while (k < d->ndim && d->dims[k] == 1) k++;
    *dims = d->dims + k;
    return d->ndim - k;
}

/* Where Scale (and B) start among X's `rank` dims: they must be X's trailing dims from `axis`
 * on, or fewer of them (numpy broadcasting over the rest), leading 1s aside. The sizes are
 * compared when X's are known (x; NULL in a graph of unknown input dims: LayerNorm checks
 * them when the graph is compiled). */
static gecl_status params_axis(onnx_conv *c, int rank, const gecl_tensor_desc *x, int axis, const gecl_tensor_desc *p,
                               const char *what, int *pa)
{
    const int64_t *dims;
    const uint32_t n = strip_ones(p, &dims);
    char sp[128];
    if (n == 0) return onnx_unsupported(c, "%s of one element (broadcast over every normalised dim)", what);
    int ok = (int)n <= rank - axis;
    for (uint32_t i = 0; ok && x && i < n; i++) ok = dims[i] == x->dims[x->ndim - n + i];
    if (!ok)
        return onnx_unsupported(c, "%s %s for X of %d dims and axis %d (it must be X's trailing dims from the axis on)",
                                what, gecl_desc_shape_str(p, sp, sizeof sp), rank, axis);
    *pa = rank - (int)n;
    return GECL_SUCCESS;
}

/* rsqrt(var + eps): ONNX's InvStdDev from CANN's variance. */
static gecl_port inv_std(onnx_conv *c, gecl_port var, float eps)
{
    gecl_port p[2] = {var, onnx_const_scalar(c, GECL_DT_FLOAT, eps)};
    p[0] = onnx_op1(c, "Add", 2, p);
    return onnx_op1(c, "Rsqrt", 1, p);
}

gecl_status onnx_cvt_layer_norm(onnx_conv *c)
{
    if (c->n_in < 2 || c->in[1].node < 0) return onnx_fail(c, "inputs X and Scale are required");
    if (onnx_attr_int(c, "stash_type", 1) != 1)
        return onnx_unsupported(c, "stash_type %lld (statistics are computed in float32)",
                                (long long)onnx_attr_int(c, "stash_type", 1));
    gecl_tensor_desc xd, wd, bd;
    int rank;
    gecl_status rc = nn_rank(c, c->in[0], &rank, NULL);
    if (rc) return rc;
    const int known = !gecl_graph_dynamic(c->graph);
    if ((known && nn_desc(c, c->in[0], &xd)) || nn_desc(c, c->in[1], &wd)) return onnx_status(c);
    const int64_t axis_attr = onnx_attr_int(c, "axis", -1);
    const int axis = (int)(axis_attr < 0 ? axis_attr + rank : axis_attr);
    if (rank < 1 || axis < 0 || axis >= rank)
        return onnx_fail(c, "axis %lld is out of range for X of %d dims", (long long)axis_attr, rank);
    int pa;
    rc = params_axis(c, rank, known ? &xd : NULL, axis, &wd, "Scale", &pa);
    if (rc) return rc;
    gecl_port b = c->n_in > 2 ? c->in[2] : (gecl_port){-1, 0};
    if (b.node >= 0) {
        int pb;
        if (nn_desc(c, b, &bd)) return onnx_status(c);
        if ((rc = params_axis(c, rank, known ? &xd : NULL, axis, &bd, "B", &pb))) return rc;
        if (pb != pa) return onnx_unsupported(c, "B and Scale spanning different dims");
    } else {
        /* CANN's beta is required: zeros of Scale's shape */
        if (wd.dtype != GECL_DT_FLOAT) return onnx_unsupported(c, "Scale of %s", gecl_dtype_name(wd.dtype));
        const size_t bytes = gecl_desc_bytes(&wd);
        void *zeros = calloc(1, bytes ? bytes : 1);
        if (!zeros) return onnx_fail(c, "out of host memory");
        b = onnx_const(c, &wd, zeros, bytes);
        free(zeros);
    }
    const float eps = onnx_attr_float(c, "epsilon", 1e-5f);
    const gecl_port in[3] = {c->in[0], c->in[1], b};
    const int32_t id = onnx_op(c, "LayerNorm", 3, in);
    onnx_set_int(c, id, "begin_norm_axis", axis);
    onnx_set_int(c, id, "begin_params_axis", pa);
    onnx_set_float(c, id, "epsilon", eps);
    c->out[0] = (gecl_port){id < 0 ? -2 : id, 0};
    if (nn_output_used(c, 1)) c->out[1] = (gecl_port){id < 0 ? -2 : id, 1};
    if (nn_output_used(c, 2)) c->out[2] = inv_std(c, (gecl_port){id < 0 ? -2 : id, 2}, eps);
    return onnx_status(c);
}

gecl_status onnx_cvt_instance_norm(onnx_conv *c)
{
    if (c->n_in != 3) return onnx_fail(c, "%zu inputs, expected 3 (input, scale, B)", c->n_in);
    int rank;
    gecl_status rc = nn_rank(c, c->in[0], &rank, NULL);
    if (rc) return rc;
    if (rank < 3) return onnx_fail(c, "input has %d dims, expected at least 3 ([N, C, spatial...])", rank);
    if (rank > 5) return onnx_unsupported(c, "%d-D input (3-D to 5-D are implemented)", rank);
    gecl_port in[3] = {c->in[0], c->in[1], c->in[2]};
    if (rank == 3) in[0] = nn_insert_ones(c, in[0], 2, 1);
    const int32_t id = onnx_op(c, "InstanceNorm", 3, in);
    onnx_set_string(c, id, "data_format", rank == 5 ? "NCDHW" : "NCHW");
    onnx_set_float(c, id, "epsilon", onnx_attr_float(c, "epsilon", 1e-5f));
    gecl_port y = {id < 0 ? -2 : id, 0};
    if (rank == 3) y = nn_drop_ones(c, y, 2, 1);
    c->out[0] = y;
    return onnx_status(c);
}

/* ONNX's window is [c - (size - 1) / 2, c + size / 2]: symmetric, CANN's depth_radius, only for
 * an odd size. ONNX divides alpha by size, CANN does not. */
gecl_status onnx_cvt_lrn(onnx_conv *c)
{
    const int64_t size = onnx_attr_int(c, "size", 0);
    if (size < 1) return onnx_fail(c, "attribute size is required and must be at least 1");
    if (size % 2 == 0) return onnx_unsupported(c, "an even size (%lld): the window is not symmetric", (long long)size);
    int rank;
    gecl_status rc = nn_rank(c, c->in[0], &rank, NULL);
    if (rc) return rc;
    if (rank != 4) return onnx_unsupported(c, "%d-D input (4-D [N, C, H, W] is implemented)", rank);
    const int32_t id = onnx_op(c, "LRN", 1, c->in);
    onnx_set_int(c, id, "depth_radius", (size - 1) / 2);
    onnx_set_float(c, id, "bias", onnx_attr_float(c, "bias", 1.0f));
    onnx_set_float(c, id, "alpha", onnx_attr_float(c, "alpha", 1e-4f) / (float)size);
    onnx_set_float(c, id, "beta", onnx_attr_float(c, "beta", 0.75f));
    c->out[0] = (gecl_port){id < 0 ? -2 : id, 0};
    return onnx_status(c);
}

/* MeanVarianceNormalization: (x - mean) / sqrt(var + 1e-9) over `axes` (default N, H, W), as
 * LayerNorm over x's trailing dims once a TransposeD has moved the reduced axes there (gamma
 * ones, beta zeros), and a TransposeD back. */
gecl_status onnx_cvt_mvn(onnx_conv *c)
{
    gecl_tensor_desc xd;
    if (nn_desc(c, c->in[0], &xd)) return onnx_status(c);
    static const int64_t def_axes[3] = {0, 2, 3};
    const int64_t *axes;
    size_t na = onnx_attr_ints(c, "axes", &axes);
    if (!axes) axes = def_axes, na = 3;
    const int rank = (int)xd.ndim;
    int reduced[GECL_MAX_DIMS] = {0};
    for (size_t i = 0; i < na; i++) {
        const int64_t a = axes[i] < 0 ? axes[i] + rank : axes[i];
        if (a < 0 || a >= rank) return onnx_fail(c, "axes[%zu] = %lld is out of range for %d dims", i, (long long)axes[i], rank);
        if (reduced[a]) return onnx_fail(c, "axes[%zu] = %lld repeats an axis", i, (long long)axes[i]);
        reduced[a] = 1;
    }
    if (na == 0) return onnx_fail(c, "axes is empty");
    int64_t perm[GECL_MAX_DIMS], inv[GECL_MAX_DIMS];
    int k = 0, moved = 0;
    for (int d = 0; d < rank; d++)
        if (!reduced[d]) perm[k++] = d;
    const int kept = k;
    gecl_tensor_desc pd = {xd.dtype, GECL_FORMAT_ND, 0, {0}};
    for (int d = 0; d < rank; d++)
        if (reduced[d]) pd.dims[pd.ndim++] = xd.dims[d], perm[k++] = d;
    for (int d = 0; d < rank; d++) inv[perm[d]] = d, moved |= perm[d] != d;
    if (xd.dtype != GECL_DT_FLOAT) return onnx_unsupported(c, "input of %s (float32 is implemented)", gecl_dtype_name(xd.dtype));
    const int64_t count = gecl_desc_numel(&pd);
    float *ones = malloc((size_t)(count ? count : 1) * sizeof *ones), *zeros = calloc((size_t)(count ? count : 1), sizeof *zeros);
    if (!ones || !zeros) {
        free(ones), free(zeros);
        return onnx_fail(c, "out of host memory");
    }
    for (int64_t i = 0; i < count; i++) ones[i] = 1.0f;
    gecl_port in[3] = {c->in[0], onnx_const(c, &pd, ones, (size_t)count * sizeof *ones),
                       onnx_const(c, &pd, zeros, (size_t)count * sizeof *zeros)};
    free(ones), free(zeros);
    if (moved) {
        const int32_t t = onnx_op(c, "TransposeD", 1, in);
        onnx_set_ints(c, t, "perm", perm, (size_t)rank);
        in[0] = (gecl_port){t < 0 ? -2 : t, 0};
    }
    const int32_t id = onnx_op(c, "LayerNorm", 3, in);
    onnx_set_int(c, id, "begin_norm_axis", kept);
    onnx_set_int(c, id, "begin_params_axis", kept);
    onnx_set_float(c, id, "epsilon", 1e-9f);
    gecl_port y = {id < 0 ? -2 : id, 0};
    if (moved) {
        const int32_t t = onnx_op(c, "TransposeD", 1, &y);
        onnx_set_ints(c, t, "perm", inv, (size_t)rank);
        y = (gecl_port){t < 0 ? -2 : t, 0};
    }
    c->out[0] = y;
    return onnx_status(c);
}
