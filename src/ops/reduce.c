/* reduce.c: the reductions over a set of axes - ReduceSum, ReduceMean, ReduceMax, ReduceMin,
 * ReduceProd (axes as an input) and their D forms (axes as an attribute), ReduceLogSumExp,
 * EuclideanNorm - and ArgMaxV2 / ArgMin (one axis as the `dimension` input). Inference and
 * lowering share one plan (reduce.h); every kind runs the same kernel (kernels/reduce.cl).
 *
 * Empty axes: an op with noop_with_empty_axes reduces nothing when it is true (y = x) and every
 * axis when it is false; an op without the attribute follows TensorFlow, whose reductions over
 * no axes reduce nothing (each output the kind applied to one element). */
#include <string.h>

#include "ir.h"
#include "launch.h"
#include "ops.h"
#include "reduce.h"
#include "tuning.h"

static rd_kind kind_of(gecl_op op)
{
    switch (op) {
    case GECL_OP_REDUCE_MEAN: case GECL_OP_REDUCE_MEAN_D: return RD_MEAN;
    case GECL_OP_REDUCE_MAX: case GECL_OP_REDUCE_MAX_D: return RD_MAX;
    case GECL_OP_REDUCE_MIN: case GECL_OP_REDUCE_MIN_D: return RD_MIN;
    case GECL_OP_REDUCE_PROD: case GECL_OP_REDUCE_PROD_D: return RD_PROD;
    case GECL_OP_REDUCE_LOG_SUM_EXP: return RD_LOGSUMEXP;
    case GECL_OP_EUCLIDEAN_NORM: return RD_L2;
    case GECL_OP_ARG_MAX_V2: return RD_ARGMAX;
    case GECL_OP_ARG_MIN: return RD_ARGMIN;
    default: return RD_SUM;
    }
}

static int is_arg(rd_kind k) { return k == RD_ARGMAX || k == RD_ARGMIN; }

/* The D forms carry their axes as an attribute. */
static int axes_attr(gecl_op op)
{
    return op == GECL_OP_REDUCE_SUM_D || op == GECL_OP_REDUCE_MEAN_D || op == GECL_OP_REDUCE_MAX_D ||
           op == GECL_OP_REDUCE_MIN_D || op == GECL_OP_REDUCE_PROD_D;
}

/* noop_with_empty_axes: -1 when the op has no such attribute. */
static int noop_attr(const gecl_node *n)
{
    return gecl_op_attr(n->op, "noop_with_empty_axes") ? (int)gecl_node_int(n, "noop_with_empty_axes") : -1;
}

/* The axes as given (not normalised); the count, or -1 with the failure set. */
static int read_axes(const gecl_graph *g, const gecl_node *n, int64_t *axes)
{
    if (is_arg(kind_of(n->op))) {
        const gecl_tensor_desc *d = gecl_input_desc(g, n, 1);
        if (!d) return gecl_node_fail(n, "input 1 (dimension) is missing"), -1;
        int count = gecl_input_const_ints(g, n, 1, axes, 1);
        if (count < 0) return -1;
        if (count != 1) return gecl_node_fail(n, "input 1 (dimension) must hold one axis, it holds %d", count), -1;
        return 1;
    }
    if (axes_attr(n->op)) {
        size_t count;
        const int64_t *a = gecl_node_ints(n, "axes", &count);
        if (count > GECL_MAX_DIMS) return gecl_node_fail(n, "axes has %zu values", count), -1;
        if (count) memcpy(axes, a, count * sizeof *axes);
        return (int)count;
    }
    if (!gecl_input_desc(g, n, 1)) return gecl_node_fail(n, "input 1 (axes) is missing"), -1;
    return gecl_input_const_ints(g, n, 1, axes, GECL_MAX_DIMS);
}

static gecl_status output_dtype(const gecl_node *n, const gecl_tensor_desc *x, gecl_dtype *dt)
{
    *dt = x->dtype;
    if (!is_arg(kind_of(n->op))) return GECL_SUCCESS;
    int64_t want = gecl_node_int(n, "dtype");
    if (want != GECL_DT_INT32 && want != GECL_DT_INT64)
        return gecl_node_fail(n, "dtype %lld is not DT_INT32 (3) or DT_INT64 (9)", (long long)want);
    *dt = (gecl_dtype)want;
    return GECL_SUCCESS;
}

