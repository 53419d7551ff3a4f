/* stream.c: streams, host callbacks in stream order, and the stream API. */
#include "stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl/acl_rt.h"
#include "allocator.h"
#include "event.h"
#include "handle_kinds.h"
#include "runtime.h"

/* Only for streams whose raw queue was handed out (see gecl_stream.external). */
#define EXTERNAL_QUERY_GRACE_MS 5

typedef struct gecl_callback {
    void (*fn)(void *);
    void *data;
    cl_event marker; /* completes when the work before the callback is done */
    cl_event gate;   /* user event the stream waits on until fn has returned */
    int user;        /* 0 (gecl's own), or the GECL_REPORT_* kind of a user call that a subscriber
                      * thread may run (report.c) */
    struct gecl_callback *next;
} gecl_callback;

#define PRIORITY_LEAST 7u

static aclError stream_new(gecl_context *ctx, int is_default, uint32_t priority, uint32_t flags, gecl_stream **out)
{
    gecl_stream *s = calloc(1, sizeof *s);
    if (!s) return gecl_fail_oom();
    s->ctx = ctx;
    s->device = ctx->device;
    /* CANN moves a priority outside 0..7 to the nearest end rather than refusing it. */
    s->priority = priority > PRIORITY_LEAST ? PRIORITY_LEAST : priority;
    s->flags = flags;
    aclError rc = gecl_device_new_stream_queue(s->device, s->priority, &s->queue, &s->priority_hinted);
    if (rc) { free(s); return rc; }
    atomic_store(&s->refs, 1);
    s->is_default = is_default;
    pthread_mutex_init(&s->cb_lock, NULL);
    pthread_cond_init(&s->cb_cond, NULL);
    if (!is_default) {
        s->handle = gecl_handle_new(GECL_HANDLE_STREAM, s);
        if (!s->handle) {
            gecl_stream_release(s);
            return gecl_fail_oom();
        }
    }
    *out = s;
    return ACL_SUCCESS;
}

aclError gecl_stream_create(gecl_context *ctx, int is_default, gecl_stream **out)
{
    return stream_new(ctx, is_default, 0, 0, out);
}

aclError gecl_stream_create_with(gecl_context *ctx, uint32_t priority, uint32_t flags, gecl_stream **out)
{
    return stream_new(ctx, 0, priority, flags, out);
}

void gecl_stream_fault(gecl_stream *s, aclError code, uint64_t thread, const char *msg)
{
    pthread_mutex_lock(&s->cb_lock);
    if (!s->faults++) {
        s->fault_code = code;
        snprintf(s->fault_msg, sizeof s->fault_msg, "%s", msg);
    }
    pthread_mutex_unlock(&s->cb_lock);
    gecl_exception_notify(s->device->id, thread, code);
}

aclError gecl_stream_take_faults(gecl_stream *s)
{
    pthread_mutex_lock(&s->cb_lock);
    const int faults = s->faults;
    const aclError code = s->fault_code;
    char msg[sizeof s->fault_msg];
    memcpy(msg, s->fault_msg, sizeof msg);
    s->faults = 0;
    pthread_mutex_unlock(&s->cb_lock);
    if (faults) /* gave-up waits stay counted: the next synchronisation reports them */
        return gecl_fail(code, "%s%s", msg, faults > 1 ? " (and more faults of this stream's work since it was "
                                                        "last synchronised)" : "");
    const int n = atomic_exchange(&s->wait_timeouts, 0);
    if (n > 0)
        return gecl_fail(ACL_ERROR_RT_WAIT_TIMEOUT, "%d wait(s) of aclrtStreamWaitEventWithTimeout on this stream "
                         "gave up before the event completed (the stream went on after each)", n);
    return ACL_SUCCESS;
}

static void stream_free_memory(gecl_stream *s);

static void *callback_worker(void *arg)
{
    gecl_stream *s = arg;
    pthread_mutex_lock(&s->cb_lock);
    for (;;) {
        while (!s->cb_head && !s->cb_stop) pthread_cond_wait(&s->cb_cond, &s->cb_lock);
        gecl_callback *cb = s->cb_head;
        if (!cb) break; /* stop requested and nothing left */
        s->cb_head = cb->next;
        if (!s->cb_head) s->cb_tail = NULL;
        pthread_mutex_unlock(&s->cb_lock);
        clWaitForEvents(1, &cb->marker);
        if (!cb->user || !gecl_report_deliver(s, cb->user, cb->fn, cb->data)) cb->fn(cb->data);
        clSetUserEventStatus(cb->gate, CL_COMPLETE);
        clReleaseEvent(cb->marker);
        clReleaseEvent(cb->gate);
        free(cb);
        pthread_mutex_lock(&s->cb_lock);
    }
    const int self_free = s->cb_free_on_exit;
    pthread_mutex_unlock(&s->cb_lock);
    if (self_free) { /* see stream_free */
        pthread_detach(pthread_self());
        if (s->queue) gecl_queue_drain(s->device, s->queue);
        stream_free_memory(s);
    }
    return NULL;
}

