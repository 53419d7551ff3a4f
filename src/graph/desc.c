/* desc.c: tensor descriptions: element sizes, counts, printing. */
#include <stdio.h>
#include <string.h>

#include "ir.h"
#include "shape_math.h"

size_t gecl_dtype_size(gecl_dtype dtype)
{
    switch (dtype) {
    case GECL_DT_FLOAT: case GECL_DT_INT32: case GECL_DT_UINT32: return 4;
    case GECL_DT_FLOAT16: case GECL_DT_BF16: case GECL_DT_INT16: case GECL_DT_UINT16: return 2;
    case GECL_DT_INT8: case GECL_DT_UINT8: case GECL_DT_BOOL: return 1;
    case GECL_DT_INT64: case GECL_DT_UINT64: case GECL_DT_DOUBLE: case GECL_DT_COMPLEX64: return 8;
    case GECL_DT_COMPLEX128: return 16;
    default: return 0;
    }
}

const char *gecl_dtype_name(gecl_dtype dtype)
{
    switch (dtype) {
    case GECL_DT_FLOAT: return "DT_FLOAT";
    case GECL_DT_FLOAT16: return "DT_FLOAT16";
    case GECL_DT_INT8: return "DT_INT8";
    case GECL_DT_INT32: return "DT_INT32";
    case GECL_DT_UINT8: return "DT_UINT8";
    case GECL_DT_INT16: return "DT_INT16";
    case GECL_DT_UINT16: return "DT_UINT16";
    case GECL_DT_UINT32: return "DT_UINT32";
    case GECL_DT_INT64: return "DT_INT64";
    case GECL_DT_UINT64: return "DT_UINT64";
    case GECL_DT_DOUBLE: return "DT_DOUBLE";
    case GECL_DT_BOOL: return "DT_BOOL";
    case GECL_DT_BF16: return "DT_BF16";
    case GECL_DT_COMPLEX64: return "DT_COMPLEX64";
    case GECL_DT_COMPLEX128: return "DT_COMPLEX128";
    default: return "unsupported dtype";
    }
}

int64_t gecl_desc_numel(const gecl_tensor_desc *d)
{
    int64_t n = 1;
    for (uint32_t i = 0; i < d->ndim; i++) n *= d->dims[i];
    return n;
}

/* Bytes of the tensor with its zero dims counted as 1: the largest stride or offset that
 * indexing any of its dims can produce. */
static int span_fits(const gecl_tensor_desc *d)
{
    int64_t bytes = (int64_t)gecl_dtype_size(d->dtype);
    for (uint32_t i = 0; i < d->ndim && i < GECL_MAX_DIMS; i++) {
        if (d->dims[i] < 0 || gecl_dim_mul(bytes, d->dims[i] ? d->dims[i] : 1, &bytes)) return 0;
        if ((uint64_t)bytes > GECL_MAX_TENSOR_BYTES) return 0;
    }
    return 1;
}

int gecl_desc_fits(const gecl_tensor_desc *d)
{
    return d->ndim <= GECL_MAX_DIMS && span_fits(d);
}

const char *gecl_desc_size_problem(const gecl_tensor_desc *d, char *buf, size_t size)
{
    if (gecl_desc_fits(d)) return NULL;
    char shape[160];
    int empty = 0;
    for (uint32_t i = 0; i < d->ndim && i < GECL_MAX_DIMS; i++) empty |= d->dims[i] == 0;
    snprintf(buf, size, "shape %s of %s %s over %llu TiB; no device holds it",
             gecl_desc_shape_str(d, shape, sizeof shape), gecl_dtype_name(d->dtype),
             empty ? "is empty, but its other dims span" : "is", (unsigned long long)(GECL_MAX_TENSOR_BYTES >> 40));
    return buf;
}

size_t gecl_desc_bytes(const gecl_tensor_desc *desc)
{
    if (!desc || desc->ndim > GECL_MAX_DIMS) return 0;
    return (size_t)gecl_desc_numel(desc) * gecl_dtype_size(desc->dtype);
}

int gecl_desc_same_shape(const gecl_tensor_desc *a, const gecl_tensor_desc *b)
{
    return a->ndim == b->ndim && memcmp(a->dims, b->dims, a->ndim * sizeof a->dims[0]) == 0;
}

void gecl_desc_strides(const gecl_tensor_desc *d, int64_t *s)
{
    int64_t acc = 1;
    for (int k = (int)d->ndim - 1; k >= 0; k--) {
        s[k] = acc;
        acc *= d->dims[k];
    }
}

const char *gecl_desc_shape_str(const gecl_tensor_desc *d, char *buf, size_t size)
{
    size_t used = 0;
    used += (size_t)snprintf(buf, size, "[");
    for (uint32_t i = 0; i < d->ndim && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, i ? ",%lld" : "%lld", (long long)d->dims[i]);
    if (used < size) snprintf(buf + used, size - used, "]");
    return buf;
}
