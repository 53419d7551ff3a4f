/* A framework's own allocator handed to the runtime for a stream (acl_rt_allocator.h): a
 * description carrying the allocator object and its callbacks, registered on a stream, read back
 * by stream, and unregistered. The allocator here serves device memory from aclrtMalloc and
 * counts what it hands out; the program uses the functions it reads back to move data. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acl/acl.h"
#include "cann_check.h"

typedef struct {
    void *addr;
    size_t size;
} Block;

typedef struct {
    int allocs;
    int frees;
    int advises;
} Pool;

static void *PoolAlloc(aclrtAllocator allocator, size_t size)
{
    Block *b = malloc(sizeof *b);
    if (!b) return NULL;
    b->size = size;
    if (aclrtMalloc(&b->addr, size, ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS) {
        free(b);
        return NULL;
    }
    ((Pool *)allocator)->allocs++;
    return b;
}

static void PoolFree(aclrtAllocator allocator, aclrtAllocatorBlock block)
{
    Block *b = block;
    EXPECT(aclrtFree(b->addr) == ACL_SUCCESS);
    free(b);
    ((Pool *)allocator)->frees++;
}

/* a hint where the caller would like the memory: this pool ignores it */
static void *PoolAllocAdvise(aclrtAllocator allocator, size_t size, aclrtAllocatorAddr addr)
{
    (void)addr;
    ((Pool *)allocator)->advises++;
    return PoolAlloc(allocator, size);
}

static void *PoolAddr(aclrtAllocatorBlock block)
{
    return ((Block *)block)->addr;
}

static aclrtAllocatorDesc MakeDesc(Pool *pool, int withFree)
{
    aclrtAllocatorDesc desc = aclrtAllocatorCreateDesc();
    EXPECT(desc != NULL);
    CHECK_ACL(aclrtAllocatorSetObjToDesc(desc, pool));
    CHECK_ACL(aclrtAllocatorSetAllocFuncToDesc(desc, PoolAlloc));
    if (withFree) CHECK_ACL(aclrtAllocatorSetFreeFuncToDesc(desc, PoolFree));
    CHECK_ACL(aclrtAllocatorSetAllocAdviseFuncToDesc(desc, PoolAllocAdvise));
    CHECK_ACL(aclrtAllocatorSetGetAddrFromBlockFuncToDesc(desc, PoolAddr));
    return desc;
}

/* What the runtime gives back for the stream is exactly what was registered, and works. */
static void UseRegistered(aclrtStream stream, aclrtAllocatorDesc desc, Pool *pool)
{
    aclrtAllocatorDesc gotDesc = NULL;
    aclrtAllocator gotObj = NULL;
    aclrtAllocatorAllocFunc allocFn = NULL;
    aclrtAllocatorFreeFunc freeFn = NULL;
    aclrtAllocatorAllocAdviseFunc adviseFn = NULL;
    aclrtAllocatorGetAddrFromBlockFunc addrFn = NULL;
    CHECK_ACL(aclrtAllocatorGetByStream(stream, &gotDesc, &gotObj, &allocFn, &freeFn, &adviseFn, &addrFn));
    EXPECT(gotDesc == desc && gotObj == (aclrtAllocator)pool);
    EXPECT(allocFn == PoolAlloc && freeFn == PoolFree && adviseFn == PoolAllocAdvise && addrFn == PoolAddr);

    enum { N = 8192 };
    static int32_t host[N], back[N];
    for (int i = 0; i < N; i++) host[i] = 7 * i - 3;
    aclrtAllocatorBlock a = allocFn(gotObj, sizeof host);
    aclrtAllocatorBlock b = adviseFn(gotObj, sizeof host, NULL);
    EXPECT(a != NULL && b != NULL);
    CHECK_ACL(aclrtMemcpyAsync(addrFn(a), sizeof host, host, sizeof host, ACL_MEMCPY_HOST_TO_DEVICE, stream));
    CHECK_ACL(aclrtMemcpyAsync(addrFn(b), sizeof host, addrFn(a), sizeof host, ACL_MEMCPY_DEVICE_TO_DEVICE, stream));
    CHECK_ACL(aclrtMemcpyAsync(back, sizeof back, addrFn(b), sizeof back, ACL_MEMCPY_DEVICE_TO_HOST, stream));
    CHECK_ACL(aclrtSynchronizeStream(stream));
    EXPECT(memcmp(back, host, sizeof host) == 0);
    freeFn(gotObj, a);
    freeFn(gotObj, b);
    EXPECT(pool->allocs == 2 && pool->advises == 1 && pool->frees == 2);
}

