/* tensor_desc.c: aclTensorDesc, CANN's description of a tensor (type, format, shape, storage
 * shape and format, shape and value ranges, name, const data, placement).
 *
 * Descriptions are host objects: no aclInit is needed and they survive aclFinalize, as in CANN.
 * The pointer handed to the user is a handle (rtobj.h), so a description destroyed twice or a
 * pointer that never was one is found out instead of being freed or read.
 *
 * Which field each setter changes follows CANN: aclSetTensorFormat / aclSetTensorShape (and
 * their deprecated Storage twins) set the storage format and shape, which the getters do not
 * report; aclSetTensorOriginFormat / aclSetTensorOriginShape set the format and shape that
 * aclGetTensorDescFormat, aclGetTensorDescNumDims and aclGetTensorDescDim(V2) return. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "acl/acl_base.h"
#include "error.h"
#include "rtobj.h"

#define UNKNOWN_DIM (-1)  /* a dimension whose size is known only at run time */
#define UNKNOWN_RANK (-2) /* dims {-2}: not even the rank is known */

typedef struct shape {
    int64_t *dims;
    size_t n;
} shape;

typedef struct ranges {
    int64_t (*r)[2];
    size_t n;
} ranges;

typedef struct tdesc {
    gecl_rtobj obj;
    aclDataType dtype;
    aclFormat format, storage_format;
    shape dims, storage;
    ranges shape_range, value_range;
    char *name, *dynamic_input;
    void *const_data;
    size_t const_len;
    aclMemType placement;
} tdesc;

/* Orders every read and write of descriptions against their destruction: the handle table's
 * lock covers only the lookup. */
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

/* Looks `h` up with g_lock taken; on failure releases the lock and records why. */
static tdesc *lock_desc(const aclTensorDesc *h)
{
    if (!h) {
        gecl_fail(ACL_ERROR_INVALID_PARAM, "desc must not be NULL");
        return NULL;
    }
    pthread_mutex_lock(&g_lock);
    tdesc *d = gecl_rtobj_get(GECL_RTOBJ_TENSOR_DESC, h);
    if (!d) {
        pthread_mutex_unlock(&g_lock);
        gecl_fail(ACL_ERROR_INVALID_PARAM, "desc %p is not a live tensor description (destroyed already, or not "
                  "from aclCreateTensorDesc)", (const void *)h);
    }
    return d;
}

static aclError dead_desc(void)
{
    return ACL_ERROR_INVALID_PARAM; /* lock_desc recorded the message */
}

static int known_dtype(aclDataType t)
{
    switch (t) {
    case ACL_DT_UNDEFINED: case ACL_FLOAT: case ACL_FLOAT16: case ACL_INT8: case ACL_INT32: case ACL_UINT8:
    case ACL_INT16: case ACL_UINT16: case ACL_UINT32: case ACL_INT64: case ACL_UINT64: case ACL_DOUBLE:
    case ACL_BOOL: case ACL_STRING: case ACL_COMPLEX64: case ACL_COMPLEX128: case ACL_BF16: case ACL_INT4:
    case ACL_UINT1: case ACL_COMPLEX32: case ACL_HIFLOAT8: case ACL_FLOAT8_E5M2: case ACL_FLOAT8_E4M3FN:
    case ACL_FLOAT8_E8M0: case ACL_FLOAT6_E3M2: case ACL_FLOAT6_E2M3: case ACL_FLOAT4_E2M1:
    case ACL_FLOAT4_E1M2:
        return 1;
    }
    return 0;
}

/* Layout letters of the formats whose dimensions are a plain permutation of each other (so that
 * aclTransTensorDescFormat can mean something on OpenCL); "" for ND; NULL for the formats that
 * describe Ascend's blocked storage (NC1HWC0, FRACTAL_*, ...). */
static const char *layout_letters(aclFormat f)
{
    switch (f) {
    case ACL_FORMAT_ND: return "";
    case ACL_FORMAT_NCHW: return "NCHW";
    case ACL_FORMAT_NHWC: return "NHWC";
    case ACL_FORMAT_HWCN: return "HWCN";
    case ACL_FORMAT_NCDHW: return "NCDHW";
    case ACL_FORMAT_NDHWC: return "NDHWC";
    case ACL_FORMAT_NC: return "NC";
    case ACL_FORMAT_NCL: return "NCL";
    default: return NULL;
    }
}

