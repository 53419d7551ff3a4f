/* reduce.cl: every reduction of src/ops/reduce.c (ReduceSum/Mean/Max/Min/Prod, ReduceLogSumExp,
 * EuclideanNorm, ArgMaxV2, ArgMin) as one kernel body parameterised by RD_KIND.
 *
 * The input arrives as kept axes (RD_KN of them, sizes kd<k>, input strides ks<k>; row-major
 * in the output's order) and reduced axes (RD_RN >= 1, sizes rd<k>, strides rs<k>), all `long`
 * arguments after the tensors together with `count` (inputs per output) and `outputs`. The
 * source depends only on the kind, the types and the two axis counts, so one program serves
 * every shape with the same pattern.
 * - gecl_reduce: one work-item per output element, walking its inputs with carried counters
 *   (no division per element). Neighbouring work-items read neighbouring elements when the
 *   innermost input axis is kept.
 * - gecl_reduce_group: one work-group of RD_WG (a power of two) per output element for long
 *   reductions; each work-item folds a strided share, then a tree in local memory.
 * Types: storage T, arithmetic ACC_T (prelude.cl): float/float, half/float, double/double,
 * int/long, long/long. RD_LOWEST / RD_HIGHEST seed max / min; RD_INT marks integer ACC_T;
 * OUT_T is the output element type (T, or int / long for the arg kinds). */
#ifdef RD_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

#define RD_SUM 0
#define RD_MEAN 1
#define RD_MAX 2
#define RD_MIN 3
#define RD_PROD 4
#define RD_L2 5
#define RD_LOGSUMEXP 6
#define RD_ARGMAX 7
#define RD_ARGMIN 8
#if RD_KIND == RD_ARGMAX || RD_KIND == RD_ARGMIN
#define RD_ARG 1
#endif

#define RD_CAT_(a, b) a##b
#define RD_CAT(a, b) RD_CAT_(a, b)
/* ", const long p0, const long p1, ..." and "p0, p1, ..." for n axes. */
#define RD_PA0(p)
#define RD_PA1(p) , const long p##0
#define RD_PA2(p) RD_PA1(p), const long p##1
#define RD_PA3(p) RD_PA2(p), const long p##2
#define RD_PA4(p) RD_PA3(p), const long p##3
#define RD_PA5(p) RD_PA4(p), const long p##4
#define RD_PA6(p) RD_PA5(p), const long p##5
#define RD_PA7(p) RD_PA6(p), const long p##6
#define RD_PA8(p) RD_PA7(p), const long p##7
#define RD_LI1(p) p##0
#define RD_LI2(p) RD_LI1(p), p##1
#define RD_LI3(p) RD_LI2(p), p##2
#define RD_LI4(p) RD_LI3(p), p##3
#define RD_LI5(p) RD_LI4(p), p##4
#define RD_LI6(p) RD_LI5(p), p##5
#define RD_LI7(p) RD_LI6(p), p##6
#define RD_LI8(p) RD_LI7(p), p##7
#define RD_PARAMS                                                                                  \
    const long count, const long outputs RD_CAT(RD_PA, RD_KN)(kd) RD_CAT(RD_PA, RD_KN)(ks)         \
        RD_CAT(RD_PA, RD_RN)(rd) RD_CAT(RD_PA, RD_RN)(rs)
#if RD_KN > 0
#define RD_KEPT_ARRAYS                                                                             \
    const long kd[RD_KN] = {RD_CAT(RD_LI, RD_KN)(kd)};                                             \
    const long ks[RD_KN] = {RD_CAT(RD_LI, RD_KN)(ks)}
#define RD_BASE(o) rd_kept((o), kd, ks)
#else
#define RD_KEPT_ARRAYS
#define RD_BASE(o) 0
#endif
#define RD_RED_ARRAYS                                                                              \
    const long rd[RD_RN] = {RD_CAT(RD_LI, RD_RN)(rd)};                                             \
    const long rs[RD_RN] = {RD_CAT(RD_LI, RD_RN)(rs)}

