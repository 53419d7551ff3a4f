/* meta.h: the host objects of the aclnn API (aclnn/acl_meta.h): what an aclTensor, aclScalar and
 * the arrays hold, the set of live objects that every call checks its handles against, and the
 * status/message helpers of the layer. */
#ifndef GECL_ACLNN_META_H
#define GECL_ACLNN_META_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "aclnn/acl_meta.h"
#include "aclnn/opdev/op_errno.h"
#include "error.h"
#include "gecl/gecl.h"

/* gecl's tensors have at most GECL_MAX_DIMS dims; aclCreateTensor refuses more. */
#define ACLNN_MAX_DIMS GECL_MAX_DIMS

struct aclTensor {
    aclDataType dtype;
    aclFormat format;
    uint64_t ndim;
    int64_t dims[ACLNN_MAX_DIMS];
    int64_t strides[ACLNN_MAX_DIMS];
    int64_t offset;                     /* view offset, in elements */
    uint64_t storage_ndim;
    int64_t storage_dims[ACLNN_MAX_DIMS];
    void *data;                         /* device address of the storage */
};

/* A host value: floats kept as double, integers as int64 (uint64 beyond INT64_MAX as u), bool
 * as 0/1. */
struct aclScalar {
    aclDataType dtype;
    double f;
    int64_t i;
    uint64_t u;
};

struct aclIntArray {
    uint64_t size;
    int64_t *values;
};
struct aclFloatArray {
    uint64_t size;
    float *values;
};
struct aclBoolArray {
    uint64_t size;
    bool *values;
};
/* A list owns its elements: destroying it destroys them (as CANN's lists do). */
struct aclTensorList {
    uint64_t size;
    aclTensor **items;
};
struct aclScalarList {
    uint64_t size;
    aclScalar **items;
};

/* ---- live objects (objects.c) ----
 * Every object the API hands out is registered until destroyed, so a call given a destroyed,
 * foreign or made-up pointer fails with a message instead of reading freed memory. */
typedef enum aclnn_kind {
    ACLNN_KIND_TENSOR = 1,
    ACLNN_KIND_SCALAR,
    ACLNN_KIND_INT_ARRAY,
    ACLNN_KIND_FLOAT_ARRAY,
    ACLNN_KIND_BOOL_ARRAY,
    ACLNN_KIND_TENSOR_LIST,
    ACLNN_KIND_SCALAR_LIST,
    ACLNN_KIND_EXECUTOR
} aclnn_kind;

/* 0 when registered, -1 when out of memory. */
int aclnn_obj_add(const void *obj, aclnn_kind kind);
/* 1 when obj is live and of that kind. */
int aclnn_obj_live(const void *obj, aclnn_kind kind);
/* The index of the first of objs[0..n) that is not live with kinds[k] (n when all are): one lock
 * for all of a call's arguments. */
size_t aclnn_obj_live_n(const void *const *objs, const aclnn_kind *kinds, size_t n);
/* 1 when obj is live and of that kind; then, if remove_if(obj), it is unregistered (the caller
 * alone uses obj: an executor being run). */
int aclnn_obj_live_then(const void *obj, aclnn_kind kind, int (*remove_if)(const void *obj));
/* Unregisters obj if live and of that kind; 1 when it was. */
int aclnn_obj_remove(const void *obj, aclnn_kind kind);
/* Live objects of a kind (leak checks in the tests: gecl_aclnn_live_objects). */
size_t aclnn_obj_count(aclnn_kind kind);
const char *aclnn_kind_name(aclnn_kind kind);

/* ---- status (status.c) ---- */

/* Sets this thread's message ("<api>: <text>", for aclGetRecentErrMsg) and returns code. */
aclnnStatus aclnn_fail(aclnnStatus code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A lower layer's failure (its message already set) as an aclnn status, its message kept after
 * `fmt`: GE's PARAM_INVALID is ACLNN_ERR_PARAM_INVALID, anything else (device, build, memory)
 * ACLNN_ERR_RUNTIME_ERROR. */
aclnnStatus aclnn_wrap_ge(gecl_status rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same for an ACL runtime code. */
aclnnStatus aclnn_wrap_acl(aclError rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
aclnnStatus aclnn_oom(void);

#define ACLNN_CHECK_NULL(p, name)                                                                \
    do {                                                                                         \
        if (!(p)) return aclnn_fail(ACLNN_ERR_PARAM_NULLPTR, "%s is NULL", (name));              \
    } while (0)
#define ACLNN_CHECK(cond, ...)                                                                   \
    do {                                                                                         \
        if (!(cond)) return aclnn_fail(ACLNN_ERR_PARAM_INVALID, __VA_ARGS__);                    \
    } while (0)

/* ---- checks on the objects (meta.c) ---- */

/* A live tensor (NULLPTR when NULL, PARAM_INVALID when not live); `name` is the argument's name. */
aclnnStatus aclnn_check_tensor(const aclTensor *t, const char *name);
aclnnStatus aclnn_check_scalar(const aclScalar *s, const char *name);
aclnnStatus aclnn_check_int_array(const aclIntArray *a, const char *name);
aclnnStatus aclnn_check_tensor_list(const aclTensorList *l, const char *name);
/* The same checks for several arguments at once, in order (the first failure is reported). */
typedef struct aclnn_arg {
    const void *obj;
    aclnn_kind kind;     /* ACLNN_KIND_TENSOR or ACLNN_KIND_SCALAR */
    const char *name;
} aclnn_arg;
aclnnStatus aclnn_check_args(const aclnn_arg *args, size_t n);
/* Elements of t's view. */
int64_t aclnn_numel(const aclTensor *t);
/* "[2,3]" */
const char *aclnn_shape_str(const aclTensor *t, char *buf, size_t size);
const char *aclnn_dims_str(const int64_t *dims, uint64_t n, char *buf, size_t size);

/* ---- data types (dtypes.c) ---- */

/* gecl computes with the aclDataTypes whose values it shares with ge::DataType (float, float16,
 * bfloat16, double, the integers, bool); 0 for the others (complex, strings, ...). */
int aclnn_dtype_supported(aclDataType dt);
size_t aclnn_dtype_size(aclDataType dt);
const char *aclnn_dtype_name(aclDataType dt);
int aclnn_dtype_is_float(aclDataType dt);
int aclnn_dtype_is_int(aclDataType dt);     /* integers, not bool */
/* PyTorch's promotion of two tensor dtypes (aclnn's rule): bool < integers < floating types;
 * within a category the wider type; int8 with uint8 gives int16; float16 with bfloat16 gives
 * float. ACL_DT_UNDEFINED when either is unsupported. */
aclDataType aclnn_promote(aclDataType a, aclDataType b);
/* The dtype of `t (op) scalar`: the tensor's, unless the scalar is of a higher category
 * (a float scalar with an integer or bool tensor gives float; an integer scalar with a bool
 * tensor gives int64). */
aclDataType aclnn_promote_scalar(aclDataType tensor, aclDataType scalar);
/* The scalar's value converted to dt, written to out (aclnn_dtype_size(dt) bytes). */
void aclnn_scalar_store(const aclScalar *s, aclDataType dt, void *out);
double aclnn_scalar_double(const aclScalar *s);
int aclnn_scalar_is_one(const aclScalar *s);
int aclnn_scalar_is_zero(const aclScalar *s);

#endif
