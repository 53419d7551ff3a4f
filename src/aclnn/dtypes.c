/* dtypes.c: the aclDataTypes aclnn computes with, PyTorch's promotion between them (what aclnn
 * documents for its arithmetic), and host scalars written as constants of a dtype. */
#include <math.h>
#include <string.h>

#include "meta.h"

int aclnn_dtype_supported(aclDataType dt)
{
    switch (dt) {
    case ACL_FLOAT: case ACL_FLOAT16: case ACL_BF16: case ACL_DOUBLE: case ACL_INT8: case ACL_INT16:
    case ACL_INT32: case ACL_INT64: case ACL_UINT8: case ACL_UINT16: case ACL_UINT32: case ACL_UINT64:
    case ACL_BOOL:
        return 1;
    default:
        return 0;
    }
}

/* aclDataType and gecl_dtype share these values (both are ge::DataType's). */
size_t aclnn_dtype_size(aclDataType dt) { return aclnn_dtype_supported(dt) ? gecl_dtype_size((gecl_dtype)dt) : 0; }

const char *aclnn_dtype_name(aclDataType dt)
{
    switch (dt) {
    case ACL_FLOAT: return "ACL_FLOAT";
    case ACL_FLOAT16: return "ACL_FLOAT16";
    case ACL_BF16: return "ACL_BF16";
    case ACL_DOUBLE: return "ACL_DOUBLE";
    case ACL_INT8: return "ACL_INT8";
    case ACL_INT16: return "ACL_INT16";
    case ACL_INT32: return "ACL_INT32";
    case ACL_INT64: return "ACL_INT64";
    case ACL_UINT8: return "ACL_UINT8";
    case ACL_UINT16: return "ACL_UINT16";
    case ACL_UINT32: return "ACL_UINT32";
    case ACL_UINT64: return "ACL_UINT64";
    case ACL_BOOL: return "ACL_BOOL";
    case ACL_STRING: return "ACL_STRING";
    case ACL_COMPLEX64: return "ACL_COMPLEX64";
    case ACL_COMPLEX128: return "ACL_COMPLEX128";
    case ACL_COMPLEX32: return "ACL_COMPLEX32";
    case ACL_DT_UNDEFINED: return "ACL_DT_UNDEFINED";
    default: return "an unsupported dtype";
    }
}

int aclnn_dtype_is_float(aclDataType dt)
{
    return dt == ACL_FLOAT || dt == ACL_FLOAT16 || dt == ACL_BF16 || dt == ACL_DOUBLE;
}

static int is_unsigned(aclDataType dt) { return dt == ACL_UINT8 || dt == ACL_UINT16 || dt == ACL_UINT32 || dt == ACL_UINT64; }

int aclnn_dtype_is_int(aclDataType dt)
{
    return dt == ACL_INT8 || dt == ACL_INT16 || dt == ACL_INT32 || dt == ACL_INT64 || is_unsigned(dt);
}

static aclDataType signed_of_size(size_t bytes)
{
    return bytes <= 1 ? ACL_INT8 : bytes == 2 ? ACL_INT16 : bytes == 4 ? ACL_INT32 : ACL_INT64;
}

aclDataType aclnn_promote(aclDataType a, aclDataType b)
{
    if (!aclnn_dtype_supported(a) || !aclnn_dtype_supported(b)) return ACL_DT_UNDEFINED;
    if (a == b) return a;
    if (a == ACL_BOOL) return b;
    if (b == ACL_BOOL) return a;
    int fa = aclnn_dtype_is_float(a), fb = aclnn_dtype_is_float(b);
    if (fa != fb) return fa ? a : b;
    size_t sa = aclnn_dtype_size(a), sb = aclnn_dtype_size(b);
    if (fa) {
        if (sa != sb) return sa > sb ? a : b;
        return ACL_FLOAT; /* float16 with bfloat16 */
    }
    int ua = is_unsigned(a), ub = is_unsigned(b);
    if (ua == ub) return sa >= sb ? a : b;
    size_t su = ua ? sa : sb, ss = ua ? sb : sa;
    if (ss > su) return ua ? b : a;               /* the signed one holds every unsigned value */
    return signed_of_size(su >= 8 ? 8 : su * 2);  /* uint8 with int8: int16 */
}

aclDataType aclnn_promote_scalar(aclDataType tensor, aclDataType scalar)
{
    if (aclnn_dtype_is_float(scalar) && !aclnn_dtype_is_float(tensor)) return ACL_FLOAT;
    if (aclnn_dtype_is_int(scalar) && tensor == ACL_BOOL) return ACL_INT64;
    return tensor;
}

double aclnn_scalar_double(const aclScalar *s)
{
    if (aclnn_dtype_is_float(s->dtype)) return s->f;
    if (s->dtype == ACL_UINT64) return (double)s->u;
    return (double)s->i;
}

int aclnn_scalar_is_one(const aclScalar *s) { return aclnn_scalar_double(s) == 1.0; }
int aclnn_scalar_is_zero(const aclScalar *s) { return aclnn_scalar_double(s) == 0.0; }

/* float -> bfloat16, rounding to nearest even; NaN stays a quiet NaN. */
static uint16_t to_bf16(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    if (isnan(f)) return (uint16_t)((u >> 16) | 0x40);
    u += 0x7FFFu + ((u >> 16) & 1u);
    return (uint16_t)(u >> 16);
}

void aclnn_scalar_store(const aclScalar *s, aclDataType dt, void *out)
{
    const int fl = aclnn_dtype_is_float(s->dtype);
    const double d = aclnn_scalar_double(s);
    /* Integer targets take an integer scalar's exact value, a float scalar truncated (C's rule,
     * as PyTorch's casts). */
    const int64_t i = fl ? (int64_t)d : s->i;
    const uint64_t u = fl ? (uint64_t)(int64_t)d : s->dtype == ACL_UINT64 ? s->u : (uint64_t)s->i;
    switch (dt) {
    case ACL_FLOAT: { float v = (float)d; memcpy(out, &v, 4); break; }
    case ACL_DOUBLE: memcpy(out, &d, 8); break;
    case ACL_FLOAT16: { aclFloat16 v = aclFloatToFloat16((float)d); memcpy(out, &v, 2); break; }
    case ACL_BF16: { uint16_t v = to_bf16((float)d); memcpy(out, &v, 2); break; }
    case ACL_INT8: { int8_t v = (int8_t)i; memcpy(out, &v, 1); break; }
    case ACL_INT16: { int16_t v = (int16_t)i; memcpy(out, &v, 2); break; }
    case ACL_INT32: { int32_t v = (int32_t)i; memcpy(out, &v, 4); break; }
    case ACL_INT64: memcpy(out, &i, 8); break;
    case ACL_UINT8: { uint8_t v = (uint8_t)u; memcpy(out, &v, 1); break; }
    case ACL_UINT16: { uint16_t v = (uint16_t)u; memcpy(out, &v, 2); break; }
    case ACL_UINT32: { uint32_t v = (uint32_t)u; memcpy(out, &v, 4); break; }
    case ACL_UINT64: memcpy(out, &u, 8); break;
    case ACL_BOOL: { uint8_t v = d != 0.0; memcpy(out, &v, 1); break; }
    default: break;
    }
}
