/* databuf.c: aclDataBuffer, half-precision conversion, data type sizes and aclAppLog. */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl/acl_base.h"
#include "error.h"
#include "handle_kinds.h"
#include "log.h"

/* Orders destroy against update and read of one buffer (the handle lock covers only lookups). */
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

/* An aclDataBuffer* handed to the user is a handle (handle.h), not the address of the struct:
 * a buffer destroyed twice, or a pointer that never was one, is found in the handle table
 * instead of being freed or written through. */
typedef struct databuf {
    void *data;
    size_t size;
} databuf;

/* Copies the buffer's fields out; 0 when `h` is not live. */
static int lookup(const aclDataBuffer *h, databuf *out)
{
    pthread_mutex_lock(&g_lock);
    const databuf *b = gecl_handle_get(GECL_HANDLE_DATABUF, h);
    if (b) *out = *b;
    pthread_mutex_unlock(&g_lock);
    return b != NULL;
}

aclDataBuffer *aclCreateDataBuffer(void *data, size_t size)
{
    GECL_ENTER();
    databuf *b = malloc(sizeof *b);
    void *h = b ? gecl_handle_new(GECL_HANDLE_DATABUF, b) : NULL;
    if (!h) {
        free(b);
        gecl_fail_oom();
        return NULL;
    }
    *b = (databuf){data, size};
    return h;
}

aclError aclDestroyDataBuffer(const aclDataBuffer *dataBuffer)
{
    GECL_ENTER();
    if (!dataBuffer) return gecl_fail(ACL_ERROR_INVALID_PARAM, "dataBuffer must not be NULL");
    pthread_mutex_lock(&g_lock); /* not while another thread updates or reads it */
    databuf *b = gecl_handle_remove(GECL_HANDLE_DATABUF, dataBuffer);
    pthread_mutex_unlock(&g_lock);
    if (!b)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "dataBuffer %p is not a live data buffer (destroyed already, or "
                         "not from aclCreateDataBuffer)", (const void *)dataBuffer);
    free(b);
    return ACL_SUCCESS;
}

aclError aclUpdateDataBuffer(aclDataBuffer *dataBuffer, void *data, size_t size)
{
    GECL_ENTER();
    if (!dataBuffer) return gecl_fail(ACL_ERROR_INVALID_PARAM, "dataBuffer must not be NULL");
    pthread_mutex_lock(&g_lock);
    databuf *b = gecl_handle_get(GECL_HANDLE_DATABUF, dataBuffer);
    if (b) *b = (databuf){data, size};
    pthread_mutex_unlock(&g_lock);
    if (!b)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "dataBuffer %p is not a live data buffer (destroyed, or not from "
                         "aclCreateDataBuffer)", (void *)dataBuffer);
    return ACL_SUCCESS;
}

/* The getters return NULL / 0 for a dead handle, as CANN's do for NULL; the reason goes to the
 * thread's message. */
static int lookup_or_say(const aclDataBuffer *h, databuf *out)
{
    GECL_ENTER();
    if (lookup(h, out)) return 1;
    gecl_fail(ACL_ERROR_INVALID_PARAM, "dataBuffer %p is not a live data buffer", (const void *)h);
    return 0;
}

void *aclGetDataBufferAddr(const aclDataBuffer *dataBuffer)
{
    databuf b;
    return lookup_or_say(dataBuffer, &b) ? b.data : NULL;
}

uint32_t aclGetDataBufferSize(const aclDataBuffer *dataBuffer)
{
    databuf b;
    return lookup_or_say(dataBuffer, &b) ? (uint32_t)b.size : 0;
}

size_t aclGetDataBufferSizeV2(const aclDataBuffer *dataBuffer)
{
    databuf b;
    return lookup_or_say(dataBuffer, &b) ? b.size : 0;
}

size_t aclDataTypeSize(aclDataType dataType)
{
    switch (dataType) {
    case ACL_BOOL: case ACL_INT8: case ACL_UINT8: case ACL_HIFLOAT8: case ACL_FLOAT8_E5M2:
    case ACL_FLOAT8_E4M3FN: case ACL_FLOAT8_E8M0: case ACL_FLOAT6_E3M2: case ACL_FLOAT6_E2M3:
    case ACL_FLOAT4_E2M1: case ACL_FLOAT4_E1M2:
        return 1;
    case ACL_FLOAT16: case ACL_BF16: case ACL_INT16: case ACL_UINT16: return 2;
    case ACL_FLOAT: case ACL_INT32: case ACL_UINT32: case ACL_COMPLEX32: return 4;
    case ACL_INT64: case ACL_UINT64: case ACL_DOUBLE: case ACL_COMPLEX64: return 8;
    case ACL_COMPLEX128: return 16;
    default: return 0; /* strings, sub-byte types and undefined have no fixed element size */
    }
}

float aclFloat16ToFloat(aclFloat16 h)
{
    uint32_t sign = (uint32_t)(h & 0x8000) << 16, exp = (h >> 10) & 0x1F, man = h & 0x3FF, bits;
    if (exp == 0) {
        float f = ldexpf((float)man, -24); /* zero or subnormal */
        return sign ? -f : f;
    }
    if (exp == 31) bits = sign | 0x7F800000u | (man << 13);
    else bits = sign | ((exp + 112) << 23) | (man << 13);
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

aclFloat16 aclFloatToFloat16(float value)
{
    uint32_t x;
    memcpy(&x, &value, sizeof x);
    uint16_t sign = (uint16_t)((x >> 16) & 0x8000);
    uint32_t exp = (x >> 23) & 0xFF, man = x & 0x7FFFFF;
    if (exp == 0xFF) return (aclFloat16)(sign | 0x7C00 | (man ? 0x200 : 0));
    int e = (int)exp - 127 + 15;
    if (e >= 31) return (aclFloat16)(sign | 0x7C00);
    if (e <= 0) { /* subnormal or zero: shift with round to nearest even */
        if (e < -10) return sign;
        man |= 0x800000;
        int shift = 14 - e;
        uint32_t half = man >> shift, rem = man & ((1u << shift) - 1), mid = 1u << (shift - 1);
        if (rem > mid || (rem == mid && (half & 1))) half++;
        return (aclFloat16)(sign | half);
    }
    uint32_t half = ((uint32_t)e << 10) | (man >> 13), rem = man & 0x1FFF;
    if (rem > 0x1000 || (rem == 0x1000 && (half & 1))) half++; /* may carry into the exponent: correct */
    return (aclFloat16)(sign | half);
}

void aclAppLog(aclLogLevel logLevel, const char *func, const char *file, uint32_t line, const char *fmt, ...)
{
    static const int map[] = {GECL_LOG_DEBUG, GECL_LOG_INFO, GECL_LOG_WARNING, GECL_LOG_ERROR};
    if (!fmt || (unsigned)logLevel > ACL_ERROR) return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    gecl_log(map[logLevel], "%s (%s:%u %s)", msg, file ? file : "?", line, func ? func : "?");
}
