/* tensor.c: ONNX TensorProto -> gecl description and bytes. Values come from raw_data (little
 * endian, as ONNX stores it), the typed repeated fields, or an external file. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl/acl_base.h"
#include "ge_error.h"
#include "ir.h"
#include "onnx_import.h"

gecl_dtype onnx_dtype(int32_t t)
{
    switch (t) {
    case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT: return GECL_DT_FLOAT;
    case ONNX__TENSOR_PROTO__DATA_TYPE__UINT8: return GECL_DT_UINT8;
    case ONNX__TENSOR_PROTO__DATA_TYPE__INT8: return GECL_DT_INT8;
    case ONNX__TENSOR_PROTO__DATA_TYPE__UINT16: return GECL_DT_UINT16;
    case ONNX__TENSOR_PROTO__DATA_TYPE__INT16: return GECL_DT_INT16;
    case ONNX__TENSOR_PROTO__DATA_TYPE__INT32: return GECL_DT_INT32;
    case ONNX__TENSOR_PROTO__DATA_TYPE__INT64: return GECL_DT_INT64;
    case ONNX__TENSOR_PROTO__DATA_TYPE__BOOL: return GECL_DT_BOOL;
    case ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT16: return GECL_DT_FLOAT16;
    case ONNX__TENSOR_PROTO__DATA_TYPE__BFLOAT16: return GECL_DT_BF16;
    case ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE: return GECL_DT_DOUBLE;
    case ONNX__TENSOR_PROTO__DATA_TYPE__UINT32: return GECL_DT_UINT32;
    case ONNX__TENSOR_PROTO__DATA_TYPE__UINT64: return GECL_DT_UINT64;
    default: return GECL_DT_UNDEFINED;
    }
}

const char *onnx_dtype_name(int32_t t)
{
    const ProtobufCEnumValue *v =
        protobuf_c_enum_descriptor_get_value(&onnx__tensor_proto__data_type__descriptor, t);
    return v ? v->name : "unknown";
}

/* The external file named by t's external_data entries (location, offset, length), opened at
 * the offset once it is known to hold `bytes` there (before anything that size is allocated). */
static gecl_status open_external(const Onnx__TensorProto *t, const char *base_dir, const char *what, size_t bytes,
                                 FILE **file)
{
    const char *location = NULL;
    long long offset = 0, length = -1;
    for (size_t i = 0; i < t->n_external_data; i++) {
        const Onnx__StringStringEntryProto *e = t->external_data[i];
        if (!e->key || !e->value) continue;
        if (!strcmp(e->key, "location")) location = e->value;
        else if (!strcmp(e->key, "offset")) offset = strtoll(e->value, NULL, 10);
        else if (!strcmp(e->key, "length")) length = strtoll(e->value, NULL, 10);
    }
    if (!location || !*location)
        return gecl_ge_fail(GECL_PARAM_INVALID, "%s: external data without a location", what);
    if (location[0] == '/' || strstr(location, ".."))
        return gecl_ge_fail(GECL_PARAM_INVALID, "%s: external data location '%s' must be a relative path inside "
                            "the model's folder", what, location);
    if (offset < 0 || (length >= 0 && (size_t)length != bytes))
        return gecl_ge_fail(GECL_PARAM_INVALID, "%s: external data offset %lld / length %lld do not fit its %zu bytes",
                            what, offset, length, bytes);
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", base_dir ? base_dir : ".", location) >= (int)sizeof path)
        return gecl_ge_fail(GECL_PARAM_INVALID, "%s: external data path too long", what);
    FILE *f = fopen(path, "rb");
    if (!f) return gecl_ge_fail(GECL_PARAM_INVALID, "%s: cannot open external data file '%s': %s", what, path, strerror(errno));
    const long end = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (end < 0 || offset > end || (uint64_t)(end - offset) < bytes || fseek(f, offset, SEEK_SET)) {
        fclose(f);
        return gecl_ge_fail(GECL_PARAM_INVALID, "%s: external data file '%s' holds fewer than %zu bytes at offset %lld",
                            what, path, bytes, offset);
    }
    *file = f;
    return GECL_SUCCESS;
}

