/* generate.c: tensors made from a few values:
 * - Fill (dims, value): `value` (one element) everywhere in a tensor of shape `dims`: a move
 *   that reads the one element for every output position (stride 0);
 * - Range (start, limit, delta): start + i * delta for i in [0, ceil((limit - start) / delta));
 *   its size depends on the values, so they are always constants and it always folds;
 * - Trilu (x, k?; upper): x where col - row <= k (lower) or >= k (upper) in its last two dims,
 *   zero elsewhere; k (default 0) is read on the device, so it may change from run to run. */
#include <math.h>
#include <string.h>

#include "acl/acl_base.h"
#include "ir.h"
#include "move.h"
#include "ops.h"
#include "tuning.h"

/* ---- Fill ---- */

gecl_status gecl_infer_fill(const gecl_graph *g, gecl_node *n)
{
    const gecl_tensor_desc *v = gecl_input_desc(g, n, 1);
    int64_t dims[GECL_MAX_DIMS];
    const int count = gecl_input_const_ints(g, n, 0, dims, GECL_MAX_DIMS);
    if (count < 0) return GECL_PARAM_INVALID;
    if (gecl_desc_numel(v) != 1) return gecl_node_fail(n, "value must hold one element, it has %lld", (long long)gecl_desc_numel(v));
    if (!gecl_tuning_move_type(gecl_dtype_size(v->dtype)))
        return gecl_node_fail(n, "value has dtype %s, which cannot be filled", gecl_dtype_name(v->dtype));
    gecl_tensor_desc *y = &n->outs[0];
    *y = (gecl_tensor_desc){v->dtype, GECL_FORMAT_ND, (uint32_t)count, {0}};
    for (int k = 0; k < count; k++) {
        if (dims[k] < 0) return gecl_node_fail(n, "dims[%d] = %lld is negative", k, (long long)dims[k]);
        y->dims[k] = dims[k];
    }
    char msg[256];
    const char *problem = gecl_desc_size_problem(y, msg, sizeof msg);
    return problem ? gecl_node_fail(n, "dims: %s", problem) : GECL_SUCCESS;
}

static gecl_move fill_move(const gecl_node *n)
{
    gecl_move m = {.mode = GECL_MOVE_PLAIN, .rank = (int)n->outs[0].ndim};
    for (int k = 0; k < m.rank; k++) m.dims[k] = m.extent[k] = n->outs[0].dims[k];
    return m;
}

gecl_status gecl_lower_fill(gecl_lower *L, const gecl_node *n)
{
    const gecl_move m = fill_move(n);
    return gecl_lower_move(L, n, n->inputs[1], gecl_node_port(gecl_lower_graph(L), n),
                           gecl_dtype_size(n->outs[0].dtype), &m, (gecl_port){-1, 0});
}

void gecl_fold_fill(const gecl_graph *g, const gecl_node *n, void *dst)
{
    const gecl_move m = fill_move(n);
    gecl_move_host(&m, gecl_input_const(g, n, 1), dst, gecl_dtype_size(n->outs[0].dtype), NULL);
}

/* ---- Range ---- */

static int range_type(gecl_dtype t)
{
    return t == GECL_DT_FLOAT || t == GECL_DT_DOUBLE || t == GECL_DT_INT32 || t == GECL_DT_INT64;
}

static double scalar(const gecl_graph *g, const gecl_node *n, size_t i)
{
    const void *p = gecl_input_const(g, n, i);
    switch (gecl_input_desc(g, n, i)->dtype) {
    case GECL_DT_FLOAT: return *(const float *)p;
    case GECL_DT_DOUBLE: return *(const double *)p;
    case GECL_DT_INT32: return *(const int32_t *)p;
    default: return (double)*(const int64_t *)p;
    }
}

static int64_t iscalar(const gecl_graph *g, const gecl_node *n, size_t i)
{
    const void *p = gecl_input_const(g, n, i);
    return gecl_input_desc(g, n, i)->dtype == GECL_DT_INT32 ? *(const int32_t *)p : *(const int64_t *)p;
}

gecl_status gecl_infer_range(const gecl_graph *g, gecl_node *n)
{
    const gecl_tensor_desc *s = gecl_input_desc(g, n, 0);
    static const char *const names[] = {"start", "limit", "delta"};
    for (size_t i = 0; i < 3; i++) {
        const gecl_tensor_desc *d = gecl_input_desc(g, n, i);
        if (d->dtype != s->dtype || !range_type(d->dtype) || gecl_desc_numel(d) != 1)
            return gecl_node_fail(n, "%s must be one value of start's dtype (float, double, int32 or int64)", names[i]);
        if (!gecl_input_const(g, n, i)) return gecl_node_fail(n, "%s must be a constant", names[i]);
    }
    double count;
    if (s->dtype == GECL_DT_INT32 || s->dtype == GECL_DT_INT64) {
        const int64_t a = iscalar(g, n, 0), b = iscalar(g, n, 1), d = iscalar(g, n, 2);
        if (d == 0) return gecl_node_fail(n, "delta is 0");
        /* in doubles: the exact quotient's ceiling is what matters, and |b - a| may not fit */
        const double span = (double)b - (double)a;
        count = ceil(span / (double)d);
        int64_t diff;
        if (count > 0 && count < 9.0e15 && !__builtin_sub_overflow(b, a, &diff)) /* exact where it fits */
            count = (double)(diff / d + ((diff % d) != 0 && ((diff < 0) == (d < 0))));
    } else {
        const double d = scalar(g, n, 2);
        if (d == 0 || isnan(d)) return gecl_node_fail(n, "delta is %g", d);
        count = ceil((scalar(g, n, 1) - scalar(g, n, 0)) / d);
    }
    if (isnan(count) || count < 0) count = 0;
    if (count > (double)(GECL_MAX_TENSOR_BYTES / 8))
        return gecl_node_fail(n, "the range has %g elements", count);
    n->outs[0] = (gecl_tensor_desc){s->dtype, GECL_FORMAT_ND, 1, {(int64_t)count}};
    return GECL_SUCCESS;
}

