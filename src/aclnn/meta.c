/* meta.c: aclTensor, aclScalar, the arrays and lists of aclnn/acl_meta.h: creation (checked;
 * NULL with a message on bad arguments, as CANN returns nullptr), destruction and the getters.
 * These are host objects: they need no aclInit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meta.h"

const char *aclnn_dims_str(const int64_t *dims, uint64_t n, char *buf, size_t size)
{
    size_t at = 0;
    at += (size_t)snprintf(buf, size, "[");
    for (uint64_t i = 0; i < n && at < size; i++)
        at += (size_t)snprintf(buf + at, size - at, "%s%lld", i ? "," : "", (long long)dims[i]);
    if (at < size) snprintf(buf + at, size - at, "]");
    return buf;
}

const char *aclnn_shape_str(const aclTensor *t, char *buf, size_t size)
{
    return aclnn_dims_str(t->dims, t->ndim, buf, size);
}

int64_t aclnn_numel(const aclTensor *t)
{
    int64_t n = 1;
    for (uint64_t i = 0; i < t->ndim; i++) n *= t->dims[i];
    return n;
}

/* Fills t from aclCreateTensor's arguments; a message and its code when they are bad. Stride
 * NULL means the contiguous strides, storage dims NULL the view's dims. */
static aclnnStatus fill_tensor(aclTensor *t, const int64_t *viewDims, uint64_t viewDimsNum, aclDataType dataType,
                       const int64_t *stride, int64_t offset, aclFormat format, const int64_t *storageDims,
                       uint64_t storageDimsNum, void *data)
{
    if (viewDimsNum > ACLNN_MAX_DIMS) {
        return aclnn_fail(ACLNN_ERR_PARAM_INVALID, "viewDimsNum is %llu; gecl's tensors have at most %d dims",
                   (unsigned long long)viewDimsNum, ACLNN_MAX_DIMS);
    }
    if (storageDims && storageDimsNum > ACLNN_MAX_DIMS) {
        return aclnn_fail(ACLNN_ERR_PARAM_INVALID, "storageDimsNum is %llu; gecl's tensors have at most %d dims",
                   (unsigned long long)storageDimsNum, ACLNN_MAX_DIMS);
    }
    if (viewDimsNum && !viewDims) {
        return aclnn_fail(ACLNN_ERR_PARAM_NULLPTR, "viewDims is NULL with viewDimsNum %llu", (unsigned long long)viewDimsNum);
    }
    if (storageDimsNum && !storageDims) {
        return aclnn_fail(ACLNN_ERR_PARAM_NULLPTR, "storageDims is NULL with storageDimsNum %llu",
                   (unsigned long long)storageDimsNum);
    }
    if (offset < 0) {
        return aclnn_fail(ACLNN_ERR_PARAM_INVALID, "offset %lld is negative", (long long)offset);
    }
    memset(t, 0, sizeof *t);
    t->dtype = dataType;
    t->format = format;
    t->ndim = viewDimsNum;
    t->offset = offset;
    t->data = data;
    int64_t contiguous = 1;
    for (uint64_t k = viewDimsNum; k-- > 0;) {
        if (viewDims[k] < 0) {
            return aclnn_fail(ACLNN_ERR_PARAM_INVALID, "viewDims[%llu] is %lld", (unsigned long long)k, (long long)viewDims[k]);
        }
        t->dims[k] = viewDims[k];
        t->strides[k] = stride ? stride[k] : contiguous;
        if (t->strides[k] < 0) {
            return aclnn_fail(ACLNN_ERR_PARAM_INVALID, "stride[%llu] is %lld; negative strides are not supported",
                       (unsigned long long)k, (long long)t->strides[k]);
        }
        contiguous *= viewDims[k] ? viewDims[k] : 1;
    }
    if (storageDims) {
        t->storage_ndim = storageDimsNum;
        for (uint64_t k = 0; k < storageDimsNum; k++) {
            if (storageDims[k] < 0) {
                return aclnn_fail(ACLNN_ERR_PARAM_INVALID, "storageDims[%llu] is %lld", (unsigned long long)k,
                           (long long)storageDims[k]);
            }
            t->storage_dims[k] = storageDims[k];
        }
    } else {
        t->storage_ndim = viewDimsNum;
        memcpy(t->storage_dims, t->dims, sizeof t->dims);
    }
    return ACLNN_SUCCESS;
}

