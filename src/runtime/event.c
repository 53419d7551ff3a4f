/* event.c: events as queue markers; timing from OpenCL event profiling. */
#include "event.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "acl/acl_rt.h"
#include "handle_kinds.h"
#include "runtime.h"
#include "stream.h"

/* Host time at which a marker completed, written by an OpenCL completion callback. Shared by the
 * event and the callback; whichever lets go last frees it. Used where a driver's profiling
 * timestamps are not real times (Mesa rusticl 22.3 counts 0, 1, 2, ...). */
typedef struct gecl_stamp {
    atomic_ullong ns;
    atomic_int refs;
} gecl_stamp;

static uint64_t host_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void stamp_release(gecl_stamp *st)
{
    if (st && atomic_fetch_sub(&st->refs, 1) == 1) free(st);
}

static void CL_CALLBACK on_marker_complete(cl_event ev, cl_int status, void *arg)
{
    gecl_stamp *st = arg;
    atomic_store(&st->ns, host_ns());
    stamp_release(st);
}

/* A stamp that the marker's completion fills in, or NULL if the driver refuses the callback. */
static gecl_stamp *stamp_marker(cl_event m)
{
    gecl_stamp *st = calloc(1, sizeof *st);
    if (!st) return NULL;
    atomic_store(&st->refs, 2);
    if (clSetEventCallback(m, CL_COMPLETE, on_marker_complete, st) != CL_SUCCESS) {
        free(st);
        return NULL;
    }
    return st;
}

static void event_free(gecl_event *e)
{
    for (size_t i = 0; i < e->nwaits; i++) clReleaseEvent(e->waits[i]);
    free(e->waits);
    stamp_release(e->stamp);
    if (e->marker) clReleaseEvent(e->marker);
    pthread_mutex_destroy(&e->lock);
    free(e);
}

void gecl_event_release(gecl_event *e)
{
    if (atomic_fetch_sub(&e->refs, 1) == 1) event_free(e);
}

static inline void event_release_var(gecl_event **e)
{
    if (*e) gecl_event_release(*e);
}
/* An event looked up for the duration of one call (lookup takes the reference). */
#define EVENT_REF(var) gecl_event *var __attribute__((cleanup(event_release_var))) = NULL

static aclError create_event(aclrtEvent *event, uint32_t flag)
{
    GECL_CHECK_ARG(event, "event must not be NULL");
    const uint32_t known = ACL_EVENT_SYNC | ACL_EVENT_CAPTURE_STREAM_PROGRESS | ACL_EVENT_TIME_LINE |
                           ACL_EVENT_DEVICE_USE_ONLY | ACL_EVENT_EXTERNAL | ACL_EVENT_IPC;
    GECL_CHECK_ARG((flag & ~known) == 0, "unknown event flag bits 0x%x", flag & ~known);
    gecl_device *d;
    aclError rc = gecl_context_current_device(&d);
    if (rc) return rc;
    gecl_event *e = calloc(1, sizeof *e);
    if (!e) return gecl_fail_oom();
    pthread_mutex_init(&e->lock, NULL);
    atomic_init(&e->refs, 1);
    e->flags = flag;
    e->device = d;
    static atomic_uint next_id;
    e->id = atomic_fetch_add(&next_id, 1);
    e->handle = gecl_handle_new(GECL_HANDLE_EVENT, e);
    if (!e->handle) { event_free(e); return gecl_fail_oom(); }
    *event = e->handle;
    return ACL_SUCCESS;
}

aclError aclrtCreateEvent(aclrtEvent *event)
{
    GECL_CHECK_INIT();
    return create_event(event, ACL_EVENT_SYNC | ACL_EVENT_TIME_LINE);
}

aclError aclrtCreateEventWithFlag(aclrtEvent *event, uint32_t flag)
{
    GECL_CHECK_INIT();
    return create_event(event, flag);
}

aclError aclrtCreateEventExWithFlag(aclrtEvent *event, uint32_t flag)
{
    GECL_CHECK_INIT();
    return create_event(event, flag);
}