/* The number of values in the typed repeated field that holds dtype dt (ONNX packs the small
 * integer types and float16 bits into int32_data); SIZE_MAX for a dtype without one. */
static size_t typed_count(const Onnx__TensorProto *t, gecl_dtype dt)
{
    switch (dt) {
    case GECL_DT_FLOAT: return t->n_float_data;
    case GECL_DT_DOUBLE: return t->n_double_data;
    case GECL_DT_INT64: return t->n_int64_data;
    case GECL_DT_UINT32: case GECL_DT_UINT64: return t->n_uint64_data;
    case GECL_DT_INT32: case GECL_DT_INT16: case GECL_DT_UINT16: case GECL_DT_FLOAT16: case GECL_DT_BF16:
    case GECL_DT_INT8: case GECL_DT_UINT8: case GECL_DT_BOOL: return t->n_int32_data;
    default: return SIZE_MAX;
    }
}

/* Values from the typed repeated field that holds dtype dt (ONNX packs the small integer types
 * and float16 bits into int32_data). Returns 0 when the field's count does not match. */
static int read_typed(const Onnx__TensorProto *t, gecl_dtype dt, int64_t n, void *dst)
{
    /* An empty tensor's field is a NULL array, which memcpy must not be handed even for 0 bytes. */
    if (n == 0) return 1;
    switch (dt) {
    case GECL_DT_FLOAT:
        if ((int64_t)t->n_float_data != n) return 0;
        memcpy(dst, t->float_data, (size_t)n * 4);
        return 1;
    case GECL_DT_DOUBLE:
        if ((int64_t)t->n_double_data != n) return 0;
        memcpy(dst, t->double_data, (size_t)n * 8);
        return 1;
    case GECL_DT_INT64:
        if ((int64_t)t->n_int64_data != n) return 0;
        memcpy(dst, t->int64_data, (size_t)n * 8);
        return 1;
    case GECL_DT_UINT32: case GECL_DT_UINT64:
        if ((int64_t)t->n_uint64_data != n) return 0;
        for (int64_t i = 0; i < n; i++) {
            if (dt == GECL_DT_UINT32) ((uint32_t *)dst)[i] = (uint32_t)t->uint64_data[i];
            else ((uint64_t *)dst)[i] = t->uint64_data[i];
        }
        return 1;
    default:
        if ((int64_t)t->n_int32_data != n) return 0;
        for (int64_t i = 0; i < n; i++) {
            const int32_t v = t->int32_data[i];
            switch (dt) {
            case GECL_DT_INT32: ((int32_t *)dst)[i] = v; break;
            case GECL_DT_INT16: ((int16_t *)dst)[i] = (int16_t)v; break;
            case GECL_DT_UINT16: case GECL_DT_FLOAT16: case GECL_DT_BF16: ((uint16_t *)dst)[i] = (uint16_t)v; break;
            case GECL_DT_INT8: ((int8_t *)dst)[i] = (int8_t)v; break;
            case GECL_DT_UINT8: ((uint8_t *)dst)[i] = (uint8_t)v; break;
            case GECL_DT_BOOL: ((uint8_t *)dst)[i] = v != 0; break;
            default: return 0;
            }
        }
        return 1;
    }
}