aclTensor *aclCreateTensor(const int64_t *viewDims, uint64_t viewDimsNum, aclDataType dataType, const int64_t *stride,
                           int64_t offset, aclFormat format, const int64_t *storageDims, uint64_t storageDimsNum,
                           void *tensorData)
{
    GECL_ENTER();
    aclTensor *t = malloc(sizeof *t);
    if (!t) {
        aclnn_oom();
        return NULL;
    }
    if (fill_tensor(t, viewDims, viewDimsNum, dataType, stride, offset, format, storageDims, storageDimsNum,
                    tensorData)) {
        free(t);
        return NULL;
    }
    if (aclnn_obj_add(t, ACLNN_KIND_TENSOR) != 0) {
        free(t);
        aclnn_oom();
        return NULL;
    }
    return t;
}

aclnnStatus aclInitTensor(aclTensor *tensor, const int64_t *viewDims, uint64_t viewDimsNum, aclDataType dataType,
                          const int64_t *stride, int64_t offset, aclFormat format, const int64_t *storageDims,
                          uint64_t storageDimsNum, void *tensorDataAddr)
{
    GECL_ENTER();
    aclnnStatus rc = aclnn_check_tensor(tensor, "tensor");
    if (rc) return rc;
    aclTensor tmp;
    rc = fill_tensor(&tmp, viewDims, viewDimsNum, dataType, stride, offset, format, storageDims, storageDimsNum,
                     tensorDataAddr);
    if (rc) return rc;
    *tensor = tmp;
    return ACLNN_SUCCESS;
}

aclnnStatus aclnn_check_tensor(const aclTensor *t, const char *name)
{
    ACLNN_CHECK_NULL(t, name);
    ACLNN_CHECK(aclnn_obj_live(t, ACLNN_KIND_TENSOR), "%s (%p) is not a live aclTensor (destroyed, or not made by "
                "aclCreateTensor)", name, (const void *)t);
    return ACLNN_SUCCESS;
}

aclnnStatus aclnn_check_scalar(const aclScalar *s, const char *name)
{
    ACLNN_CHECK_NULL(s, name);
    ACLNN_CHECK(aclnn_obj_live(s, ACLNN_KIND_SCALAR), "%s (%p) is not a live aclScalar (destroyed, or not made by "
                "aclCreateScalar)", name, (const void *)s);
    return ACLNN_SUCCESS;
}

aclnnStatus aclnn_check_int_array(const aclIntArray *a, const char *name)
{
    ACLNN_CHECK_NULL(a, name);
    ACLNN_CHECK(aclnn_obj_live(a, ACLNN_KIND_INT_ARRAY), "%s (%p) is not a live aclIntArray (destroyed, or not made "
                "by aclCreateIntArray)", name, (const void *)a);
    return ACLNN_SUCCESS;
}

aclnnStatus aclnn_check_tensor_list(const aclTensorList *l, const char *name)
{
    ACLNN_CHECK_NULL(l, name);
    ACLNN_CHECK(aclnn_obj_live(l, ACLNN_KIND_TENSOR_LIST), "%s (%p) is not a live aclTensorList (destroyed, or not "
                "made by aclCreateTensorList)", name, (const void *)l);
    for (uint64_t k = 0; k < l->size; k++)
        ACLNN_CHECK(aclnn_obj_live(l->items[k], ACLNN_KIND_TENSOR), "%s[%llu] (%p) is no longer a live aclTensor", name,
                    (unsigned long long)k, (const void *)l->items[k]);
    return ACLNN_SUCCESS;
}