static void *take_event(void *obj)
{
    atomic_fetch_add(&((gecl_event *)obj)->refs, 1);
    return obj;
}

/* The live event behind a handle, with a reference: declare the variable with EVENT_REF. */
aclError gecl_event_lookup(aclrtEvent event, gecl_event **e)
{
    *e = gecl_handle_take(GECL_HANDLE_EVENT, event, take_event);
    if (!*e)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "event %p is not a live event (destroyed, or not from aclrtCreateEvent)", event);
    return ACL_SUCCESS;
}

aclError aclrtDestroyEvent(aclrtEvent event)
{
    GECL_CHECK_INIT();
    gecl_event *e = gecl_handle_remove(GECL_HANDLE_EVENT, event);
    GECL_CHECK_ARG(e, "event %p is not a live event (destroyed already?)", event);
    gecl_event_release(e); /* the handle's reference; calls in progress hold their own */
    return ACL_SUCCESS;
}

cl_event gecl_event_take_marker(gecl_event *e)
{
    pthread_mutex_lock(&e->lock);
    cl_event m = e->marker;
    if (m) clRetainEvent(m);
    pthread_mutex_unlock(&e->lock);
    return m;
}

aclError aclrtRecordEvent(aclrtEvent event, aclrtStream stream)
{
    GECL_CHECK_INIT();
    EVENT_REF(e);
    GECL_STREAM_REF(s);
    aclError rc = gecl_event_lookup(event, &e);
    if (!rc) rc = gecl_stream_resolve(stream, &s);
    if (rc) return rc;
    cl_event m;
    cl_int err = clEnqueueMarkerWithWaitList(s->queue, 0, NULL, &m);
    if (err != CL_SUCCESS) return gecl_fail_cl(err, "clEnqueueMarkerWithWaitList");
    gecl_stamp *st = stamp_marker(m);
    clFlush(s->queue);
    pthread_mutex_lock(&e->lock);
    cl_event old = e->marker;
    gecl_stamp *old_st = e->stamp;
    e->marker = m;
    e->stamp = st;
    e->device = s->device;
    pthread_mutex_unlock(&e->lock);
    if (old) clReleaseEvent(old);
    stamp_release(old_st);
    return ACL_SUCCESS;
}

aclError aclrtResetEvent(aclrtEvent event, aclrtStream stream)
{
    GECL_CHECK_INIT();
    EVENT_REF(e);
    GECL_STREAM_REF(s);
    aclError rc = gecl_event_lookup(event, &e);
    if (!rc) rc = gecl_stream_resolve(stream, &s);
    if (rc) return rc;
    pthread_mutex_lock(&e->lock);
    cl_event old = e->marker;
    gecl_stamp *old_st = e->stamp;
    e->marker = NULL;
    e->stamp = NULL;
    pthread_mutex_unlock(&e->lock);
    if (old) clReleaseEvent(old);
    stamp_release(old_st);
    return ACL_SUCCESS;
}

static cl_int marker_status(cl_event m)
{
    cl_int st = CL_QUEUED;
    cl_int err = clGetEventInfo(m, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof st, &st, NULL);
    return err == CL_SUCCESS ? st : err;
}

/* Whether the event was recorded and whether its captured work is done. */
static aclError event_state(aclrtEvent event, int *recorded, int *complete)
{
    EVENT_REF(e);
    aclError rc = gecl_event_lookup(event, &e);
    if (rc) return rc;
    cl_event m = gecl_event_take_marker(e);
    *recorded = m != NULL;
    *complete = 1;
    if (m) {
        cl_int st = marker_status(m);
        clReleaseEvent(m);
        if (st < 0) return gecl_fail_cl(st, "the work recorded by the event");
        *complete = st == CL_COMPLETE;
    }
    return ACL_SUCCESS;
}

