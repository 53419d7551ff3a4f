/* concat.c: Concat (concat_dim, x0..xn-1), ConcatV2 (x0..xn-1, concat_dim) and ConcatD
 * (x0..xn-1, attribute concat_dim), any dtype. The axis comes from a constant input or the
 * attribute and is fixed at compile time; each input becomes one copy launch into its slice of
 * the output, seen as (rows before the axis) x (its elements from the axis on). */
#include <stdio.h>
#include <string.h>

#include "ir.h"
#include "launch.h"
#include "ops.h"
#include "row_copy.h"
#include "shape_math.h"
#include "tuning.h"

/* Where the x inputs sit among n's inputs, and the normalised axis. */
typedef struct concat_layout {
    size_t first, count;
    int axis;
} concat_layout;

static gecl_status concat_dim(const gecl_graph *g, const gecl_node *n, size_t dim_input, int64_t *dim)
{
    const gecl_tensor_desc *d = gecl_input_desc(g, n, dim_input);
    if (!d) return gecl_node_fail(n, "input %zu (concat_dim) is missing", dim_input);
    if (gecl_desc_numel(d) != 1 || d->ndim > 1)
        return gecl_node_fail(n, "input %zu (concat_dim) must be a scalar, it has %lld elements", dim_input,
                              (long long)gecl_desc_numel(d));
    int64_t v[1];
    int count = gecl_input_const_ints(g, n, dim_input, v, 1);
    if (count < 0) return GECL_PARAM_INVALID;
    if (count != 1) return gecl_node_fail(n, "input %zu (concat_dim) must hold one value", dim_input);
    *dim = v[0];
    return GECL_SUCCESS;
}

static gecl_status concat_layout_get(const gecl_graph *g, const gecl_node *n, concat_layout *c)
{
    int64_t dim = 0;
    gecl_status rc;
    if (n->op == GECL_OP_CONCAT_D) {
        dim = gecl_node_int(n, "concat_dim"); /* required (op_attrs.h) */
        c->first = 0;
        c->count = n->n_inputs;
    } else {
        if (n->n_inputs < 2) return gecl_node_fail(n, "needs concat_dim and at least one x input");
        size_t dim_input = n->op == GECL_OP_CONCAT ? 0 : n->n_inputs - 1;
        if ((rc = concat_dim(g, n, dim_input, &dim))) return rc;
        c->first = n->op == GECL_OP_CONCAT ? 1 : 0;
        c->count = n->n_inputs - 1;
    }
    if (c->count == 0) return gecl_node_fail(n, "needs at least one x input");
    if (gecl_attr_find(n, "N")) {
        int64_t want = gecl_node_int(n, "N");
        if (want != (int64_t)c->count)
            return gecl_node_fail(n, "attribute N is %lld but %zu x inputs are connected", (long long)want, c->count);
    }
    const gecl_tensor_desc *x0 = gecl_input_desc(g, n, c->first);
    if (!x0) return gecl_node_fail(n, "input %zu (x0) is missing", c->first);
    if (x0->ndim == 0) return gecl_node_fail(n, "input %zu (x0) is a scalar, concat needs at least 1 dim", c->first);
    c->axis = gecl_norm_axis(dim, (int)x0->ndim);
    if (c->axis < 0)
        return gecl_node_fail(n, "concat_dim %lld is out of range for %u dims", (long long)dim, x0->ndim);
    return GECL_SUCCESS;
}

