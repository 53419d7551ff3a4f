/* event_wait.c: the event calls of issue 10: aclrtRecordEventWithFlag, aclrtGetEventId,
 * aclrtQueryEventWaitStatus and aclrtStreamWaitEventWithTimeout. */
#include <stdlib.h>

#include "acl/acl_rt.h"
#include "event.h"
#include "runtime.h"
#include "stream.h"

static inline void event_release_var(gecl_event **e)
{
    if (*e) gecl_event_release(*e);
}
#define EVENT_REF(var) gecl_event *var __attribute__((cleanup(event_release_var))) = NULL

/* ACL_EVENT_RECORD_EXTERNAL marks a record inside an ACL graph capture (aclmdlRICaptureBegin),
 * which gecl does not offer. */
aclError aclrtRecordEventWithFlag(aclrtEvent event, aclrtStream stream, uint32_t flag)
{
    GECL_CHECK_INIT();
    if (flag == ACL_EVENT_RECORD_EXTERNAL)
        return gecl_fail(ACL_ERROR_FEATURE_UNSUPPORTED, "ACL_EVENT_RECORD_EXTERNAL records into an ACL graph capture, "
                         "which gecl does not offer");
    GECL_CHECK_ARG(flag == ACL_EVENT_RECORD_DEFAULT, "flag %u is neither ACL_EVENT_RECORD_DEFAULT nor "
                   "ACL_EVENT_RECORD_EXTERNAL", (unsigned)flag);
    return aclrtRecordEvent(event, stream);
}

aclError aclrtGetEventId(aclrtEvent event, uint32_t *eventId)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(eventId, "eventId must not be NULL");
    EVENT_REF(e);
    aclError rc = gecl_event_lookup(event, &e);
    if (!rc) *eventId = e->id;
    return rc;
}

/* CANN's meaning: whether the waits that streams made on the event (aclrtStreamWaitEvent) are
 * done; programs (HCCL) also read NOT_READY as "not recorded yet" and COMPLETE as "recorded and
 * done". Both hold with: COMPLETE when the event was recorded, its recorded work is done and
 * every stream that waited on it has got past the wait; NOT_READY otherwise. */
static aclError wait_state(gecl_event *e, int *pending)
{
    cl_event m = gecl_event_take_marker(e);
    cl_int failed = CL_SUCCESS;
    *pending = m == NULL;
    if (m) {
        cl_int st = CL_QUEUED;
        cl_int err = clGetEventInfo(m, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof st, &st, NULL);
        if (err != CL_SUCCESS || st < 0) failed = err != CL_SUCCESS ? err : st;
        else *pending = st != CL_COMPLETE;
        clReleaseEvent(m);
    }
    pthread_mutex_lock(&e->lock);
    for (size_t i = 0; i < e->nwaits && failed == CL_SUCCESS; i++) {
        cl_int st = CL_QUEUED;
        cl_int err = clGetEventInfo(e->waits[i], CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof st, &st, NULL);
        if (err != CL_SUCCESS || st < 0) failed = err != CL_SUCCESS ? err : st;
        else *pending |= st != CL_COMPLETE;
    }
    pthread_mutex_unlock(&e->lock);
    return failed == CL_SUCCESS ? ACL_SUCCESS : gecl_fail_cl(failed, "the event's recorded work or a stream's wait for it");
}

aclError aclrtQueryEventWaitStatus(aclrtEvent event, aclrtEventWaitStatus *status)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(status, "status must not be NULL");
    EVENT_REF(e);
    aclError rc = gecl_event_lookup(event, &e);
    int pending = 1;
    if (!rc) rc = wait_state(e, &pending);
    if (rc) return rc;
    *status = pending ? ACL_EVENT_WAIT_STATUS_NOT_READY : ACL_EVENT_WAIT_STATUS_COMPLETE;
    return ACL_SUCCESS;
}

/* A wait with a limit runs on the stream's host worker, in stream order: the work enqueued after
 * it waits for it (as for aclrtLaunchCallback). It polls the event's marker for `timeout_ms`;
 * if the event is not done by then the stream goes on and the next aclrtSynchronizeStream(
 * WithTimeout) of the stream reports ACL_ERROR_RT_WAIT_TIMEOUT, as a failed task would be. */
typedef struct timed_wait {
    gecl_stream *s; /* alive while its worker runs this: streams drain their callbacks first */
    cl_event marker;
    int32_t timeout_ms;
} timed_wait;

static void run_timed_wait(void *arg)
{
    timed_wait *w = arg;
    if (gecl_event_poll(w->marker, w->timeout_ms) != CL_COMPLETE) atomic_fetch_add(&w->s->wait_timeouts, 1);
    clReleaseEvent(w->marker);
    free(w);
}

aclError aclrtStreamWaitEventWithTimeout(aclrtStream stream, aclrtEvent event, int32_t timeout)
{
    GECL_CHECK_INIT();
    GECL_CHECK_ARG(timeout >= -1, "timeout must be -1 (no limit) or >= 0 ms, got %d", (int)timeout);
    if (timeout == -1) return aclrtStreamWaitEvent(stream, event);
    EVENT_REF(e);
    GECL_STREAM_REF(s);
    aclError rc = gecl_event_lookup(event, &e);
    if (!rc) rc = gecl_stream_resolve(stream, &s);
    if (rc) return rc;
    cl_event m = gecl_event_take_marker(e);
    if (!m) return ACL_SUCCESS; /* never recorded: nothing to wait for, as aclrtStreamWaitEvent */
    timed_wait *w = malloc(sizeof *w);
    if (!w) {
        clReleaseEvent(m);
        return gecl_fail_oom();
    }
    *w = (timed_wait){s, m, timeout};
    rc = gecl_stream_enqueue_host(s, run_timed_wait, w);
    if (rc) {
        clReleaseEvent(m);
        free(w);
    }
    return rc;
}
