/* event.h: ACL events are markers on a stream's queue (design.md decision 2). */
#ifndef GECL_RUNTIME_EVENT_H
#define GECL_RUNTIME_EVENT_H

#include <pthread.h>
#include <stdatomic.h>

#include "device.h"

typedef struct gecl_event {
    void *handle;
    uint32_t flags;
    pthread_mutex_t lock;
    cl_event marker;       /* last recorded marker, NULL until recorded */
    struct gecl_stamp *stamp; /* host clock when that marker completed */
    gecl_device *device;   /* device of the stream it was recorded on */
    atomic_int refs;       /* the handle's, plus one per API call using the event */
    uint32_t id;           /* aclrtGetEventId: unique in the process */
    /* Barriers that streams enqueued to wait for this event (aclrtStreamWaitEvent), not yet
     * seen complete: aclrtQueryEventWaitStatus. Under `lock`. */
    cl_event *waits;
    size_t nwaits, capwaits;
} gecl_event;

/* The live event behind a handle, with a reference (gecl_event_release), or fails. */
aclError gecl_event_lookup(aclrtEvent event, gecl_event **e);
/* A new reference to the event's last recorded marker, NULL when never recorded. */
cl_event gecl_event_take_marker(gecl_event *e);
/* Keeps `wait` (retained) as one of the event's pending waits; drops those already complete. */
void gecl_event_add_wait(gecl_event *e, cl_event wait);

/* Drops a reference; the last one frees the event. */
void gecl_event_release(gecl_event *e);

/* Polls m until it completes, fails or timeout_ms passes; returns its last status. */
cl_int gecl_event_poll(cl_event m, int32_t timeout_ms);

/* Polls `m` until it completes or timeout_ms passes (ACL_ERROR_RT_WAIT_TIMEOUT). */
aclError gecl_wait_event_timeout(cl_event m, int32_t timeout_ms, const char *what);

#endif
