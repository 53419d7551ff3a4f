/* reduce_fold.c: a reduction of a constant evaluated on the host (op_table.h's fold column), so
 * a shape computed by a subgraph (Shape -> ReduceProd -> Reshape, as exporters write Flatten)
 * is known at inference. Integers accumulate in int64 (exact, wrapping as the kernel's long),
 * floating types in double; the plan and the result rules are the kernel's (reduce.cl). */
#include <math.h>
#include <string.h>

#include "acl/acl_base.h"
#include "ops.h"
#include "reduce.h"

static double load_f(const void *p, gecl_dtype t, int64_t i)
{
    switch (t) {
    case GECL_DT_FLOAT: return ((const float *)p)[i];
    case GECL_DT_FLOAT16: return aclFloat16ToFloat(((const aclFloat16 *)p)[i]);
    case GECL_DT_DOUBLE: return ((const double *)p)[i];
    default: return 0;
    }
}

static int64_t load_i(const void *p, gecl_dtype t, int64_t i)
{
    return t == GECL_DT_INT32 ? ((const int32_t *)p)[i] : ((const int64_t *)p)[i];
}

static void store(void *p, gecl_dtype t, int64_t i, double f, int64_t v)
{
    switch (t) {
    case GECL_DT_FLOAT: ((float *)p)[i] = (float)f; break;
    case GECL_DT_FLOAT16: ((aclFloat16 *)p)[i] = aclFloatToFloat16((float)f); break;
    case GECL_DT_DOUBLE: ((double *)p)[i] = f; break;
    case GECL_DT_INT32: ((int32_t *)p)[i] = (int32_t)(uint32_t)(uint64_t)v; break;
    case GECL_DT_INT64: ((int64_t *)p)[i] = v; break;
    default: break;
    }
}

/* One output of a floating type. */
static double fold_float(const rd_plan *p, const void *x, gecl_dtype t, int64_t base, int64_t *at)
{
    double a = p->kind == RD_PROD ? 1 : p->kind == RD_MAX ? -INFINITY : p->kind == RD_MIN ? INFINITY : 0, m = -INFINITY;
    *at = -1;
    for (int64_t j = 0; j < p->count; j++) {
        const double v = load_f(x, t, base + gecl_reduce_red_offset(p, j));
        switch (p->kind) {
        case RD_MAX: if (v > a || isnan(v)) a = isnan(a) ? a : v; break;
        case RD_MIN: if (v < a || isnan(v)) a = isnan(a) ? a : v; break;
        case RD_PROD: a *= v; break;
        case RD_L2: a += v * v; break;
        case RD_LOGSUMEXP: if (v > m || isnan(v)) m = isnan(m) ? m : v; break;
        case RD_ARGMAX: if (*at < 0 || v > a) a = v, *at = j; break;
        case RD_ARGMIN: if (*at < 0 || v < a) a = v, *at = j; break;
        default: a += v; break;
        }
    }
    if (p->kind == RD_LOGSUMEXP) {
        for (int64_t j = 0; j < p->count; j++) a += exp(load_f(x, t, base + gecl_reduce_red_offset(p, j)) - m);
        return isinf(m) ? m : m + log(a);
    }
    if (p->kind == RD_MEAN) return a / (double)p->count;
    if (p->kind == RD_L2) return sqrt(a);
    return a;
}

/* One output of an integer type (wrapping arithmetic, as the kernel's long). */
static int64_t fold_int(const rd_plan *p, const void *x, gecl_dtype t, int64_t base, int64_t *at)
{
    uint64_t s = p->kind == RD_PROD ? 1 : 0;
    int64_t a = p->kind == RD_MAX ? INT64_MIN : p->kind == RD_MIN ? INT64_MAX : 0;
    *at = -1;
    for (int64_t j = 0; j < p->count; j++) {
        const int64_t v = load_i(x, t, base + gecl_reduce_red_offset(p, j));
        switch (p->kind) {
        case RD_MAX: if (v > a) a = v; break;
        case RD_MIN: if (v < a) a = v; break;
        case RD_PROD: s *= (uint64_t)v; break;
        case RD_ARGMAX: if (*at < 0 || v > a) a = v, *at = j; break;
        case RD_ARGMIN: if (*at < 0 || v < a) a = v, *at = j; break;
        default: s += (uint64_t)v; break;
        }
    }
    if (p->kind == RD_MAX || p->kind == RD_MIN) return a;
    const int64_t sum = (int64_t)s;
    if (p->kind == RD_MEAN) return p->count ? sum / p->count : 0;
    return sum;
}

void gecl_fold_reduce(const gecl_graph *g, const gecl_node *n, void *dst)
{
    rd_plan p;
    if (gecl_reduce_plan(g, n, &p, NULL)) return; /* inference checked it */
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    const void *src = gecl_input_const(g, n, 0);
    if (p.copy) {
        memcpy(dst, src, gecl_desc_bytes(x));
        return;
    }
    const int integer = x->dtype == GECL_DT_INT32 || x->dtype == GECL_DT_INT64;
    const int arg = p.kind == RD_ARGMAX || p.kind == RD_ARGMIN;
    for (int64_t o = 0; o < p.outputs; o++) {
        const int64_t base = gecl_reduce_kept_offset(&p, o);
        int64_t at, v = 0;
        double f = 0;
        if (integer) v = fold_int(&p, src, x->dtype, base, &at);
        else f = fold_float(&p, src, x->dtype, base, &at);
        if (arg) v = at, f = (double)at;
        else if (integer) f = (double)v;
        store(dst, n->outs[0].dtype, o, f, v);
    }
}
