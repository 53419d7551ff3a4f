/* op_move.c: data movement and indexing: Permute (TransposeD), Cat (ConcatD), Gather
 * (GatherElements: torch.gather), Embedding (GatherV2 on axis 0), InplaceCopy (Cast and Expand
 * into selfRef) and InplaceFillScalar (Fill). */
#include <pthread.h>
#include <stdio.h>

#include "op.h"

#include "aclnnop/aclnn_cat.h"
#include "aclnnop/aclnn_copy.h"
#include "aclnnop/aclnn_embedding.h"
#include "aclnnop/aclnn_fill_scalar.h"
#include "aclnnop/aclnn_gather.h"
#include "aclnnop/aclnn_permute.h"

/* ---- Permute ---- p.i[0..rank): the permutation */

static void build_permute(aclnn_builder *b, const aclnn_request *r)
{
    gecl_port y = AB_OP(b, "TransposeD", b->in[0]);
    ab_attr_ints(b, y, "perm", r->p.i, r->in[0]->ndim);
    b->out[0] = y;
}

aclnnStatus aclnnPermuteGetWorkspaceSize(const aclTensor *self, const aclIntArray *dims, aclTensor *out,
                                         uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    ACLNN_TRY(aclnn_check_tensor(self, "self"));
    ACLNN_TRY(aclnn_check_int_array(dims, "dims"));
    ACLNN_TRY(aclnn_check_tensor(out, "out"));
    ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor);
    ACLNN_CHECK(dims->size == self->ndim, "dims has %llu entries, self has %llu dims", (unsigned long long)dims->size,
                (unsigned long long)self->ndim);
    ACLNN_CHECK(out->dtype == self->dtype, "out is %s, self is %s: they must be the same",
                aclnn_dtype_name(out->dtype), aclnn_dtype_name(self->dtype));
    aclnn_request r;
    aclnn_request_init(&r, ACLNN_OP_Permute, build_permute);
    char seen[ACLNN_MAX_DIMS] = {0};
    int64_t out_dims[ACLNN_MAX_DIMS];
    for (uint64_t k = 0; k < dims->size; k++) {
        int64_t d;
        ACLNN_TRY(aclnn_check_dim(dims->values[k], self->ndim, "dims entry", &d));
        ACLNN_CHECK(!seen[d], "dims names dim %lld twice: it is not a permutation", (long long)d);
        seen[d] = 1;
        r.p.i[k] = d;
        out_dims[k] = self->dims[d];
    }
    ACLNN_TRY(aclnn_check_shape(out, "out", out_dims, self->ndim));
    ACLNN_TRY(aclnn_request_in(&r, self, "self"));
    ACLNN_TRY(aclnn_request_out(&r, out, "out"));
    return aclnn_prepare(&r, workspaceSize, executor);
}

/* ---- Cat ---- p.i[0]: dim */

/* "tensors[k]": the inputs' names in messages (the request keeps pointers to them). */
static char g_names[ACLNN_MAX_INPUTS][16];
static pthread_once_t g_names_once = PTHREAD_ONCE_INIT;

static void names_init(void)
{
    for (int k = 0; k < ACLNN_MAX_INPUTS; k++) snprintf(g_names[k], sizeof g_names[k], "tensors[%d]", k);
}

static const char *list_name(uint64_t k)
{
    pthread_once(&g_names_once, names_init);
    return g_names[k];
}

static void build_cat(aclnn_builder *b, const aclnn_request *r)
{
    gecl_port parts[ACLNN_MAX_INPUTS];
    size_t n = 0;
    for (size_t k = 0; k < r->n_in; k++)
        if (aclnn_numel(r->in[k])) /* empty tensors add nothing (PyTorch skips them too) */
            parts[n++] = ab_cast(b, b->in[k], r->in[k]->dtype, r->out[0]->dtype);
    if (n == 1) {
        b->out[0] = parts[0];
        return;
    }
    gecl_port y = ab_op(b, "ConcatD", n, parts);
    ab_attr_int(b, y, "concat_dim", r->p.i[0]);
    ab_attr_int(b, y, "N", (int64_t)n);
    b->out[0] = y;
}

