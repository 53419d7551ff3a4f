/* move.h: the strided gather behind the movement ops (StridedSliceV2, Expand, Tile, PadV3,
 * DepthToSpace, SpaceToDepth): every output element reads one input element (or a pad value),
 * found from its coordinates by per-dim arithmetic. One kernel (kernels/move.cl) serves them all,
 * any dtype (elements move as unsigned integers of their size), sizes as kernel arguments; the
 * same description runs on the host for constant folding (gecl_move_host). */
#ifndef GECL_OPS_MOVE_H
#define GECL_OPS_MOVE_H

#include "ir.h"
#include "launch.h"

/* Room for an op's view before simplification (Tile splits each dim in two); the kernel takes
 * GECL_MOVE_KERNEL_DIMS after it. */
#define GECL_MOVE_MAX_DIMS (2 * GECL_MAX_DIMS)
#define GECL_MOVE_KERNEL_DIMS 8

typedef enum gecl_move_mode {
    GECL_MOVE_PLAIN,     /* input offset = base + sum c_k * stride_k (stride may be 0 or negative) */
    GECL_MOVE_CONSTANT,  /* per dim i_k = c_k - before_k; outside [0, extent_k): the pad value */
    GECL_MOVE_EDGE,      /* ... outside: clamped to the nearest edge */
    GECL_MOVE_REFLECT    /* ... outside: mirrored about the edge (the edge itself not repeated) */
} gecl_move_mode;

typedef struct gecl_move {
    gecl_move_mode mode;
    int rank;
    int64_t base;                        /* plain: input offset of output element 0 */
    int64_t dims[GECL_MOVE_MAX_DIMS];    /* output dims (row-major) */
    int64_t stride[GECL_MOVE_MAX_DIMS];  /* input elements per step along the dim */
    int64_t before[GECL_MOVE_MAX_DIMS];  /* pad modes: output positions before the input's first */
    int64_t extent[GECL_MOVE_MAX_DIMS];  /* pad modes: the input's size along the dim */
} gecl_move;

/* Drops size-1 output dims and merges neighbours that walk the input as one dim (plain mode; in
 * the pad modes only unpadded ones), so most moves reach the kernel with a small rank. */
void gecl_move_simplify(gecl_move *m);

/* Appends the launch moving `src` into `dst` for node n; `value`: the pad value (a one-element
 * tensor of the same dtype) for GECL_MOVE_CONSTANT, node < 0 for zero. Fails when the simplified
 * rank exceeds GECL_MOVE_KERNEL_DIMS. */
gecl_status gecl_lower_move(gecl_lower *L, const gecl_node *n, gecl_port src, gecl_port dst, size_t esize,
                            const gecl_move *m, gecl_port value);

/* The same move on the host (constant folding): `value` NULL for zero. */
void gecl_move_host(const gecl_move *m, const void *src, void *dst, size_t esize, const void *value);

#endif
