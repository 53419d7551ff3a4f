/* allocator.c: the caller's allocator of acl_rt_allocator.h. A description collects the
 * allocator object and its functions; registering it for a stream copies them into that
 * stream's registration (so a later change or destroy of the description does not affect it),
 * which aclrtAllocatorGetByStream reads back and gecl_stream_allocator hands to gecl's own code.
 * A stream's registration ends with aclrtAllocatorUnregister or with the stream. */
#include <stdlib.h>

#include "acl/acl_rt.h"
#include "acl/acl_rt_allocator.h"
#include "gecl/gecl_rt.h"
#include "allocator.h"
#include "handle_kinds.h"
#include "objset.h"
#include "runtime.h"
#include "stream.h"

typedef struct reg {
    const gecl_stream *stream;
    gecl_allocator a;
    struct reg *next;
} reg;

static gecl_objset g_descs = GECL_OBJSET_INIT;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static reg *g_regs;

aclrtAllocatorDesc aclrtAllocatorCreateDesc(void)
{
    GECL_ENTER();
    gecl_allocator *d = calloc(1, sizeof *d);
    if (!d) { gecl_fail_oom(); return NULL; }
    d->desc = d;
    if (gecl_objset_add(&g_descs, d) != 0) {
        free(d);
        gecl_fail_oom();
        return NULL;
    }
    return d;
}

static aclError live_desc(aclrtAllocatorDesc desc, gecl_allocator **out)
{
    GECL_CHECK_ARG(desc, "allocatorDesc must not be NULL");
    GECL_CHECK_ARG(gecl_objset_has(&g_descs, desc), "allocatorDesc %p is not from aclrtAllocatorCreateDesc (or "
                   "destroyed already)", desc);
    *out = desc;
    return ACL_SUCCESS;
}

aclError aclrtAllocatorDestroyDesc(aclrtAllocatorDesc allocatorDesc)
{
    GECL_ENTER();
    GECL_CHECK_ARG(allocatorDesc, "allocatorDesc must not be NULL");
    GECL_CHECK_ARG(gecl_objset_remove(&g_descs, allocatorDesc), "allocatorDesc %p is not from "
                   "aclrtAllocatorCreateDesc (or destroyed already)", allocatorDesc);
    free(allocatorDesc);
    return ACL_SUCCESS;
}

/* The setters: a live description and a non-NULL value. */
#define SETTER(name, type, field, what)                                                          \
    aclError name(aclrtAllocatorDesc allocatorDesc, type value)                                  \
    {                                                                                            \
        GECL_ENTER();                                                                            \
        gecl_allocator *d = NULL;                                                                \
        aclError rc = live_desc(allocatorDesc, &d);                                              \
        if (rc) return rc;                                                                       \
        GECL_CHECK_ARG(value, what " must not be NULL");                                         \
        d->field = value;                                                                        \
        return ACL_SUCCESS;                                                                      \
    }

SETTER(aclrtAllocatorSetObjToDesc, aclrtAllocator, obj, "allocator")
SETTER(aclrtAllocatorSetAllocFuncToDesc, aclrtAllocatorAllocFunc, alloc, "func")
SETTER(aclrtAllocatorSetFreeFuncToDesc, aclrtAllocatorFreeFunc, free_block, "func")
SETTER(aclrtAllocatorSetAllocAdviseFuncToDesc, aclrtAllocatorAllocAdviseFunc, alloc_advise, "func")
SETTER(aclrtAllocatorSetGetAddrFromBlockFuncToDesc, aclrtAllocatorGetAddrFromBlockFunc, addr_of, "func")

static reg **find_reg(const gecl_stream *s)
{
    reg **p = &g_regs;
    while (*p && (*p)->stream != s) p = &(*p)->next;
    return p;
}

/* A usable allocator needs the object and its alloc, free and block-address functions; the
 * advise function is optional. Registering again replaces the stream's allocator. */