#if RD_KN > 0
static size_t rd_kept(size_t o, const long *kd, const long *ks)
{
    size_t off = 0;
#pragma unroll
    for (int k = RD_KN - 1; k >= 0; k--) {
        off += (o % (size_t)kd[k]) * (size_t)ks[k];
        o /= (size_t)kd[k];
    }
    return off;
}
#endif

/* Offset of reduced index j (row-major over rd): one multiply for a single reduced axis. */
static size_t rd_red(size_t j, const long *rd, const long *rs)
{
    size_t off = 0;
#pragma unroll
    for (int k = RD_RN - 1; k >= 0; k--) {
        size_t d = k ? j % (size_t)rd[k] : j;
        if (k) j /= (size_t)rd[k];
        off += d * (size_t)rs[k];
    }
    return off;
}

/* ---- the kind: seed, step (fold one value in), combine (two partial results) ---- */
#if RD_KIND == RD_MAX || RD_KIND == RD_ARGMAX
#define RD_SEED RD_LOWEST
#define RD_BETTER(v, a) ((v) > (a))
#elif RD_KIND == RD_MIN || RD_KIND == RD_ARGMIN
#define RD_SEED RD_HIGHEST
#define RD_BETTER(v, a) ((v) < (a))
#elif RD_KIND == RD_PROD
#define RD_SEED ((ACC_T)1)
#else
#define RD_SEED ((ACC_T)0)
#endif

#if RD_KIND == RD_MAX || RD_KIND == RD_MIN
/* A NaN wins (v != v only for NaN; integers never), as numpy's maximum / minimum. */
#define RD_STEP(a, v) ((a) = (RD_BETTER(v, a) || (v) != (v)) ? (v) : (a))
#define RD_COMBINE(a, b) RD_STEP(a, b)
#elif RD_KIND == RD_PROD
#define RD_STEP(a, v) ((a) *= (v))
#define RD_COMBINE(a, b) ((a) *= (b))
#elif RD_KIND == RD_L2
#define RD_STEP(a, v) ((a) += (v) * (v))
#define RD_COMBINE(a, b) ((a) += (b))
#else
#define RD_STEP(a, v) ((a) += (v))
#define RD_COMBINE(a, b) ((a) += (b))
#endif

/* Max with NaN winning, for the first pass of log-sum-exp. */
#define RD_MAXSTEP(a, v) ((a) = ((v) > (a) || (v) != (v)) ? (v) : (a))

/* The result of an accumulated a (not for the arg kinds). */
static ACC_T rd_finish(ACC_T a, ACC_T m, long count)
{
#if RD_KIND == RD_MEAN
#ifdef RD_INT
    return count ? a / count : 0;
#else
    return a / (ACC_T)count;
#endif
#elif RD_KIND == RD_L2
    return sqrt(a);
#elif RD_KIND == RD_LOGSUMEXP
    /* all -inf: log(0) = -inf; a +inf: exp(inf - inf) would be NaN */
    return isinf(m) ? m : m + log(a);
#else
    return a;
#endif
}

/* Walks the `count` inputs of the output at `base`, v the value, j its reduced index. */
#define RD_WALK(STMT)                                                                              \
    {                                                                                              \
        long idx[RD_RN];                                                                           \
        for (int k = 0; k < RD_RN; k++) idx[k] = 0;                                                \
        size_t off = base;                                                                         \
        for (long j = 0; j < count; j++) {                                                         \
            const ACC_T v = LOAD_T(1, x + off);                                                    \
            STMT;                                                                                  \
            for (int k = RD_RN - 1; k >= 0; k--) {                                                 \
                off += (size_t)rs[k];                                                              \
                if (++idx[k] < rd[k]) break;                                                       \
                off -= (size_t)(rs[k] * rd[k]);                                                    \
                idx[k] = 0;                                                                        \
            }                                                                                      \
        }                                                                                          \
    }