static int known_format(aclFormat f)
{
    switch (f) {
    case ACL_FORMAT_UNDEFINED: case ACL_FORMAT_NC1HWC0: case ACL_FORMAT_FRACTAL_Z: case ACL_FORMAT_NC1HWC0_C04:
    case ACL_FORMAT_FRACTAL_NZ: case ACL_FORMAT_NDC1HWC0: case ACL_FRACTAL_Z_3D: case ACL_FORMAT_FRACTAL_NZ_C0_16:
    case ACL_FORMAT_FRACTAL_NZ_C0_32: case ACL_FORMAT_FRACTAL_NZ_C0_2: case ACL_FORMAT_FRACTAL_NZ_C0_4:
    case ACL_FORMAT_FRACTAL_NZ_C0_8:
        return 1;
    default:
        return layout_letters(f) != NULL;
    }
}

/* Checks a shape argument: numDims >= 0, dims given when numDims > 0, each dim >= -1 or the
 * single dim -2. Records the message; 0 when bad. */
static int check_shape(int numDims, const int64_t *dims)
{
    if (numDims < 0) {
        gecl_fail(ACL_ERROR_INVALID_PARAM, "numDims is %d, must not be negative", numDims);
        return 0;
    }
    if (numDims > 0 && !dims) {
        gecl_fail(ACL_ERROR_INVALID_PARAM, "dims must not be NULL when numDims is %d", numDims);
        return 0;
    }
    for (int i = 0; i < numDims; i++) {
        if (dims[i] >= UNKNOWN_DIM || (dims[i] == UNKNOWN_RANK && numDims == 1)) continue;
        gecl_fail(ACL_ERROR_INVALID_PARAM, "dims[%d] is %lld: a dimension is >= 0, -1 (unknown size) or, as the only "
                  "dimension, -2 (unknown rank)", i, (long long)dims[i]);
        return 0;
    }
    return 1;
}

/* A malloc'd copy of `bytes` bytes of src in *out (NULL for none); 0 when out of memory (message
 * recorded). */
static int copy_bytes(const void *src, size_t bytes, void **out)
{
    *out = NULL;
    if (!bytes) return 1;
    if (!(*out = malloc(bytes))) {
        gecl_fail_oom();
        return 0;
    }
    memcpy(*out, src, bytes);
    return 1;
}

/* Replaces *out with a copy of n dims / n ranges; 0 when out of memory. */
static int set_shape(shape *out, size_t n, const int64_t *dims)
{
    void *copy;
    if (!copy_bytes(dims, n * sizeof *dims, &copy)) return 0;
    free(out->dims);
    *out = (shape){copy, n};
    return 1;
}

static int set_ranges(ranges *out, size_t n, int64_t (*r)[2])
{
    void *copy;
    if (!copy_bytes(r, n * sizeof *r, &copy)) return 0;
    free(out->r);
    *out = (ranges){copy, n};
    return 1;
}

/* strdup that records the failure; NULL source gives NULL. */
static int set_string(char **out, const char *s)
{
    char *copy = NULL;
    if (s && !(copy = strdup(s))) {
        gecl_fail_oom();
        return 0;
    }
    free(*out);
    *out = copy;
    return 1;
}

static void free_desc(tdesc *d)
{
    free(d->dims.dims);
    free(d->storage.dims);
    free(d->shape_range.r);
    free(d->value_range.r);
    free(d->name);
    free(d->dynamic_input);
    free(d->const_data);
    free(d);
}

/* A new registered description; NULL with the message recorded. */
static aclTensorDesc *new_desc(aclDataType dataType, size_t n, const int64_t *dims, aclFormat format)
{
    tdesc *d = calloc(1, sizeof *d);
    if (!d) {
        gecl_fail_oom();
        return NULL;
    }
    d->obj.tag = GECL_RTOBJ_TENSOR_DESC;
    d->dtype = dataType;
    d->format = format;
    d->storage_format = ACL_FORMAT_UNDEFINED;
    d->placement = ACL_MEMTYPE_DEVICE;
    void *h = NULL;
    if (!set_shape(&d->dims, n, dims) || !(h = gecl_rtobj_new(&d->obj))) {
        if (!h && d->dims.dims) gecl_fail_oom();
        free_desc(d);
        return NULL;
    }
    return h;
}