void gecl_fold_range(const gecl_graph *g, const gecl_node *n, void *dst)
{
    const gecl_dtype t = n->outs[0].dtype;
    const int64_t count = n->outs[0].dims[0];
    if (t == GECL_DT_INT32 || t == GECL_DT_INT64) {
        const int64_t a = iscalar(g, n, 0), d = iscalar(g, n, 2);
        for (int64_t i = 0; i < count; i++) {
            const int64_t v = (int64_t)((uint64_t)a + (uint64_t)i * (uint64_t)d); /* wraps as the type would */
            if (t == GECL_DT_INT32) ((int32_t *)dst)[i] = (int32_t)v;
            else ((int64_t *)dst)[i] = v;
        }
        return;
    }
    const double a = scalar(g, n, 0), d = scalar(g, n, 2);
    for (int64_t i = 0; i < count; i++) {
        if (t == GECL_DT_FLOAT) ((float *)dst)[i] = (float)(a + (double)i * d);
        else ((double *)dst)[i] = a + (double)i * d;
    }
}

/* ---- Trilu ---- */

gecl_status gecl_infer_trilu(const gecl_graph *g, gecl_node *n)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0), *k = gecl_input_desc(g, n, 1);
    if (x->ndim < 2) return gecl_node_fail(n, "x has %u dims, at least 2 are needed", x->ndim);
    if (!gecl_tuning_move_type(gecl_dtype_size(x->dtype)))
        return gecl_node_fail(n, "x has dtype %s, which is not supported", gecl_dtype_name(x->dtype));
    if (k && ((k->dtype != GECL_DT_INT32 && k->dtype != GECL_DT_INT64) || gecl_desc_numel(k) != 1))
        return gecl_node_fail(n, "k must be one DT_INT32 or DT_INT64 value");
    const int64_t upper = gecl_node_int(n, "upper");
    if (upper != 0 && upper != 1) return gecl_node_fail(n, "upper is %lld, expected 0 or 1", (long long)upper);
    n->outs[0] = *x;
    return GECL_SUCCESS;
}

void gecl_fold_trilu(const gecl_graph *g, const gecl_node *n, void *dst)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0), *kd = gecl_input_desc(g, n, 1);
    const void *kp = gecl_input_const(g, n, 1);
    const int64_t k = !kd ? 0 : kd->dtype == GECL_DT_INT32 ? *(const int32_t *)kp : *(const int64_t *)kp;
    const int upper = gecl_node_int(n, "upper") != 0;
    const int64_t rows = x->dims[x->ndim - 2], cols = x->dims[x->ndim - 1];
    const size_t es = gecl_dtype_size(x->dtype);
    const char *src = gecl_input_const(g, n, 0);
    for (int64_t o = 0, total = gecl_desc_numel(x); o < total; o++) {
        const int64_t col = o % cols, row = o / cols % rows;
        const int keep = upper ? col - row >= k : col - row <= k;
        if (keep) memcpy((char *)dst + o * (int64_t)es, src + o * (int64_t)es, es);
        else memset((char *)dst + o * (int64_t)es, 0, es);
    }
}

gecl_status gecl_lower_trilu(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0), *kd = gecl_input_desc(g, n, 1);
    const int64_t total = gecl_desc_numel(x);
    if (total == 0) return GECL_SUCCESS;
    gecl_launch *l = gecl_lower_add(L, n, "index", "gecl_trilu");
    if (!l) return GECL_FAILED;
    gecl_launch_define(l, "IX_KIND=6");
    gecl_launch_define(l, "ELEM=%s", gecl_tuning_move_type(gecl_dtype_size(x->dtype)));
    gecl_launch_define(l, "TRI_K=%d", kd != NULL);
    gecl_launch_define(l, "TRI_UPPER=%d", gecl_node_int(n, "upper") != 0);
    if (kd) gecl_launch_define(l, "IDX=%s", kd->dtype == GECL_DT_INT32 ? "int" : "long");
    gecl_launch_scalar(l, total);
    gecl_launch_scalar(l, x->dims[x->ndim - 2]);
    gecl_launch_scalar(l, x->dims[x->ndim - 1]);
    const size_t local = gecl_tuning_local_1d(gecl_lower_device(L), (size_t)total);
    l->work_dim = 1;
    l->local[0] = local;
    l->global[0] = ((size_t)total + local - 1) / local * local;
    gecl_launch_arg(l, n->inputs[0], 0);
    if (kd) gecl_launch_arg(l, n->inputs[1], 0);
    gecl_launch_arg(l, gecl_node_port(g, n), 1);
    return GECL_SUCCESS;
}