/* The worker runs callbacks in list order and waits for each one's marker, which sits behind
 * the gates of the callbacks enqueued before it; so the list order must be the queue order.
 * Enqueueing and appending therefore happen under one hold of cb_lock: with two locks, two
 * threads could append in the opposite order and the worker would wait forever. */
static aclError enqueue_callback(gecl_stream *s, void (*fn)(void *), void *data, int user)
{
    gecl_callback *cb = calloc(1, sizeof *cb);
    if (!cb) return gecl_fail_oom();
    cb->fn = fn;
    cb->data = data;
    cb->user = user;
    pthread_mutex_lock(&s->cb_lock);
    if (!s->cb_running) {
        if (pthread_create(&s->cb_thread, NULL, callback_worker, s) != 0) {
            pthread_mutex_unlock(&s->cb_lock);
            free(cb);
            return gecl_fail(ACL_ERROR_RT_INTERNAL_ERROR, "cannot start the stream's callback thread");
        }
        s->cb_running = 1;
    }
    cl_int err = CL_SUCCESS;
    cb->gate = clCreateUserEvent(s->device->ctx, &err);
    if (err == CL_SUCCESS) err = clEnqueueMarkerWithWaitList(s->queue, 0, NULL, &cb->marker);
    if (err == CL_SUCCESS) err = clEnqueueBarrierWithWaitList(s->queue, 1, &cb->gate, NULL);
    if (err != CL_SUCCESS) {
        pthread_mutex_unlock(&s->cb_lock);
        if (cb->marker) clReleaseEvent(cb->marker);
        if (cb->gate) { clSetUserEventStatus(cb->gate, CL_COMPLETE); clReleaseEvent(cb->gate); }
        free(cb);
        return gecl_fail_cl(err, "enqueueing the callback");
    }
    if (s->cb_tail) s->cb_tail->next = cb; else s->cb_head = cb;
    s->cb_tail = cb;
    pthread_cond_signal(&s->cb_cond);
    pthread_mutex_unlock(&s->cb_lock);
    clFlush(s->queue);
    return ACL_SUCCESS;
}

aclError gecl_stream_enqueue_host(gecl_stream *s, void (*fn)(void *), void *data)
{
    return enqueue_callback(s, fn, data, 0);
}

aclError gecl_stream_enqueue_user(gecl_stream *s, int kind, void (*fn)(void *), void *data)
{
    return enqueue_callback(s, fn, data, kind);
}

/* A wait that completed covers every call that had taken the stream before it began. */
static void mark_idle(gecl_stream *s, uint64_t gen)
{
    pthread_mutex_lock(&s->cb_lock);
    if (gen > s->idle_gen) s->idle_gen = gen;
    pthread_mutex_unlock(&s->cb_lock);
}

aclError gecl_stream_finish(gecl_stream *s)
{
    const uint64_t gen = atomic_load(&s->work_gen);
    cl_int err = gecl_queue_drain(s->device, s->queue);
    if (err != CL_SUCCESS) return gecl_fail_cl(err, "waiting for the stream");
    mark_idle(s, gen);
    return ACL_SUCCESS;
}

gecl_stream *gecl_stream_retain(gecl_stream *s)
{
    atomic_fetch_add(&s->refs, 1);
    return s;
}

static void stream_free_memory(gecl_stream *s)
{
    gecl_report_forget(s);
    gecl_allocator_forget(s);
    if (s->probe) clReleaseEvent(s->probe);
    if (s->queue) clReleaseCommandQueue(s->queue);
    pthread_mutex_destroy(&s->cb_lock);
    pthread_cond_destroy(&s->cb_cond);
    free(s);
}

/* On the stream's own callback worker (a callback destroyed the stream, or its call held the
 * last reference) neither draining nor joining can finish: the queue waits for this very
 * callback. The worker then runs what is queued and frees the stream as it exits. */