aclTensorDesc *aclCreateTensorDesc(aclDataType dataType, int numDims, const int64_t *dims, aclFormat format)
{
    GECL_ENTER();
    if (!known_dtype(dataType)) {
        gecl_fail(ACL_ERROR_INVALID_PARAM, "dataType %d is not an aclDataType", (int)dataType);
        return NULL;
    }
    if (!known_format(format)) {
        gecl_fail(ACL_ERROR_INVALID_PARAM, "format %d is not an aclFormat", (int)format);
        return NULL;
    }
    if (!check_shape(numDims, dims)) return NULL;
    return new_desc(dataType, (size_t)numDims, dims, format);
}

void aclDestroyTensorDesc(const aclTensorDesc *desc)
{
    GECL_ENTER();
    if (!desc) return; /* CANN: destroying NULL does nothing */
    pthread_mutex_lock(&g_lock);
    tdesc *d = gecl_rtobj_remove(GECL_RTOBJ_TENSOR_DESC, desc);
    pthread_mutex_unlock(&g_lock);
    if (d) free_desc(d);
    else gecl_fail(ACL_ERROR_INVALID_PARAM, "desc %p is not a live tensor description (destroyed already?)",
                   (const void *)desc);
}

aclError aclSetTensorShapeRange(aclTensorDesc *desc, size_t dimsCount, int64_t dimsRange[][ACL_TENSOR_SHAPE_RANGE_NUM])
{
    GECL_ENTER();
    if (dimsCount && !dimsRange)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "dimsRange must not be NULL when dimsCount is %zu", dimsCount);
    for (size_t i = 0; i < dimsCount; i++) {
        int64_t lo = dimsRange[i][0], hi = dimsRange[i][1];
        if (lo < 0 || (hi != -1 && hi < lo))
            return gecl_fail(ACL_ERROR_INVALID_PARAM, "dimsRange[%zu] is [%lld, %lld]: a range is [min >= 0, max >= min] "
                             "or [min, -1] (no upper bound)", i, (long long)lo, (long long)hi);
    }
    tdesc *d = lock_desc(desc);
    if (!d) return dead_desc();
    int ok = set_ranges(&d->shape_range, dimsCount, dimsRange);
    pthread_mutex_unlock(&g_lock);
    return ok ? ACL_SUCCESS : ACL_ERROR_BAD_ALLOC;
}

aclError aclSetTensorValueRange(aclTensorDesc *desc, size_t valueCount, int64_t valueRange[][ACL_TENSOR_VALUE_RANGE_NUM])
{
    GECL_ENTER();
    if (valueCount && !valueRange)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "valueRange must not be NULL when valueCount is %zu", valueCount);
    for (size_t i = 0; i < valueCount; i++) {
        if (valueRange[i][1] < valueRange[i][0])
            return gecl_fail(ACL_ERROR_INVALID_PARAM, "valueRange[%zu] is [%lld, %lld]: its maximum is below its minimum",
                             i, (long long)valueRange[i][0], (long long)valueRange[i][1]);
    }
    tdesc *d = lock_desc(desc);
    if (!d) return dead_desc();
    int ok = set_ranges(&d->value_range, valueCount, valueRange);
    pthread_mutex_unlock(&g_lock);
    return ok ? ACL_SUCCESS : ACL_ERROR_BAD_ALLOC;
}

aclDataType aclGetTensorDescType(const aclTensorDesc *desc)
{
    GECL_ENTER();
    tdesc *d = lock_desc(desc);
    if (!d) return ACL_DT_UNDEFINED;
    aclDataType t = d->dtype;
    pthread_mutex_unlock(&g_lock);
    return t;
}

aclFormat aclGetTensorDescFormat(const aclTensorDesc *desc)
{
    GECL_ENTER();
    tdesc *d = lock_desc(desc);
    if (!d) return ACL_FORMAT_UNDEFINED;
    aclFormat f = d->format;
    pthread_mutex_unlock(&g_lock);
    return f;
}

