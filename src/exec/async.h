/* async.h: jobs run in order by one worker thread, started on first use (a session's
 * RunGraphAsync runs). The queue knows nothing of what its jobs do, so it depends on no session
 * or graph code: sessions own a queue, run_api.c fills it. */
#ifndef GECL_EXEC_ASYNC_H
#define GECL_EXEC_ASYNC_H

#include <pthread.h>

typedef struct gecl_job {
    struct gecl_job *next;
    const void *key;                   /* gecl_jobs_wait waits for the jobs of one key */
    void (*run)(struct gecl_job *job); /* runs the job and frees it */
} gecl_job;

typedef struct gecl_jobs {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    gecl_job *head, *tail;
    const void *running;               /* key of the job being run */
    pthread_t worker;
    int worker_running, stop;
    void (*on_exit)(void *arg);        /* stopped from a job: the worker calls this as it exits */
    void *exit_arg;
} gecl_jobs;

void gecl_jobs_init(gecl_jobs *q);
/* Frees the lock and condition; the worker must be stopped (gecl_jobs_stop). */
void gecl_jobs_destroy(gecl_jobs *q);
/* Queues j, whose run function then owns it; -1 (j untouched) when the worker cannot start. */
int gecl_jobs_submit(gecl_jobs *q, gecl_job *j);
/* Waits until no job of `key` is queued or running; returns at once on the worker itself (a job
 * must not wait for itself). */
void gecl_jobs_wait(gecl_jobs *q, const void *key);
/* Stops the worker after its queued jobs. From a job on the worker itself it returns 1 without
 * waiting: the worker runs what is queued, then calls on_exit(arg) as its last act, the owner's
 * chance to free the queue with itself. Elsewhere it joins the worker and returns 0. */
int gecl_jobs_stop(gecl_jobs *q, void (*on_exit)(void *arg), void *arg);

#endif