aclError aclrtAllocatorRegister(aclrtStream stream, aclrtAllocatorDesc allocatorDesc)
{
    GECL_CHECK_INIT();
    /* CANN requires a stream the program created: NULL (the default stream) is refused. */
    GECL_CHECK_ARG(stream, "stream must not be NULL: an allocator is registered for a created stream");
    gecl_allocator *d = NULL;
    aclError rc = live_desc(allocatorDesc, &d);
    if (rc) return rc;
    GECL_CHECK_ARG(d->obj && d->alloc && d->free_block && d->addr_of,
                   "allocatorDesc %p lacks the allocator object or its alloc, free or get-address function",
                   allocatorDesc);
    GECL_STREAM_PEEK_REF(s);
    if ((rc = gecl_stream_peek(stream, &s))) return rc;
    reg *r = malloc(sizeof *r);
    if (!r) return gecl_fail_oom();
    pthread_mutex_lock(&g_lock);
    reg **p = find_reg(s);
    if (*p) {
        (*p)->a = *d;
        free(r);
    } else {
        *r = (reg){s, *d, NULL};
        *p = r;
    }
    pthread_mutex_unlock(&g_lock);
    return ACL_SUCCESS;
}

int gecl_stream_allocator(const gecl_stream *s, gecl_allocator *out)
{
    pthread_mutex_lock(&g_lock);
    const reg *r = *find_reg(s);
    if (r) *out = r->a;
    pthread_mutex_unlock(&g_lock);
    return r != NULL;
}

aclError gecl_rt_stream_has_allocator(aclrtStream stream, int *registered)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(registered, "registered must not be NULL");
    *registered = 0;
    if (!stream) return ACL_SUCCESS; /* aclrtAllocatorRegister refuses the default stream */
    GECL_STREAM_PEEK_REF(s);
    aclError rc = gecl_stream_peek(stream, &s);
    if (rc) return rc;
    gecl_allocator a;
    *registered = gecl_stream_allocator(s, &a);
    return ACL_SUCCESS;
}

aclError aclrtAllocatorGetByStream(aclrtStream stream, aclrtAllocatorDesc *allocatorDesc, aclrtAllocator *allocator,
                                   aclrtAllocatorAllocFunc *allocFunc, aclrtAllocatorFreeFunc *freeFunc,
                                   aclrtAllocatorAllocAdviseFunc *allocAdviseFunc,
                                   aclrtAllocatorGetAddrFromBlockFunc *getAddrFromBlockFunc)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(allocatorDesc && allocator && allocFunc && freeFunc && allocAdviseFunc && getAddrFromBlockFunc,
                   "no output may be NULL");
    GECL_STREAM_PEEK_REF(s);
    aclError rc = gecl_stream_peek(stream, &s);
    if (rc) return rc;
    gecl_allocator a;
    if (!gecl_stream_allocator(s, &a))
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "stream %p has no registered allocator", stream);
    *allocatorDesc = a.desc;
    *allocator = a.obj;
    *allocFunc = a.alloc;
    *freeFunc = a.free_block;
    *allocAdviseFunc = a.alloc_advise;
    *getAddrFromBlockFunc = a.addr_of;
    return ACL_SUCCESS;
}

/* Takes s's registration out of the list (NULL when it has none); the caller frees it. */
static reg *take_reg(const gecl_stream *s)
{
    pthread_mutex_lock(&g_lock);
    reg **p = find_reg(s), *r = *p;
    if (r) *p = r->next;
    pthread_mutex_unlock(&g_lock);
    return r;
}

static void *retain_stream(void *obj) { return gecl_stream_retain(obj); }

/* CANN documents unregistering as done when there is nothing to unregister: a stream that never
 * had an allocator, had it unregistered already, or no longer exists (its registration ended
 * with it). So an unknown stream is looked up without recording a failure. */
aclError aclrtAllocatorUnregister(aclrtStream stream)
{
    GECL_CHECK_INIT();
    gecl_stream *s = stream ? gecl_handle_take(GECL_HANDLE_STREAM, stream, retain_stream)
                            : gecl_stream_current_default();
    if (!s) return ACL_SUCCESS;
    free(take_reg(s));
    gecl_stream_release(s);
    return ACL_SUCCESS;
}

void gecl_allocator_forget(const gecl_stream *s) { free(take_reg(s)); }
