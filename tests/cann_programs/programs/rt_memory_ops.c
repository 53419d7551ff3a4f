/* Memory operations beyond plain copies: 32-bit fills (sync and on a stream, device and host
 * memory, checked byte by byte), aclrtMemset on host memory, batches of copies in both
 * directions with per-range attributes (and a bad entry that stops the whole batch, naming its
 * index), and aclrtCheckMemType on device and host addresses. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acl/acl.h"
#include "cann_check.h"

enum { WORDS = 1024, BYTES = WORDS * 4 };

/* The bytes of `n` copies of the 32-bit value, in the host's byte order. */
static int HasPattern(const uint8_t *bytes, size_t n, uint32_t value)
{
    uint8_t want[4];
    memcpy(want, &value, 4);
    for (size_t i = 0; i < n * 4; i++)
        if (bytes[i] != want[i % 4]) return 0;
    return 1;
}

static int AllBytes(const uint8_t *bytes, size_t n, uint8_t value)
{
    for (size_t i = 0; i < n; i++)
        if (bytes[i] != value) return 0;
    return 1;
}

static void CheckMemsetD32(aclrtStream stream)
{
    static uint8_t back[BYTES];
    uint8_t *dev = NULL;
    CHECK_ACL(aclrtMalloc((void **)&dev, BYTES, ACL_MEM_MALLOC_HUGE_FIRST));
    CHECK_ACL(aclrtMemset(dev, BYTES, 0x11, BYTES));
    /* 300 words from the start; the rest keeps its bytes */
    CHECK_ACL(aclrtMemsetD32(dev, BYTES, 0xDEADBEEFu, 300));
    CHECK_ACL(aclrtMemcpy(back, BYTES, dev, BYTES, ACL_MEMCPY_DEVICE_TO_HOST));
    EXPECT(HasPattern(back, 300, 0xDEADBEEFu) && AllBytes(back + 1200, BYTES - 1200, 0x11));
    /* on a stream, from an aligned offset, with the room left after it */
    CHECK_ACL(aclrtMemsetD32Async(dev + 2048, BYTES - 2048, 0x01020304u, 100, stream));
    CHECK_ACL(aclrtSynchronizeStream(stream));
    CHECK_ACL(aclrtMemcpy(back, BYTES, dev, BYTES, ACL_MEMCPY_DEVICE_TO_HOST));
    EXPECT(HasPattern(back, 300, 0xDEADBEEFu) && AllBytes(back + 1200, 2048 - 1200, 0x11));
    EXPECT(HasPattern(back + 2048, 100, 0x01020304u) && AllBytes(back + 2448, BYTES - 2448, 0x11));
    /* more words than the memory holds, none, or a pointer not on a word boundary */
    EXPECT(aclrtMemsetD32(dev, BYTES, 1, WORDS + 1) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclrtMemsetD32(dev, BYTES, 1, 0) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclrtMemsetD32(dev + 2, BYTES - 2, 1, 4) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclrtMemsetD32(NULL, BYTES, 1, 4) == ACL_ERROR_INVALID_PARAM);
    CHECK_ACL(aclrtFree(dev));

    /* host memory: at once for the plain call, in stream order for the async one */
    uint32_t *host = NULL;
    CHECK_ACL(aclrtMallocHost((void **)&host, BYTES));
    CHECK_ACL(aclrtMemsetD32(host, BYTES, 0xCAFEF00Du, WORDS));
    EXPECT(HasPattern((const uint8_t *)host, WORDS, 0xCAFEF00Du));
    CHECK_ACL(aclrtMemsetD32Async(host + 10, BYTES - 40, 0x7u, 5, stream));
    CHECK_ACL(aclrtSynchronizeStream(stream));
    EXPECT(HasPattern((const uint8_t *)host, 10, 0xCAFEF00Du) && HasPattern((const uint8_t *)(host + 10), 5, 7u));
    EXPECT(HasPattern((const uint8_t *)(host + 15), WORDS - 15, 0xCAFEF00Du));
    CHECK_ACL(aclrtFreeHost(host));
    INFO_LOG("aclrtMemsetD32: device and host patterns as expected");
}