aclnnStatus aclnnCatGetWorkspaceSize(const aclTensorList *tensors, int64_t dim, aclTensor *out,
                                     uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    ACLNN_TRY(aclnn_check_tensor_list(tensors, "tensors"));
    ACLNN_TRY(aclnn_check_tensor(out, "out"));
    ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor);
    ACLNN_CHECK(tensors->size > 0, "tensors is empty");
    ACLNN_CHECK(tensors->size <= ACLNN_MAX_INPUTS, "tensors has %llu tensors; gecl's Cat takes at most %d",
                (unsigned long long)tensors->size, ACLNN_MAX_INPUTS);
    /* PyTorch's legacy rule: 1-D empty tensors join anything; the rest share a rank. */
    const aclTensor *ref = NULL;
    aclDataType dt = ACL_BOOL;
    for (uint64_t k = 0; k < tensors->size; k++) {
        const aclTensor *t = tensors->items[k];
        dt = aclnn_promote(dt, t->dtype);
        ACLNN_CHECK(dt != ACL_DT_UNDEFINED, "tensors[%llu] is %s, which gecl's aclnn does not compute",
                    (unsigned long long)k, aclnn_dtype_name(t->dtype));
        if (!ref && !(t->ndim == 1 && t->dims[0] == 0)) ref = t;
    }
    ACLNN_TRY(aclnn_check_cast(dt, out, "out"));
    if (!ref) ref = tensors->items[0];
    ACLNN_CHECK(ref->ndim > 0, "tensors[0] is a scalar: Cat joins tensors of at least 1 dim");
    int64_t d;
    ACLNN_TRY(aclnn_check_dim(dim, ref->ndim, "dim", &d));
    int64_t out_dims[ACLNN_MAX_DIMS];
    for (uint64_t i = 0; i < ref->ndim; i++) out_dims[i] = i == (uint64_t)d ? 0 : ref->dims[i];
    aclnn_request r;
    aclnn_request_init(&r, ACLNN_OP_Cat, build_cat);
    for (uint64_t k = 0; k < tensors->size; k++) {
        const aclTensor *t = tensors->items[k];
        if (t->ndim == 1 && t->dims[0] == 0 && ref->ndim != 1) { /* joins anything, adds nothing */
            ACLNN_TRY(aclnn_request_in(&r, t, list_name(k)));
            continue;
        }
        char a[160], c[160];
        int ok = t->ndim == ref->ndim;
        for (uint64_t i = 0; ok && i < ref->ndim; i++) ok = i == (uint64_t)d || t->dims[i] == ref->dims[i];
        ACLNN_CHECK(ok, "tensors[%llu] has shape %s, which does not join %s along dim %lld", (unsigned long long)k,
                    aclnn_shape_str(t, a, sizeof a), aclnn_shape_str(ref, c, sizeof c), (long long)d);
        out_dims[d] += t->dims[d];
        ACLNN_TRY(aclnn_request_in(&r, t, list_name(k)));
    }
    ACLNN_TRY(aclnn_check_shape(out, "out", out_dims, ref->ndim));
    ACLNN_TRY(aclnn_request_out(&r, out, "out"));
    r.p.i[0] = d;
    return aclnn_prepare(&r, workspaceSize, executor);
}

/* ---- Gather and Embedding ---- */

static aclnnStatus check_index(const aclTensor *t, const char *name)
{
    ACLNN_CHECK(t->dtype == ACL_INT32 || t->dtype == ACL_INT64, "%s is %s; indices are ACL_INT32 or ACL_INT64", name,
                aclnn_dtype_name(t->dtype));
    return ACLNN_SUCCESS;
}

static void build_gather(aclnn_builder *b, const aclnn_request *r)
{
    gecl_port y = AB_OP(b, "GatherElements", b->in[0], b->in[1]);
    ab_attr_int(b, y, "dim", r->p.i[0]);
    b->out[0] = y;
}

aclnnStatus aclnnGatherGetWorkspaceSize(const aclTensor *self, const int64_t dim, const aclTensor *index,
                                        aclTensor *out, uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    ACLNN_TRY(aclnn_check_tensor(self, "self"));
    ACLNN_TRY(aclnn_check_tensor(index, "index"));
    ACLNN_TRY(aclnn_check_tensor(out, "out"));
    ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor);
    ACLNN_TRY(check_index(index, "index"));
    ACLNN_CHECK(out->dtype == self->dtype, "out is %s, self is %s: they must be the same",
                aclnn_dtype_name(out->dtype), aclnn_dtype_name(self->dtype));
    char a[160], c[160];
    ACLNN_CHECK(index->ndim == self->ndim, "index has %llu dims, self %llu: they must be the same",
                (unsigned long long)index->ndim, (unsigned long long)self->ndim);
    int64_t d;
    ACLNN_TRY(aclnn_check_dim(dim, self->ndim, "dim", &d));
    for (uint64_t i = 0; i < self->ndim; i++)
        ACLNN_CHECK(i == (uint64_t)d || index->dims[i] <= self->dims[i], "index %s is larger than self %s in dim %llu",
                    aclnn_shape_str(index, a, sizeof a), aclnn_shape_str(self, c, sizeof c), (unsigned long long)i);
    ACLNN_TRY(aclnn_check_shape(out, "out", index->dims, index->ndim));
    aclnn_request r;
    aclnn_request_init(&r, ACLNN_OP_Gather, build_gather);
    ACLNN_TRY(aclnn_request_in(&r, self, "self"));
    ACLNN_TRY(aclnn_request_in(&r, index, "index"));
    ACLNN_TRY(aclnn_request_out(&r, out, "out"));
    r.p.i[0] = d;
    return aclnn_prepare(&r, workspaceSize, executor);
}

static void build_embedding(aclnn_builder *b, const aclnn_request *r)
{
    (void)r;
    gecl_port axis = ab_ints(b, ACL_INT32, 1, (const int64_t[]){0}, 1);
    b->out[0] = AB_OP(b, "GatherV2", b->in[0], b->in[1], axis);
}

