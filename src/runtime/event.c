/* event.c: events as queue markers; timing from OpenCL event profiling. */
#include "event.h"

#include <stdlib.h>
#include <time.h>

#include "acl/acl_rt.h"
#include "handle.h"
#include "runtime.h"
#include "stream.h"

void gecl_event_free(gecl_event *e)
{
    if (e->marker) clReleaseEvent(e->marker);
    pthread_mutex_destroy(&e->lock);
    free(e);
}

static aclError create_event(aclrtEvent *event, uint32_t flag)
{
    GECL_CHECK_ARG(event, "event must not be NULL");
    const uint32_t known = ACL_EVENT_SYNC | ACL_EVENT_CAPTURE_STREAM_PROGRESS | ACL_EVENT_TIME_LINE |
                           ACL_EVENT_DEVICE_USE_ONLY | ACL_EVENT_EXTERNAL | ACL_EVENT_IPC;
    GECL_CHECK_ARG((flag & ~known) == 0, "unknown event flag bits 0x%x", flag & ~known);
    gecl_context *c;
    aclError rc = gecl_context_current(&c);
    if (rc) return rc;
    gecl_event *e = calloc(1, sizeof *e);
    if (!e) return gecl_fail(ACL_ERROR_BAD_ALLOC, "out of host memory");
    pthread_mutex_init(&e->lock, NULL);
    e->flags = flag;
    e->device = c->device;
    e->handle = gecl_handle_new(GECL_HANDLE_EVENT, e);
    if (!e->handle) { gecl_event_free(e); return gecl_fail(ACL_ERROR_BAD_ALLOC, "out of host memory"); }
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

static aclError lookup(aclrtEvent event, gecl_event **e)
{
    *e = gecl_handle_get(GECL_HANDLE_EVENT, event);
    if (!*e)
        return gecl_fail(ACL_ERROR_INVALID_PARAM, "event %p is not a live event (destroyed, or not from aclrtCreateEvent)", event);
    return ACL_SUCCESS;
}

aclError aclrtDestroyEvent(aclrtEvent event)
{
    GECL_CHECK_INIT();
    gecl_event *e = gecl_handle_remove(GECL_HANDLE_EVENT, event);
    GECL_CHECK_ARG(e, "event %p is not a live event (destroyed already?)", event);
    gecl_event_free(e);
    return ACL_SUCCESS;
}

/* A new reference to the event's marker (NULL when never recorded). */
static cl_event take_marker(gecl_event *e)
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
    gecl_event *e;
    gecl_stream *s;
    aclError rc = lookup(event, &e);
    if (!rc) rc = gecl_stream_resolve(stream, &s);
    if (rc) return rc;
    cl_event m;
    cl_int err = clEnqueueMarkerWithWaitList(s->queue, 0, NULL, &m);
    if (err != CL_SUCCESS) return gecl_fail_cl(err, "clEnqueueMarkerWithWaitList");
    clFlush(s->queue);
    pthread_mutex_lock(&e->lock);
    cl_event old = e->marker;
    e->marker = m;
    e->device = s->device;
    pthread_mutex_unlock(&e->lock);
    if (old) clReleaseEvent(old);
    return ACL_SUCCESS;
}

aclError aclrtResetEvent(aclrtEvent event, aclrtStream stream)
{
    GECL_CHECK_INIT();
    gecl_event *e;
    gecl_stream *s;
    aclError rc = lookup(event, &e);
    if (!rc) rc = gecl_stream_resolve(stream, &s);
    if (rc) return rc;
    pthread_mutex_lock(&e->lock);
    cl_event old = e->marker;
    e->marker = NULL;
    pthread_mutex_unlock(&e->lock);
    if (old) clReleaseEvent(old);
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
    gecl_event *e;
    aclError rc = lookup(event, &e);
    if (rc) return rc;
    cl_event m = take_marker(e);
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
    gecl_event *e;
    aclError rc = lookup(event, &e);
    if (rc) return rc;
    cl_event m = take_marker(e);
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
    gecl_event *e;
    aclError rc = lookup(event, &e);
    if (rc) return rc;
    cl_event m = take_marker(e);
    if (!m) return ACL_SUCCESS;
    aclError wrc = gecl_wait_event_timeout(m, timeout, "the event");
    clReleaseEvent(m);
    return wrc;
}

