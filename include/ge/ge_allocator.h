/*
 * ge_allocator.h: the external allocator interface (GeSession::RegisterExternalAllocator).
 * With an allocator registered for a stream, the feature memory of graphs run or loaded on that
 * stream and the outputs gecl allocates for RunGraphWithStreamAsync come from it.
 */
#ifndef METADEF_CXX_INC_EXTERNAL_GE_ALLOCATOR_H_
#define METADEF_CXX_INC_EXTERNAL_GE_ALLOCATOR_H_

#include <cstdlib>
#include <memory>

namespace ge {
class MemBlock;

class Allocator {
 public:
    Allocator() = default;
    virtual ~Allocator() = default;
    Allocator(const Allocator &) = delete;
    Allocator &operator=(const Allocator &) = delete;

    virtual MemBlock *Malloc(size_t size) = 0;
    virtual void Free(MemBlock *block) = 0;
    /* Memory at a suggested address; the default ignores the suggestion. */
    virtual MemBlock *MallocAdvise(size_t size, void *addr) {
        (void)addr;
        return Malloc(size);
    }
};

/* A block handed out by an Allocator, reference counted (starts at 1). */
class MemBlock {
 public:
    MemBlock(Allocator &allocator, void *addr, size_t block_size)
        : allocator_(allocator), addr_(addr), count_(1U), block_size_(block_size) {}
    virtual ~MemBlock() = default;
    const void *GetAddr() const { return addr_; }
    void *GetAddr() { return addr_; }
    size_t GetSize() const { return block_size_; }
    void SetSize(const size_t mem_size) { block_size_ = mem_size; }
    /* Drops one reference; the last one returns the block to its allocator. */
    void Free() {
        if (GetCount() > 0U && SubCount() == 0U) allocator_.Free(this);
    }
    size_t AddCount() { return ++count_; }
    size_t SubCount() { return --count_; }
    size_t GetCount() const { return count_; }

 private:
    Allocator &allocator_;
    void *addr_;
    size_t count_;
    size_t block_size_;
};

using AllocatorPtr = std::shared_ptr<Allocator>;
}  // namespace ge

#endif