/* x_k must match x0 in dtype, rank and every dim but the axis. */
static gecl_status check_input(const gecl_graph *g, const gecl_node *n, const concat_layout *c, size_t k)
{
    size_t in = c->first + k;
    const gecl_tensor_desc *x0 = gecl_input_desc(g, n, c->first), *x = gecl_input_desc(g, n, in);
    if (!x) return gecl_node_fail(n, "input %zu (x%zu) is missing", in, k);
    if (x->dtype != x0->dtype)
        return gecl_node_fail(n, "input %zu (x%zu) has dtype %s, x0 has %s", in, k, gecl_dtype_name(x->dtype),
                              gecl_dtype_name(x0->dtype));
    if (!gecl_tuning_move_type(gecl_dtype_size(x->dtype)))
        return gecl_node_fail(n, "dtype %s cannot be concatenated", gecl_dtype_name(x->dtype));
    char s0[128], s1[128];
    if (x->ndim != x0->ndim)
        return gecl_node_fail(n, "input %zu (x%zu) has %u dims %s, x0 has %u %s", in, k, x->ndim,
                              gecl_desc_shape_str(x, s1, sizeof s1), x0->ndim, gecl_desc_shape_str(x0, s0, sizeof s0));
    for (unsigned d = 0; d < x->ndim; d++)
        if ((int)d != c->axis && x->dims[d] != x0->dims[d])
            return gecl_node_fail(n, "input %zu (x%zu) %s differs from x0 %s in dim %u (%lld vs %lld); only dim %d "
                                  "(the concat axis) may differ",
                                  in, k, gecl_desc_shape_str(x, s1, sizeof s1), gecl_desc_shape_str(x0, s0, sizeof s0),
                                  d, (long long)x->dims[d], (long long)x0->dims[d], c->axis);
    return GECL_SUCCESS;
}

gecl_status gecl_infer_concat(const gecl_graph *g, gecl_node *n)
{
    concat_layout c;
    gecl_status rc = concat_layout_get(g, n, &c);
    if (rc) return rc;
    int64_t total = 0;
    for (size_t k = 0; k < c.count; k++) {
        if ((rc = check_input(g, n, &c, k))) return rc;
        const int64_t len = gecl_input_desc(g, n, c.first + k)->dims[c.axis];
        if (gecl_dim_add(total, len, &total)) { /* each input fits; their sum need not */
            char name[32];
            snprintf(name, sizeof name, "x%zu", k);
            const gecl_term t = GECL_DIM_TERM(len, (int)(c.first + k), name, c.axis);
            return gecl_shape_fail(n, &t, "overflows the output's concat axis");
        }
    }
    gecl_tensor_desc *y = &n->outs[0];
    *y = *gecl_input_desc(g, n, c.first);
    y->dims[c.axis] = total;
    return GECL_SUCCESS;
}

/* ---- lowering ---- */

gecl_status gecl_lower_concat(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    concat_layout c;
    gecl_status rc = concat_layout_get(g, n, &c);
    if (rc) return rc;
    const gecl_tensor_desc *y = &n->outs[0];
    int64_t rows = 1, inner = 1;
    for (int d = 0; d < c.axis; d++) rows *= y->dims[d];
    for (unsigned d = (unsigned)c.axis + 1; d < y->ndim; d++) inner *= y->dims[d];
    size_t esize = gecl_dtype_size(y->dtype);
    int64_t at = 0;
    for (size_t k = 0; k < c.count; k++) {
        int64_t len = gecl_input_desc(g, n, c.first + k)->dims[c.axis] * inner;
        if (rows > 0 && len > 0) {
            const gecl_row_copy rcp = {rows, len, y->dims[c.axis] * inner, at, 0};
            rc = gecl_lower_row_copy(L, n, n->inputs[c.first + k], gecl_node_port(g, n), esize, &rcp);
            if (rc) return rc;
        }
        at += len;
    }
    return GECL_SUCCESS;
}

/* ---- constant folding: the same row copies on the host (shape vectors built by Concat) ---- */

void gecl_fold_concat(const gecl_graph *g, const gecl_node *n, void *dst)
{
    concat_layout c;
    if (concat_layout_get(g, n, &c)) return; /* inference checked it */
    const gecl_tensor_desc *y = &n->outs[0];
    int64_t rows = 1, inner = 1;
    for (int d = 0; d < c.axis; d++) rows *= y->dims[d];
    for (unsigned d = (unsigned)c.axis + 1; d < y->ndim; d++) inner *= y->dims[d];
    const int64_t es = (int64_t)gecl_dtype_size(y->dtype), wide = y->dims[c.axis] * inner * es;
    int64_t at = 0;
    for (size_t k = 0; k < c.count; k++) {
        const int64_t len = gecl_input_desc(g, n, c.first + k)->dims[c.axis] * inner * es;
        const char *src = gecl_input_const(g, n, c.first + k);
        for (int64_t r = 0; r < rows && len > 0; r++) memcpy((char *)dst + r * wide + at, src + r * len, (size_t)len);
        at += len;
    }
}
