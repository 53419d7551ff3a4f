/* memcpy_batch.c: aclrtMemcpyBatch / aclrtMemcpyBatchAsync and their V2 forms: numBatches
 * copies, each checked against the location its attribute gives (attrs[k] covers copies
 * attrsIndexes[k] up to the next index), then done as aclrtMemcpy / aclrtMemcpyAsync with ACL_MEMCPY_DEFAULT. Every copy
 * is checked before the first one starts, so a bad argument copies nothing. */
#include <stdint.h>

#include "acl/acl_rt.h"
#include "addrmap.h"
#include "runtime.h"

static aclError check_loc(const aclrtMemLocation *loc, const void *p, const char *what, size_t i)
{
    GECL_CHECK_ARG(loc->type == ACL_MEM_LOCATION_TYPE_HOST || loc->type == ACL_MEM_LOCATION_TYPE_DEVICE,
                   "copy %zu: %s location type %d is neither ACL_MEM_LOCATION_TYPE_HOST nor _DEVICE", i, what,
                   (int)loc->type);
    const int on_device = gecl_addrmap_in_window(p);
    GECL_CHECK_ARG(on_device == (loc->type == ACL_MEM_LOCATION_TYPE_DEVICE),
                   "copy %zu: %s %p is %s memory but its attribute says %s", i, what, p, on_device ? "device" : "host",
                   on_device ? "host" : "device");
    return ACL_SUCCESS;
}

static aclError check_batch(void **dsts, size_t *destMaxs, void **srcs, size_t *sizes, size_t numBatches,
                            aclrtMemcpyBatchAttr *attrs, size_t *attrsIndexes, size_t numAttrs, size_t *failIndex)
{
    GECL_CHECK_ARG(failIndex, "failIndex must not be NULL");
    *failIndex = SIZE_MAX;
    GECL_CHECK_ARG(dsts && destMaxs && srcs && sizes, "dsts, destMaxs, srcs and sizes must not be NULL");
    GECL_CHECK_ARG(attrs && attrsIndexes, "attrs and attrsIndexes must not be NULL");
    GECL_CHECK_ARG(numBatches > 0, "numBatches must be greater than 0");
    GECL_CHECK_ARG(numAttrs > 0 && numAttrs <= numBatches, "numAttrs %zu must be 1 .. numBatches (%zu)", numAttrs,
                   numBatches);
    GECL_CHECK_ARG(attrsIndexes[0] == 0, "attrsIndexes[0] must be 0 (got %zu): every copy needs an attribute",
                   attrsIndexes[0]);
    for (size_t k = 1; k < numAttrs; k++)
        GECL_CHECK_ARG(attrsIndexes[k] > attrsIndexes[k - 1] && attrsIndexes[k] < numBatches,
                       "attrsIndexes[%zu] = %zu must be above the one before and below numBatches (%zu)", k,
                       attrsIndexes[k], numBatches);
    size_t k = 0;
    for (size_t i = 0; i < numBatches; i++) {
        while (k + 1 < numAttrs && attrsIndexes[k + 1] <= i) k++;
        aclError rc = ACL_SUCCESS;
        if (!dsts[i] || !srcs[i])
            rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "copy %zu: dst and src must not be NULL", i);
        else if (sizes[i] > destMaxs[i])
            rc = gecl_fail(ACL_ERROR_INVALID_PARAM, "copy %zu: size %zu is larger than destMax %zu", i, sizes[i],
                           destMaxs[i]);
        if (!rc) rc = check_loc(&attrs[k].dstLoc, dsts[i], "dst", i);
        if (!rc) rc = check_loc(&attrs[k].srcLoc, srcs[i], "src", i);
        if (rc) {
            *failIndex = i;
            return rc;
        }
    }
    return ACL_SUCCESS;
}

static aclError run_batch(void **dsts, size_t *destMaxs, void **srcs, size_t *sizes, size_t numBatches,
                          aclrtMemcpyBatchAttr *attrs, size_t *attrsIndexes, size_t numAttrs, size_t *failIndex,
                          int async, aclrtStream stream)
{
    aclError rc = check_batch(dsts, destMaxs, srcs, sizes, numBatches, attrs, attrsIndexes, numAttrs, failIndex);
    for (size_t i = 0; i < numBatches && !rc; i++) {
        rc = async ? aclrtMemcpyAsync(dsts[i], destMaxs[i], srcs[i], sizes[i], ACL_MEMCPY_DEFAULT, stream)
                   : aclrtMemcpy(dsts[i], destMaxs[i], srcs[i], sizes[i], ACL_MEMCPY_DEFAULT);
        if (rc) *failIndex = i;
    }
    return rc;
}

aclError aclrtMemcpyBatch(void **dsts, size_t *destMaxs, void **srcs, size_t *sizes, size_t numBatches,
                          aclrtMemcpyBatchAttr *attrs, size_t *attrsIndexes, size_t numAttrs, size_t *failIndex)
{
    GECL_CHECK_INIT();
    return run_batch(dsts, destMaxs, srcs, sizes, numBatches, attrs, attrsIndexes, numAttrs, failIndex, 0, NULL);
}

/* Copies touching pageable host memory are done in stream order like aclrtMemcpyAsync's. */
aclError aclrtMemcpyBatchAsync(void **dsts, size_t *destMaxs, void **srcs, size_t *sizes, size_t numBatches,
                               aclrtMemcpyBatchAttr *attrs, size_t *attrsIndexes, size_t numAttrs, size_t *failIndex,
                               aclrtStream stream)
{
    GECL_CHECK_INIT();
    return run_batch(dsts, destMaxs, srcs, sizes, numBatches, attrs, attrsIndexes, numAttrs, failIndex, 1, stream);
}

/* The V2 calls are the same copies without the failIndex output: a failed copy is named in the
 * error message only. */
aclError aclrtMemcpyBatchV2(void **dsts, size_t *destMaxs, void **srcs, size_t *sizes, size_t numBatches,
                            aclrtMemcpyBatchAttr *attrs, size_t *attrsIndexes, size_t numAttrs)
{
    GECL_CHECK_INIT();
    size_t failIndex;
    return run_batch(dsts, destMaxs, srcs, sizes, numBatches, attrs, attrsIndexes, numAttrs, &failIndex, 0, NULL);
}

aclError aclrtMemcpyBatchAsyncV2(void **dsts, size_t *destMaxs, void **srcs, size_t *sizes, size_t numBatches,
                                 aclrtMemcpyBatchAttr *attrs, size_t *attrsIndexes, size_t numAttrs, aclrtStream stream)
{
    GECL_CHECK_INIT();
    size_t failIndex;
    return run_batch(dsts, destMaxs, srcs, sizes, numBatches, attrs, attrsIndexes, numAttrs, &failIndex, 1, stream);
}
