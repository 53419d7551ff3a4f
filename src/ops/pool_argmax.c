/* pool_argmax.c: MaxPool3DWithArgmaxV2, max pooling over an NCDHW tensor that also gives each
 * maximum's position in its (n, c) plane (PyTorch's max_pool3d_with_indices; aclnn's
 * MaxPool2dWithIndices runs it with D = 1). Output sizes follow PyTorch: floor or ceil of
 * (in + 2 pad - dilation (k - 1) - 1) / stride + 1, and in ceil mode a last window must start
 * inside the input or its left padding. Pads are at most half the window, so every window holds
 * an input element. Kernel: kernels/pool_argmax.cl. */
#include <inttypes.h>

#include "ir.h"
#include "launch.h"
#include "ops.h"
#include "registry.h"
#include "shape_math.h"
#include "tuning.h"

typedef struct pa_params {
    int64_t in[3], out[3], k[3], s[3], p[3], d[3];
    gecl_dtype idx;
} pa_params;

/* Attribute `name`: 3 values, each at least `min`. */
static gecl_status three(const gecl_node *n, const char *name, int64_t min, int64_t out[3])
{
    size_t count;
    const int64_t *v = gecl_node_ints(n, name, &count);
    if (!v || count != 3)
        return gecl_node_fail(n, "attribute '%s' has %zu values; expected 3 (depth, height, width)", name, v ? count : 0);
    for (int a = 0; a < 3; a++) {
        if (v[a] < min || v[a] > GECL_MAX_WINDOW_EXTENT)
            return gecl_node_fail(n, "attribute '%s'[%d] is %" PRId64 "; it must be in [%" PRId64 ", 2^31 - 1]", name,
                                  a, v[a], min);
        out[a] = v[a];
    }
    return GECL_SUCCESS;
}

static int64_t out_size(int64_t in, int64_t k, int64_t s, int64_t p, int64_t d, int ceil)
{
    const int64_t span = in + 2 * p - d * (k - 1) - 1;
    if (span < 0) return 0;
    int64_t o = (ceil ? (span + s - 1) / s : span / s) + 1;
    if (ceil && (o - 1) * s >= in + p) o--;
    return o;
}

static gecl_status pa_params_get(const gecl_graph *g, const gecl_node *n, pa_params *q)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    char buf[128];
    if (x->ndim != 5)
        return gecl_node_fail(n, "input 0 is %s; MaxPool3DWithArgmaxV2 takes 5-D NCDHW", gecl_desc_shape_str(x, buf, sizeof buf));
    gecl_status rc;
    if ((rc = three(n, "ksize", 1, q->k)) || (rc = three(n, "strides", 1, q->s)) || (rc = three(n, "pads", 0, q->p)) ||
        (rc = three(n, "dilation", 1, q->d)))
        return rc;
    const int64_t dt = gecl_node_int(n, "dtype");
    if (dt != GECL_DT_INT32 && dt != GECL_DT_INT64)
        return gecl_node_fail(n, "attribute 'dtype' is %" PRId64 "; argmax is 3 (DT_INT32) or 9 (DT_INT64)", dt);
    q->idx = (gecl_dtype)dt;
    const int ceil = gecl_node_int(n, "ceil_mode") != 0;
    for (int a = 0; a < 3; a++) {
        q->in[a] = x->dims[2 + a];
        if (q->p[a] > q->k[a] / 2)
            return gecl_node_fail(n, "pads[%d] is %" PRId64 ", more than half of ksize[%d] = %" PRId64, a, q->p[a], a,
                                  q->k[a]);
        q->out[a] = out_size(q->in[a], q->k[a], q->s[a], q->p[a], q->d[a], ceil);
        if (q->out[a] < 1 && q->in[a] > 0)
            return gecl_node_fail(n, "the window (ksize %" PRId64 ", dilation %" PRId64 ") does not fit input dim %d "
                                  "(%" PRId64 " with pads %" PRId64 ")", q->k[a], q->d[a], 2 + a, q->in[a], q->p[a]);
    }
    return GECL_SUCCESS;
}

gecl_status gecl_infer_pool_argmax(const gecl_graph *g, gecl_node *n)
{
    pa_params q;
    gecl_status rc = pa_params_get(g, n, &q);
    if (rc) return rc;
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    gecl_tensor_desc y = *x;
    for (int a = 0; a < 3; a++) y.dims[2 + a] = q.in[a] > 0 ? q.out[a] : 0;
    n->outs[0] = y;
    y.dtype = q.idx;
    n->outs[1] = y;
    return GECL_SUCCESS;
}

gecl_status gecl_lower_pool_argmax(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    pa_params q;
    gecl_status rc = pa_params_get(g, n, &q);
    if (rc) return rc;
    const int64_t total = gecl_desc_numel(&n->outs[0]);
    if (total == 0) return GECL_SUCCESS;
    gecl_launch *l = gecl_lower_add(L, n, "pool_argmax", "gecl_pool_argmax");
    if (!l) return GECL_FAILED;
    static const char axis[3] = {'D', 'H', 'W'};
    for (int a = 0; a < 3; a++) {
        gecl_launch_define(l, "PA_%c=%" PRId64, axis[a], q.in[a]);
        gecl_launch_define(l, "PA_O%c=%" PRId64, axis[a], q.out[a]);
        gecl_launch_define(l, "PA_K%c=%" PRId64, axis[a], q.k[a]);
        gecl_launch_define(l, "PA_S%c=%" PRId64, axis[a], q.s[a]);
        gecl_launch_define(l, "PA_P%c=%" PRId64, axis[a], q.p[a]);
        gecl_launch_define(l, "PA_D%c=%" PRId64, axis[a], q.d[a]);
    }
    gecl_launch_define(l, "IDX_T=%s", q.idx == GECL_DT_INT64 ? "long" : "int");
    gecl_launch_scalar(l, total);
    const size_t local = gecl_tuning_local_1d(gecl_lower_device(L), (size_t)total);
    l->work_dim = 1;
    l->local[0] = local;
    l->global[0] = ((size_t)total + local - 1) / local * local;
    l->epilogue = 0;
    gecl_launch_arg(l, n->inputs[0], 0);
    gecl_port y = gecl_node_port(g, n), ix = y;
    ix.output = 1;
    gecl_launch_arg(l, y, 1);
    gecl_launch_arg(l, ix, 1);
    return GECL_SUCCESS;
}
