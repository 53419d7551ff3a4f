/* addrmap.h: the device address map (design.md decision 1).
 *
 * aclrtMalloc returns addresses inside a private window reserved with mmap(PROT_NONE), so device
 * pointers never alias host memory and a stray dereference faults. Each live allocation is a
 * range of that window backed by one cl_mem; any pointer inside the range resolves to
 * (cl_mem, offset) by binary search. Ranges are separated by unmapped guard space, and freed
 * addresses are reused only after the window has been walked once, so stale pointers are
 * caught rather than silently hitting a newer allocation. */
#ifndef GECL_RUNTIME_ADDRMAP_H
#define GECL_RUNTIME_ADDRMAP_H

#include <stddef.h>
#include <stdint.h>

#include "device.h"

/* What a range of the window is: an aclrtMalloc allocation, a virtual range held by
 * aclrtReserveMemAddress (no memory: pointers in it resolve to nothing), or physical memory
 * mapped into such a range by aclrtMapMem (vmm.c). Only allocations are freed by aclrtFree,
 * counted as allocations, and released by gecl_addrmap_release_all. */
enum { GECL_BLOCK_MALLOC = 0, GECL_BLOCK_RESERVED = 1, GECL_BLOCK_MAPPED = 2 };

typedef struct gecl_block {
    uintptr_t base;       /* address handed to the user */
    size_t size;          /* bytes the user asked for */
    size_t span;          /* window bytes reserved, guard included */
    cl_mem mem;
    gecl_device *device;
    int kind;             /* GECL_BLOCK_* */
} gecl_block;

/* Reserves the window (once per process; later calls keep it). Tries 16 TiB and halves down to
 * `need` bytes (at least 64 MiB); -1 and the smallest size tried when nothing could be mapped. */
int gecl_addrmap_init(size_t need, size_t *tried_down_to);
size_t gecl_addrmap_window_size(void);
/* Forgets every block (aclFinalize); the window itself stays reserved. */
void gecl_addrmap_fini(void);
int gecl_addrmap_in_window(const void *p);

/* Picks an address for a new block and records it; returns 0, or -1 when the window is full. */
int gecl_addrmap_insert(gecl_block *blk);
/* Records a mapped block at the address it carries (inside a reserved block, vmm.c). */
int gecl_addrmap_insert_at(gecl_block *blk);
/* Removes the block of `kind` starting exactly at p; 1 and *blk when found. */
int gecl_addrmap_remove_kind(const void *p, int kind, gecl_block *blk);
/* Finds the allocation or mapped block containing p; 1 and (*blk, *offset) when found, else 0
 * (also for a reserved range with nothing mapped at p). */
int gecl_addrmap_find(const void *p, gecl_block *blk, size_t *offset);
/* Removes the allocation (GECL_BLOCK_MALLOC) starting exactly at p; 1 and *blk when found. */
int gecl_addrmap_remove(const void *p, gecl_block *blk);
/* Releases every block's cl_mem (aclFinalize). */
void gecl_addrmap_release_all(void);
size_t gecl_addrmap_count(void);
uint64_t gecl_addrmap_bytes(void);

#endif