static void CheckMemsetHost(void)
{
    uint8_t *plain = malloc(256);
    EXPECT(plain != NULL);
    memset(plain, 0, 256);
    CHECK_ACL(aclrtMemset(plain + 16, 240, 0x5A, 100));
    EXPECT(AllBytes(plain, 16, 0) && AllBytes(plain + 16, 100, 0x5A) && AllBytes(plain + 116, 140, 0));
    EXPECT(aclrtMemset(plain, 256, 0x5A, 257) == ACL_ERROR_INVALID_PARAM);
    free(plain);
}

static aclrtMemcpyBatchAttr Attr(aclrtMemLocationType dst, aclrtMemLocationType src)
{
    aclrtMemcpyBatchAttr a;
    memset(&a, 0, sizeof a);
    a.dstLoc.type = dst;
    a.dstLoc.id = 0;
    a.srcLoc.type = src;
    a.srcLoc.id = 0;
    return a;
}

/* Three host -> device copies under attrs[0], two device -> host copies under attrs[1]. */
static void CheckMemcpyBatch(aclrtStream stream)
{
    enum { K = 5, LEN = 4096 };
    static int32_t src[K][LEN / 4], dst[K][LEN / 4];
    void *dev[K];
    for (int k = 0; k < K; k++) {
        for (int i = 0; i < LEN / 4; i++) src[k][i] = k * 100000 + i;
        CHECK_ACL(aclrtMalloc(&dev[k], LEN, ACL_MEM_MALLOC_HUGE_FIRST));
    }
    /* devices 3 and 4 hold data beforehand for the device -> host part */
    CHECK_ACL(aclrtMemcpy(dev[3], LEN, src[3], LEN, ACL_MEMCPY_HOST_TO_DEVICE));
    CHECK_ACL(aclrtMemcpy(dev[4], LEN, src[4], LEN, ACL_MEMCPY_HOST_TO_DEVICE));
    memset(dst, 0, sizeof dst);

    void *dsts[K] = {dev[0], dev[1], dev[2], dst[3], dst[4]};
    void *srcs[K] = {src[0], src[1], src[2], dev[3], dev[4]};
    size_t destMaxs[K] = {LEN, LEN, LEN, LEN, LEN};
    size_t sizes[K] = {LEN, LEN / 2, LEN, LEN, 64};
    aclrtMemcpyBatchAttr attrs[2] = {Attr(ACL_MEM_LOCATION_TYPE_DEVICE, ACL_MEM_LOCATION_TYPE_HOST),
                                     Attr(ACL_MEM_LOCATION_TYPE_HOST, ACL_MEM_LOCATION_TYPE_DEVICE)};
    size_t attrsIndexes[2] = {0, 3};
    size_t failIndex = 0;
    CHECK_ACL(aclrtMemcpyBatch(dsts, destMaxs, srcs, sizes, K, attrs, attrsIndexes, 2, &failIndex));
    EXPECT(memcmp(dst[3], src[3], LEN) == 0 && memcmp(dst[4], src[4], 64) == 0);
    EXPECT(dst[4][16] == 0); /* only 64 bytes were asked for */
    for (int k = 0; k < 3; k++) {
        CHECK_ACL(aclrtMemcpy(dst[k], LEN, dev[k], sizes[k], ACL_MEMCPY_DEVICE_TO_HOST));
        EXPECT(memcmp(dst[k], src[k], sizes[k]) == 0);
    }

    /* the same on a stream: device -> host copies of what the first batch wrote */
    memset(dst, 0, sizeof dst);
    void *dsts2[3] = {dst[0], dst[1], dst[2]};
    void *srcs2[3] = {dev[0], dev[1], dev[2]};
    size_t sizes2[3] = {LEN, LEN / 2, LEN};
    aclrtMemcpyBatchAttr toHost = Attr(ACL_MEM_LOCATION_TYPE_HOST, ACL_MEM_LOCATION_TYPE_DEVICE);
    size_t zero = 0;
    CHECK_ACL(aclrtMemcpyBatchAsync(dsts2, destMaxs, srcs2, sizes2, 3, &toHost, &zero, 1, &failIndex, stream));
    CHECK_ACL(aclrtSynchronizeStream(stream));
    for (int k = 0; k < 3; k++) EXPECT(memcmp(dst[k], src[k], sizes2[k]) == 0);

    /* entry 2 says "host" for a device source: the batch fails there and copies nothing */
    memset(dst, 0, sizeof dst);
    void *dsts3[3] = {dst[0], dst[1], dst[2]};
    void *srcs3[3] = {dev[0], dev[1], dev[2]};
    aclrtMemcpyBatchAttr mixed[2] = {toHost, Attr(ACL_MEM_LOCATION_TYPE_DEVICE, ACL_MEM_LOCATION_TYPE_HOST)};
    size_t idx[2] = {0, 2};
    failIndex = 0;
    EXPECT(aclrtMemcpyBatch(dsts3, destMaxs, srcs3, sizes2, 3, mixed, idx, 2, &failIndex) != ACL_SUCCESS);
    EXPECT(failIndex == 2);
    EXPECT(AllBytes((const uint8_t *)dst, sizeof dst, 0));
    /* attribute indexes must start at 0 */
    size_t badIdx[1] = {1};
    EXPECT(aclrtMemcpyBatch(dsts2, destMaxs, srcs2, sizes2, 3, &toHost, badIdx, 1, &failIndex) != ACL_SUCCESS);
    for (int k = 0; k < K; k++) CHECK_ACL(aclrtFree(dev[k]));
    INFO_LOG("aclrtMemcpyBatch(Async): %d copies in two directions, a bad entry found at %zu", K, (size_t)2);
}