aclnnStatus aclnn_check_args(const aclnn_arg *args, size_t n)
{
    const void *objs[8];
    aclnn_kind kinds[8];
    for (size_t k = 0; k < n && k < 8; k++) {
        ACLNN_CHECK_NULL(args[k].obj, args[k].name);
        objs[k] = args[k].obj;
        kinds[k] = args[k].kind;
    }
    size_t bad = aclnn_obj_live_n(objs, kinds, n < 8 ? n : 8);
    if (bad == (n < 8 ? n : 8)) return ACLNN_SUCCESS;
    return args[bad].kind == ACLNN_KIND_TENSOR ? aclnn_check_tensor(args[bad].obj, args[bad].name)
                                               : aclnn_check_scalar(args[bad].obj, args[bad].name);
}

aclScalar *aclCreateScalar(void *value, aclDataType dataType)
{
    GECL_ENTER();
    if (!value) {
        aclnn_fail(ACLNN_ERR_PARAM_NULLPTR, "value is NULL");
        return NULL;
    }
    if (!aclnn_dtype_supported(dataType)) {
        aclnn_fail(ACLNN_ERR_PARAM_INVALID, "dataType %d (%s) is not supported for scalars", (int)dataType,
                   aclnn_dtype_name(dataType));
        return NULL;
    }
    aclScalar *s = calloc(1, sizeof *s);
    if (!s) {
        aclnn_oom();
        return NULL;
    }
    s->dtype = dataType;
    const void *v = value;
    switch (dataType) {
    case ACL_FLOAT: { float x; memcpy(&x, v, 4); s->f = x; break; }
    case ACL_DOUBLE: memcpy(&s->f, v, 8); break;
    case ACL_FLOAT16: { aclFloat16 x; memcpy(&x, v, 2); s->f = aclFloat16ToFloat(x); break; }
    case ACL_BF16: { uint16_t x; memcpy(&x, v, 2); uint32_t u = (uint32_t)x << 16; float f; memcpy(&f, &u, 4); s->f = f; break; }
    case ACL_INT8: { int8_t x; memcpy(&x, v, 1); s->i = x; break; }
    case ACL_INT16: { int16_t x; memcpy(&x, v, 2); s->i = x; break; }
    case ACL_INT32: { int32_t x; memcpy(&x, v, 4); s->i = x; break; }
    case ACL_INT64: memcpy(&s->i, v, 8); break;
    case ACL_UINT8: { uint8_t x; memcpy(&x, v, 1); s->i = x; break; }
    case ACL_UINT16: { uint16_t x; memcpy(&x, v, 2); s->i = x; break; }
    case ACL_UINT32: { uint32_t x; memcpy(&x, v, 4); s->i = x; break; }
    case ACL_UINT64: memcpy(&s->u, v, 8); s->i = (int64_t)s->u; break;
    case ACL_BOOL: { uint8_t x; memcpy(&x, v, 1); s->i = x != 0; break; }
    default: break;
    }
    if (!aclnn_dtype_is_float(dataType)) s->f = dataType == ACL_UINT64 ? (double)s->u : (double)s->i;
    if (dataType != ACL_UINT64) s->u = (uint64_t)s->i;
    if (aclnn_obj_add(s, ACLNN_KIND_SCALAR) != 0) {
        free(s);
        aclnn_oom();
        return NULL;
    }
    return s;
}

