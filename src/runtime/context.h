/* context.h: ACL contexts. A context belongs to one device and owns a default stream; the
 * current context is per thread (held as a handle, so a destroyed context is noticed). */
#ifndef GECL_RUNTIME_CONTEXT_H
#define GECL_RUNTIME_CONTEXT_H

#include "device.h"

struct gecl_stream;

typedef struct gecl_context {
    void *handle;                  /* NULL for a device's default context */
    gecl_device *device;
    struct gecl_stream *default_stream;
    /* aclrtCtxSetSysParamOpt values (sysparam.c); bit i of sys_opt_set: option i was set here. */
    int64_t sys_opt[4];
    unsigned sys_opt_set;
} gecl_context;

/* The calling thread's current context, or fails with ACL_ERROR_RT_CONTEXT_NULL. */
aclError gecl_context_current(gecl_context **ctx);
/* Current context or NULL, without setting a message. Another thread may destroy the context
 * at any moment: callers that only need its device use gecl_context_current_device. */
gecl_context *gecl_context_current_or_null(void);
/* The device of the calling thread's current context, read under the handle table's lock (so
 * a concurrent aclrtDestroyContext cannot free the context under the read); devices live until
 * aclFinalize. Fails with ACL_ERROR_RT_CONTEXT_NULL when there is no current context. */
aclError gecl_context_current_device(gecl_device **out);
/* The same without a message: NULL when there is no current context. */
gecl_device *gecl_context_device_or_null(void);

aclError gecl_context_create(gecl_device *d, gecl_context **out);
/* Destroys the streams created in ctx, its default stream and ctx itself. */
void gecl_context_destroy(gecl_context *ctx);
void gecl_context_set_current(gecl_context *ctx);

#endif