/* Elements of a shape: 1 for a scalar (no dims), 0 when a dim is unknown or the count overflows. */
static size_t element_count(const shape *s)
{
    size_t n = 1;
    for (size_t i = 0; i < s->n; i++) {
        if (s->dims[i] < 0) return 0;
        if (__builtin_mul_overflow(n, (size_t)s->dims[i], &n)) return 0;
    }
    return n;
}

size_t aclGetTensorDescElementCount(const aclTensorDesc *desc)
{
    GECL_ENTER();
    tdesc *d = lock_desc(desc);
    if (!d) return 0;
    size_t n = element_count(&d->dims);
    pthread_mutex_unlock(&g_lock);
    return n;
}

size_t aclGetTensorDescSize(const aclTensorDesc *desc)
{
    GECL_ENTER();
    tdesc *d = lock_desc(desc);
    if (!d) return 0;
    size_t n = element_count(&d->dims), bytes = 0;
    aclDataType t = d->dtype;
    pthread_mutex_unlock(&g_lock);
    if (__builtin_mul_overflow(n, aclDataTypeSize(t), &bytes)) bytes = 0;
    return bytes;
}

size_t aclGetTensorDescNumDims(const aclTensorDesc *desc)
{
    GECL_ENTER();
    tdesc *d = lock_desc(desc);
    if (!d) return 0;
    size_t n = (d->dims.n && d->dims.dims[0] == UNKNOWN_RANK) ? (size_t)ACL_UNKNOWN_RANK : d->dims.n;
    pthread_mutex_unlock(&g_lock);
    return n;
}

aclError aclGetTensorDescDimV2(const aclTensorDesc *desc, size_t index, int64_t *dimSize)
{
    GECL_ENTER();
    if (!dimSize) return gecl_fail(ACL_ERROR_INVALID_PARAM, "dimSize must not be NULL");
    tdesc *d = lock_desc(desc);
    if (!d) return dead_desc();
    size_t n = d->dims.n;
    if (index < n) *dimSize = d->dims.dims[index];
    pthread_mutex_unlock(&g_lock);
    if (index >= n) return gecl_fail(ACL_ERROR_INVALID_PARAM, "index %zu is out of range: the tensor has %zu dims", index, n);
    return ACL_SUCCESS;
}

int64_t aclGetTensorDescDim(const aclTensorDesc *desc, size_t index)
{
    GECL_ENTER();
    int64_t v = -1;
    return aclGetTensorDescDimV2(desc, index, &v) == ACL_SUCCESS ? v : -1;
}

aclError aclGetTensorDescDimRange(const aclTensorDesc *desc, size_t index, size_t dimRangeNum, int64_t *dimRange)
{
    GECL_ENTER();
    if (!dimRange) return gecl_fail(ACL_ERROR_INVALID_PARAM, "dimRange must not be NULL");
    if (dimRangeNum < ACL_TENSOR_SHAPE_RANGE_NUM)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "dimRangeNum is %zu, must be at least %d", dimRangeNum,
                         ACL_TENSOR_SHAPE_RANGE_NUM);
    tdesc *d = lock_desc(desc);
    if (!d) return dead_desc();
    size_t n = d->shape_range.n;
    if (index < n) {
        dimRange[0] = d->shape_range.r[index][0];
        dimRange[1] = d->shape_range.r[index][1];
    }
    pthread_mutex_unlock(&g_lock);
    if (index >= n)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "index %zu is out of range: %zu shape ranges are set "
                         "(aclSetTensorShapeRange)", index, n);
    return ACL_SUCCESS;
}

void aclSetTensorDescName(aclTensorDesc *desc, const char *name)
{
    GECL_ENTER();
    tdesc *d = lock_desc(desc);
    if (!d) return;
    set_string(&d->name, name); /* NULL clears the name */
    pthread_mutex_unlock(&g_lock);
}

const char *aclGetTensorDescName(aclTensorDesc *desc)
{
    GECL_ENTER();
    tdesc *d = lock_desc(desc);
    if (!d) return "";
    /* Stays valid until the name is set again or the description destroyed, as in CANN. */
    const char *name = d->name ? d->name : "";
    pthread_mutex_unlock(&g_lock);
    return name;
}

/* dst dims from src dims for a permutation between two layouts with the same letters; 0 when
 * the letters differ. */
