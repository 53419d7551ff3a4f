/* shape_of.c: Shape (x's dims as a vector) and Size (x's element count as a scalar), in the
 * dtype attribute's type (DT_INT32 or DT_INT64). Their values are their input's description, so
 * they fold as soon as they are inferred whatever computes x (op_attrs.h's
 * GECL_FOLD_FROM_DESC_LIST) and never launch anything: shape subgraphs built on them
 * (Shape -> Gather -> Concat -> Reshape) fold entirely. */
#include "ir.h"
#include "ops.h"

static gecl_status out_dtype(const gecl_node *n, gecl_dtype *dt)
{
    const int64_t v = gecl_node_int(n, "dtype");
    if (v != GECL_DT_INT32 && v != GECL_DT_INT64)
        return gecl_node_fail(n, "dtype %lld is not DT_INT32 (3) or DT_INT64 (9)", (long long)v);
    *dt = (gecl_dtype)v;
    return GECL_SUCCESS;
}

gecl_status gecl_infer_shape(const gecl_graph *g, gecl_node *n)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    gecl_dtype dt = GECL_DT_INT64;
    gecl_status rc = out_dtype(n, &dt);
    if (rc) return rc;
    n->outs[0] = (gecl_tensor_desc){dt, GECL_FORMAT_ND, 1, {x->ndim}};
    return GECL_SUCCESS;
}

gecl_status gecl_infer_size(const gecl_graph *g, gecl_node *n)
{
    (void)g;
    gecl_dtype dt = GECL_DT_INT64;
    gecl_status rc = out_dtype(n, &dt);
    if (rc) return rc;
    n->outs[0] = (gecl_tensor_desc){dt, GECL_FORMAT_ND, 0, {0}};
    return GECL_SUCCESS;
}

static void put(void *dst, gecl_dtype dt, int64_t i, int64_t v)
{
    if (dt == GECL_DT_INT32) ((int32_t *)dst)[i] = (int32_t)v;
    else ((int64_t *)dst)[i] = v;
}

void gecl_fold_shape(const gecl_graph *g, const gecl_node *n, void *dst)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    for (uint32_t k = 0; k < x->ndim; k++) put(dst, n->outs[0].dtype, k, x->dims[k]);
}

void gecl_fold_size(const gecl_graph *g, const gecl_node *n, void *dst)
{
    put(dst, n->outs[0].dtype, 0, gecl_desc_numel(gecl_input_desc(g, n, 0)));
}