gecl_status gecl_reduce_plan(const gecl_graph *g, const gecl_node *n, rd_plan *p, gecl_tensor_desc *out)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    if (!x) return gecl_node_fail(n, "input 0 (x) is missing");
    memset(p, 0, sizeof *p);
    p->kind = kind_of(n->op);
    const int rank = (int)x->ndim;
    int64_t axes[GECL_MAX_DIMS];
    int count = read_axes(g, n, axes);
    if (count < 0) return GECL_PARAM_INVALID;
    if (is_arg(p->kind) && rank == 0) return gecl_node_fail(n, "input 0 is a scalar: it has no axis to search");
    int reduced[GECL_MAX_DIMS] = {0};
    for (int i = 0; i < count; i++) {
        int a = gecl_norm_axis(axes[i], rank);
        if (a < 0)
            return gecl_node_fail(n, "axis %lld is out of range for %d dims", (long long)axes[i], rank);
        if (reduced[a]) return gecl_node_fail(n, "axis %lld repeats axis %d", (long long)axes[i], a);
        reduced[a] = 1;
    }
    const int noop = noop_attr(n);
    if (count == 0 && noop == 1) p->copy = 1;
    if (count == 0 && noop == 0)
        for (int a = 0; a < rank; a++) reduced[a] = 1;

    gecl_dtype dt;
    gecl_status rc = output_dtype(n, x, &dt);
    if (rc) return rc;
    const int keep = !is_arg(p->kind) && gecl_node_int(n, "keep_dims");
    if (out) {
        *out = *x;
        out->dtype = dt;
        out->ndim = 0;
        for (int a = 0; a < rank; a++)
            if (!reduced[a] || keep) out->dims[out->ndim++] = reduced[a] ? 1 : x->dims[a];
    }
    if (p->copy) {
        p->outputs = gecl_desc_numel(x);
        return GECL_SUCCESS;
    }

    /* Size-1 axes dropped, neighbours of the same class merged (row-major: always adjacent). */
    int64_t stride = 1, strides[GECL_MAX_DIMS];
    for (int a = rank - 1; a >= 0; a--) {
        strides[a] = stride;
        stride *= x->dims[a];
    }
    int last = -1; /* class of the previous axis taken: 0 kept, 1 reduced */
    p->count = p->outputs = 1;
    for (int a = 0; a < rank; a++) {
        const int64_t d = x->dims[a];
        if (reduced[a]) p->count *= d;
        else p->outputs *= d;
        if (d == 1) continue;
        int64_t *dims = reduced[a] ? p->rd : p->kd, *st = reduced[a] ? p->rs : p->ks;
        int *num = reduced[a] ? &p->rn : &p->kn;
        if (last == reduced[a]) {
            dims[*num - 1] *= d;
            st[*num - 1] = strides[a];
        } else {
            dims[*num] = d;
            st[*num] = strides[a];
            (*num)++;
        }
        last = reduced[a];
    }
    if (p->rn == 0) { /* one input per output: a reduced axis of size 1 */
        p->rd[0] = 1;
        p->rs[0] = 0;
        p->rn = 1;
    }
    /* A maximum (minimum) of no floats is -inf (+inf), the kernel's starting value, as in ONNX and
     * ONNX Runtime; integers have no such value there, and a position of nothing has none at all. */
    const int floating = x->dtype == GECL_DT_FLOAT || x->dtype == GECL_DT_FLOAT16 || x->dtype == GECL_DT_DOUBLE ||
                         x->dtype == GECL_DT_BF16;
    if (p->count == 0 && p->outputs > 0 && (is_arg(p->kind) || (!floating && (p->kind == RD_MAX || p->kind == RD_MIN))))
        return gecl_node_fail(n, "reduces an empty axis: a %s of no elements is undefined",
                              is_arg(p->kind) ? "position" : "maximum or minimum of integers");
    return GECL_SUCCESS;
}

gecl_status gecl_infer_reduce(const gecl_graph *g, gecl_node *n)
{
    rd_plan p;
    return gecl_reduce_plan(g, n, &p, &n->outs[0]);
}

/* ---- lowering ---- */

typedef struct rd_types {
    const char *t, *acc, *lowest, *highest;
    int fp64, integer, bf16;
} rd_types;

static int types_of(gecl_dtype dt, rd_types *t)
{
    switch (dt) {
    case GECL_DT_FLOAT: *t = (rd_types){"float", "float", "(-INFINITY)", "INFINITY", 0, 0, 0}; return 0;
    case GECL_DT_FLOAT16: *t = (rd_types){"half", "float", "(-INFINITY)", "INFINITY", 0, 0, 0}; return 0;
    case GECL_DT_DOUBLE: *t = (rd_types){"double", "double", "(-INFINITY)", "INFINITY", 1, 0, 0}; return 0;
    case GECL_DT_INT32: *t = (rd_types){"int", "long", "LONG_MIN", "LONG_MAX", 0, 1, 0}; return 0;
    case GECL_DT_INT64: *t = (rd_types){"long", "long", "LONG_MIN", "LONG_MAX", 0, 1, 0}; return 0;
    /* bfloat16 storage computes in float (prelude.cl's LOAD_T/STORE_T), as float16 does. The
     * narrower integers, signed and unsigned, accumulate in long, which holds every value of
     * theirs exactly; a sum that overflows the type wraps on store, as CANN's integer sums do. */
    case GECL_DT_BF16: *t = (rd_types){"ushort", "float", "(-INFINITY)", "INFINITY", 0, 0, 1}; return 0;
    case GECL_DT_INT8: *t = (rd_types){"char", "long", "LONG_MIN", "LONG_MAX", 0, 1, 0}; return 0;
    case GECL_DT_INT16: *t = (rd_types){"short", "long", "LONG_MIN", "LONG_MAX", 0, 1, 0}; return 0;
    case GECL_DT_UINT8: *t = (rd_types){"uchar", "long", "LONG_MIN", "LONG_MAX", 0, 1, 0}; return 0;
    case GECL_DT_UINT16: *t = (rd_types){"ushort", "long", "LONG_MIN", "LONG_MAX", 0, 1, 0}; return 0;
    case GECL_DT_UINT32: *t = (rd_types){"uint", "long", "LONG_MIN", "LONG_MAX", 0, 1, 0}; return 0;
    default: return -1;
    }
}