/* The three number arrays share their shape: a size and a copy of the values. */
#define DEFINE_ARRAY(Type, T, kind, create)                                                      \
    Type *create(const T *value, uint64_t size)                                                  \
    {                                                                                            \
        GECL_ENTER();                                                                            \
        if (size && !value) {                                                                    \
            aclnn_fail(ACLNN_ERR_PARAM_NULLPTR, "value is NULL with size %llu", (unsigned long long)size); \
            return NULL;                                                                         \
        }                                                                                        \
        Type *a = calloc(1, sizeof *a);                                                          \
        T *copy = malloc((size ? size : 1) * sizeof *copy);                                      \
        if (!a || !copy || aclnn_obj_add(a, kind) != 0) {                                        \
            free(a);                                                                             \
            free(copy);                                                                          \
            aclnn_oom();                                                                         \
            return NULL;                                                                         \
        }                                                                                        \
        if (size) memcpy(copy, value, size * sizeof *copy);                                      \
        a->size = size;                                                                          \
        a->values = copy;                                                                        \
        return a;                                                                                \
    }
DEFINE_ARRAY(aclIntArray, int64_t, ACLNN_KIND_INT_ARRAY, aclCreateIntArray)
DEFINE_ARRAY(aclFloatArray, float, ACLNN_KIND_FLOAT_ARRAY, aclCreateFloatArray)
DEFINE_ARRAY(aclBoolArray, bool, ACLNN_KIND_BOOL_ARRAY, aclCreateBoolArray)

aclTensorList *aclCreateTensorList(const aclTensor *const *value, uint64_t size)
{
    GECL_ENTER();
    if (size && !value) {
        aclnn_fail(ACLNN_ERR_PARAM_NULLPTR, "value is NULL with size %llu", (unsigned long long)size);
        return NULL;
    }
    for (uint64_t k = 0; k < size; k++) {
        char name[32];
        snprintf(name, sizeof name, "value[%llu]", (unsigned long long)k);
        if (aclnn_check_tensor(value[k], name)) return NULL;
    }
    aclTensorList *l = calloc(1, sizeof *l);
    aclTensor **items = calloc(size ? size : 1, sizeof *items);
    if (!l || !items || aclnn_obj_add(l, ACLNN_KIND_TENSOR_LIST) != 0) {
        free(l);
        free(items);
        aclnn_oom();
        return NULL;
    }
    for (uint64_t k = 0; k < size; k++) items[k] = (aclTensor *)value[k];
    l->size = size;
    l->items = items;
    return l;
}

aclScalarList *aclCreateScalarList(const aclScalar *const *value, uint64_t size)
{
    GECL_ENTER();
    if (size && !value) {
        aclnn_fail(ACLNN_ERR_PARAM_NULLPTR, "value is NULL with size %llu", (unsigned long long)size);
        return NULL;
    }
    for (uint64_t k = 0; k < size; k++) {
        char name[32];
        snprintf(name, sizeof name, "value[%llu]", (unsigned long long)k);
        if (aclnn_check_scalar(value[k], name)) return NULL;
    }
    aclScalarList *l = calloc(1, sizeof *l);
    aclScalar **items = calloc(size ? size : 1, sizeof *items);
    if (!l || !items || aclnn_obj_add(l, ACLNN_KIND_SCALAR_LIST) != 0) {
        free(l);
        free(items);
        aclnn_oom();
        return NULL;
    }
    for (uint64_t k = 0; k < size; k++) items[k] = (aclScalar *)value[k];
    l->size = size;
    l->items = items;
    return l;
}

/* Destroying a NULL object is a no-op (CANN's samples destroy unconditionally); a pointer that
 * is not a live object of that kind is refused. */
static aclnnStatus destroy_check(const void *obj, aclnn_kind kind)
{
    if (!obj) return ACLNN_SUCCESS;
    if (!aclnn_obj_remove(obj, kind))
        return aclnn_fail(ACLNN_ERR_PARAM_INVALID, "%p is not a live %s (destroyed already, or not made by gecl)", obj,
                          aclnn_kind_name(kind));
    return ACLNN_SUCCESS;
}

aclnnStatus aclDestroyTensor(const aclTensor *tensor)
{
    GECL_ENTER();
    if (!tensor) return ACLNN_SUCCESS;
    aclnnStatus rc = destroy_check(tensor, ACLNN_KIND_TENSOR);
    if (!rc) free((void *)tensor);
    return rc;
}