aclError aclrtStreamWaitEvent(aclrtStream stream, aclrtEvent event)
{
    GECL_CHECK_INIT();
    gecl_event *e;
    gecl_stream *s;
    aclError rc = lookup(event, &e);
    if (!rc) rc = gecl_stream_resolve(stream, &s);
    if (rc) return rc;
    cl_event m = take_marker(e);
    if (!m) return ACL_SUCCESS;
    cl_int err;
    if (e->device == s->device) {
        err = clEnqueueBarrierWithWaitList(s->queue, 1, &m, NULL);
        if (err == CL_SUCCESS) clFlush(s->queue);
    } else {
        err = clWaitForEvents(1, &m); /* events cannot cross OpenCL contexts: wait on the host */
    }
    clReleaseEvent(m);
    return err == CL_SUCCESS ? ACL_SUCCESS : gecl_fail_cl(err, "waiting for the event");
}

/* Device timestamp (ns) at which the marker completed. */
static aclError marker_time(gecl_event *e, const char *which, cl_ulong *ns)
{
    cl_event m = take_marker(e);
    if (!m) return gecl_fail(ACL_ERROR_INVALID_PARAM, "%s event has not been recorded", which);
    cl_int err = clWaitForEvents(1, &m);
    if (err == CL_SUCCESS)
        err = clGetEventProfilingInfo(m, CL_PROFILING_COMMAND_END, sizeof *ns, ns, NULL);
    clReleaseEvent(m);
    if (err != CL_SUCCESS) return gecl_fail_cl(err, "reading the event's timestamp");
    return ACL_SUCCESS;
}

aclError aclrtEventElapsedTime(float *ms, aclrtEvent startEvent, aclrtEvent endEvent)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(ms, "ms must not be NULL");
    gecl_event *a, *b;
    aclError rc = lookup(startEvent, &a);
    if (!rc) rc = lookup(endEvent, &b);
    cl_ulong t0 = 0, t1 = 0;
    if (!rc) rc = marker_time(a, "the start", &t0);
    if (!rc) rc = marker_time(b, "the end", &t1);
    if (rc) return rc;
    *ms = (float)(((double)t1 - (double)t0) / 1e6);
    return ACL_SUCCESS;
}

aclError aclrtEventGetTimestamp(aclrtEvent event, uint64_t *timestamp)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(timestamp, "timestamp must not be NULL");
    gecl_event *e;
    aclError rc = lookup(event, &e);
    cl_ulong ns = 0;
    if (!rc) rc = marker_time(e, "the", &ns);
    if (rc) return rc;
    *timestamp = ns / 1000; /* CANN reports microseconds */
    return ACL_SUCCESS;
}

aclError gecl_wait_event_timeout(cl_event m, int32_t timeout_ms, const char *what)
{
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cl_int st;
    for (;;) {
        st = marker_status(m);
        clock_gettime(CLOCK_MONOTONIC, &t);
        double ms = (t.tv_sec - t0.tv_sec) * 1e3 + (t.tv_nsec - t0.tv_nsec) / 1e6;
        if (st <= CL_COMPLETE || ms >= timeout_ms) break;
        struct timespec nap = {0, 200000};
        nanosleep(&nap, NULL);
    }
    if (st < 0) return gecl_fail_cl(st, what);
    if (st != CL_COMPLETE) return gecl_fail(ACL_ERROR_RT_WAIT_TIMEOUT, "%s is not complete after %d ms", what, (int)timeout_ms);
    return ACL_SUCCESS;
}
