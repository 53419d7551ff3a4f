/* reverse.c: ReverseV2 (TensorFlow's reverse: the axes to flip as a constant int32/int64 vector
 * input, none = a copy), any dtype, up to GECL_MAX_DIMS dims. Axes of size 1 are dropped and
 * neighbouring axes that are both flipped or both kept merged: flipping [a, b] along both is
 * flipping the a*b elements. Folded on the host when x is a constant. */
#include <string.h>

#include "ir.h"
#include "launch.h"
#include "ops.h"
#include "tuning.h"

typedef struct rv_plan {
    int rank;
    int64_t dims[GECL_MAX_DIMS];
    int flip[GECL_MAX_DIMS];
} rv_plan;

static gecl_status rv_plan_get(const gecl_graph *g, const gecl_node *n, rv_plan *p)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    if (!x) return gecl_node_fail(n, "input 0 (x) is missing");
    if (!gecl_input_desc(g, n, 1)) return gecl_node_fail(n, "input 1 (axis) is missing");
    if (!gecl_tuning_move_type(gecl_dtype_size(x->dtype)))
        return gecl_node_fail(n, "input 0 has dtype %s, which cannot be reversed", gecl_dtype_name(x->dtype));
    int64_t axes[GECL_MAX_DIMS];
    int count = gecl_input_const_ints(g, n, 1, axes, GECL_MAX_DIMS);
    if (count < 0) return GECL_PARAM_INVALID;
    int flip[GECL_MAX_DIMS] = {0};
    for (int i = 0; i < count; i++) {
        int a = gecl_norm_axis(axes[i], (int)x->ndim);
        if (a < 0) return gecl_node_fail(n, "axis %lld is out of range for %u dims", (long long)axes[i], x->ndim);
        if (flip[a]) return gecl_node_fail(n, "axis %lld repeats axis %d", (long long)axes[i], a);
        flip[a] = 1;
    }
    p->rank = 0;
    for (unsigned a = 0; a < x->ndim; a++) {
        if (x->dims[a] == 1) continue;
        if (p->rank && p->flip[p->rank - 1] == flip[a]) {
            p->dims[p->rank - 1] *= x->dims[a];
            continue;
        }
        p->dims[p->rank] = x->dims[a];
        p->flip[p->rank++] = flip[a];
    }
    if (p->rank == 0) { /* one element */
        p->dims[0] = 1;
        p->flip[0] = 0;
        p->rank = 1;
    }
    return GECL_SUCCESS;
}

gecl_status gecl_infer_reverse(const gecl_graph *g, gecl_node *n)
{
    rv_plan p;
    gecl_status rc = rv_plan_get(g, n, &p);
    if (!rc) n->outs[0] = *gecl_input_desc(g, n, 0);
    return rc;
}

/* Source element of output element i. */
static int64_t rv_source(const rv_plan *p, int64_t i)
{
    int64_t src = 0, stride = 1;
    for (int k = p->rank - 1; k >= 0; k--) {
        const int64_t at = i % p->dims[k];
        i /= p->dims[k];
        src += (p->flip[k] ? p->dims[k] - 1 - at : at) * stride;
        stride *= p->dims[k];
    }
    return src;
}

void gecl_fold_reverse(const gecl_graph *g, const gecl_node *n, void *dst)
{
    rv_plan p;
    if (rv_plan_get(g, n, &p)) return; /* inference checked it */
    const size_t es = gecl_dtype_size(n->outs[0].dtype);
    const char *src = gecl_input_const(g, n, 0);
    for (int64_t i = 0, total = gecl_desc_numel(&n->outs[0]); i < total; i++)
        memcpy((char *)dst + i * es, src + rv_source(&p, i) * es, es);
}

gecl_status gecl_lower_reverse(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    rv_plan p;
    gecl_status rc = rv_plan_get(g, n, &p);
    if (rc) return rc;
    const int64_t total = gecl_desc_numel(&n->outs[0]);
    if (total == 0) return GECL_SUCCESS;
    gecl_launch *l = gecl_lower_add(L, n, "reverse", "gecl_reverse");
    if (!l) return GECL_FAILED;
    gecl_launch_define(l, "ELEM=%s", gecl_tuning_move_type(gecl_dtype_size(n->outs[0].dtype)));
    gecl_launch_define(l, "RV_RN=%d", p.rank);
    gecl_launch_scalar(l, total);
    for (int k = 0; k < p.rank; k++) {
        gecl_launch_scalar(l, p.dims[k]);
        gecl_launch_scalar(l, p.flip[k]);
    }
    size_t local = gecl_tuning_local_1d(gecl_lower_device(L), (size_t)total);
    l->work_dim = 1;
    l->local[0] = local;
    l->global[0] = ((size_t)total + local - 1) / local * local;
    l->epilogue = 0;
    gecl_launch_arg(l, n->inputs[0], 0);
    gecl_launch_arg(l, gecl_node_port(g, n), 1);
    return GECL_SUCCESS;
}