int main(void)
{
    CHECK_ACL(aclInit(NULL));
    CHECK_ACL(aclrtSetDevice(0));
    aclrtStream stream, other;
    CHECK_ACL(aclrtCreateStream(&stream));
    CHECK_ACL(aclrtCreateStream(&other));
    Pool pool = {0, 0, 0}, second = {0, 0, 0};

    /* a description without a free function cannot be registered */
    aclrtAllocatorDesc partial = MakeDesc(&pool, 0);
    EXPECT(aclrtAllocatorRegister(stream, partial) != ACL_SUCCESS);
    CHECK_ACL(aclrtAllocatorDestroyDesc(partial));

    aclrtAllocatorDesc desc = MakeDesc(&pool, 1);
    EXPECT(aclrtAllocatorSetObjToDesc(NULL, &pool) == ACL_ERROR_INVALID_PARAM);
    EXPECT(aclrtAllocatorSetAllocFuncToDesc(desc, NULL) == ACL_ERROR_INVALID_PARAM);
    /* the stream must be given */
    EXPECT(aclrtAllocatorRegister(NULL, desc) != ACL_SUCCESS);
    CHECK_ACL(aclrtAllocatorRegister(stream, desc));
    UseRegistered(stream, desc, &pool);

    /* registering again replaces the stream's allocator; other streams have none */
    aclrtAllocatorDesc desc2 = MakeDesc(&second, 1);
    CHECK_ACL(aclrtAllocatorRegister(stream, desc2));
    aclrtAllocatorDesc gotDesc;
    aclrtAllocator gotObj;
    aclrtAllocatorAllocFunc allocFn;
    aclrtAllocatorFreeFunc freeFn;
    aclrtAllocatorAllocAdviseFunc adviseFn;
    aclrtAllocatorGetAddrFromBlockFunc addrFn;
    CHECK_ACL(aclrtAllocatorGetByStream(stream, &gotDesc, &gotObj, &allocFn, &freeFn, &adviseFn, &addrFn));
    EXPECT(gotDesc == desc2 && gotObj == (aclrtAllocator)&second);
    EXPECT(aclrtAllocatorGetByStream(other, &gotDesc, &gotObj, &allocFn, &freeFn, &adviseFn, &addrFn) != ACL_SUCCESS);

    CHECK_ACL(aclrtAllocatorUnregister(stream));
    EXPECT(aclrtAllocatorGetByStream(stream, &gotDesc, &gotObj, &allocFn, &freeFn, &adviseFn, &addrFn) != ACL_SUCCESS);
    /* nothing left to unregister: documented as success */
    CHECK_ACL(aclrtAllocatorUnregister(stream));
    CHECK_ACL(aclrtAllocatorUnregister(other));
    CHECK_ACL(aclrtAllocatorDestroyDesc(desc));
    CHECK_ACL(aclrtAllocatorDestroyDesc(desc2));
    EXPECT(aclrtAllocatorDestroyDesc(desc) == ACL_ERROR_INVALID_PARAM);
    INFO_LOG("allocator registered, read back, used and unregistered");

    CHECK_ACL(aclrtDestroyStream(stream));
    CHECK_ACL(aclrtDestroyStream(other));
    CHECK_ACL(aclrtResetDevice(0));
    CHECK_ACL(aclFinalize());
    INFO_LOG("run success");
    return 0;
}
