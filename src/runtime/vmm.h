/* vmm.h: the virtual memory calls' state (vmm.c). */
#ifndef GECL_RUNTIME_VMM_H
#define GECL_RUNTIME_VMM_H

/* 1 when p lies in a range from aclrtReserveMemAddress (mapped or not). */
int gecl_vmm_reserved(const void *p);
/* Forgets every reservation and mapping and frees all physical memory (aclFinalize, before
 * the address map drops its blocks). */
void gecl_vmm_release_all(void);

#endif
