/* op.h: what an operator's first phase (aclnnXxxGetWorkspaceSize) hands to the common path.
 *
 * An operator checks its arguments and fills a request: its tensors (graph inputs and outputs,
 * in call order), plain parameters (axes, scalar values, dtypes) and a function that builds its
 * one-op graph from CANN ops. aclnn_prepare keys the request by (operator, device, every tensor's
 * dtype/format/shape, parameters), finds or compiles and loads the graph for that key (cache.c)
 * and returns an executor holding the tensors' addresses. The second phase binds those
 * addresses and the workspace and enqueues the graph's kernels (executor.c): the same kernels as
 * the graph engine, compiled once per key. */
#ifndef GECL_ACLNN_OP_H
#define GECL_ACLNN_OP_H

#include "aclnn_ops.h"
#include "meta.h"

#define ACLNN_MAX_INPUTS 64
#define ACLNN_MAX_OUTPUTS 4
#define ACLNN_MAX_INTS 16

/* A host scalar as a parameter: explicit padding, so the key's bytes are its value's. */
typedef struct aclnn_scalar_param {
    int32_t dtype, pad;
    double f;
    int64_t i;
    uint64_t u;
} aclnn_scalar_param;

/* Parameters: plain values, zeroed by aclnn_request_init and hashed as bytes into the key. */
typedef struct aclnn_params {
    int64_t i[ACLNN_MAX_INTS];
    double f[4];
    int32_t dt[4];
    aclnn_scalar_param s[3];
} aclnn_params;

typedef struct aclnn_builder aclnn_builder;
typedef struct aclnn_request aclnn_request;
/* Builds the graph with the ab_* helpers from b->in (one Data port per request input) and sets
 * b->out[j] for each request output. Failures are recorded in b (ab_*), not returned. */
typedef void (*aclnn_build_fn)(aclnn_builder *b, const aclnn_request *r);

struct aclnn_request {
    aclnn_op op;
    size_t n_in, n_out;
    const aclTensor *in[ACLNN_MAX_INPUTS];
    const aclTensor *out[ACLNN_MAX_OUTPUTS];
    const char *in_names[ACLNN_MAX_INPUTS];    /* argument names, for messages */
    const char *out_names[ACLNN_MAX_OUTPUTS];
    aclnn_params p;
    aclnn_build_fn build;
};

void aclnn_request_init(aclnn_request *r, aclnn_op op, aclnn_build_fn build);
/* Appends a tensor (already checked live); fails when there are too many. */
aclnnStatus aclnn_request_in(aclnn_request *r, const aclTensor *t, const char *name);
aclnnStatus aclnn_request_out(aclnn_request *r, const aclTensor *t, const char *name);
/* Parameter scalar k: set from an aclScalar, read back as one. */
void aclnn_param_scalar_set(aclnn_request *r, int k, const aclScalar *s);
aclScalar aclnn_param_scalar(const aclnn_request *r, int k);
/* Checks every tensor (dtype computable, contiguous view inside its storage, data present), finds
 * or compiles the graph, and creates the executor. */
aclnnStatus aclnn_prepare(const aclnn_request *r, uint64_t *workspaceSize, aclOpExecutor **executor);

/* The two output arguments every first phase has: checked first, as CANN does. */
#define ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor)                                         \
    do {                                                                                         \
        ACLNN_CHECK_NULL(workspaceSize, "workspaceSize");                                        \
        ACLNN_CHECK_NULL(executor, "executor");                                                  \
    } while (0)
/* Returns from the calling function when rc is a failure. */
#define ACLNN_TRY(expr)                                                                          \
    do {                                                                                         \
        aclnnStatus aclnn_rc_ = (expr);                                                          \
        if (aclnn_rc_ != ACLNN_SUCCESS) return aclnn_rc_;                                        \
    } while (0)

/* ---- argument checks shared by the operators (checks.c) ---- */

/* numpy broadcasting of a and b into dims (returns the rank), -1 when they do not broadcast. */
int aclnn_broadcast(const aclTensor *a, const aclTensor *b, int64_t *dims);
/* out must have exactly these dims (message names `what`). */
aclnnStatus aclnn_check_shape(const aclTensor *out, const char *what, const int64_t *dims, uint64_t ndim);
aclnnStatus aclnn_check_same_shape(const aclTensor *a, const char *an, const aclTensor *b, const char *bn);
/* The tensor's dtype is one of the float types (float, float16, bfloat16, double). */
aclnnStatus aclnn_check_float(const aclTensor *t, const char *name);
/* PyTorch's casting rule for results written to `out`: no floating type into an integer or bool,
 * no integer into bool. */
aclnnStatus aclnn_check_cast(aclDataType from, const aclTensor *out, const char *name);
/* A dim in [-rank, rank) (rank 0 takes -1 and 0), made non-negative into *out. */
aclnnStatus aclnn_check_dim(int64_t dim, uint64_t rank, const char *what, int64_t *out);

/* ---- building the graph (builder.c) ---- */

struct aclnn_builder {
    gecl_graph *g;
    gecl_status rc;        /* the first failure; later calls do nothing */
    int counter;           /* node names */
    gecl_port in[ACLNN_MAX_INPUTS];
    gecl_port out[ACLNN_MAX_OUTPUTS];
};

/* A Const scalar (rank 0) of dtype dt holding s's value (converted as PyTorch casts). */
gecl_port ab_scalar(aclnn_builder *b, aclDataType dt, const aclScalar *s);
gecl_port ab_scalar_f(aclnn_builder *b, aclDataType dt, double v);
/* A Const integer tensor of dtype dt (ACL_INT32 or ACL_INT64): rank 1 of n values, or rank 0
 * when rank0 (n must be 1). */
gecl_port ab_ints(aclnn_builder *b, aclDataType dt, size_t n, const int64_t *v, int rank0);
/* An op of CANN type `type` on the given inputs. */
gecl_port ab_op(aclnn_builder *b, const char *type, size_t n, const gecl_port *inputs);
#define AB_OP(b, type, ...)                                                                      \
    ab_op((b), (type), sizeof((gecl_port[]){__VA_ARGS__}) / sizeof(gecl_port), (gecl_port[]){__VA_ARGS__})
void ab_attr_int(aclnn_builder *b, gecl_port node, const char *name, int64_t v);
void ab_attr_ints(aclnn_builder *b, gecl_port node, const char *name, const int64_t *v, size_t n);
void ab_attr_float(aclnn_builder *b, gecl_port node, const char *name, float v);
void ab_attr_bool(aclnn_builder *b, gecl_port node, const char *name, int v);
void ab_attr_string(aclnn_builder *b, gecl_port node, const char *name, const char *v);
/* x converted from dtype `from` to `to` (x itself when they are the same). */
gecl_port ab_cast(aclnn_builder *b, gecl_port x, aclDataType from, aclDataType to);
/* Declares how input `index` of node is laid out (Conv2D's filter: NCHW = OIHW). */
void ab_input_format(aclnn_builder *b, gecl_port node, size_t index, gecl_format format);
/* A Const tensor of dtype dt and dims, every element v. */
gecl_port ab_fill_f(aclnn_builder *b, aclDataType dt, const int64_t *dims, size_t n, double v);
/* x reshaped to dims (a Reshape with a Const shape). */
gecl_port ab_reshape(aclnn_builder *b, gecl_port x, const int64_t *dims, size_t n);

#endif
