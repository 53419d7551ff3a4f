/* infer_basic.c: inference for sources, views and elementwise ops (numpy broadcasting). */
#include <stdio.h>
#include <string.h>

#include "ir.h"
#include "registry.h"
#include "shape_math.h"

gecl_status gecl_infer_source(const gecl_graph *g, gecl_node *n)
{
    (void)g;
    (void)n; /* Data and Const carry their description */
    return GECL_SUCCESS;
}

gecl_status gecl_infer_identity(const gecl_graph *g, gecl_node *n)
{
    n->outs[0] = *gecl_input_desc(g, n, 0);
    return GECL_SUCCESS;
}

static int is_float(gecl_dtype t)
{
    return t == GECL_DT_FLOAT || t == GECL_DT_FLOAT16 || t == GECL_DT_DOUBLE || t == GECL_DT_BF16;
}

static gecl_status check_numeric(const gecl_node *n, const gecl_tensor_desc *d, size_t i, int float_only)
{
    if (float_only && !is_float(d->dtype))
        return gecl_node_fail(n, "input %zu is %s; this op takes DT_FLOAT, DT_FLOAT16, DT_BF16 or DT_DOUBLE", i,
                              gecl_dtype_name(d->dtype));
    if (d->dtype == GECL_DT_BOOL) return gecl_node_fail(n, "input %zu is DT_BOOL; this op takes numbers", i);
    return GECL_SUCCESS;
}

gecl_status gecl_infer_unary(const gecl_graph *g, gecl_node *n)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    gecl_status rc = check_numeric(n, x, 0, 0);
    if (!rc) n->outs[0] = *x;
    return rc;
}

gecl_status gecl_infer_float_unary(const gecl_graph *g, gecl_node *n)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    gecl_status rc = check_numeric(n, x, 0, 1);
    if (!rc) n->outs[0] = *x;
    return rc;
}

gecl_status gecl_infer_cast(const gecl_graph *g, gecl_node *n)
{
    const gecl_attr *a = gecl_attr_find(n, "dst_type");
    if (!a || a->type != GECL_ATTR_INT) return gecl_node_fail(n, "required attribute dst_type (Int) is not set");
    gecl_dtype to = (gecl_dtype)a->i;
    if (gecl_dtype_size(to) == 0) return gecl_node_fail(n, "dst_type %lld is not a supported data type", (long long)a->i);
    n->outs[0] = *gecl_input_desc(g, n, 0);
    n->outs[0].dtype = to;
    return GECL_SUCCESS;
}

gecl_status gecl_broadcast_desc(const gecl_node *n, const gecl_tensor_desc *a, const gecl_tensor_desc *b,
                                gecl_tensor_desc *out)
{
    uint32_t rank = a->ndim > b->ndim ? a->ndim : b->ndim;
    *out = a->ndim >= b->ndim ? *a : *b;
    for (uint32_t k = 0; k < rank; k++) {
        int ia = (int)k - (int)(rank - a->ndim), ib = (int)k - (int)(rank - b->ndim);
        int64_t da = ia >= 0 ? a->dims[ia] : 1, db = ib >= 0 ? b->dims[ib] : 1;
        if (da != db && da != 1 && db != 1) {
            char sa[128], sb[128];
            return gecl_node_fail(n, "shapes %s and %s do not broadcast (dim %u: %lld vs %lld)",
                                  gecl_desc_shape_str(a, sa, sizeof sa), gecl_desc_shape_str(b, sb, sizeof sb), k,
                                  (long long)da, (long long)db);
        }
        out->dims[k] = da == 1 ? db : da;
    }
    out->ndim = rank;
    if (a->ndim != b->ndim) out->format = a->ndim > b->ndim ? a->format : b->format;
    return GECL_SUCCESS;
}

gecl_status gecl_infer_binary(const gecl_graph *g, gecl_node *n)
{
    const gecl_tensor_desc *a = gecl_input_desc(g, n, 0), *b = gecl_input_desc(g, n, 1);
    gecl_status rc;
    if ((rc = check_numeric(n, a, 0, 0)) || (rc = check_numeric(n, b, 1, 0))) return rc;
    if (a->dtype != b->dtype)
        return gecl_node_fail(n, "input 0 is %s but input 1 is %s; insert a Cast", gecl_dtype_name(a->dtype),
                              gecl_dtype_name(b->dtype));
    return gecl_broadcast_desc(n, a, b, &n->outs[0]);
}


/* BiasAdd's channel axis: 1 for NCHW-like formats, the last axis for NHWC (CANN's default). */
int gecl_bias_add_axis(const gecl_node *n, uint32_t rank)
{
    const char *fmt = gecl_node_string(n, "data_format");
    return strncmp(fmt, "NC", 2) == 0 ? 1 : (int)rank - 1;
}

