/* transpose.c: Transpose (perm from a constant input) and TransposeD (perm attribute), any rank
 * up to GECL_MAX_DIMS, any dtype: the kernels move elements as unsigned integers of the same
 * size. Lowering first simplifies the permutation (drops size-1 axes, merges axes that stay
 * adjacent), which turns most real transposes into a copy of rows or a batched 2-D transpose. */
#include <string.h>

#include "ir.h"
#include "launch.h"
#include "plan.h"
#include "ops.h"
#include "tuning.h"

/* The 2-D kernel moves TR_TILE x TR_TILE tiles, and consecutive work-items take blocks of up to
 * TR_BLOCK x TR_BLOCK tiles, so a 64-item work-group reads and writes whole cache lines while
 * they are in L1. Measured on PoCL 3.1 (AVX-512): 8 and 8 beat 4 or 16 and unblocked orders by
 * 1.2-3x over NCHW<->NHWC and square transposes of 1- and 4-byte types. */
#define TR_TILE 8
#define TR_BLOCK 8

/* Reads perm and checks that it permutes the axes of x. */
static gecl_status transpose_perm(const gecl_graph *g, const gecl_node *n, const gecl_tensor_desc *x,
                                  int perm[GECL_MAX_DIMS])
{
    int64_t v[GECL_MAX_DIMS];
    int count;
    if (n->op == GECL_OP_TRANSPOSE_D) {
        size_t cnt;
        const int64_t *a = gecl_attr_ints(n, "perm", &cnt);
        if (!a) return gecl_node_fail(n, "attribute perm is required");
        if (cnt != x->ndim) return gecl_node_fail(n, "perm has %zu values, input 0 has %u dims", cnt, x->ndim);
        memcpy(v, a, cnt * sizeof *v);
        count = (int)cnt;
    } else {
        const gecl_tensor_desc *pd = gecl_input_desc(g, n, 1);
        if (!pd) return gecl_node_fail(n, "input 1 (perm) is missing");
        if (pd->ndim > 1) return gecl_node_fail(n, "input 1 (perm) has %u dims, expected a vector", pd->ndim);
        if (gecl_desc_numel(pd) != (int64_t)x->ndim)
            return gecl_node_fail(n, "perm has %lld values, input 0 has %u dims", (long long)gecl_desc_numel(pd),
                                  x->ndim);
        count = gecl_input_const_ints(g, n, 1, v, GECL_MAX_DIMS);
        if (count < 0) return GECL_PARAM_INVALID;
        if (count != (int)x->ndim) return gecl_node_fail(n, "perm has %d values, input 0 has %u dims", count, x->ndim);
    }
    int seen[GECL_MAX_DIMS] = {0};
    for (int i = 0; i < count; i++) {
        int a = gecl_norm_axis(v[i], count);
        if (a < 0 || seen[a])
            return gecl_node_fail(n, "perm is not a permutation of the %d axes: perm[%d] = %lld %s", count, i,
                                  (long long)v[i], a < 0 ? "is out of range" : "repeats an axis");
        seen[a] = 1;
        perm[i] = a;
    }
    return GECL_SUCCESS;
}

gecl_status gecl_infer_transpose(const gecl_graph *g, gecl_node *n)
{
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    if (!x) return gecl_node_fail(n, "input 0 (x) is missing");
    if (!gecl_tuning_move_type(gecl_dtype_size(x->dtype)))
        return gecl_node_fail(n, "input 0 has dtype %s, which cannot be transposed", gecl_dtype_name(x->dtype));
    int perm[GECL_MAX_DIMS];
    gecl_status rc = transpose_perm(g, n, x, perm);
    if (rc) return rc;
    gecl_tensor_desc *y = &n->outs[0];
    *y = *x;
    for (unsigned i = 0; i < x->ndim; i++) y->dims[i] = x->dims[perm[i]];
    return GECL_SUCCESS;
}

/* ---- constant folding: a host copy through the same permutation ---- */

void gecl_fold_transpose(const gecl_graph *g, const gecl_node *n, void *dst)
{
    const gecl_tensor_desc *in = gecl_input_desc(g, n, 0), *out = &n->outs[0];
    int perm[GECL_MAX_DIMS];
    int64_t is[GECL_MAX_DIMS], strides[GECL_MAX_DIMS];
    if (transpose_perm(g, n, in, perm)) return; /* inference checked it */
    gecl_desc_strides(in, is);
    for (uint32_t k = 0; k < out->ndim; k++) strides[k] = is[perm[k]];
    const size_t es = gecl_dtype_size(out->dtype);
    const char *src = gecl_input_const(g, n, 0);
    for (int64_t i = 0, total = gecl_desc_numel(out); i < total; i++)
        memcpy((char *)dst + i * es, src + gecl_fold_source_index(i, out, strides) * es, es);
}

/* ---- lowering ---- */

/* The transpose as output axes (row-major) with the input stride of each, simplified. */
typedef struct tr_plan {
    int rank;
    int64_t dims[GECL_MAX_DIMS];
    int64_t istride[GECL_MAX_DIMS];
} tr_plan;

static void tr_simplify(const gecl_tensor_desc *x, const int *perm, tr_plan *t)
{
    int64_t istride[GECL_MAX_DIMS];
    int64_t s = 1;
    for (int a = (int)x->ndim - 1; a >= 0; a--) {
        istride[a] = s;
        s *= x->dims[a];
    }
    t->rank = 0;
    for (unsigned j = 0; j < x->ndim; j++) {
        int64_t d = x->dims[perm[j]], st = istride[perm[j]];
        if (d == 1) continue; /* size-1 axes move nothing */
        int r = t->rank;
        if (r > 0 && t->istride[r - 1] == st * d) {
            /* Adjacent in the input too: one axis. */
            t->dims[r - 1] *= d;
            t->istride[r - 1] = st;
            continue;
        }
        t->dims[r] = d;
        t->istride[r] = st;
        t->rank++;
    }
}