aclnnStatus aclDestroyScalar(const aclScalar *scalar)
{
    GECL_ENTER();
    if (!scalar) return ACLNN_SUCCESS;
    aclnnStatus rc = destroy_check(scalar, ACLNN_KIND_SCALAR);
    if (!rc) free((void *)scalar);
    return rc;
}

#define DEFINE_DESTROY_ARRAY(Type, kind, destroy)                                                \
    aclnnStatus destroy(const Type *array)                                                       \
    {                                                                                            \
        GECL_ENTER();                                                                            \
        if (!array) return ACLNN_SUCCESS;                                                        \
        aclnnStatus rc = destroy_check(array, kind);                                             \
        if (!rc) {                                                                               \
            free(array->values);                                                                 \
            free((void *)array);                                                                 \
        }                                                                                        \
        return rc;                                                                               \
    }
DEFINE_DESTROY_ARRAY(aclIntArray, ACLNN_KIND_INT_ARRAY, aclDestroyIntArray)
DEFINE_DESTROY_ARRAY(aclFloatArray, ACLNN_KIND_FLOAT_ARRAY, aclDestroyFloatArray)
DEFINE_DESTROY_ARRAY(aclBoolArray, ACLNN_KIND_BOOL_ARRAY, aclDestroyBoolArray)

aclnnStatus aclDestroyTensorList(const aclTensorList *array)
{
    GECL_ENTER();
    if (!array) return ACLNN_SUCCESS;
    aclnnStatus rc = destroy_check(array, ACLNN_KIND_TENSOR_LIST);
    if (rc) return rc;
    for (uint64_t k = 0; k < array->size; k++) /* elements the caller destroyed already are skipped */
        if (aclnn_obj_remove(array->items[k], ACLNN_KIND_TENSOR)) free(array->items[k]);
    free(array->items);
    free((void *)array);
    return ACLNN_SUCCESS;
}

aclnnStatus aclDestroyScalarList(const aclScalarList *array)
{
    GECL_ENTER();
    if (!array) return ACLNN_SUCCESS;
    aclnnStatus rc = destroy_check(array, ACLNN_KIND_SCALAR_LIST);
    if (rc) return rc;
    for (uint64_t k = 0; k < array->size; k++)
        if (aclnn_obj_remove(array->items[k], ACLNN_KIND_SCALAR)) free(array->items[k]);
    free(array->items);
    free((void *)array);
    return ACLNN_SUCCESS;
}

/* ---- getters: arrays come back malloc'd; the caller frees them with free() ---- */

static aclnnStatus copy_dims(const int64_t *src, uint64_t n, int64_t **out, uint64_t *num)
{
    *out = malloc((n ? n : 1) * sizeof **out);
    if (!*out) return aclnn_oom();
    if (n) memcpy(*out, src, n * sizeof **out);
    *num = n;
    return ACLNN_SUCCESS;
}

aclnnStatus aclGetViewShape(const aclTensor *tensor, int64_t **viewDims, uint64_t *viewDimsNum)
{
    GECL_ENTER();
    aclnnStatus rc = aclnn_check_tensor(tensor, "tensor");
    if (rc) return rc;
    ACLNN_CHECK_NULL(viewDims, "viewDims");
    ACLNN_CHECK_NULL(viewDimsNum, "viewDimsNum");
    return copy_dims(tensor->dims, tensor->ndim, viewDims, viewDimsNum);
}

aclnnStatus aclGetStorageShape(const aclTensor *tensor, int64_t **storageDims, uint64_t *storageDimsNum)
{
    GECL_ENTER();
    aclnnStatus rc = aclnn_check_tensor(tensor, "tensor");
    if (rc) return rc;
    ACLNN_CHECK_NULL(storageDims, "storageDims");
    ACLNN_CHECK_NULL(storageDimsNum, "storageDimsNum");
    return copy_dims(tensor->storage_dims, tensor->storage_ndim, storageDims, storageDimsNum);
}

