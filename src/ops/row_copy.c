/* row_copy.c: the launch of a row copy (see row_copy.h). */
#include "row_copy.h"
#include "tuning.h"

gecl_status gecl_lower_row_copy(gecl_lower *L, const gecl_node *n, gecl_port src, gecl_port dst, size_t esize,
                                const gecl_row_copy *rc)
{
    const int64_t wide_len = rc->rows == 1 ? rc->len : rc->wide_len; /* one row: a flat copy */
    const int vec = gecl_tuning_copy_vec(rc->len, esize, 64);
    const size_t items = (size_t)(rc->rows * (rc->len / vec));
    gecl_launch *l = gecl_lower_add(L, n, "concat", "gecl_row_copy");
    if (!l) return GECL_FAILED;
    gecl_launch_define(l, "CAT_GATHER=%d", rc->gather ? 1 : 0);
    gecl_launch_define(l, "ELEM=%s", gecl_tuning_move_type(esize));
    gecl_launch_define(l, "CAT_VEC=%d", vec);
    gecl_launch_scalar(l, rc->len / vec);
    gecl_launch_scalar(l, wide_len);
    gecl_launch_scalar(l, rc->at);
    gecl_launch_scalar(l, (int64_t)items);
    const size_t local = gecl_tuning_local_1d(gecl_lower_device(L), items);
    l->work_dim = 1;
    l->local[0] = local;
    l->global[0] = (items + local - 1) / local * local;
    l->epilogue = 0;
    /* One row scattered: the source lands as one block, which its producer could write itself. */
    l->in_place = rc->rows == 1 && !rc->gather;
    l->in_place_offset = (size_t)rc->at * esize;
    gecl_launch_arg(l, src, 0);
    gecl_launch_arg(l, dst, 1);
    return GECL_SUCCESS;
}