aclnnStatus aclnnEmbeddingGetWorkspaceSize(const aclTensor *weight, const aclTensor *indices, const aclTensor *out,
                                           uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    ACLNN_TRY(aclnn_check_tensor(weight, "weight"));
    ACLNN_TRY(aclnn_check_tensor(indices, "indices"));
    ACLNN_TRY(aclnn_check_tensor(out, "out"));
    ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor);
    ACLNN_TRY(check_index(indices, "indices"));
    char a[160];
    ACLNN_CHECK(weight->ndim == 2, "weight has shape %s; it must be a matrix [num_embeddings, embedding_dim]",
                aclnn_shape_str(weight, a, sizeof a));
    ACLNN_CHECK(indices->ndim < ACLNN_MAX_DIMS, "indices has %llu dims: the result would have more than %d",
                (unsigned long long)indices->ndim, ACLNN_MAX_DIMS);
    ACLNN_CHECK(out->dtype == weight->dtype, "out is %s, weight is %s: they must be the same",
                aclnn_dtype_name(out->dtype), aclnn_dtype_name(weight->dtype));
    int64_t dims[ACLNN_MAX_DIMS];
    for (uint64_t i = 0; i < indices->ndim; i++) dims[i] = indices->dims[i];
    dims[indices->ndim] = weight->dims[1];
    ACLNN_TRY(aclnn_check_shape(out, "out", dims, indices->ndim + 1));
    aclnn_request r;
    aclnn_request_init(&r, ACLNN_OP_Embedding, build_embedding);
    ACLNN_TRY(aclnn_request_in(&r, weight, "weight"));
    ACLNN_TRY(aclnn_request_in(&r, indices, "indices"));
    ACLNN_TRY(aclnn_request_out(&r, out, "out"));
    return aclnn_prepare(&r, workspaceSize, executor);
}

/* ---- InplaceCopy ---- p.i[0]: src needs broadcasting */

static void build_copy(aclnn_builder *b, const aclnn_request *r)
{
    const aclTensor *src = r->in[0], *dst = r->out[0];
    gecl_port y = ab_cast(b, b->in[0], src->dtype, dst->dtype);
    if (r->p.i[0]) y = AB_OP(b, "Expand", y, ab_ints(b, ACL_INT64, dst->ndim, dst->dims, 0));
    b->out[0] = y; /* src itself when nothing changes: the graph copies it */
}

aclnnStatus aclnnInplaceCopyGetWorkspaceSize(aclTensor *selfRef, const aclTensor *src, uint64_t *workspaceSize,
                                             aclOpExecutor **executor)
{
    GECL_ENTER();
    ACLNN_TRY(aclnn_check_tensor(selfRef, "selfRef"));
    ACLNN_TRY(aclnn_check_tensor(src, "src"));
    ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor);
    ACLNN_CHECK(aclnn_dtype_supported(src->dtype), "src is %s, which gecl's aclnn does not compute",
                aclnn_dtype_name(src->dtype));
    char a[160], c[160];
    int ok = src->ndim <= selfRef->ndim, same = src->ndim == selfRef->ndim;
    for (uint64_t k = 0; ok && k < src->ndim; k++) {
        int64_t want = selfRef->dims[selfRef->ndim - src->ndim + k];
        ok = src->dims[k] == want || src->dims[k] == 1;
        same = same && src->dims[k] == want;
    }
    ACLNN_CHECK(ok, "src %s does not broadcast to selfRef %s", aclnn_shape_str(src, a, sizeof a),
                aclnn_shape_str(selfRef, c, sizeof c));
    aclnn_request r;
    aclnn_request_init(&r, ACLNN_OP_InplaceCopy, build_copy);
    ACLNN_TRY(aclnn_request_in(&r, src, "src"));
    ACLNN_TRY(aclnn_request_out(&r, selfRef, "selfRef"));
    r.p.i[0] = !same;
    return aclnn_prepare(&r, workspaceSize, executor);
}

/* ---- InplaceFillScalar ---- p.s[0]: the value */

static void build_fill(aclnn_builder *b, const aclnn_request *r)
{
    const aclTensor *t = r->out[0];
    aclScalar v = aclnn_param_scalar(r, 0);
    b->out[0] = AB_OP(b, "Fill", ab_ints(b, ACL_INT64, t->ndim, t->dims, 0), ab_scalar(b, t->dtype, &v));
}

aclnnStatus aclnnInplaceFillScalarGetWorkspaceSize(aclTensor *selfRef, const aclScalar *value,
                                                   uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    ACLNN_TRY(aclnn_check_tensor(selfRef, "selfRef"));
    ACLNN_TRY(aclnn_check_scalar(value, "value"));
    ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor);
    aclnn_request r;
    aclnn_request_init(&r, ACLNN_OP_InplaceFillScalar, build_fill);
    ACLNN_TRY(aclnn_request_out(&r, selfRef, "selfRef"));
    aclnn_param_scalar_set(&r, 0, value);
    return aclnn_prepare(&r, workspaceSize, executor);
}