aclnnStatus aclGetViewStrides(const aclTensor *tensor, int64_t **stridesValue, uint64_t *stridesNum)
{
    GECL_ENTER();
    aclnnStatus rc = aclnn_check_tensor(tensor, "tensor");
    if (rc) return rc;
    ACLNN_CHECK_NULL(stridesValue, "stridesValue");
    ACLNN_CHECK_NULL(stridesNum, "stridesNum");
    return copy_dims(tensor->strides, tensor->ndim, stridesValue, stridesNum);
}

aclnnStatus aclGetViewOffset(const aclTensor *tensor, int64_t *offset)
{
    GECL_ENTER();
    aclnnStatus rc = aclnn_check_tensor(tensor, "tensor");
    if (rc) return rc;
    ACLNN_CHECK_NULL(offset, "offset");
    *offset = tensor->offset;
    return ACLNN_SUCCESS;
}

aclnnStatus aclGetFormat(const aclTensor *tensor, aclFormat *format)
{
    GECL_ENTER();
    aclnnStatus rc = aclnn_check_tensor(tensor, "tensor");
    if (rc) return rc;
    ACLNN_CHECK_NULL(format, "format");
    *format = tensor->format;
    return ACLNN_SUCCESS;
}

aclnnStatus aclGetDataType(const aclTensor *tensor, aclDataType *dataType)
{
    GECL_ENTER();
    aclnnStatus rc = aclnn_check_tensor(tensor, "tensor");
    if (rc) return rc;
    ACLNN_CHECK_NULL(dataType, "dataType");
    *dataType = tensor->dtype;
    return ACLNN_SUCCESS;
}

#define DEFINE_SIZE_GETTER(Type, kind, fn, argname)                                              \
    aclnnStatus fn(const Type *argname, uint64_t *size)                                          \
    {                                                                                            \
        GECL_ENTER();                                                                            \
        ACLNN_CHECK_NULL(argname, #argname);                                                     \
        ACLNN_CHECK(aclnn_obj_live(argname, kind), #argname " (%p) is not a live %s", (const void *)argname, \
                    aclnn_kind_name(kind));                                                      \
        ACLNN_CHECK_NULL(size, "size");                                                          \
        *size = argname->size;                                                                   \
        return ACLNN_SUCCESS;                                                                    \
    }
DEFINE_SIZE_GETTER(aclIntArray, ACLNN_KIND_INT_ARRAY, aclGetIntArraySize, array)
DEFINE_SIZE_GETTER(aclFloatArray, ACLNN_KIND_FLOAT_ARRAY, aclGetFloatArraySize, array)
DEFINE_SIZE_GETTER(aclBoolArray, ACLNN_KIND_BOOL_ARRAY, aclGetBoolArraySize, array)
DEFINE_SIZE_GETTER(aclTensorList, ACLNN_KIND_TENSOR_LIST, aclGetTensorListSize, tensorList)
DEFINE_SIZE_GETTER(aclScalarList, ACLNN_KIND_SCALAR_LIST, aclGetScalarListSize, scalarList)

aclnnStatus aclSetRawTensorAddr(aclTensor *tensor, void *addr)
{
    GECL_ENTER();
    aclnnStatus rc = aclnn_check_tensor(tensor, "tensor");
    if (rc) return rc;
    tensor->data = addr;
    return ACLNN_SUCCESS;
}

aclnnStatus aclGetRawTensorAddr(const aclTensor *tensor, void **addr)
{
    GECL_ENTER();
    aclnnStatus rc = aclnn_check_tensor(tensor, "tensor");
    if (rc) return rc;
    ACLNN_CHECK_NULL(addr, "addr");
    *addr = tensor->data;
    return ACLNN_SUCCESS;
}
