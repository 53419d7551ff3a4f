/* op_fns.c: op_table.h's infer, lower and fold columns as the tables graph (gecl_op_infer,
 * gecl_op_fold) and compile (gecl_op_lower) declare. Filled here, in the layer above both, because the columns name
 * functions of this layer as well as graph's. */
#include "ops.h"

/* The expr column is not read here. */
#define GECL_OP_INFER(id, name, kind, mn, mx, nout, infer, lower, ...) [GECL_OP_##id] = infer,
const gecl_infer_fn gecl_op_infer[GECL_OP_COUNT] = {GECL_OP_LIST(GECL_OP_INFER)};
#undef GECL_OP_INFER

#define GECL_OP_LOWER(id, name, kind, mn, mx, nout, infer, lower, ...) [GECL_OP_##id] = lower,
const gecl_lower_fn gecl_op_lower[GECL_OP_COUNT] = {GECL_OP_LIST(GECL_OP_LOWER)};
#undef GECL_OP_LOWER

#define GECL_OP_FOLD(id, name, kind, mn, mx, nout, infer, lower, fold, ...) [GECL_OP_##id] = fold,
const gecl_fold_fn gecl_op_fold[GECL_OP_COUNT] = {GECL_OP_LIST(GECL_OP_FOLD)};
#undef GECL_OP_FOLD
