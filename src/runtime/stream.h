/* stream.h: ACL streams are in-order OpenCL queues with profiling (DESIGN decision 2). */
#ifndef GECL_RUNTIME_STREAM_H
#define GECL_RUNTIME_STREAM_H

#include <pthread.h>
#include <stdatomic.h>

#include "context.h"

struct gecl_callback;

typedef struct gecl_stream {
    void *handle;                 /* NULL for a context's default stream */
    gecl_context *ctx;
    gecl_device *device;
    cl_command_queue queue;
    atomic_int refs;              /* the owner (handle or context) plus temporary users */

    /* Host callbacks run in stream order on one worker thread, started on first use. */
    pthread_mutex_t cb_lock;
    pthread_cond_t cb_cond;
    pthread_t cb_thread;
    int cb_running, cb_stop;
    int cb_free_on_exit;   /* the last reference went inside a callback: the worker frees */
    struct gecl_callback *cb_head, *cb_tail;
} gecl_stream;

aclError gecl_stream_create(gecl_context *ctx, int is_default, gecl_stream **out);
/* Reference counting: the last release waits for the stream's work and callbacks, then frees
 * it. Destroying = removing the handle (if any) and releasing the owner's reference. */
gecl_stream *gecl_stream_retain(gecl_stream *s);
void gecl_stream_release(gecl_stream *s);

/* NULL -> current context's default stream; otherwise a live stream handle. Fails with message.
 * The stream comes with a reference (gecl_stream_release), so a destroy from another thread
 * cannot free it under the caller; declare the variable with GECL_STREAM_REF to drop it when
 * the variable goes out of scope. */
aclError gecl_stream_resolve(aclrtStream stream, gecl_stream **out);
static inline void gecl_stream_release_var(gecl_stream **s)
{
    if (*s) gecl_stream_release(*s);
}
#define GECL_STREAM_REF(var) gecl_stream *var __attribute__((cleanup(gecl_stream_release_var))) = NULL

/* Waits until the work enqueued so far is done, at most timeout_ms (-1: no limit); past it,
 * ACL_ERROR_RT_WAIT_TIMEOUT. */
aclError gecl_stream_wait_ms(gecl_stream *s, int32_t timeout_ms);

/* report.c: hands a user callback to the thread subscribed to s and waits until it has run it;
 * 0 when nobody subscribed s (the caller runs it). */
int gecl_report_deliver(const gecl_stream *s, void (*fn)(void *), void *data);
/* Drops s's subscription and gives its queued reports back to the worker (s is going away). */
void gecl_report_forget(const gecl_stream *s);

/* Runs fn(data) on the stream's worker after the work enqueued so far; later work waits for it. */
aclError gecl_stream_enqueue_host(gecl_stream *s, void (*fn)(void *), void *data);

/* Blocks until all enqueued work and callbacks of s are done. */
aclError gecl_stream_finish(gecl_stream *s);

#endif
