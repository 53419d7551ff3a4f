/* stream.h: ACL streams are in-order OpenCL queues with profiling (design.md decision 2). */
#ifndef GECL_RUNTIME_STREAM_H
#define GECL_RUNTIME_STREAM_H

#include <pthread.h>
#include <stdatomic.h>

#include "context.h"

struct gecl_callback;

typedef struct gecl_stream {
    void *handle;                 /* NULL for a context's default stream until
                                   * aclrtCtxGetCurrentDefaultStream gives it one */
    int is_default;               /* a context's default stream: not destroyable by handle */
    uint32_t priority, flags;     /* CANN priority 0..7 (as created, or as last set by
                                   * aclrtSetStreamAttribute; under cb_lock), ACL_STREAM_* flags */
    int priority_hinted;          /* the queue carries an OpenCL priority hint */
    /* aclrtSetStreamAttribute / SetStreamFailureMode values (recorded; under cb_lock), and the
     * waits of aclrtStreamWaitEventWithTimeout that gave up, reported by the next
     * synchronisation of the stream. */
    uint64_t failure_mode;
    uint32_t overflow_switch, user_tag, cache_op_info;
    uint32_t res_limits[2];       /* aclrtSetStreamResLimit (res_set: bit per type; under cb_lock) */
    unsigned res_set;
    atomic_int wait_timeouts;
    /* Faults found after the work ran (gecl_stream_fault): how many since last reported, and
     * the first one's code and message; under cb_lock. */
    int faults;
    aclError fault_code;
    char fault_msg[384];
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

    /* aclrtStreamQuery without a timing grace. work_gen counts calls that may enqueue (bumped
     * when they take the stream and again when they let it go); idle_gen is the work_gen a
     * completed synchronisation or query saw. Equal: nothing was enqueued since, the stream is
     * idle. Otherwise a probe marker tagged with the work_gen it follows is kept between queries,
     * so a caller that polls sees it complete once the work is done, however loaded the host.
     * `external`: the raw queue was handed out (gecl_rt_stream_queue); gecl cannot see work
     * enqueued there, so queries always probe. idle_gen, probe*, external: under cb_lock. */
    atomic_uint_fast64_t work_gen;
    uint64_t idle_gen, probe_gen;
    cl_event probe;
    int external;
} gecl_stream;

aclError gecl_stream_create(gecl_context *ctx, int is_default, gecl_stream **out);
/* A user stream of CANN priority (clamped to 0..7) with ACL_STREAM_* flags. */
aclError gecl_stream_create_with(gecl_context *ctx, uint32_t priority, uint32_t flags, gecl_stream **out);
/* Creates a user stream in the calling thread's current context and returns its handle. */
aclError gecl_stream_create_current(uint32_t priority, uint32_t flags, aclrtStream *stream);
/* Records a fault of work that ran on s (a kernel found an index out of range, say), found on
 * the host once the work was done: the next synchronisation of s, or of its device, fails with
 * `code` and `msg`, and the exception-info callbacks are called now (exception.c). For code
 * running on s's callback worker, in stream order. */
void gecl_stream_fault(gecl_stream *s, aclError code, uint64_t thread, const char *msg);
/* What a synchronisation of s reports once, then forgets: the first fault recorded since last
 * asked (with the count), else ACL_ERROR_RT_WAIT_TIMEOUT when a timed wait of the stream gave up. */
aclError gecl_stream_take_faults(gecl_stream *s);
/* Reference counting: the last release waits for the stream's work and callbacks, then frees
 * it. Destroying = removing the handle (if any) and releasing the owner's reference. */
gecl_stream *gecl_stream_retain(gecl_stream *s);
void gecl_stream_release(gecl_stream *s);

/* NULL -> current context's default stream; otherwise a live stream handle. Fails with message.
 * The stream comes with a reference (gecl_stream_release), so a destroy from another thread
 * cannot free it under the caller; declare the variable with GECL_STREAM_REF to drop it when
 * the variable goes out of scope. */
aclError gecl_stream_resolve(aclrtStream stream, gecl_stream **out);
/* Marks that work may have been enqueued on s (see work_gen). */
static inline void gecl_stream_note_work(gecl_stream *s) { atomic_fetch_add(&s->work_gen, 1); }
static inline void gecl_stream_release_var(gecl_stream **s)
{
    if (!*s) return;
    gecl_stream_note_work(*s);
    gecl_stream_release(*s);
}
#define GECL_STREAM_REF(var) gecl_stream *var __attribute__((cleanup(gecl_stream_release_var))) = NULL

/* For calls that only wait on or inspect a stream (synchronise, query): resolves without
 * counting as work; declare the variable with GECL_STREAM_PEEK_REF. */
aclError gecl_stream_peek(aclrtStream stream, gecl_stream **out);
static inline void gecl_stream_peek_release_var(gecl_stream **s)
{
    if (*s) gecl_stream_release(*s);
}
#define GECL_STREAM_PEEK_REF(var) gecl_stream *var __attribute__((cleanup(gecl_stream_peek_release_var))) = NULL

/* The calling thread's current context's default stream with a reference taken (resolved
 * through the context handle, so a context destroyed by another thread cannot free it under
 * the caller), or NULL when the thread has no current context. */
gecl_stream *gecl_stream_current_default(void);

/* The queue a synchronous copy or memset touching device d runs on: the current context's
 * default stream when it is on d (so the call is ordered after the work there; *held then
 * carries a reference, to go in a GECL_STREAM_REF variable), else d's own internal queue. */
aclError gecl_sync_queue(gecl_device *d, gecl_stream **held, cl_command_queue *q);

/* Waits until the work enqueued so far is done, at most timeout_ms (-1: no limit); past it,
 * ACL_ERROR_RT_WAIT_TIMEOUT. */
aclError gecl_stream_wait_ms(gecl_stream *s, int32_t timeout_ms);

/* report.c: kinds of user calls a thread can subscribe to process for a stream. */
enum { GECL_REPORT_CALLBACK = 1, GECL_REPORT_HOSTFUNC = 2 };
aclError gecl_report_subscribe(int kind, uint64_t threadId, aclrtStream stream);
aclError gecl_report_unsubscribe(int kind, uint64_t threadId, aclrtStream stream);
aclError gecl_report_process(int kind, int32_t timeout);
/* Hands a user call of the kind to the thread subscribed to s and waits until it has run it;
 * 0 when nobody subscribed s (the caller runs it). */
int gecl_report_deliver(const gecl_stream *s, int kind, void (*fn)(void *), void *data);
/* 1 when the calling thread is running one of s's callbacks as a report (aclrtProcessReport). */
int gecl_report_running_here(const gecl_stream *s);
/* Drops s's subscription and gives its queued reports back to the worker (s is going away). */
void gecl_report_forget(const gecl_stream *s);

/* Runs fn(data) on the stream's worker after the work enqueued so far; later work waits for it. */
aclError gecl_stream_enqueue_host(gecl_stream *s, void (*fn)(void *), void *data);
/* The same for a user call of a GECL_REPORT_* kind, which a subscribed thread runs if any. */
aclError gecl_stream_enqueue_user(gecl_stream *s, int kind, void (*fn)(void *), void *data);

/* Blocks until all enqueued work and callbacks of s are done. */
aclError gecl_stream_finish(gecl_stream *s);

#endif