/* The axes the kernel walks by division ("rest" axes): their count in the source, sizes, input
 * and output strides (os may be NULL: the kernel writes rows in order) as arguments. */
static void rest_args(gecl_launch *l, int count, const int64_t *dims, const int64_t *is, const int64_t *os)
{
    gecl_launch_define(l, "TR_RN=%d", count);
    for (int k = 0; k < count; k++) gecl_launch_scalar(l, dims[k]);
    for (int k = 0; k < count; k++) gecl_launch_scalar(l, is[k]);
    for (int k = 0; os && k < count; k++) gecl_launch_scalar(l, os[k]);
}

static void set_range(gecl_lower *L, gecl_launch *l, size_t items)
{
    size_t local = gecl_tuning_local_1d(gecl_lower_device(L), items);
    l->work_dim = 1;
    l->local[0] = local;
    l->global[0] = (items + local - 1) / local * local;
    l->epilogue = 0;
}

/* The innermost output axis is contiguous in the input: copy rows of t->dims[last] elements. */
static gecl_status lower_rows(gecl_lower *L, const gecl_node *n, const tr_plan *t, size_t esize)
{
    int64_t len = t->rank ? t->dims[t->rank - 1] : 1;
    int rest = t->rank ? t->rank - 1 : 0;
    int vec = gecl_tuning_copy_vec(len, esize, 64);
    size_t items = (size_t)(len / vec);
    for (int k = 0; k < rest; k++) items *= (size_t)t->dims[k];
    gecl_launch *l = gecl_lower_add(L, n, "transpose", "gecl_transpose_rows");
    if (!l) return GECL_FAILED;
    gecl_launch_define(l, "ELEM=%s", gecl_tuning_move_type(esize));
    gecl_launch_define(l, "TR_VEC=%d", vec);
    gecl_launch_scalar(l, len / vec);
    gecl_launch_scalar(l, (int64_t)items);
    rest_args(l, rest, t->dims, t->istride, NULL);
    set_range(L, l, items);
    gecl_launch_arg(l, n->inputs[0], 0);
    gecl_launch_arg(l, gecl_node_port(gecl_lower_graph(L), n), 1);
    return GECL_SUCCESS;
}

/* General case: tiles over the innermost output axis and the output axis q that is innermost in
 * the input, batched over the other axes. */
static gecl_status lower_tiles(gecl_lower *L, const gecl_node *n, const tr_plan *t, size_t esize)
{
    int r = t->rank, q = 0;
    int64_t ostride[GECL_MAX_DIMS];
    ostride[r - 1] = 1;
    for (int k = r - 2; k >= 0; k--) ostride[k] = ostride[k + 1] * t->dims[k + 1];
    for (int k = 0; k < r; k++)
        if (t->istride[k] == 1) q = k;
    int64_t rd[GECL_MAX_DIMS], ris[GECL_MAX_DIMS], ros[GECL_MAX_DIMS];
    int rest = 0;
    for (int k = 0; k < r - 1; k++) {
        if (k == q) continue;
        rd[rest] = t->dims[k];
        ris[rest] = t->istride[k];
        ros[rest] = ostride[k];
        rest++;
    }
    int64_t ld = t->dims[r - 1], qd = t->dims[q];
    int64_t lt = (ld + TR_TILE - 1) / TR_TILE, qt = (qd + TR_TILE - 1) / TR_TILE;
    int64_t bl = lt < TR_BLOCK ? lt : TR_BLOCK, bq = qt < TR_BLOCK ? qt : TR_BLOCK;
    int64_t nbl = (lt + bl - 1) / bl, nbq = (qt + bq - 1) / bq;
    size_t items = (size_t)(nbl * nbq * bl * bq);
    for (int k = 0; k < rest; k++) items *= (size_t)rd[k];
    gecl_launch *l = gecl_lower_add(L, n, "transpose", "gecl_transpose_tiles");
    if (!l) return GECL_FAILED;
    gecl_launch_define(l, "ELEM=%s", gecl_tuning_move_type(esize));
    gecl_launch_define(l, "TR_TB=%d", TR_TILE);
    const int64_t sizes[] = {ld, t->istride[r - 1], qd, ostride[q], bl, bq, nbl, nbq, (int64_t)items};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) gecl_launch_scalar(l, sizes[k]);
    rest_args(l, rest, rd, ris, ros);
    set_range(L, l, items);
    gecl_launch_arg(l, n->inputs[0], 0);
    gecl_launch_arg(l, gecl_node_port(gecl_lower_graph(L), n), 1);
    return GECL_SUCCESS;
}

gecl_status gecl_lower_transpose(gecl_lower *L, const gecl_node *n)
{
    const gecl_graph *g = gecl_lower_graph(L);
    const gecl_tensor_desc *x = gecl_input_desc(g, n, 0);
    int perm[GECL_MAX_DIMS];
    gecl_status rc = transpose_perm(g, n, x, perm);
    if (rc) return rc;
    if (gecl_desc_numel(x) == 0) return GECL_SUCCESS;
    size_t esize = gecl_dtype_size(x->dtype);
    tr_plan t;
    tr_simplify(x, perm, &t);
    if (t.rank <= 1 || t.istride[t.rank - 1] == 1) return lower_rows(L, n, &t, esize);
    return lower_tiles(L, n, &t, esize);
}
