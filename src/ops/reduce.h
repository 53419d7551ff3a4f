/* reduce.h: how a reduction node (ReduceSum/Mean/Max/Min/Prod and their D forms,
 * ReduceLogSumExp, EuclideanNorm, ArgMaxV2, ArgMin) reads its input, shared by inference and
 * lowering (reduce.c) and host folding (reduce_fold.c).
 *
 * The input is seen through its axes with size-1 axes dropped and neighbouring axes of the same
 * class (kept / reduced) merged: `kn` kept axes, row-major in the output's order, and `rn`
 * reduced axes, each with its size and input stride (elements). One output element is the
 * reduction of `count` inputs: those at its kept offset plus every reduced offset. */
#ifndef GECL_OPS_REDUCE_H
#define GECL_OPS_REDUCE_H

#include "ir.h"

typedef enum rd_kind {
    RD_SUM, RD_MEAN, RD_MAX, RD_MIN, RD_PROD, RD_L2, RD_LOGSUMEXP, RD_ARGMAX, RD_ARGMIN
} rd_kind;

typedef struct rd_plan {
    rd_kind kind;
    int copy;                          /* nothing reduced (empty axes, noop): y is x */
    int64_t count;                     /* inputs per output (0: an empty reduced axis) */
    int64_t outputs;                   /* output elements */
    int kn, rn;
    int64_t kd[GECL_MAX_DIMS], ks[GECL_MAX_DIMS];
    int64_t rd[GECL_MAX_DIMS], rs[GECL_MAX_DIMS];
} rd_plan;

/* The plan of node n (inputs inferred), and its output description when `out` is not NULL;
 * fails with gecl_node_fail on bad axes, dtypes or attributes. */
gecl_status gecl_reduce_plan(const gecl_graph *g, const gecl_node *n, rd_plan *p, gecl_tensor_desc *out);

/* Input offset of kept index o (row-major over kd). */
static inline int64_t gecl_reduce_kept_offset(const rd_plan *p, int64_t o)
{
    int64_t off = 0;
    for (int k = p->kn - 1; k >= 0; k--) {
        off += o % p->kd[k] * p->ks[k];
        o /= p->kd[k];
    }
    return off;
}

/* Input offset of reduced index j (row-major over rd). */
static inline int64_t gecl_reduce_red_offset(const rd_plan *p, int64_t j)
{
    int64_t off = 0;
    for (int k = p->rn - 1; k >= 0; k--) {
        off += j % p->rd[k] * p->rs[k];
        j /= p->rd[k];
    }
    return off;
}

#endif