aclError aclrtQueryEventStatus(aclrtEvent event, aclrtEventRecordedStatus *status)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(status, "status must not be NULL");
    int recorded, complete;
    aclError rc = event_state(event, &recorded, &complete);
    if (!rc) *status = recorded && complete ? ACL_EVENT_RECORDED_STATUS_COMPLETE : ACL_EVENT_RECORDED_STATUS_NOT_READY;
    return rc;
}

aclError aclrtQueryEvent(aclrtEvent event, aclrtEventStatus *status)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(status, "status must not be NULL");
    int recorded, complete;
    aclError rc = event_state(event, &recorded, &complete);
    if (!rc) *status = complete ? ACL_EVENT_STATUS_COMPLETE : ACL_EVENT_STATUS_NOT_READY;
    return rc;
}

aclError aclrtSynchronizeEvent(aclrtEvent event)
{
    GECL_CHECK_INIT();
    EVENT_REF(e);
    aclError rc = gecl_event_lookup(event, &e);
    if (rc) return rc;
    cl_event m = gecl_event_take_marker(e);
    if (!m) return ACL_SUCCESS;
    cl_int err = clWaitForEvents(1, &m);
    clReleaseEvent(m);
    return err == CL_SUCCESS ? ACL_SUCCESS : gecl_fail_cl(err, "clWaitForEvents");
}

aclError aclrtSynchronizeEventWithTimeout(aclrtEvent event, int32_t timeout)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(timeout >= -1, "timeout must be -1 (wait forever) or >= 0 ms, got %d", (int)timeout);
    if (timeout == -1) return aclrtSynchronizeEvent(event);
    EVENT_REF(e);
    aclError rc = gecl_event_lookup(event, &e);
    if (rc) return rc;
    cl_event m = gecl_event_take_marker(e);
    if (!m) return ACL_SUCCESS;
    aclError wrc = gecl_wait_event_timeout(m, timeout, "the event");
    clReleaseEvent(m);
    return wrc;
}

aclError aclrtStreamWaitEvent(aclrtStream stream, aclrtEvent event)
{
    GECL_CHECK_INIT();
    EVENT_REF(e);
    GECL_STREAM_REF(s);
    aclError rc = gecl_event_lookup(event, &e);
    if (!rc) rc = gecl_stream_resolve(stream, &s);
    if (rc) return rc;
    cl_event m = gecl_event_take_marker(e);
    if (!m) return ACL_SUCCESS;
    cl_int err;
    if (e->device == s->device) {
        cl_event barrier = NULL;
        err = clEnqueueBarrierWithWaitList(s->queue, 1, &m, &barrier);
        if (err == CL_SUCCESS) {
            clFlush(s->queue);
            gecl_event_add_wait(e, barrier);
            clReleaseEvent(barrier);
        }
    } else {
        err = clWaitForEvents(1, &m); /* events cannot cross OpenCL contexts: wait on the host */
    }
    clReleaseEvent(m);
    return err == CL_SUCCESS ? ACL_SUCCESS : gecl_fail_cl(err, "waiting for the event");
}

/* Device and host times (ns) at which the event's marker completed; host is 0 if unknown. */
static aclError marker_time(gecl_event *e, const char *which, cl_ulong *dev_ns, uint64_t *host)
{
    pthread_mutex_lock(&e->lock);
    cl_event m = e->marker;
    gecl_stamp *st = e->stamp;
    if (m) clRetainEvent(m);
    if (st) atomic_fetch_add(&st->refs, 1);
    pthread_mutex_unlock(&e->lock);
    if (!m) return gecl_fail(ACL_ERROR_INVALID_PARAM, "%s event has not been recorded", which);
    cl_int err = clWaitForEvents(1, &m);
    if (err == CL_SUCCESS)
        err = clGetEventProfilingInfo(m, CL_PROFILING_COMMAND_END, sizeof *dev_ns, dev_ns, NULL);
    clReleaseEvent(m);
    *host = 0;
    /* The callback runs just after completion; give it a moment. */
    for (int i = 0; st && i < 2000 && !(*host = atomic_load(&st->ns)); i++) {
        struct timespec nap = {0, 50000};
        nanosleep(&nap, NULL);
    }
    stamp_release(st);
    if (err != CL_SUCCESS) return gecl_fail_cl(err, "reading the event's timestamp");
    return ACL_SUCCESS;
}