static gecl_status tensor_read(const Onnx__TensorProto *t, const char *base_dir, const char *what, int blob,
                               gecl_tensor_desc *desc, void **data, size_t *bytes)
{
    memset(desc, 0, sizeof *desc);
    if (data) *data = NULL;
    const gecl_dtype dt = onnx_dtype(t->data_type);
    if (dt == GECL_DT_UNDEFINED)
        return gecl_ge_fail(GECL_PARAM_INVALID, "%s: tensor type %s is not supported", what, onnx_dtype_name(t->data_type));
    if (t->n_dims > GECL_MAX_DIMS)
        return gecl_ge_fail(GECL_PARAM_INVALID, "%s: %zu dims, gecl supports at most %d", what, t->n_dims, GECL_MAX_DIMS);
    desc->dtype = dt;
    desc->format = GECL_FORMAT_ND;
    desc->ndim = (uint32_t)t->n_dims;
    int64_t n = 1;
    for (size_t i = 0; i < t->n_dims; i++) {
        if (t->dims[i] < 0 || (t->dims[i] && n > INT64_MAX / 16 / t->dims[i]))
            return gecl_ge_fail(GECL_PARAM_INVALID, "%s: dim %zu is %lld", what, i, (long long)t->dims[i]);
        desc->dims[i] = t->dims[i];
        n *= t->dims[i];
    }
    *bytes = (size_t)n * gecl_dtype_size(dt);
    if (!data) return GECL_SUCCESS; /* the description only */
    /* The data must be there before its size is allocated: a few bytes of protobuf can claim a
     * shape of any size. */
    FILE *external = NULL;
    gecl_status rc = GECL_SUCCESS;
    if (t->has_data_location && t->data_location == ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL)
        rc = open_external(t, base_dir, what, *bytes, &external);
    else if (t->has_raw_data && t->raw_data.len != *bytes)
        rc = gecl_ge_fail(GECL_PARAM_INVALID, "%s: raw_data holds %zu bytes, its shape and type need %zu", what,
                          t->raw_data.len, *bytes);
    else if (!t->has_raw_data && n && typed_count(t, dt) != (size_t)n)
        rc = gecl_ge_fail(GECL_PARAM_INVALID, "%s: its data fields hold a different number of values than its %lld "
                          "elements", what, (long long)n);
    if (rc) return rc;
    void *dst = blob ? gecl_const_data_new(*bytes) : malloc(*bytes ? *bytes : 1);
    if (!dst) {
        if (external) fclose(external);
        return gecl_ge_oom();
    }
    if (external) {
        if (fread(dst, 1, *bytes, external) != *bytes)
            rc = gecl_ge_fail(GECL_PARAM_INVALID, "%s: reading its %zu bytes of external data failed", what, *bytes);
        fclose(external);
    } else if (t->has_raw_data) {
        if (*bytes) memcpy(dst, t->raw_data.data, *bytes); /* an empty tensor may have no data */
        if (dt == GECL_DT_BOOL)
            for (size_t i = 0; i < *bytes; i++) ((uint8_t *)dst)[i] = ((uint8_t *)dst)[i] != 0;
    } else if (!read_typed(t, dt, n, dst)) {
        rc = gecl_ge_fail(GECL_PARAM_INVALID, "%s: its data fields hold a different number of values than its %lld "
                          "elements", what, (long long)n);
    }
    if (rc) {
        if (blob) gecl_const_data_unref(dst);
        else free(dst);
        return rc;
    }
    *data = dst;
    return GECL_SUCCESS;
}

gecl_status onnx_tensor_read(const Onnx__TensorProto *t, const char *base_dir, const char *what,
                             gecl_tensor_desc *desc, void **data, size_t *bytes)
{
    return tensor_read(t, base_dir, what, 0, desc, data, bytes);
}

gecl_status onnx_tensor_take_const(Onnx__TensorProto *t, const char *base_dir, const char *what,
                                   gecl_tensor_desc *desc, void **data, size_t *bytes)
{
    gecl_status rc = tensor_read(t, base_dir, what, 1, desc, NULL, bytes);
    if (rc) return rc;
    const int raw = t->has_raw_data && !(t->has_data_location && t->data_location ==
                                         ONNX__TENSOR_PROTO__DATA_LOCATION__EXTERNAL);
    if (raw && t->raw_data.data && t->raw_data.len == *bytes && desc->dtype != GECL_DT_BOOL) {
        *data = t->raw_data.data; /* a Const-bytes block: the message was unpacked into them */
        t->raw_data.data = NULL;
        t->raw_data.len = 0;
        return GECL_SUCCESS;
    }
    return tensor_read(t, base_dir, what, 1, desc, data, bytes);
}