static void CheckMemType(void)
{
    void *a = NULL, *b = NULL;
    CHECK_ACL(aclrtMalloc(&a, 1024, ACL_MEM_MALLOC_HUGE_FIRST));
    CHECK_ACL(aclrtMalloc(&b, 64, ACL_MEM_MALLOC_NORMAL_ONLY));
    int onStack = 0;
    void *devices[3] = {a, (char *)a + 1000, b};
    uint32_t result = 7;
    CHECK_ACL(aclrtCheckMemType(devices, 3, ACL_RT_MEM_TYPE_DEV, &result, 0));
    EXPECT(result == 1);
    void *mixed[2] = {a, &onStack};
    CHECK_ACL(aclrtCheckMemType(mixed, 2, ACL_RT_MEM_TYPE_DEV, &result, 0));
    EXPECT(result == 0);
    CHECK_ACL(aclrtCheckMemType(devices, 3, ACL_RT_MEM_TYPE_DVPP, &result, 0));
    EXPECT(result == 0);
    EXPECT(aclrtCheckMemType(NULL, 1, ACL_RT_MEM_TYPE_DEV, &result, 0) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclrtCheckMemType(devices, 3, ACL_RT_MEM_TYPE_DEV, NULL, 0) == ACL_ERROR_INVALID_PARAM);
    CHECK_ACL(aclrtFree(a));
    CHECK_ACL(aclrtFree(b));
    /* freed memory is no device memory any more */
    CHECK_ACL(aclrtCheckMemType(devices, 1, ACL_RT_MEM_TYPE_DEV, &result, 0));
    EXPECT(result == 0);
}

int main(void)
{
    CHECK_ACL(aclInit(NULL));
    CHECK_ACL(aclrtSetDevice(0));
    aclrtStream stream;
    CHECK_ACL(aclrtCreateStream(&stream));
    CheckMemsetD32(stream);
    CheckMemsetHost();
    CheckMemcpyBatch(stream);
    CheckMemType();
    CHECK_ACL(aclrtDestroyStream(stream));
    CHECK_ACL(aclrtResetDevice(0));
    CHECK_ACL(aclFinalize());
    INFO_LOG("run success");
    return 0;
}