static void stream_free(gecl_stream *s)
{
    /* A subscriber may never call aclrtProcessReport again (it may be this very thread): the
     * callbacks still queued run on the worker instead, so the drain below cannot hang. */
    gecl_report_forget(s);
    /* A subscriber running one of s's callbacks blocks the worker just as the worker itself
     * would: the same rule applies. */
    const int in_report = gecl_report_running_here(s);
    pthread_mutex_lock(&s->cb_lock);
    const int on_worker = in_report || (s->cb_running && pthread_equal(pthread_self(), s->cb_thread));
    pthread_mutex_unlock(&s->cb_lock);
    if (!on_worker && s->queue) gecl_queue_drain(s->device, s->queue);
    pthread_mutex_lock(&s->cb_lock);
    int running = s->cb_running;
    s->cb_stop = 1;
    s->cb_free_on_exit = on_worker;
    pthread_cond_signal(&s->cb_cond);
    pthread_mutex_unlock(&s->cb_lock);
    if (on_worker) return;
    if (running) pthread_join(s->cb_thread, NULL);
    stream_free_memory(s);
}

void gecl_stream_release(gecl_stream *s)
{
    if (atomic_fetch_sub(&s->refs, 1) == 1) stream_free(s);
}

static void *take_stream(void *obj) { return gecl_stream_retain(obj); }

aclError gecl_stream_peek(aclrtStream stream, gecl_stream **out)
{
    if (!stream) {
        *out = gecl_stream_current_default();
        if (!*out) {
            gecl_context *c;
            const aclError rc = gecl_context_current(&c); /* sets the message */
            /* success would hand on a NULL stream: never, but say so rather than crash */
            if (!rc) gecl_fail(ACL_ERROR_RT_CONTEXT_NULL, "the current context has no default stream");
            return rc ? rc : ACL_ERROR_RT_CONTEXT_NULL;
        }
        return ACL_SUCCESS;
    }
    *out = gecl_handle_take(GECL_HANDLE_STREAM, stream, take_stream);
    if (!*out) {
        /* the code returned here, not gecl_fail's result: callers' compilers then see that a
         * success always comes with a stream */
        gecl_fail(ACL_ERROR_INVALID_PARAM, "stream %p is not a live stream (destroyed, or not from aclrtCreateStream)",
                  stream);
        return ACL_ERROR_INVALID_PARAM;
    }
    return ACL_SUCCESS;
}

aclError gecl_stream_resolve(aclrtStream stream, gecl_stream **out)
{
    aclError rc = gecl_stream_peek(stream, out);
    if (!rc) gecl_stream_note_work(*out);
    return rc;
}

aclError gecl_sync_queue(gecl_device *d, gecl_stream **held, cl_command_queue *q)
{
    gecl_stream *s = gecl_stream_current_default();
    if (s && s->device == d) {
        gecl_stream_note_work(s);
        *held = s;
        *q = s->queue;
        return ACL_SUCCESS;
    }
    if (s) gecl_stream_release(s);
    return gecl_device_internal_queue(d, q);
}

aclError gecl_stream_create_current(uint32_t priority, uint32_t flags, aclrtStream *stream)
{
    GECL_CHECK_ARG(stream, "stream must not be NULL");
    /* Contexts are destroyed under gecl_rt.lock: holding it keeps the current one alive until
     * the new stream is registered, so the destroy sees (and takes) it. */
    pthread_mutex_lock(&gecl_rt.lock);
    gecl_context *c;
    gecl_stream *s = NULL;
    aclError rc = gecl_context_current(&c);
    if (!rc) rc = gecl_stream_create_with(c, priority, flags, &s);
    pthread_mutex_unlock(&gecl_rt.lock);
    if (rc) return rc;
    *stream = s->handle;
    return ACL_SUCCESS;
}

aclError aclrtCreateStream(aclrtStream *stream)
{
    GECL_CHECK_INIT();
    return gecl_stream_create_current(0, 0, stream);
}

/* The priority becomes an OpenCL queue priority hint where the device has cl_khr_priority_hints
 * (see gecl_device_new_stream_queue) and is recorded either way (aclrtStreamGetPriority). */
aclError aclrtCreateStreamWithConfig(aclrtStream *stream, uint32_t priority, uint32_t flag)
{
    GECL_CHECK_INIT();
    const uint32_t known = ACL_STREAM_FAST_LAUNCH | ACL_STREAM_FAST_SYNC | ACL_STREAM_PERSISTENT |
                           ACL_STREAM_HUGE | ACL_STREAM_CPU_SCHEDULE | ACL_STREAM_DEVICE_USE_ONLY;
    GECL_CHECK_ARG((flag & ~known) == 0, "unknown stream flag bits 0x%x", flag & ~known);
    return gecl_stream_create_current(priority, flag, stream);
}

static aclError destroy_stream(aclrtStream stream)
{
    GECL_CHECK_ARG(stream, "the default stream (NULL) cannot be destroyed");
    const gecl_stream *d = gecl_handle_get(GECL_HANDLE_STREAM, stream);
    GECL_CHECK_ARG(!d || !d->is_default, "stream %p is a context's default stream (from "
                   "aclrtCtxGetCurrentDefaultStream): it goes with its context", stream);
    gecl_stream *s = gecl_handle_remove(GECL_HANDLE_STREAM, stream);
    GECL_CHECK_ARG(s, "stream %p is not a live stream (destroyed already?)", stream);
    gecl_stream_release(s);
    return ACL_SUCCESS;
}

