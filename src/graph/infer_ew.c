/* infer_ew.c: inference of the elementwise ops whose output dtype is not their input's
 * (comparisons, predicates, logic: DT_BOOL), of integer-only ones (shifts) and of the
 * three-input ones (SelectV2, ClipByValue). Shapes broadcast numpy-style across all inputs. */
#include "ir.h"
#include "registry.h"

static int is_float(gecl_dtype t)
{
    return t == GECL_DT_FLOAT || t == GECL_DT_FLOAT16 || t == GECL_DT_DOUBLE || t == GECL_DT_BF16;
}

static int is_integer(gecl_dtype t)
{
    switch (t) {
    case GECL_DT_INT8: case GECL_DT_UINT8: case GECL_DT_INT16: case GECL_DT_UINT16: case GECL_DT_INT32:
    case GECL_DT_UINT32: case GECL_DT_INT64: case GECL_DT_UINT64: return 1;
    default: return 0;
    }
}

/* Inputs [from, n_inputs) have input `from`'s dtype. */
static gecl_status same_dtypes(const gecl_graph *g, const gecl_node *n, size_t from)
{
    const gecl_dtype t = gecl_input_desc(g, n, from)->dtype;
    for (size_t i = from + 1; i < n->n_inputs; i++) {
        const gecl_dtype u = gecl_input_desc(g, n, i)->dtype;
        if (u != t)
            return gecl_node_fail(n, "input %zu is %s but input %zu is %s; insert a Cast", from, gecl_dtype_name(t), i,
                                  gecl_dtype_name(u));
    }
    return GECL_SUCCESS;
}

/* n->outs[0]: every input's shape broadcast together, with dtype `dt`. */
static gecl_status broadcast_all(const gecl_graph *g, gecl_node *n, gecl_dtype dt)
{
    gecl_tensor_desc out = *gecl_input_desc(g, n, 0);
    for (size_t i = 1; i < n->n_inputs; i++) {
        gecl_tensor_desc next;
        gecl_status rc = gecl_broadcast_desc(n, &out, gecl_input_desc(g, n, i), &next);
        if (rc) return rc;
        out = next;
    }
    out.dtype = dt;
    n->outs[0] = out;
    return GECL_SUCCESS;
}

/* Less, Equal...: any dtype (bool too, for Equal and NotEqual), both alike; DT_BOOL out. */
gecl_status gecl_infer_compare(const gecl_graph *g, gecl_node *n)
{
    gecl_status rc = same_dtypes(g, n, 0);
    return rc ? rc : broadcast_all(g, n, GECL_DT_BOOL);
}

/* LogicalAnd, LogicalOr, LogicalNot: DT_BOOL in and out. */
gecl_status gecl_infer_logical(const gecl_graph *g, gecl_node *n)
{
    for (size_t i = 0; i < n->n_inputs; i++) {
        const gecl_dtype t = gecl_input_desc(g, n, i)->dtype;
        if (t != GECL_DT_BOOL) return gecl_node_fail(n, "input %zu is %s; this op takes DT_BOOL", i, gecl_dtype_name(t));
    }
    return broadcast_all(g, n, GECL_DT_BOOL);
}

/* IsNan, IsInf: a floating-point input, DT_BOOL out. */
gecl_status gecl_infer_float_predicate(const gecl_graph *g, gecl_node *n)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    if (!is_float(x->dtype))
        return gecl_node_fail(n, "input 0 is %s; this op takes DT_FLOAT, DT_FLOAT16, DT_BF16 or DT_DOUBLE", gecl_dtype_name(x->dtype));
    n->outs[0] = *x;
    n->outs[0].dtype = GECL_DT_BOOL;
    return GECL_SUCCESS;
}

/* LeftShift, RightShift: integers of one type. */
gecl_status gecl_infer_int_binary(const gecl_graph *g, gecl_node *n)
{
    const gecl_dtype t = gecl_input_desc(g, n, 0)->dtype;
    if (!is_integer(t)) return gecl_node_fail(n, "input 0 is %s; this op takes integers", gecl_dtype_name(t));
    gecl_status rc = same_dtypes(g, n, 0);
    return rc ? rc : broadcast_all(g, n, t);
}

/* SelectV2(condition, then, else): a DT_BOOL condition, then and else of one dtype, which is the
 * output's. */
gecl_status gecl_infer_select(const gecl_graph *g, gecl_node *n)
{
    const gecl_dtype c = gecl_input_desc(g, n, 0)->dtype;
    if (c != GECL_DT_BOOL) return gecl_node_fail(n, "condition (input 0) is %s; it must be DT_BOOL", gecl_dtype_name(c));
    gecl_status rc = same_dtypes(g, n, 1);
    return rc ? rc : broadcast_all(g, n, gecl_input_desc(g, n, 1)->dtype);
}

/* ClipByValue(x, clip_value_min, clip_value_max): numbers of one dtype. */
gecl_status gecl_infer_clip(const gecl_graph *g, gecl_node *n)
{
    const gecl_dtype t = gecl_input_desc(g, n, 0)->dtype;
    if (t == GECL_DT_BOOL) return gecl_node_fail(n, "input 0 is DT_BOOL; this op takes numbers");
    gecl_status rc = same_dtypes(g, n, 0);
    return rc ? rc : broadcast_all(g, n, t);
}
