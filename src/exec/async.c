/* async.c: RunGraphAsync. Runs are queued per session and executed in order by one worker
 * thread, which calls the user's callback with host outputs (CANN: "the callback is called
 * from a worker thread"). */
#include <stdlib.h>
#include <string.h>

#include "exec.h"

typedef struct gecl_job {
    struct gecl_job *next;
    gecl_graph_entry *entry;
    size_t n_in;
    gecl_tensor *in;
    gecl_run_callback done;
    void *user;
} gecl_job;

static void run_job(gecl_session_obj *s, gecl_job *j)
{
    size_t n_out = 0;
    gecl_tensor *out = NULL;
    n_out = j->entry->graph->n_outputs;
    out = calloc(n_out + 1, sizeof *out);
    gecl_status rc = out ? gecl_run_sync(s, j->entry, j->n_in, j->in, n_out, out) : gecl_ge_oom();
    if (rc) { /* the callback gets no outputs on failure */
        for (size_t k = 0; out && k < n_out; k++)
            if (out[k].data) gecl_output_free(out[k].data);
        n_out = 0;
    }
    j->done(rc, n_out, out, j->user);
    free(out);
}

static void *worker(void *arg)
{
    gecl_session_obj *s = arg;
    pthread_mutex_lock(&s->job_lock);
    for (;;) {
        while (!s->job_head && !s->worker_stop) pthread_cond_wait(&s->job_cond, &s->job_lock);
        gecl_job *j = s->job_head;
        if (!j) break; /* stop requested and queue drained */
        s->job_head = j->next;
        if (!s->job_head) s->job_tail = NULL;
        pthread_mutex_unlock(&s->job_lock);
        run_job(s, j);
        pthread_mutex_lock(&s->job_lock);
        j->entry->pending--;
        pthread_cond_broadcast(&s->job_cond);
        pthread_mutex_unlock(&s->job_lock);
        gecl_entry_release(j->entry);
        free(j->in);
        free(j);
        pthread_mutex_lock(&s->job_lock);
    }
    const int self_free = s->free_on_exit;
    pthread_mutex_unlock(&s->job_lock);
    if (self_free) { /* the session was released from one of its callbacks: nobody joins us */
        pthread_detach(pthread_self());
        gecl_session_free_memory(s);
    }
    return NULL;
}

gecl_status gecl_async_submit(gecl_session_obj *s, gecl_graph_entry *e, size_t n_in, const gecl_tensor *in,
                              gecl_run_callback done, void *user)
{
    gecl_job *j = calloc(1, sizeof *j);
    gecl_tensor *copy = calloc(n_in + 1, sizeof *copy);
    if (!j || !copy) {
        free(j);
        free(copy);
        return gecl_ge_oom();
    }
    if (n_in) memcpy(copy, in, n_in * sizeof *in);
    *j = (gecl_job){NULL, e, n_in, copy, done, user};
    pthread_mutex_lock(&s->job_lock);
    gecl_status rc = GECL_SUCCESS;
    if (!s->worker_running) {
        if (pthread_create(&s->worker, NULL, worker, s) == 0) s->worker_running = 1;
        else rc = gecl_ge_fail(GECL_FAILED, "cannot start the RunGraphAsync worker thread");
    }
    if (!rc) {
        atomic_fetch_add(&e->refs, 1);
        e->pending++;
        if (s->job_tail) s->job_tail->next = j;
        else s->job_head = j;
        s->job_tail = j;
        pthread_cond_broadcast(&s->job_cond);
    }
    pthread_mutex_unlock(&s->job_lock);
    if (rc) {
        free(copy);
        free(j);
    }
    return rc;
}

void gecl_async_wait(gecl_session_obj *s, gecl_graph_entry *e)
{
    pthread_mutex_lock(&s->job_lock);
    /* A callback that removes its own graph must not wait for itself. */
    int on_worker = s->worker_running && pthread_equal(pthread_self(), s->worker);
    while (!on_worker && e->pending > 0) pthread_cond_wait(&s->job_cond, &s->job_lock);
    pthread_mutex_unlock(&s->job_lock);
}

int gecl_async_stop(gecl_session_obj *s)
{
    pthread_mutex_lock(&s->job_lock);
    const int running = s->worker_running;
    const int on_worker = running && pthread_equal(pthread_self(), s->worker);
    s->worker_stop = 1;
    s->free_on_exit = on_worker;
    pthread_cond_broadcast(&s->job_cond);
    pthread_mutex_unlock(&s->job_lock);
    if (running && !on_worker) pthread_join(s->worker, NULL);
    return on_worker;
}

gecl_status gecl_session_run_graph_async(gecl_session session, uint32_t graph_id, size_t n_in,
                                         const gecl_tensor *in, gecl_run_callback done, void *user)
{
    GECL_ENTER();
    GECL_SESSION_REF(s);
    gecl_graph_entry *e;
    gecl_status rc = gecl_session_lookup(session, &s);
    if (rc) return rc;
    GECL_GE_ARG(done, "callback must not be NULL");
    GECL_GE_ARG(n_in == 0 || in, "inputs must not be NULL");
    if ((rc = gecl_entry_get(s, graph_id, &e))) return rc;
    pthread_mutex_lock(&e->lock);
    gecl_run_mode had = e->mode;
    if (had == GECL_MODE_NONE) e->mode = GECL_MODE_ASYNC;
    pthread_mutex_unlock(&e->lock);
    if (had != GECL_MODE_NONE && had != GECL_MODE_ASYNC)
        rc = gecl_ge_fail(GECL_FAILED, "graph %u was run with another run mode; RunGraphAsync cannot run it (the run "
                          "modes are exclusive per graph)", graph_id);
    if (!rc) rc = gecl_async_submit(s, e, n_in, in, done, user);
    gecl_entry_release(e);
    return rc;
}
