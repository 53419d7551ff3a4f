/*
 * gecl_acl_allocator.h (gecl's own, not a CANN header): the caller's allocator of
 * acl_rt_allocator.h (aclrtAllocatorRegister) seen as a ge::Allocator, so that a graph run on a
 * stream with such a registration takes its memory from it, the way CANN's model execution does,
 * through the same path as GeSession::RegisterExternalAllocator (which wins when both exist).
 */
#ifndef GECL_GE_GECL_ACL_ALLOCATOR_H_
#define GECL_GE_GECL_ACL_ALLOCATOR_H_

#include <memory>

#include "acl/acl_rt_allocator.h"
#include "ge/ge_allocator.h"
#include "gecl/gecl_rt.h"

namespace ge {
namespace gecl_detail {

/* A MemBlock that remembers the caller's block handle, which its free function wants back. */
class AclBlock : public MemBlock {
 public:
    AclBlock(Allocator &owner, void *addr, size_t size, aclrtAllocatorBlock handle)
        : MemBlock(owner, addr, size), handle_(handle) {}
    aclrtAllocatorBlock Handle() const { return handle_; }

 private:
    aclrtAllocatorBlock handle_;
};

class AclAllocator : public Allocator {
 public:
    AclAllocator(aclrtAllocator obj, aclrtAllocatorAllocFunc alloc, aclrtAllocatorFreeFunc free_fn,
                 aclrtAllocatorAllocAdviseFunc advise, aclrtAllocatorGetAddrFromBlockFunc addr_of)
        : obj_(obj), alloc_(alloc), free_(free_fn), advise_(advise), addr_of_(addr_of) {}

    MemBlock *Malloc(size_t size) override { return Wrap(alloc_(obj_, size), size); }
    MemBlock *MallocAdvise(size_t size, void *addr) override {
        return advise_ != nullptr ? Wrap(advise_(obj_, size, addr), size) : Malloc(size);
    }
    void Free(MemBlock *block) override {
        AclBlock *b = static_cast<AclBlock *>(block);
        free_(obj_, b->Handle());
        delete b;
    }

 private:
    MemBlock *Wrap(aclrtAllocatorBlock handle, size_t size) {
        if (handle == nullptr) return nullptr;
        void *addr = addr_of_(handle);
        if (addr == nullptr) {
            free_(obj_, handle);
            return nullptr;
        }
        return new AclBlock(*this, addr, size, handle);
    }

    aclrtAllocator obj_;
    aclrtAllocatorAllocFunc alloc_;
    aclrtAllocatorFreeFunc free_;
    aclrtAllocatorAllocAdviseFunc advise_;
    aclrtAllocatorGetAddrFromBlockFunc addr_of_;
};

/* The allocator aclrtAllocatorRegister gave `stream`, or none (no registration, NULL stream). */
inline AllocatorPtr AclAllocatorFor(const void *stream) {
    int registered = 0;
    aclrtStream s = const_cast<void *>(stream);
    if (gecl_rt_stream_has_allocator(s, &registered) != ACL_SUCCESS || registered == 0) return AllocatorPtr();
    aclrtAllocatorDesc desc = nullptr;
    aclrtAllocator obj = nullptr;
    aclrtAllocatorAllocFunc alloc = nullptr;
    aclrtAllocatorFreeFunc free_fn = nullptr;
    aclrtAllocatorAllocAdviseFunc advise = nullptr;
    aclrtAllocatorGetAddrFromBlockFunc addr_of = nullptr;
    if (aclrtAllocatorGetByStream(s, &desc, &obj, &alloc, &free_fn, &advise, &addr_of) != ACL_SUCCESS)
        return AllocatorPtr();
    return std::make_shared<AclAllocator>(obj, alloc, free_fn, advise, addr_of);
}

}  // namespace gecl_detail
}  // namespace ge

#endif
