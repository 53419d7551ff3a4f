/* hostmem.c: pinned blocks in a small list (programs hold few of them). */
#include "hostmem.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "error.h"

typedef struct pinned {
    void *ptr;
    size_t size;
    cl_mem mem;
    gecl_device *device;
    struct pinned *next;
} pinned;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pinned *g_head;
static size_t g_count;

aclError gecl_hostmem_alloc(gecl_device *d, size_t size, void **out)
{
    cl_context ctx;
    cl_command_queue q;
    aclError rc = gecl_device_context(d, &ctx);
    if (!rc) rc = gecl_device_internal_queue(d, &q);
    if (rc) return rc;
    pinned *p = calloc(1, sizeof *p);
    if (!p) return gecl_fail_oom();
    cl_int err = CL_SUCCESS;
    p->mem = clCreateBuffer(ctx, CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, size, NULL, &err);
    if (err == CL_SUCCESS)
        p->ptr = clEnqueueMapBuffer(q, p->mem, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 0, size, 0, NULL, NULL, &err);
    if (err != CL_SUCCESS) {
        if (p->mem) clReleaseMemObject(p->mem);
        free(p);
        return gecl_fail(ACL_ERROR_BAD_ALLOC, "cannot allocate %zu bytes of pinned host memory: %s", size,
                         gecl_cl_error_name(err));
    }
    p->size = size;
    p->device = d;
    pthread_mutex_lock(&g_lock);
    p->next = g_head;
    g_head = p;
    g_count++;
    pthread_mutex_unlock(&g_lock);
    *out = p->ptr;
    return ACL_SUCCESS;
}

static void release(pinned *p)
{
    cl_command_queue q = p->device->internal;
    if (q) {
        clEnqueueUnmapMemObject(q, p->mem, p->ptr, 0, NULL, NULL);
        gecl_queue_drain(p->device, q);
    }
    clReleaseMemObject(p->mem);
    free(p);
}

aclError gecl_hostmem_free(void *ptr)
{
    pthread_mutex_lock(&g_lock);
    pinned **pp = &g_head;
    while (*pp && (*pp)->ptr != ptr) pp = &(*pp)->next;
    pinned *p = *pp;
    if (p) { *pp = p->next; g_count--; }
    pthread_mutex_unlock(&g_lock);
    if (!p) return gecl_fail(ACL_ERROR_INVALID_PARAM, "%p is not a live block from aclrtMallocHost", ptr);
    release(p);
    return ACL_SUCCESS;
}

int gecl_hostmem_find(const void *ptr, gecl_device **d)
{
    const uintptr_t a = (uintptr_t)ptr;
    pthread_mutex_lock(&g_lock);
    const pinned *p = g_head;
    while (p && !(a >= (uintptr_t)p->ptr && a - (uintptr_t)p->ptr < p->size)) p = p->next;
    if (p) *d = p->device;
    pthread_mutex_unlock(&g_lock);
    return p != NULL;
}

void gecl_hostmem_release_all(void)
{
    pthread_mutex_lock(&g_lock);
    pinned *p = g_head;
    g_head = NULL;
    g_count = 0;
    pthread_mutex_unlock(&g_lock);
    while (p) {
        pinned *next = p->next;
        release(p);
        p = next;
    }
}

size_t gecl_hostmem_count(void)
{
    pthread_mutex_lock(&g_lock);
    size_t n = g_count;
    pthread_mutex_unlock(&g_lock);
    return n;
}