/* Work-group size of gecl_reduce_group: a power of two, 64 on CPUs (PoCL runs a group as a
 * loop), 256 on GPUs, within the device's limit and not far beyond the work. */
static size_t group_size(const gecl_device_desc *dev, int64_t count)
{
    size_t want = dev && (dev->type & CL_DEVICE_TYPE_CPU) ? 64 : 256;
    while (dev && dev->max_work_group && want > dev->max_work_group) want /= 2;
    while (want > 8 && (int64_t)want / 2 >= count) want /= 2;
    return want;
}

gecl_status gecl_lower_reduce(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    rd_plan p;
    gecl_status rc = gecl_reduce_plan(g, n, &p, NULL);
    if (rc) return rc;
    if (p.outputs == 0) return GECL_SUCCESS;
    if (p.copy) {
        gecl_launch *l = gecl_lower_add(L, n, NULL, NULL);
        if (!l) return GECL_FAILED;
        gecl_launch_arg(l, n->inputs[0], 0);
        gecl_launch_arg(l, gecl_node_port(g, n), 1);
        l->copy_bytes = gecl_desc_bytes(&n->outs[0]);
        return GECL_SUCCESS;
    }
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    rd_types t;
    if (types_of(x->dtype, &t)) return gecl_node_fail(n, "input 0 has dtype %s", gecl_dtype_name(x->dtype));
    const gecl_device_desc *dev = gecl_lower_device(L);
    if (t.fp64 && dev && !dev->fp64)
        return gecl_node_fail(n, "DT_DOUBLE needs cl_khr_fp64, which device '%s' lacks", dev->name);
    /* Long reductions take a work-group each when the innermost axis is reduced (the group
     * reads it together) or when there are too few outputs to fill the device. */
    const int inner_kept = p.kn > 0 && p.ks[p.kn - 1] == 1;
    const int group = p.count >= 128 && (!inner_kept || p.outputs < 1024);
    gecl_launch *l = gecl_lower_add(L, n, "reduce", group ? "gecl_reduce_group" : "gecl_reduce");
    if (!l) return GECL_FAILED;
    gecl_launch_define(l, "T=%s", t.t);
    gecl_launch_define(l, "ACC_T=%s", t.acc);
    gecl_launch_define(l, "OUT_T=%s", is_arg(p.kind) ? (n->outs[0].dtype == GECL_DT_INT32 ? "int" : "long") : t.t);
    gecl_launch_define(l, "RD_KIND=%d", (int)p.kind);
    gecl_launch_define(l, "RD_KN=%d", p.kn);
    gecl_launch_define(l, "RD_RN=%d", p.rn);
    gecl_launch_define(l, "RD_LOWEST=%s", t.lowest);
    gecl_launch_define(l, "RD_HIGHEST=%s", t.highest);
    if (t.fp64) gecl_launch_define(l, "RD_FP64");
    if (t.integer) gecl_launch_define(l, "RD_INT");
    if (t.bf16) gecl_launch_define(l, "GECL_T_BF16");
    gecl_launch_scalar(l, p.count);
    gecl_launch_scalar(l, p.outputs);
    for (int k = 0; k < p.kn; k++) gecl_launch_scalar(l, p.kd[k]);
    for (int k = 0; k < p.kn; k++) gecl_launch_scalar(l, p.ks[k]);
    for (int k = 0; k < p.rn; k++) gecl_launch_scalar(l, p.rd[k]);
    for (int k = 0; k < p.rn; k++) gecl_launch_scalar(l, p.rs[k]);
    l->work_dim = 1;
    l->epilogue = 0;
    if (group) {
        size_t wg = group_size(dev, p.count);
        gecl_launch_define(l, "RD_WG=%zu", wg);
        l->local[0] = wg;
        l->global[0] = (size_t)p.outputs * wg;
    } else {
        gecl_launch_define(l, "RD_WG=1");
        size_t local = gecl_tuning_local_1d(dev, (size_t)p.outputs);
        l->local[0] = local;
        l->global[0] = ((size_t)p.outputs + local - 1) / local * local;
    }
    gecl_launch_arg(l, n->inputs[0], 0);
    gecl_launch_arg(l, gecl_node_port(g, n), 1);
    return GECL_SUCCESS;
}