__kernel void gecl_reduce(__global const T *x, ulong x_off, __global OUT_T *y, ulong y_off, RD_PARAMS)
{
    const size_t o = get_global_id(0);
    if (o >= (size_t)outputs) return;
    ADVANCE(x);
    ADVANCE(y);
    RD_KEPT_ARRAYS;
    RD_RED_ARRAYS;
    const size_t base = RD_BASE(o);
#ifdef RD_ARG
    ACC_T a = RD_SEED;
    long at = -1;
    RD_WALK(if (at < 0 || RD_BETTER(v, a)) { a = v; at = j; })
    y[o] = (OUT_T)at;
#else
    ACC_T m = 0;
#if RD_KIND == RD_LOGSUMEXP
    m = -INFINITY;
    RD_WALK(RD_MAXSTEP(m, v))
    ACC_T a = 0;
    RD_WALK(a += exp(v - m))
#else
    ACC_T a = RD_SEED;
    RD_WALK(RD_STEP(a, v))
#endif
    STORE_T(1, rd_finish(a, m, count), y + o);
#endif
}

/* Tree over the work-group's RD_WG partial results in la (and li, their indices, for the arg
 * kinds); every work-item sees the result in la[0] / li[0] afterwards. */
#ifdef RD_ARG
static void rd_tree_arg(__local ACC_T *la, __local long *li, size_t lid)
{
    for (size_t s = RD_WG / 2; s > 0; s >>= 1) {
        barrier(CLK_LOCAL_MEM_FENCE);
        if (lid < s) {
            const ACC_T b = la[lid + s];
            const long bi = li[lid + s];
            /* the better value; among equals the first index; -1: no value */
            if (bi >= 0 && (li[lid] < 0 || RD_BETTER(b, la[lid]) || (b == la[lid] && bi < li[lid]))) {
                la[lid] = b;
                li[lid] = bi;
            }
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
}
#else
#define RD_TREE(COMBINE)                                                                           \
    for (size_t s = RD_WG / 2; s > 0; s >>= 1) {                                                   \
        barrier(CLK_LOCAL_MEM_FENCE);                                                              \
        if (lid < s) COMBINE(la[lid], la[lid + s]);                                                \
    }                                                                                              \
    barrier(CLK_LOCAL_MEM_FENCE)
#endif

__kernel void gecl_reduce_group(__global const T *x, ulong x_off, __global OUT_T *y, ulong y_off, RD_PARAMS)
{
    const size_t o = get_group_id(0), lid = get_local_id(0);
    __local ACC_T la[RD_WG];
    ADVANCE(x);
    ADVANCE(y);
    RD_KEPT_ARRAYS;
    RD_RED_ARRAYS;
    const size_t base = RD_BASE(o);
#ifdef RD_ARG
    __local long li[RD_WG];
    ACC_T a = RD_SEED;
    long at = -1;
    for (long j = (long)lid; j < count; j += RD_WG) {
        const ACC_T v = LOAD_T(1, x + base + rd_red((size_t)j, rd, rs));
        if (at < 0 || RD_BETTER(v, a)) {
            a = v;
            at = j;
        }
    }
    la[lid] = a;
    li[lid] = at;
    rd_tree_arg(la, li, lid);
    if (lid == 0) y[o] = (OUT_T)li[0];
#else
    ACC_T m = 0;
#if RD_KIND == RD_LOGSUMEXP
    m = -INFINITY;
    for (long j = (long)lid; j < count; j += RD_WG) {
        const ACC_T v = LOAD_T(1, x + base + rd_red((size_t)j, rd, rs));
        RD_MAXSTEP(m, v);
    }
    la[lid] = m;
    RD_TREE(RD_MAXSTEP);
    m = la[0];
    barrier(CLK_LOCAL_MEM_FENCE); /* everyone has read la[0] before it is overwritten */
    ACC_T a = 0;
    for (long j = (long)lid; j < count; j += RD_WG) a += exp(LOAD_T(1, x + base + rd_red((size_t)j, rd, rs)) - m);
    la[lid] = a;
    RD_TREE(RD_COMBINE);
#else
    ACC_T a = RD_SEED;
    for (long j = (long)lid; j < count; j += RD_WG) {
        const ACC_T v = LOAD_T(1, x + base + rd_red((size_t)j, rd, rs));
        RD_STEP(a, v);
    }
    la[lid] = a;
    RD_TREE(RD_COMBINE);
#endif
    if (lid == 0) STORE_T(1, rd_finish(la[0], m, count), y + o);
#endif
}