static int permute(const char *from, const char *to, const int64_t *src, int64_t *dst)
{
    size_t n = strlen(from);
    if (strlen(to) != n) return 0;
    for (size_t i = 0; i < n; i++) {
        const char *p = strchr(from, to[i]);
        if (!p) return 0;
        dst[i] = src[p - from];
    }
    return 1;
}

aclError aclTransTensorDescFormat(const aclTensorDesc *srcDesc, aclFormat dstFormat, aclTensorDesc **dstDesc)
{
    GECL_ENTER();
    if (!dstDesc) return gecl_fail(ACL_ERROR_INVALID_PARAM, "dstDesc must not be NULL");
    if (!known_format(dstFormat)) return gecl_fail(ACL_ERROR_INVALID_PARAM, "dstFormat %d is not an aclFormat", (int)dstFormat);
    tdesc *d = lock_desc(srcDesc);
    if (!d) return dead_desc();
    aclFormat from = d->format;
    aclDataType dtype = d->dtype;
    size_t n = d->dims.n;
    int64_t *dims = malloc((n ? n : 1) * sizeof *dims);
    if (dims && n) memcpy(dims, d->dims.dims, n * sizeof *dims);
    pthread_mutex_unlock(&g_lock);
    if (!dims) return gecl_fail_oom();

    const char *fl = layout_letters(from), *tl = layout_letters(dstFormat);
    aclError rc = ACL_SUCCESS;
    int64_t *out = malloc((n ? n : 1) * sizeof *out);
    if (!out) {
        rc = gecl_fail_oom();
    } else if (!fl || !tl) {
        rc = gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "format %d -> %d: %s is an Ascend storage format; only layouts "
                       "that permute dimensions (ND, NCHW, NHWC, HWCN, NCDHW, NDHWC, NC, NCL) convert on OpenCL",
                       (int)from, (int)dstFormat, fl ? "the destination" : "the source");
    } else if (from == dstFormat || !*tl || (n == 1 && dims[0] == UNKNOWN_RANK)) {
        memcpy(out, dims, n * sizeof *out); /* same layout, to ND, or rank unknown: dims unchanged */
    } else if (!*fl) {
        rc = gecl_fail(ACL_ERROR_FORMAT_NOT_MATCH, "format ND -> %s: ND does not say which dimension is which", tl);
    } else if (strlen(fl) != n) {
        rc = gecl_fail(ACL_ERROR_FORMAT_NOT_MATCH, "the tensor has %zu dims, its format %s needs %zu", n, fl, strlen(fl));
    } else if (!permute(fl, tl, dims, out)) {
        rc = gecl_fail(ACL_ERROR_FORMAT_NOT_MATCH, "format %s -> %s: the layouts do not have the same dimensions", fl, tl);
    }
    if (!rc && !(*dstDesc = new_desc(dtype, n, out, dstFormat))) rc = ACL_ERROR_BAD_ALLOC;
    free(dims);
    free(out);
    return rc;
}

/* Sets the storage format (origin = 0: recorded, not reported by the getters, as CANN's own
 * getters do not) or the format aclGetTensorDescFormat reports (origin = 1). */
static aclError set_format(aclTensorDesc *desc, aclFormat format, int origin)
{
    if (!known_format(format)) return gecl_fail(ACL_ERROR_INVALID_PARAM, "format %d is not an aclFormat", (int)format);
    tdesc *d = lock_desc(desc);
    if (!d) return dead_desc();
    *(origin ? &d->format : &d->storage_format) = format;
    pthread_mutex_unlock(&g_lock);
    return ACL_SUCCESS;
}

aclError aclSetTensorFormat(aclTensorDesc *desc, aclFormat format)
{
    GECL_ENTER();
    return set_format(desc, format, 0);
}

aclError aclSetTensorStorageFormat(aclTensorDesc *desc, aclFormat format)
{
    GECL_ENTER();
    return set_format(desc, format, 0);
}

/* Sets the storage shape (origin = 0) or the shape the getters report (origin = 1). */
static aclError set_dims(aclTensorDesc *desc, int numDims, const int64_t *dims, int origin)
{
    if (!dims) return gecl_fail(ACL_ERROR_INVALID_PARAM, "dims must not be NULL");
    if (!check_shape(numDims, dims)) return ACL_ERROR_INVALID_PARAM;
    tdesc *d = lock_desc(desc);
    if (!d) return dead_desc();
    int ok = set_shape(origin ? &d->dims : &d->storage, (size_t)numDims, dims);
    pthread_mutex_unlock(&g_lock);
    return ok ? ACL_SUCCESS : ACL_ERROR_BAD_ALLOC;
}

