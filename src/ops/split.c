/* split.c: Split (split_dim, x), SplitD (x; attribute split_dim), SplitV (x, size_splits,
 * split_dim) and SplitVD (x; attributes size_splits, split_dim): x cut along one axis into
 * num_split outputs (CANN's dynamic output y), equal parts for Split/SplitD, the given sizes for
 * SplitV/SplitVD (one of them may be -1: the rest). The node must have num_split outputs. Each
 * output is one row-copy launch out of its slice of x. */
#include <stdio.h>

#include "ir.h"
#include "launch.h"
#include "ops.h"
#include "row_copy.h"
#include "tuning.h"

typedef struct split_layout {
    size_t x;         /* index of the x input */
    int axis;
    int64_t sizes[GECL_MAX_NODE_OUTPUTS];
} split_layout;

static int is_sized(const gecl_node *n) { return n->op == GECL_OP_SPLIT_V || n->op == GECL_OP_SPLIT_VD; }

/* split_dim from its constant input (Split: input 0; SplitV: input 2) or the attribute. */
static gecl_status read_axis(const gecl_graph *g, const gecl_node *n, int rank, int *axis)
{
    int64_t a = 0;
    if (n->op == GECL_OP_SPLIT || n->op == GECL_OP_SPLIT_V) {
        const size_t in = n->op == GECL_OP_SPLIT ? 0 : 2;
        if (gecl_input_const_ints(g, n, in, &a, 1) != 1)
            return gecl_node_fail(n, "input %zu (split_dim) must be a constant integer scalar", in);
    } else {
        const gecl_attr *at = gecl_attr_find(n, "split_dim");
        if (!at) return gecl_node_fail(n, "attribute split_dim is required");
        a = at->i;
    }
    *axis = gecl_norm_axis(a, rank);
    if (*axis < 0) return gecl_node_fail(n, "split_dim %lld is outside [-%d, %d)", (long long)a, rank, rank);
    return GECL_SUCCESS;
}

/* The output sizes along the axis: equal parts, or size_splits with one -1 resolved. */
static gecl_status read_sizes(const gecl_graph *g, const gecl_node *n, int64_t extent, split_layout *s)
{
    const size_t count = n->n_outputs;
    if (!is_sized(n)) {
        if (extent % (int64_t)count)
            return gecl_node_fail(n, "dim %d of x is %lld, not divisible into num_split=%zu parts", s->axis,
                                  (long long)extent, count);
        for (size_t j = 0; j < count; j++) s->sizes[j] = extent / (int64_t)count;
        return GECL_SUCCESS;
    }
    int got;
    if (n->op == GECL_OP_SPLIT_V) {
        got = gecl_input_const_ints(g, n, 1, s->sizes, GECL_MAX_NODE_OUTPUTS);
        if (got < 0) return gecl_node_fail(n, "input 1 (size_splits) must be a constant integer vector");
    } else {
        size_t m = 0;
        const int64_t *v = gecl_attr_ints(n, "size_splits", &m);
        if (!v) return gecl_node_fail(n, "attribute size_splits is required");
        got = m > GECL_MAX_NODE_OUTPUTS ? -1 : (int)m;
        for (int j = 0; j < got; j++) s->sizes[j] = v[j];
    }
    if (got != (int)count) return gecl_node_fail(n, "size_splits has %d entries for %zu outputs", got, count);
    int64_t known = 0;
    int rest = -1;
    for (size_t j = 0; j < count; j++) {
        if (s->sizes[j] == -1 && rest < 0) rest = (int)j;
        else if (s->sizes[j] < 0 || s->sizes[j] > extent)
            return gecl_node_fail(n, "size_splits[%zu]=%lld is not a size within dim %d (%lld)", j,
                                  (long long)s->sizes[j], s->axis, (long long)extent);
        else known += s->sizes[j];
    }
    if (rest >= 0 && known <= extent) s->sizes[rest] = extent - known;
    else if (known != extent)
        return gecl_node_fail(n, "size_splits add up to %lld; dim %d of x is %lld", (long long)known, s->axis,
                              (long long)extent);
    return GECL_SUCCESS;
}

static gecl_status split_layout_get(const gecl_graph *g, const gecl_node *n, split_layout *s)
{
    s->x = n->op == GECL_OP_SPLIT ? 1 : 0;
    const gecl_tensor_desc *x = gecl_input_desc(g, n, s->x);
    if (!x) return gecl_node_fail(n, "input x is missing");
    if (!gecl_tuning_move_type(gecl_dtype_size(x->dtype)))
        return gecl_node_fail(n, "data type %d of x cannot be split", (int)x->dtype);
    if (x->ndim == 0) return gecl_node_fail(n, "x is a scalar; there is no axis to split");
    const gecl_attr *ns = gecl_attr_find(n, "num_split");
    if (!ns) return gecl_node_fail(n, "attribute num_split is required");
    if (ns->i < 1 || (uint64_t)ns->i != n->n_outputs)
        return gecl_node_fail(n, "num_split is %lld but the node has %zu output(s): give it num_split outputs "
                              "(create_dynamic_output_y, gecl_graph_set_output_count)", (long long)ns->i, n->n_outputs);
    gecl_status rc = read_axis(g, n, (int)x->ndim, &s->axis);
    return rc ? rc : read_sizes(g, n, x->dims[s->axis], s);
}

gecl_status gecl_infer_split(const gecl_graph *g, gecl_node *n)
{
    split_layout s;
    gecl_status rc = split_layout_get(g, n, &s);
    if (rc) return rc;
    const gecl_tensor_desc *x = gecl_input_desc(g, n, s.x);
    for (size_t j = 0; j < n->n_outputs; j++) {
        n->outs[j] = *x;
        n->outs[j].dims[s.axis] = s.sizes[j];
    }
    return GECL_SUCCESS;
}

gecl_status gecl_lower_split(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    split_layout s;
    gecl_status rc = split_layout_get(g, n, &s);
    if (rc) return rc;
    const gecl_tensor_desc *x = gecl_input_desc(g, n, s.x);
    int64_t rows = 1, inner = 1;
    for (int d = 0; d < s.axis; d++) rows *= x->dims[d];
    for (unsigned d = (unsigned)s.axis + 1; d < x->ndim; d++) inner *= x->dims[d];
    const int32_t id = (int32_t)(n - g->nodes);
    int64_t at = 0;
    for (size_t j = 0; j < n->n_outputs; j++) {
        const int64_t len = s.sizes[j] * inner;
        if (rows > 0 && len > 0) {
            const gecl_row_copy rcp = {rows, len, x->dims[s.axis] * inner, at, 1};
            const gecl_port out = {id, (int32_t)j};
            if ((rc = gecl_lower_row_copy(L, n, n->inputs[s.x], out, gecl_dtype_size(x->dtype), &rcp))) return rc;
        }
        at += len;
    }
    return GECL_SUCCESS;
}
