/* async.c: the job queue of async.h. */
#include "async.h"

void gecl_jobs_init(gecl_jobs *q)
{
    *q = (gecl_jobs){.head = NULL};
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->cond, NULL);
}

void gecl_jobs_destroy(gecl_jobs *q)
{
    pthread_mutex_destroy(&q->lock);
    pthread_cond_destroy(&q->cond);
}

static void *worker(void *arg)
{
    gecl_jobs *q = arg;
    pthread_mutex_lock(&q->lock);
    for (;;) {
        while (!q->head && !q->stop) pthread_cond_wait(&q->cond, &q->lock);
        gecl_job *j = q->head;
        if (!j) break; /* stop requested and queue drained */
        q->head = j->next;
        if (!q->head) q->tail = NULL;
        q->running = j->key;
        pthread_mutex_unlock(&q->lock);
        j->run(j);
        pthread_mutex_lock(&q->lock);
        q->running = NULL;
        pthread_cond_broadcast(&q->cond);
    }
    void (*on_exit)(void *) = q->on_exit;
    void *exit_arg = q->exit_arg;
    pthread_mutex_unlock(&q->lock);
    if (on_exit) { /* stopped from one of its jobs: nobody joins us, and q may go with the owner */
        pthread_detach(pthread_self());
        on_exit(exit_arg);
    }
    return NULL;
}

int gecl_jobs_submit(gecl_jobs *q, gecl_job *j)
{
    int rc = 0;
    pthread_mutex_lock(&q->lock);
    if (!q->worker_running) {
        if (pthread_create(&q->worker, NULL, worker, q) == 0) q->worker_running = 1;
        else rc = -1;
    }
    if (!rc) {
        j->next = NULL;
        if (q->tail) q->tail->next = j;
        else q->head = j;
        q->tail = j;
        pthread_cond_broadcast(&q->cond);
    }
    pthread_mutex_unlock(&q->lock);
    return rc;
}

static int on_worker(const gecl_jobs *q)
{
    return q->worker_running && pthread_equal(pthread_self(), q->worker);
}

static int busy(const gecl_jobs *q, const void *key)
{
    if (q->running == key) return 1;
    for (const gecl_job *j = q->head; j; j = j->next)
        if (j->key == key) return 1;
    return 0;
}

void gecl_jobs_wait(gecl_jobs *q, const void *key)
{
    pthread_mutex_lock(&q->lock);
    if (!on_worker(q))
        while (busy(q, key)) pthread_cond_wait(&q->cond, &q->lock);
    pthread_mutex_unlock(&q->lock);
}

int gecl_jobs_stop(gecl_jobs *q, void (*on_exit)(void *arg), void *arg)
{
    pthread_mutex_lock(&q->lock);
    const int running = q->worker_running;
    const int self = on_worker(q);
    q->stop = 1;
    if (self) {
        q->on_exit = on_exit;
        q->exit_arg = arg;
    }
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
    if (running && !self) pthread_join(q->worker, NULL);
    return self;
}
