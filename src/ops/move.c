/* move.c: the strided gather (move.h): simplification, its launch, its host twin. */
#include <string.h>

#include "move.h"
#include "tuning.h"

static int padded(const gecl_move *m, int k)
{
    return m->mode != GECL_MOVE_PLAIN && (m->before[k] != 0 || m->extent[k] != m->dims[k]);
}

void gecl_move_simplify(gecl_move *m)
{
    int r = 0;
    for (int k = 0; k < m->rank; k++) {
        if (m->dims[k] == 1 && !padded(m, k)) continue; /* its coordinate is always 0 */
        if (r > 0 && !padded(m, k) && !padded(m, r - 1) && m->stride[r - 1] == m->stride[k] * m->dims[k]) {
            /* the previous dim steps over exactly this one: one dim of their product */
            m->dims[r - 1] *= m->dims[k];
            m->stride[r - 1] = m->stride[k];
            m->extent[r - 1] = m->dims[r - 1];
            continue;
        }
        m->dims[r] = m->dims[k];
        m->stride[r] = m->stride[k];
        m->before[r] = m->mode == GECL_MOVE_PLAIN ? 0 : m->before[k];
        m->extent[r] = m->mode == GECL_MOVE_PLAIN ? m->dims[k] : m->extent[k];
        r++;
    }
    m->rank = r;
}

/* Input position along a padded dim for output coordinate c; -1: the pad value. */
static int64_t pad_index(gecl_move_mode mode, int64_t c, int64_t before, int64_t extent)
{
    int64_t i = c - before;
    if (i >= 0 && i < extent) return i;
    if (mode == GECL_MOVE_CONSTANT) return -1;
    if (mode == GECL_MOVE_EDGE || extent == 1) return i < 0 ? 0 : extent - 1;
    const int64_t period = 2 * (extent - 1); /* reflect: ... 2 1 | 0 1 2 3 | 2 1 0 | 1 ... */
    i %= period;
    if (i < 0) i += period;
    return i < extent ? i : period - i;
}

void gecl_move_host(const gecl_move *m, const void *src, void *dst, size_t esize, const void *value)
{
    int64_t total = 1;
    for (int k = 0; k < m->rank; k++) total *= m->dims[k];
    for (int64_t o = 0; o < total; o++) {
        int64_t rest = o, at = m->base;
        int outside = 0;
        for (int k = m->rank - 1; k >= 0; k--) {
            const int64_t c = rest % m->dims[k];
            rest /= m->dims[k];
            if (m->mode == GECL_MOVE_PLAIN) {
                at += c * m->stride[k];
                continue;
            }
            const int64_t i = pad_index(m->mode, c, m->before[k], m->extent[k]);
            if (i < 0) outside = 1;
            else at += i * m->stride[k];
        }
        char *to = (char *)dst + o * (int64_t)esize;
        if (outside) {
            if (value) memcpy(to, value, esize);
            else memset(to, 0, esize);
        } else {
            memcpy(to, (const char *)src + at * (int64_t)esize, esize);
        }
    }
}

gecl_status gecl_lower_move(gecl_lower *L, const gecl_node *n, gecl_port src, gecl_port dst, size_t esize,
                            const gecl_move *mv, gecl_port value)
{
    gecl_move m = *mv;
    gecl_move_simplify(&m);
    if (m.rank > GECL_MOVE_KERNEL_DIMS)
        return gecl_node_fail(n, "the move has %d dims after merging; the kernel takes at most %d", m.rank,
                              GECL_MOVE_KERNEL_DIMS);
    if (m.rank == 0) { /* one element */
        m.rank = 1;
        m.dims[0] = 1;
        m.stride[0] = 0;
        m.before[0] = 0;
        m.extent[0] = 1;
    }
    int64_t total = 1;
    for (int k = 0; k < m.rank; k++) total *= m.dims[k];
    if (total == 0) return GECL_SUCCESS;
    /* A plain move whose innermost dim is contiguous in the input copies runs of `vec` elements
     * per work-item (one vector load and store): that dim counts runs, `vec` apart. */
    int vec = 1;
    if (m.mode == GECL_MOVE_PLAIN && m.stride[m.rank - 1] == 1) {
        vec = gecl_tuning_copy_vec(m.dims[m.rank - 1], esize, 64);
        m.dims[m.rank - 1] /= vec;
        m.stride[m.rank - 1] = vec;
        total /= vec;
    }
    gecl_launch *l = gecl_lower_add(L, n, "move", "gecl_move");
    if (!l) return GECL_FAILED;
    const int with_value = m.mode == GECL_MOVE_CONSTANT && value.node >= 0;
    gecl_launch_define(l, "ELEM=%s", gecl_tuning_move_type(esize));
    gecl_launch_define(l, "MV_RN=%d", m.rank);
    gecl_launch_define(l, "MV_MODE=%d", (int)m.mode);
    gecl_launch_define(l, "MV_VALUE=%d", with_value);
    gecl_launch_define(l, "MV_VEC=%d", vec);
    gecl_launch_scalar(l, total);
    gecl_launch_scalar(l, m.base);
    for (int k = 0; k < m.rank; k++) gecl_launch_scalar(l, m.dims[k]);
    for (int k = 0; k < m.rank; k++) gecl_launch_scalar(l, m.stride[k]);
    for (int k = 0; m.mode != GECL_MOVE_PLAIN && k < m.rank; k++) gecl_launch_scalar(l, m.before[k]);
    for (int k = 0; m.mode != GECL_MOVE_PLAIN && k < m.rank; k++) gecl_launch_scalar(l, m.extent[k]);
    const size_t items = (size_t)total, local = gecl_tuning_local_1d(gecl_lower_device(L), items);
    l->work_dim = 1;
    l->local[0] = local;
    l->global[0] = (items + local - 1) / local * local;
    l->epilogue = 0;
    gecl_launch_arg(l, src, 0);
    if (with_value) gecl_launch_arg(l, value, 0);
    gecl_launch_arg(l, dst, 1);
    return GECL_SUCCESS;
}
