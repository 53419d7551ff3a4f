/* report.c: aclrtSubscribeReport / aclrtProcessReport / aclrtUnSubscribeReport, and the same
 * machinery for host functions (hostfunc.c: aclrtSubscribeHostFunc / ProcessHostFunc /
 * UnSubscribeHostFunc). A stream subscribed by a thread has its aclrtLaunchCallback callbacks
 * (or, for the host-function kind, its aclrtLaunchHostFunc functions) run by that thread, inside
 * its aclrtProcessReport (ProcessHostFunc) calls, as CANN does. The two kinds are separate: one
 * stream may have a report thread and a host-function thread. The stream's callback worker still
 * keeps stream order: it hands each call over as a report and waits until the subscriber has
 * run it. Calls of a kind nobody subscribed run on the worker itself. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "acl/acl_rt.h"
#include "runtime.h"
#include "stream.h"

typedef enum report_state { REPORT_QUEUED, REPORT_RUNNING, REPORT_DONE, REPORT_RETURNED } report_state;

typedef struct report {
    int kind;                 /* GECL_REPORT_CALLBACK or GECL_REPORT_HOSTFUNC */
    uint64_t thread;          /* the subscriber that runs it */
    const gecl_stream *stream;
    void (*fn)(void *);
    void *data;
    report_state state;
    struct report *next;
} report;

typedef struct subscription {
    int kind;
    const gecl_stream *stream;
    uint64_t thread;
    struct subscription *next;
} subscription;

/* One lock and one condition for all of it: reports are rare (one per user callback) and each
 * waiter rechecks its own condition. */
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cond = PTHREAD_COND_INITIALIZER;
static subscription *g_subs;
static report *g_reports;

/* Reports being run right now (taken out of g_reports by aclrtProcessReport). */
typedef struct running {
    const gecl_stream *stream;
    uint64_t thread;
    struct running *next;
} running;
static running *g_running;

static uint64_t self_id(void) { return (uint64_t)pthread_self(); }

static subscription **find_sub(const gecl_stream *s, int kind)
{
    subscription **p = &g_subs;
    while (*p && ((*p)->stream != s || (*p)->kind != kind)) p = &(*p)->next;
    return p;
}

static int thread_subscribed(uint64_t thread, int kind)
{
    for (const subscription *p = g_subs; p; p = p->next)
        if (p->thread == thread && p->kind == kind) return 1;
    return 0;
}

int gecl_report_deliver(const gecl_stream *s, int kind, void (*fn)(void *), void *data)
{
    pthread_mutex_lock(&g_lock);
    subscription *sub = *find_sub(s, kind);
    if (!sub) {
        pthread_mutex_unlock(&g_lock);
        return 0;
    }
    report r = {kind, sub->thread, s, fn, data, REPORT_QUEUED, NULL};
    report **tail = &g_reports;
    while (*tail) tail = &(*tail)->next;
    *tail = &r;
    pthread_cond_broadcast(&g_cond);
    while (r.state == REPORT_QUEUED || r.state == REPORT_RUNNING) pthread_cond_wait(&g_cond, &g_lock);
    const int ran = r.state == REPORT_DONE;
    pthread_mutex_unlock(&g_lock);
    return ran;
}

/* Takes the queued reports of stream s of one kind (-1: all) out of the queue and gives them
 * back to its worker. Lock held. */
static void return_reports(const gecl_stream *s, int kind)
{
    for (report **p = &g_reports; *p;) {
        report *r = *p;
        if (r->stream == s && (kind < 0 || r->kind == kind) && r->state == REPORT_QUEUED) {
            *p = r->next;
            r->state = REPORT_RETURNED;
        } else {
            p = &r->next;
        }
    }
    pthread_cond_broadcast(&g_cond);
}

/* Ends subscription *p (if any) of s for one kind: calls not yet taken run on the stream's
 * worker again. Lock held. */
static void unsubscribe(subscription **p, const gecl_stream *s, int kind)
{
    if (*p) {
        subscription *dead = *p;
        *p = dead->next;
        free(dead);
    }
    return_reports(s, kind);
}

int gecl_report_running_here(const gecl_stream *s)
{
    const uint64_t me = self_id();
    pthread_mutex_lock(&g_lock);
    int here = 0;
    for (const running *r = g_running; r && !here; r = r->next) here = r->stream == s && r->thread == me;
    pthread_mutex_unlock(&g_lock);
    return here;
}

void gecl_report_forget(const gecl_stream *s)
{
    pthread_mutex_lock(&g_lock);
    unsubscribe(find_sub(s, GECL_REPORT_CALLBACK), s, GECL_REPORT_CALLBACK);
    unsubscribe(find_sub(s, GECL_REPORT_HOSTFUNC), s, GECL_REPORT_HOSTFUNC);
    pthread_mutex_unlock(&g_lock);
}

