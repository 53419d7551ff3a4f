/* vmm.h: the virtual memory calls' state (vmm.c, with vmm_access.c and vmm_handle.c). */
#ifndef GECL_RUNTIME_VMM_H
#define GECL_RUNTIME_VMM_H

#include <pthread.h>
#include <stdint.h>

#include "acl/acl_rt.h"
#include "device.h"

/* Physical memory from aclrtMallocPhysical. `refs` counts the handle's owners: the allocation
 * and each aclrtMemRetainAllocationHandle; aclrtFreePhysical drops one, the last frees. */
typedef struct gecl_phys {
    cl_mem mem;
    size_t size;
    gecl_device *device;
    aclrtPhysicalMemProp prop; /* as given to aclrtMallocPhysical */
    int maps;                  /* live mappings of it */
    int refs;
} gecl_phys;

/* Physical memory mapped into part of a reserved range. `access` (aclrtMemAccessFlags) is what
 * its device may do: with ACL_RT_MEM_ACCESS_FLAGS_NONE the mapping is not in the address map,
 * so pointers in it resolve to nothing; READ is recorded but OpenCL cannot enforce it. */
typedef struct gecl_vmap {
    uintptr_t base;
    size_t size;
    gecl_phys *ph;
    int access;
    struct gecl_vmap *next;
} gecl_vmap;

/* Guards every reservation, mapping and physical handle. */
extern pthread_mutex_t gecl_vmm_lock;

/* The range granularity of the address window (64 KiB, addrmap.c's block alignment). */
#define GECL_VMM_GRANULARITY ((size_t)64 << 10)

/* Under gecl_vmm_lock: the mapping containing address a, else NULL. */
gecl_vmap *gecl_vmm_find_map(uintptr_t a);
/* Under gecl_vmm_lock: 1 when ph is a live handle from aclrtMallocPhysical. */
int gecl_vmm_phys_live(const gecl_phys *ph);
/* Puts a mapping into the address map (access granted) or takes it out (no access); under
 * gecl_vmm_lock. ACL error with message when the address map cannot grow. */
aclError gecl_vmm_set_visible(gecl_vmap *m, int visible);
/* aclrtMapMem with the mapping's first access flags (READWRITE, or NONE for aclrtMemMapNoAccess). */
aclError gecl_vmm_map(void *virPtr, size_t size, size_t offset, aclrtDrvMemHandle handle, uint64_t flags, int access);
/* Checks a physical memory description as aclrtMallocPhysical takes it. */
aclError gecl_vmm_check_prop(const aclrtPhysicalMemProp *prop);

/* 1 when p lies in a range from aclrtReserveMemAddress (mapped or not). */
int gecl_vmm_reserved(const void *p);
/* Forgets every reservation and mapping and frees all physical memory (aclFinalize, before
 * the address map drops its blocks). */
void gecl_vmm_release_all(void);

#endif
