/* views.c: ops that only change a tensor's description: Flatten (axis attribute), Squeeze (axis
 * attribute; none: every size-1 dim), SqueezeV3 (optional axes input), Unsqueeze (axes
 * attribute) and UnsqueezeV3 (axes input). The bytes stay where they are (kind VIEW): no launch,
 * and constant folding copies them (gecl_fold_view). */
#include <string.h>

#include "ir.h"
#include "ops.h"

/* Flatten: dims before `axis` into the first output dim, the rest into the second; axis in
 * [-rank, rank] (0: [1, everything]). */
gecl_status gecl_infer_flatten(const gecl_graph *g, gecl_node *n)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    const int64_t rank = x->ndim, a = gecl_node_int(n, "axis");
    const int64_t axis = a < 0 ? a + rank : a;
    if (axis < 0 || axis > rank)
        return gecl_node_fail(n, "axis %lld is outside [-%lld, %lld]", (long long)a, (long long)rank, (long long)rank);
    int64_t outer = 1, inner = 1; /* x fits: products of its dims need no check */
    for (int64_t k = 0; k < rank; k++) *(k < axis ? &outer : &inner) *= x->dims[k];
    gecl_tensor_desc *y = &n->outs[0];
    *y = *x;
    y->format = GECL_FORMAT_ND;
    y->ndim = 2;
    y->dims[0] = outer;
    y->dims[1] = inner;
    return GECL_SUCCESS;
}

/* The axes of a Squeeze / Unsqueeze: attribute `attr`, or the constant input 1 of the V3 ops.
 * *given is 0 when neither is there (SqueezeV3 without axes). */
static gecl_status read_axes(const gecl_graph *g, const gecl_node *n, int64_t *axes, int *count, int *given)
{
    *given = 1;
    if (n->op == GECL_OP_SQUEEZE || n->op == GECL_OP_UNSQUEEZE) {
        size_t m = 0;
        const int64_t *v = gecl_node_ints(n, n->op == GECL_OP_SQUEEZE ? "axis" : "axes", &m);
        if (m > GECL_MAX_DIMS) return gecl_node_fail(n, "%zu axes given, at most %d", m, GECL_MAX_DIMS);
        if (m) memcpy(axes, v, m * sizeof *axes);
        *count = (int)m;
        *given = m > 0 || n->op == GECL_OP_UNSQUEEZE;
        return GECL_SUCCESS;
    }
    if (n->n_inputs < 2 || n->inputs[1].node < 0) {
        *count = 0;
        *given = 0;
        return GECL_SUCCESS;
    }
    *count = gecl_input_const_ints(g, n, 1, axes, GECL_MAX_DIMS);
    return *count < 0 ? GECL_PARAM_INVALID : GECL_SUCCESS;
}

gecl_status gecl_infer_squeeze(const gecl_graph *g, gecl_node *n)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    int64_t axes[GECL_MAX_DIMS];
    int count, given;
    gecl_status rc = read_axes(g, n, axes, &count, &given);
    if (rc) return rc;
    char drop[GECL_MAX_DIMS] = {0};
    for (int i = 0; i < count; i++) {
        const int a = gecl_norm_axis(axes[i], (int)x->ndim);
        if (a < 0) return gecl_node_fail(n, "axis %lld is out of range for %u dims", (long long)axes[i], x->ndim);
        if (x->dims[a] != 1)
            return gecl_node_fail(n, "dim %d is %lld; only dims of size 1 can be squeezed", a, (long long)x->dims[a]);
        drop[a] = 1;
    }
    gecl_tensor_desc *y = &n->outs[0];
    *y = *x;
    y->ndim = 0;
    for (uint32_t k = 0; k < x->ndim; k++)
        if (!(given ? drop[k] : x->dims[k] == 1)) y->dims[y->ndim++] = x->dims[k];
    if (y->ndim != x->ndim) y->format = GECL_FORMAT_ND;
    return GECL_SUCCESS;
}

/* Unsqueeze: axes index the output (rank + count dims), negative ones from its end. */
gecl_status gecl_infer_unsqueeze(const gecl_graph *g, gecl_node *n)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    int64_t axes[GECL_MAX_DIMS];
    int count, given;
    gecl_status rc = read_axes(g, n, axes, &count, &given);
    if (rc) return rc;
    const int rank = (int)x->ndim + count;
    if (rank > GECL_MAX_DIMS) return gecl_node_fail(n, "the result would have %d dims, at most %d", rank, GECL_MAX_DIMS);
    char add[GECL_MAX_DIMS] = {0};
    for (int i = 0; i < count; i++) {
        const int a = gecl_norm_axis(axes[i], rank);
        if (a < 0) return gecl_node_fail(n, "axis %lld is out of range for %d output dims", (long long)axes[i], rank);
        if (add[a]) return gecl_node_fail(n, "axis %lld repeats", (long long)axes[i]);
        add[a] = 1;
    }
    gecl_tensor_desc *y = &n->outs[0];
    *y = *x;
    y->ndim = (uint32_t)rank;
    for (int k = 0, from = 0; k < rank; k++) y->dims[k] = add[k] ? 1 : x->dims[from++];
    if (count) y->format = GECL_FORMAT_ND;
    return GECL_SUCCESS;
}