aclError gecl_report_subscribe(int kind, uint64_t threadId, aclrtStream stream)
{
    GECL_STREAM_REF(s);
    aclError rc = gecl_stream_resolve(stream, &s);
    if (rc) return rc;
    pthread_mutex_lock(&g_lock);
    subscription **p = find_sub(s, kind);
    if (*p) {
        const uint64_t owner = (*p)->thread;
        pthread_mutex_unlock(&g_lock);
        return gecl_fail(ACL_ERROR_REPEAT_SUBSCRIBE, "stream %p is already subscribed by thread %llu", stream,
                         (unsigned long long)owner);
    }
    subscription *sub = malloc(sizeof *sub);
    if (sub) {
        *sub = (subscription){kind, s, threadId, g_subs};
        g_subs = sub;
        pthread_cond_broadcast(&g_cond);
    }
    pthread_mutex_unlock(&g_lock);
    return sub ? ACL_SUCCESS : gecl_fail_oom();
}

aclError gecl_report_unsubscribe(int kind, uint64_t threadId, aclrtStream stream)
{
    GECL_STREAM_REF(s);
    aclError rc = gecl_stream_resolve(stream, &s);
    if (rc) return rc;
    pthread_mutex_lock(&g_lock);
    subscription **p = find_sub(s, kind);
    if (!*p || (*p)->thread != threadId) {
        pthread_mutex_unlock(&g_lock);
        return gecl_fail(ACL_ERROR_STREAM_NOT_SUBSCRIBE, "stream %p is not subscribed by thread %llu", stream,
                         (unsigned long long)threadId);
    }
    unsubscribe(p, s, kind);
    pthread_mutex_unlock(&g_lock);
    return ACL_SUCCESS;
}

aclError aclrtSubscribeReport(uint64_t threadId, aclrtStream stream)
{
    GECL_CHECK_INIT();
    return gecl_report_subscribe(GECL_REPORT_CALLBACK, threadId, stream);
}

aclError aclrtUnSubscribeReport(uint64_t threadId, aclrtStream stream)
{
    GECL_CHECK_INIT();
    return gecl_report_unsubscribe(GECL_REPORT_CALLBACK, threadId, stream);
}

/* Absolute CLOCK_REALTIME deadline `ms` from now. */
static struct timespec deadline_in(int32_t ms)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_sec += ms / 1000;
    t.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

/* Runs one call of the kind from a stream this thread subscribed, waiting up to `timeout` ms
 * (-1: no limit) for one to arrive. */
aclError gecl_report_process(int kind, int32_t timeout)
{
    GECL_CHECK_ARG(timeout == -1 || timeout > 0, "timeout must be -1 (wait forever) or > 0 ms, got %d", (int)timeout);
    const uint64_t me = self_id();
    const struct timespec until = deadline_in(timeout > 0 ? timeout : 0);
    pthread_mutex_lock(&g_lock);
    for (;;) {
        report *r = NULL;
        for (report **p = &g_reports; *p; p = &(*p)->next) {
            if ((*p)->thread == me && (*p)->kind == kind && (*p)->state == REPORT_QUEUED) {
                r = *p;
                *p = r->next;
                break;
            }
        }
        if (r) {
            r->state = REPORT_RUNNING;
            running me_running = {r->stream, me, g_running};
            g_running = &me_running;
            pthread_mutex_unlock(&g_lock);
            r->fn(r->data);
            pthread_mutex_lock(&g_lock);
            running **p = &g_running;
            while (*p != &me_running) p = &(*p)->next;
            *p = me_running.next;
            r->state = REPORT_DONE; /* the worker owns r: it may return as soon as we unlock */
            pthread_cond_broadcast(&g_cond);
            pthread_mutex_unlock(&g_lock);
            return ACL_SUCCESS;
        }
        int err = timeout == -1 ? pthread_cond_wait(&g_cond, &g_lock) : pthread_cond_timedwait(&g_cond, &g_lock, &until);
        if (err == ETIMEDOUT) break;
    }
    const int subscribed = thread_subscribed(me, kind);
    pthread_mutex_unlock(&g_lock);
    const char *what = kind == GECL_REPORT_HOSTFUNC ? "host function" : "callback";
    if (!subscribed)
        return gecl_fail(ACL_ERROR_THREAD_NOT_SUBSCRIBE, "thread %llu subscribed no stream (%s) and no %s arrived in %d ms",
                         (unsigned long long)me,
                         kind == GECL_REPORT_HOSTFUNC ? "aclrtSubscribeHostFunc" : "aclrtSubscribeReport", what,
                         (int)timeout);
    return gecl_fail(ACL_ERROR_WAIT_CALLBACK_TIMEOUT, "no %s arrived in %d ms", what, (int)timeout);
}

aclError aclrtProcessReport(int32_t timeout)
{
    GECL_CHECK_INIT();
    return gecl_report_process(GECL_REPORT_CALLBACK, timeout);
}