aclError aclSetTensorShape(aclTensorDesc *desc, int numDims, const int64_t *dims)
{
    GECL_ENTER();
    return set_dims(desc, numDims, dims, 0);
}

aclError aclSetTensorStorageShape(aclTensorDesc *desc, int numDims, const int64_t *dims)
{
    GECL_ENTER();
    return set_dims(desc, numDims, dims, 0);
}

aclError aclSetTensorOriginFormat(aclTensorDesc *desc, aclFormat format)
{
    GECL_ENTER();
    return set_format(desc, format, 1);
}

aclError aclSetTensorOriginShape(aclTensorDesc *desc, int numDims, const int64_t *dims)
{
    GECL_ENTER();
    return set_dims(desc, numDims, dims, 1);
}

/* CANN hands out arrays of descriptions from its model and single-op calls and indexes them
 * here; gecl creates descriptions one at a time, so index 0 is the description itself. */
aclTensorDesc *aclGetTensorDescByIndex(aclTensorDesc *desc, size_t index)
{
    GECL_ENTER();
    tdesc *d = lock_desc(desc);
    if (!d) return NULL;
    pthread_mutex_unlock(&g_lock);
    if (index == 0) return desc;
    gecl_fail(ACL_ERROR_INVALID_PARAM, "index %zu is out of range: desc is a single description (from "
              "aclCreateTensorDesc), only index 0 exists", index);
    return NULL;
}

/* CANN fills a description's address only in descriptions its model execution hands back; none of
 * gecl's calls hands such descriptions out, so a created description has none. */
void *aclGetTensorDescAddress(const aclTensorDesc *desc)
{
    GECL_ENTER();
    tdesc *d = lock_desc(desc);
    if (!d) return NULL;
    pthread_mutex_unlock(&g_lock);
    gecl_fail(ACL_ERROR_INVALID_PARAM, "desc %p has no data address: only descriptions handed out by model execution "
              "carry one", (const void *)desc);
    return NULL;
}

aclError aclSetTensorDynamicInput(aclTensorDesc *desc, const char *dynamicInputName)
{
    GECL_ENTER();
    if (!dynamicInputName) return gecl_fail(ACL_ERROR_INVALID_PARAM, "dynamicInputName must not be NULL");
    tdesc *d = lock_desc(desc);
    if (!d) return dead_desc();
    int ok = set_string(&d->dynamic_input, dynamicInputName);
    pthread_mutex_unlock(&g_lock);
    return ok ? ACL_SUCCESS : ACL_ERROR_BAD_ALLOC;
}

/* The description keeps a copy of the data: the caller's buffer may go right after the call. */
aclError aclSetTensorConst(aclTensorDesc *desc, void *dataBuffer, size_t length)
{
    GECL_ENTER();
    if (!dataBuffer) return gecl_fail(ACL_ERROR_INVALID_PARAM, "dataBuffer must not be NULL");
    if (length == 0) return gecl_fail(ACL_ERROR_INVALID_PARAM, "length must not be 0");
    void *copy;
    if (!copy_bytes(dataBuffer, length, &copy)) return ACL_ERROR_BAD_ALLOC;
    tdesc *d = lock_desc(desc);
    if (!d) {
        free(copy);
        return dead_desc();
    }
    free(d->const_data);
    d->const_data = copy;
    d->const_len = length;
    pthread_mutex_unlock(&g_lock);
    return ACL_SUCCESS;
}

aclError aclSetTensorPlaceMent(aclTensorDesc *desc, aclMemType memType)
{
    GECL_ENTER();
    if (memType != ACL_MEMTYPE_DEVICE && memType != ACL_MEMTYPE_HOST && memType != ACL_MEMTYPE_HOST_COMPILE_INDEPENDENT)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "memType %d is not an aclMemType", (int)memType);
    tdesc *d = lock_desc(desc);
    if (!d) return dead_desc();
    d->placement = memType;
    pthread_mutex_unlock(&g_lock);
    return ACL_SUCCESS;
}