gecl_status gecl_infer_bias_add(const gecl_graph *g, gecl_node *n)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0), *b = gecl_input_desc(g, n, 1);
    gecl_status rc;
    if ((rc = check_numeric(n, x, 0, 0)) || (rc = check_numeric(n, b, 1, 0))) return rc;
    const char *fmt = gecl_node_string(n, "data_format");
    if (strcmp(fmt, "NCHW") && strcmp(fmt, "NHWC") && strcmp(fmt, "NCDHW") && strcmp(fmt, "NDHWC"))
        return gecl_node_fail(n, "data_format '%s' is not NCHW, NHWC, NCDHW or NDHWC", fmt);
    if (x->ndim < 2) return gecl_node_fail(n, "x has %u dims, expected at least 2", x->ndim);
    if (b->ndim != 1) return gecl_node_fail(n, "bias has %u dims, expected 1", b->ndim);
    if (x->dtype != b->dtype)
        return gecl_node_fail(n, "x is %s but bias is %s", gecl_dtype_name(x->dtype), gecl_dtype_name(b->dtype));
    int axis = gecl_bias_add_axis(n, x->ndim);
    if (b->dims[0] != x->dims[axis])
        return gecl_node_fail(n, "bias has %lld values but x has %lld channels (axis %d, data_format %s)",
                              (long long)b->dims[0], (long long)x->dims[axis], axis, fmt);
    n->outs[0] = *x;
    return GECL_SUCCESS;
}

/* Reshape: the shape input is a constant; -1 takes the remaining size. A 0 is a real size unless
 * attribute allowzero is 0 (CANN's default is 1; its ONNX parser sets 0 from the ONNX node), in
 * which case it copies the input dim. Attributes axis/num_axes reshape a range. */
gecl_status gecl_infer_reshape(const gecl_graph *g, gecl_node *n)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    int64_t shape[GECL_MAX_DIMS];
    int count = gecl_input_const_ints(g, n, 1, shape, GECL_MAX_DIMS);
    if (count < 0) return GECL_PARAM_INVALID;
    int64_t axis = gecl_node_int(n, "axis"), num_axes = gecl_node_int(n, "num_axes");
    if (axis < 0) axis += x->ndim + 1;
    if (axis < 0 || axis > (int64_t)x->ndim) return gecl_node_fail(n, "axis %lld is out of range", (long long)axis);
    /* num_axes is compared, not added, first: any int64 attribute value is possible. */
    if (num_axes > (int64_t)x->ndim - axis) return gecl_node_fail(n, "axis + num_axes exceeds the rank %u", x->ndim);
    const int64_t end = num_axes < 0 ? (int64_t)x->ndim : axis + num_axes;
    gecl_tensor_desc out = *x;
    out.ndim = (uint32_t)(axis + count + ((int64_t)x->ndim - end));
    if (out.ndim > GECL_MAX_DIMS) return gecl_node_fail(n, "the result would have %u dims", out.ndim);
    int copy_zero = gecl_node_int(n, "allowzero") == 0;
    int infer_at = -1;
    int64_t known = 1;
    for (int k = 0; k < count; k++) {
        int64_t v = shape[k];
        if (v == 0 && copy_zero && axis + k < (int64_t)x->ndim) v = x->dims[axis + k];
        if (v == -1) {
            if (infer_at >= 0) return gecl_node_fail(n, "shape has more than one -1");
            infer_at = (int)axis + k;
        } else if (v < 0) {
            return gecl_node_fail(n, "shape value %lld at %d is invalid", (long long)v, k);
        } else if (gecl_dim_mul(known, v, &known)) {
            /* the shape's values come from a constant, not from a tensor that fits */
            const gecl_term t = GECL_VALUE_TERM(shape[k], 1, "shape", k);
            return gecl_shape_fail(n, &t, "overflows the element count of the new shape");
        }
        out.dims[axis + k] = v;
    }
    for (int64_t k = end; k < (int64_t)x->ndim; k++) out.dims[axis + count + (k - end)] = x->dims[k];
    int64_t total = 1; /* x fits, so products of its dims need no check */
    for (int64_t k = axis; k < end; k++) total *= x->dims[k];
    if (infer_at >= 0) {
        if (known == 0 || total % known) return gecl_node_fail(n, "cannot infer -1: %lld elements into %lld", (long long)total, (long long)known);
        out.dims[infer_at] = total / known;
        known = total;
    }
    if (known != total) {
        char sx[128];
        int64_t want;
        if (gecl_dim_mul(gecl_desc_numel(x) / (total ? total : 1), known, &want)) want = -1;
        return gecl_node_fail(n, "cannot reshape %s (%lld elements) into a shape of %lld elements%s",
                              gecl_desc_shape_str(x, sx, sizeof sx), (long long)gecl_desc_numel(x),
                              (long long)(want < 0 ? known : want), want < 0 ? " times the dims kept" : "");
    }
    if (out.ndim != x->ndim) out.format = GECL_FORMAT_ND;
    n->outs[0] = out;
    return GECL_SUCCESS;
}