/* Real device clocks count nanoseconds from some far-off origin; a driver whose "timestamps" are
 * small counters (below one second) does not profile, so host completion times are used. */
#define PLAUSIBLE_DEVICE_NS 1000000000ull

aclError aclrtEventElapsedTime(float *ms, aclrtEvent startEvent, aclrtEvent endEvent)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(ms, "ms must not be NULL");
    EVENT_REF(a);
    EVENT_REF(b);
    aclError rc = gecl_event_lookup(startEvent, &a);
    if (!rc) rc = gecl_event_lookup(endEvent, &b);
    cl_ulong t0 = 0, t1 = 0;
    uint64_t h0 = 0, h1 = 0;
    if (!rc) rc = marker_time(a, "the start", &t0, &h0);
    if (!rc) rc = marker_time(b, "the end", &t1, &h1);
    if (rc) return rc;
    if ((t0 < PLAUSIBLE_DEVICE_NS || t1 < PLAUSIBLE_DEVICE_NS) && h0 && h1) { t0 = h0; t1 = h1; }
    *ms = (float)(((double)t1 - (double)t0) / 1e6);
    return ACL_SUCCESS;
}

aclError aclrtEventGetTimestamp(aclrtEvent event, uint64_t *timestamp)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(timestamp, "timestamp must not be NULL");
    EVENT_REF(e);
    aclError rc = gecl_event_lookup(event, &e);
    cl_ulong ns = 0;
    uint64_t host = 0;
    if (!rc) rc = marker_time(e, "the", &ns, &host);
    if (rc) return rc;
    if (ns < PLAUSIBLE_DEVICE_NS && host) ns = host;
    *timestamp = ns / 1000; /* CANN reports microseconds */
    return ACL_SUCCESS;
}

void gecl_event_add_wait(gecl_event *e, cl_event wait)
{
    pthread_mutex_lock(&e->lock);
    size_t kept = 0;
    for (size_t i = 0; i < e->nwaits; i++) {
        if (marker_status(e->waits[i]) <= CL_COMPLETE) clReleaseEvent(e->waits[i]);
        else e->waits[kept++] = e->waits[i];
    }
    e->nwaits = kept;
    if (e->nwaits == e->capwaits) {
        size_t cap = e->capwaits ? e->capwaits * 2 : 4;
        cl_event *w = realloc(e->waits, cap * sizeof *w);
        if (w) {
            e->waits = w;
            e->capwaits = cap;
        }
    }
    /* Out of memory: the wait is not tracked, and the status query may answer COMPLETE early. */
    if (e->nwaits < e->capwaits && clRetainEvent(wait) == CL_SUCCESS) e->waits[e->nwaits++] = wait;
    pthread_mutex_unlock(&e->lock);
}

cl_int gecl_event_poll(cl_event m, int32_t timeout_ms)
{
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        cl_int st = marker_status(m);
        clock_gettime(CLOCK_MONOTONIC, &t);
        double ms = (t.tv_sec - t0.tv_sec) * 1e3 + (t.tv_nsec - t0.tv_nsec) / 1e6;
        if (st <= CL_COMPLETE || ms >= timeout_ms) return st;
        struct timespec nap = {0, 50000};
        nanosleep(&nap, NULL);
    }
}

aclError gecl_wait_event_timeout(cl_event m, int32_t timeout_ms, const char *what)
{
    cl_int st = gecl_event_poll(m, timeout_ms);
    if (st < 0) return gecl_fail_cl(st, what);
    if (st != CL_COMPLETE) return gecl_fail(ACL_ERROR_RT_WAIT_TIMEOUT, "%s is not complete after %d ms", what, (int)timeout_ms);
    return ACL_SUCCESS;
}