aclError aclrtDestroyStream(aclrtStream stream)
{
    GECL_CHECK_INIT();
    return destroy_stream(stream);
}

aclError aclrtDestroyStreamForce(aclrtStream stream)
{
    GECL_CHECK_INIT();
    return destroy_stream(stream);
}

aclError aclrtSynchronizeStream(aclrtStream stream)
{
    GECL_CHECK_INIT();
    GECL_STREAM_PEEK_REF(s);
    aclError rc = gecl_stream_peek(stream, &s);
    if (!rc) rc = gecl_stream_finish(s);
    return rc ? rc : gecl_stream_take_faults(s);
}

/* Waits for a marker behind the stream's current work, at most timeout_ms. */
aclError gecl_stream_wait_ms(gecl_stream *s, int32_t timeout_ms)
{
    if (timeout_ms == -1) return gecl_stream_finish(s);
    const uint64_t gen = atomic_load(&s->work_gen);
    cl_event m;
    cl_int err = clEnqueueMarkerWithWaitList(s->queue, 0, NULL, &m);
    if (err != CL_SUCCESS) return gecl_fail_cl(err, "clEnqueueMarkerWithWaitList");
    clFlush(s->queue);
    aclError rc = gecl_wait_event_timeout(m, timeout_ms, "the stream's work");
    clReleaseEvent(m);
    if (!rc) mark_idle(s, gen);
    return rc;
}

aclError aclrtSynchronizeStreamWithTimeout(aclrtStream stream, int32_t timeout)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(timeout >= -1, "timeout must be -1 (wait forever) or >= 0 ms, got %d", (int)timeout);
    GECL_STREAM_PEEK_REF(s);
    aclError rc = gecl_stream_peek(stream, &s);
    if (!rc) rc = gecl_stream_wait_ms(s, timeout);
    return rc ? rc : gecl_stream_take_faults(s);
}

/* Status of everything enqueued on s so far (see gecl_stream.work_gen); cb_lock held. */
static cl_int query_locked(gecl_stream *s)
{
    const uint64_t gen = atomic_load(&s->work_gen);
    if (!s->external && s->idle_gen == gen) return CL_COMPLETE;
    if (s->probe && (s->external || s->probe_gen != gen)) {
        clReleaseEvent(s->probe);
        s->probe = NULL;
    }
    if (!s->probe) {
        cl_int err = clEnqueueMarkerWithWaitList(s->queue, 0, NULL, &s->probe);
        if (err != CL_SUCCESS) {
            s->probe = NULL;
            return err;
        }
        s->probe_gen = gen;
        clFlush(s->queue);
    }
    /* Streams with outside work get their probe's only chance now; the others keep it. */
    cl_int st = gecl_event_poll(s->probe, s->external ? EXTERNAL_QUERY_GRACE_MS : 0);
    if (st == CL_COMPLETE) {
        if (gen > s->idle_gen) s->idle_gen = gen;
        clReleaseEvent(s->probe);
        s->probe = NULL;
    }
    return st;
}

aclError aclrtStreamQuery(aclrtStream stream, aclrtStreamStatus *status)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(status, "status must not be NULL");
    GECL_STREAM_PEEK_REF(s);
    aclError rc = gecl_stream_peek(stream, &s);
    if (rc) return rc;
    pthread_mutex_lock(&s->cb_lock);
    cl_int st = query_locked(s);
    pthread_mutex_unlock(&s->cb_lock);
    if (st < 0) return gecl_fail_cl(st, "the stream's work");
    *status = st == CL_COMPLETE ? ACL_STREAM_STATUS_COMPLETE : ACL_STREAM_STATUS_NOT_READY;
    return ACL_SUCCESS;
}

aclError aclrtLaunchCallback(aclrtCallback fn, void *userData, aclrtCallbackBlockType blockType, aclrtStream stream)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(fn, "fn must not be NULL");
    GECL_CHECK_ARG(blockType == ACL_CALLBACK_NO_BLOCK || blockType == ACL_CALLBACK_BLOCK,
                   "blockType %d is neither ACL_CALLBACK_NO_BLOCK nor ACL_CALLBACK_BLOCK", (int)blockType);
    GECL_STREAM_REF(s);
    aclError rc = gecl_stream_resolve(stream, &s);
    return rc ? rc : enqueue_callback(s, fn, userData, GECL_REPORT_CALLBACK);
}
