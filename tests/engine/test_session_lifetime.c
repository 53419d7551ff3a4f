/* test_session_lifetime.c: a session destroyed while other threads are inside calls on it, and
 * one destroyed from its own RunGraphAsync callback. Each call either completes (with a correct
 * result) or reports that the session is gone; nothing crashes (the sanitizer stage runs this),
 * deadlocks or leaks, and every object is released at the end. */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "gecl/gecl.h"

#define OK(call) assert_int_equal((call), GECL_SUCCESS)

enum { N = 64, THREADS = 3 };

static gecl_tensor host_tensor(float *data)
{
    gecl_tensor t;
    memset(&t, 0, sizeof t);
    t.desc.dtype = GECL_DT_FLOAT;
    t.desc.format = GECL_FORMAT_ND;
    t.desc.ndim = 1;
    t.desc.dims[0] = N;
    t.data = data;
    t.bytes = sizeof(float) * N;
    t.placement = GECL_ON_HOST;
    return t;
}

/* y = relu(x) as graph `id` of session `s`. */
static void add_relu_graph(gecl_session s, uint32_t id)
{
    gecl_graph *g;
    OK(gecl_graph_create("relu", &g));
    gecl_tensor_desc d = host_tensor(NULL).desc;
    gecl_port x;
    int32_t relu;
    OK(gecl_graph_add_data(g, "x", 0, &d, &x));
    OK(gecl_graph_add_op(g, "relu", "Relu", 1, &x, &relu));
    const gecl_port y = {relu, 0};
    OK(gecl_graph_set_outputs(g, 1, &y));
    OK(gecl_session_add_graph(s, id, g, 0, NULL, NULL));
    gecl_graph_destroy(g);
}

static int setup(void **state)
{
    (void)state;
    return gecl_initialize(0, NULL, NULL) == GECL_SUCCESS ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    if (gecl_finalize() != GECL_SUCCESS) return -1;
    gecl_graph_counts c;
    if (gecl_graph_live_counts(&c) != GECL_SUCCESS) return -1;
    return c.sessions + c.graphs + c.loaded + c.outputs == 0 ? 0 : -1;
}

typedef struct runner {
    gecl_session session;
    pthread_t thread;
    int runs, wrong, other_error, stopped_by; /* stopped_by: the status that ended the loop */
    char message[256];
} runner;

static void *run_until_gone(void *arg)
{
    runner *r = arg;
    float x[N], y[N];
    for (int i = 0; i < N; i++) x[i] = (float)(i - N / 2);
    for (;;) {
        gecl_tensor in = host_tensor(x), out = host_tensor(y);
        memset(y, 0xff, sizeof y);
        const gecl_status rc = gecl_session_run_graph(r->session, 1, 1, &in, 1, &out);
        if (rc != GECL_SUCCESS) {
            r->stopped_by = (int)rc;
            snprintf(r->message, sizeof r->message, "%s", gecl_last_error());
            return NULL;
        }
        for (int i = 0; i < N; i++) r->wrong += y[i] != (x[i] > 0 ? x[i] : 0.0f);
        r->runs++;
    }
}

/* Three threads run one graph in a loop; the main thread destroys the session under them. The
 * calls in flight finish; later ones get PARAM_INVALID saying the session is not live. */
static void test_destroy_while_running(void **state)
{
    (void)state;
    gecl_session s;
    OK(gecl_session_create(0, NULL, NULL, &s));
    add_relu_graph(s, 1);
    OK(gecl_session_load_graph(s, 1, 0, NULL, NULL, NULL));
    runner r[THREADS];
    memset(r, 0, sizeof r);
    for (int t = 0; t < THREADS; t++) {
        r[t].session = s;
        assert_int_equal(pthread_create(&r[t].thread, NULL, run_until_gone, &r[t]), 0);
    }
    const struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);
    OK(gecl_session_destroy(s));
    for (int t = 0; t < THREADS; t++) {
        assert_int_equal(pthread_join(r[t].thread, NULL), 0);
        assert_int_equal(r[t].wrong, 0);
        assert_int_equal(r[t].stopped_by, GECL_PARAM_INVALID);
        assert_non_null(strstr(r[t].message, "not a live session"));
    }
    gecl_graph_counts c;
    OK(gecl_graph_live_counts(&c));
    assert_int_equal(c.sessions, 0);
    assert_int_equal(c.graphs, 0);
}

typedef struct self_destroy {
    gecl_session session;
    pthread_mutex_t lock;
    pthread_cond_t cond, queued_cond;
    int calls, destroy_rc, queued;
} self_destroy;

static void destroy_in_callback(gecl_status status, size_t n_outputs, gecl_tensor *outputs, void *user)
{
    self_destroy *d = user;
    (void)status;
    for (size_t k = 0; k < n_outputs; k++) gecl_output_free(outputs[k].data);
    pthread_mutex_lock(&d->lock);
    /* Both runs must be queued before the session goes, or the second submission races it. */
    while (!d->queued) pthread_cond_wait(&d->queued_cond, &d->lock);
    if (d->calls++ == 0) d->destroy_rc = (int)gecl_session_destroy(d->session);
    pthread_cond_signal(&d->cond);
    pthread_mutex_unlock(&d->lock);
}

/* The first of two queued RunGraphAsync callbacks destroys its own session: the destroy returns
 * SUCCESS without waiting for itself, the second job still runs, and the worker frees the session
 * when it exits. */
static void test_destroy_from_callback(void **state)
{
    (void)state;
    self_destroy d = {0};
    pthread_mutex_init(&d.lock, NULL);
    pthread_cond_init(&d.cond, NULL);
    pthread_cond_init(&d.queued_cond, NULL);
    OK(gecl_session_create(0, NULL, NULL, &d.session));
    add_relu_graph(d.session, 1);
    float x[N] = {0};
    gecl_tensor in = host_tensor(x);
    OK(gecl_session_run_graph_async(d.session, 1, 1, &in, destroy_in_callback, &d));
    OK(gecl_session_run_graph_async(d.session, 1, 1, &in, destroy_in_callback, &d));
    pthread_mutex_lock(&d.lock);
    d.queued = 1;
    pthread_cond_broadcast(&d.queued_cond);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 60;
    while (d.calls < 2 && pthread_cond_timedwait(&d.cond, &d.lock, &until) == 0) {
    }
    pthread_mutex_unlock(&d.lock);
    assert_int_equal(d.calls, 2);
    assert_int_equal(d.destroy_rc, GECL_SUCCESS);
    /* The worker frees the session after the last callback returns: wait for the count. */
    gecl_graph_counts c = {0};
    for (int i = 0; i < 3000; i++) {
        OK(gecl_graph_live_counts(&c));
        if (c.sessions == 0 && c.graphs == 0) break;
        const struct timespec tick = {0, 10 * 1000 * 1000};
        nanosleep(&tick, NULL);
    }
    assert_int_equal(c.sessions, 0);
    assert_int_equal(c.graphs, 0);
    pthread_mutex_destroy(&d.lock);
    pthread_cond_destroy(&d.cond);
    pthread_cond_destroy(&d.queued_cond);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_destroy_while_running),
        cmocka_unit_test(test_destroy_from_callback),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
