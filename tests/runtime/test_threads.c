/*
 * test_threads.c: the runtime from many threads: 8 threads with their own streams copying and
 * verifying data, events between streams of different threads, a stream shared by threads,
 * concurrent malloc/free storms. Workers never call cmocka; they record failures.
 */
#include "test_util.h"

static uint32_t xorshift(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

/* ---- 8 threads, own streams ---- */

typedef struct stream_worker {
    int id;
    gt_failures *f;
} stream_worker;

#define ITERATIONS 200

static void *stream_worker_main(void *arg)
{
    stream_worker *w = arg;
    gt_failures *f = w->f;
    const size_t n = 4096 + (size_t)w->id * 13;
    aclrtStream s = NULL;
    void *a = NULL, *b = NULL;
    unsigned char *in = malloc(n), *out1 = malloc(n), *out2 = malloc(n);
    if (!in || !out1 || !out2) {
        gt_failures_add(f, __FILE__, __LINE__, "thread %d: out of host memory", w->id);
        goto done;
    }
    if (!GT_T_OK(f, aclrtSetDevice(0))) goto done;
    if (!GT_T_OK(f, aclrtCreateStream(&s))) goto reset;
    if (!GT_T_OK(f, aclrtMalloc(&a, n, ACL_MEM_MALLOC_HUGE_FIRST))) goto destroy;
    if (!GT_T_OK(f, aclrtMalloc(&b, n, ACL_MEM_MALLOC_HUGE_FIRST))) goto destroy;
    for (int it = 0; it < ITERATIONS && atomic_load(&f->count) == 0; it++) {
        unsigned char value = (unsigned char)(w->id * 31 + it);
        gt_fill_pattern(in, n, (unsigned)(w->id * 1000 + it));
        memset(out1, 0, n);
        memset(out2, 0, n);
        if (!GT_T_OK(f, aclrtMemcpyAsync(a, n, in, n, ACL_MEMCPY_HOST_TO_DEVICE, s))) break;
        if (!GT_T_OK(f, aclrtMemsetAsync(b, n, value, n, s))) break;
        if (!GT_T_OK(f, aclrtMemcpyAsync(out1, n, a, n, ACL_MEMCPY_DEVICE_TO_HOST, s))) break;
        if (!GT_T_OK(f, aclrtMemcpyAsync(out2, n, b, n, ACL_MEMCPY_DEVICE_TO_HOST, s))) break;
        if (!GT_T_OK(f, aclrtSynchronizeStream(s))) break;
        if (memcmp(out1, in, n) != 0) {
            gt_failures_add(f, __FILE__, __LINE__, "thread %d iteration %d: copied data differs", w->id, it);
            break;
        }
        for (size_t i = 0; i < n; i++) {
            if (out2[i] != value) {
                gt_failures_add(f, __FILE__, __LINE__,
                                "thread %d iteration %d: memset byte %zu is 0x%02x, expected 0x%02x",
                                w->id, it, i, out2[i], value);
                break;
            }
        }
    }
destroy:
    if (a) GT_T_OK(f, aclrtFree(a));
    if (b) GT_T_OK(f, aclrtFree(b));
    if (s) GT_T_OK(f, aclrtDestroyStream(s));
reset:
    GT_T_OK(f, aclrtResetDevice(0));
done:
    /* After a failure, copies may still be in flight into these: leak them rather than risk
     * heap corruption that would hide the failure behind a crash. */
    if (atomic_load(&f->count) == 0) {
        free(in);
        free(out1);
        free(out2);
    }
    return NULL;
}

static void test_eight_threads_own_streams(void **state)
{
    (void)state;
    enum { T = 8 };
    gt_failures f;
    gt_failures_init(&f);
    pthread_t th[T];
    stream_worker w[T];
    for (int i = 0; i < T; i++) {
        w[i].id = i;
        w[i].f = &f;
        GT_EQ(pthread_create(&th[i], NULL, stream_worker_main, &w[i]), 0);
    }
    for (int i = 0; i < T; i++) GT_EQ(pthread_join(th[i], NULL), 0);
    GT_FAILURES_CHECK(&f);
}

/* ---- events between threads ---- */

#define ROUNDS 30
#define EV_SIZE (4u << 20)

typedef struct event_pair {
    gt_failures f;
    pthread_barrier_t recorded, consumed;
    aclrtEvent event;
    void *src;
} event_pair;

static void *producer_main(void *arg)
{
    event_pair *p = arg;
    gt_failures *f = &p->f;
    aclrtStream s = NULL;
    int ok = GT_T_OK(f, aclrtSetDevice(0)) && GT_T_OK(f, aclrtCreateStream(&s));
    for (int r = 0; r < ROUNDS; r++) {
        if (ok && atomic_load(&f->count) == 0) {
            ok = GT_T_OK(f, aclrtMemsetAsync(p->src, EV_SIZE, 0xf0, EV_SIZE, s)) &&
                 GT_T_OK(f, aclrtMemsetAsync(p->src, EV_SIZE, 0xf1, EV_SIZE, s)) &&
                 GT_T_OK(f, aclrtMemsetAsync(p->src, EV_SIZE, r + 1, EV_SIZE, s)) &&
                 GT_T_OK(f, aclrtRecordEvent(p->event, s));
        }
        pthread_barrier_wait(&p->recorded);
        pthread_barrier_wait(&p->consumed);
    }
    if (s) GT_T_OK(f, aclrtDestroyStream(s));
    GT_T_OK(f, aclrtResetDevice(0));
    return NULL;
}

static void *consumer_main(void *arg)
{
    event_pair *p = arg;
    gt_failures *f = &p->f;
    aclrtStream s = NULL;
    void *dst = NULL;
    unsigned char *h = malloc(EV_SIZE);
    int ok = h && GT_T_OK(f, aclrtSetDevice(0)) && GT_T_OK(f, aclrtCreateStream(&s)) &&
             GT_T_OK(f, aclrtMalloc(&dst, EV_SIZE, ACL_MEM_MALLOC_HUGE_FIRST));
    for (int r = 0; r < ROUNDS; r++) {
        pthread_barrier_wait(&p->recorded);
        if (ok && atomic_load(&f->count) == 0) {
            ok = GT_T_OK(f, aclrtStreamWaitEvent(s, p->event)) &&
                 GT_T_OK(f, aclrtMemcpyAsync(dst, EV_SIZE, p->src, EV_SIZE, ACL_MEMCPY_DEVICE_TO_DEVICE, s)) &&
                 GT_T_OK(f, aclrtMemcpyAsync(h, EV_SIZE, dst, EV_SIZE, ACL_MEMCPY_DEVICE_TO_HOST, s)) &&
                 GT_T_OK(f, aclrtSynchronizeStream(s));
            for (size_t i = 0; ok && i < EV_SIZE; i++) {
                if (h[i] != (unsigned char)(r + 1)) {
                    gt_failures_add(f, __FILE__, __LINE__,
                                    "round %d: byte %zu is 0x%02x, expected 0x%02x (the wait did not "
                                    "order the copy after the other thread's memsets)",
                                    r, i, h[i], r + 1);
                    ok = 0;
                }
            }
        }
        pthread_barrier_wait(&p->consumed);
    }
    if (dst) GT_T_OK(f, aclrtFree(dst));
    if (s) GT_T_OK(f, aclrtDestroyStream(s));
    GT_T_OK(f, aclrtResetDevice(0));
    if (atomic_load(&f->count) == 0) free(h); /* else a copy may still be in flight into it */
    return NULL;
}

static void test_events_across_threads(void **state)
{
    (void)state;
    event_pair p;
    gt_failures_init(&p.f);
    GT_EQ(pthread_barrier_init(&p.recorded, NULL, 2), 0);
    GT_EQ(pthread_barrier_init(&p.consumed, NULL, 2), 0);
    GT_OK(aclrtCreateEvent(&p.event));
    GT_OK(aclrtMalloc(&p.src, EV_SIZE, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMemset(p.src, EV_SIZE, 0, EV_SIZE));
    pthread_t a, b;
    GT_EQ(pthread_create(&a, NULL, producer_main, &p), 0);
    GT_EQ(pthread_create(&b, NULL, consumer_main, &p), 0);
    GT_EQ(pthread_join(a, NULL), 0);
    GT_EQ(pthread_join(b, NULL), 0);
    pthread_barrier_destroy(&p.recorded);
    pthread_barrier_destroy(&p.consumed);
    GT_OK(aclrtDestroyEvent(p.event));
    GT_OK(aclrtFree(p.src));
    GT_FAILURES_CHECK(&p.f);
}

/* ---- one stream shared by threads ---- */

typedef struct shared_user {
    int id;
    aclrtStream s;
    void *d;
    gt_failures *f;
} shared_user;

#define SHARED_SLICE 65536

static void *shared_user_main(void *arg)
{
    shared_user *u = arg;
    unsigned char *h = malloc(SHARED_SLICE);
    char *mine = (char *)u->d + (size_t)u->id * SHARED_SLICE;
    for (int it = 0; h && it < 50 && atomic_load(&u->f->count) == 0; it++) {
        unsigned char v = (unsigned char)(u->id * 50 + it);
        if (!GT_T_OK(u->f, aclrtMemsetAsync(mine, SHARED_SLICE, v, SHARED_SLICE, u->s))) break;
        if (!GT_T_OK(u->f, aclrtMemcpyAsync(h, SHARED_SLICE, mine, SHARED_SLICE, ACL_MEMCPY_DEVICE_TO_HOST, u->s))) break;
        if (!GT_T_OK(u->f, aclrtSynchronizeStream(u->s))) break;
        for (size_t i = 0; i < SHARED_SLICE; i++) {
            if (h[i] != v) {
                gt_failures_add(u->f, __FILE__, __LINE__, "thread %d iteration %d byte %zu: 0x%02x, expected 0x%02x",
                                u->id, it, i, h[i], v);
                break;
            }
        }
    }
    if (atomic_load(&u->f->count) == 0) free(h); /* else a copy may still be in flight into it */
    return NULL;
}

static void test_stream_shared_by_threads(void **state)
{
    (void)state;
    enum { T = 4 };
    gt_failures f;
    gt_failures_init(&f);
    aclrtStream s = NULL;
    void *d = NULL;
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtMalloc(&d, T * SHARED_SLICE, ACL_MEM_MALLOC_HUGE_FIRST));
    pthread_t th[T];
    shared_user u[T];
    for (int i = 0; i < T; i++) {
        u[i] = (shared_user){i, s, d, &f};
        GT_EQ(pthread_create(&th[i], NULL, shared_user_main, &u[i]), 0);
    }
    for (int i = 0; i < T; i++) GT_EQ(pthread_join(th[i], NULL), 0);
    GT_OK(aclrtFree(d));
    GT_OK(aclrtDestroyStream(s));
    GT_FAILURES_CHECK(&f);
}

/* ---- a stream destroyed while other threads use it ---- */

typedef struct doomed_user {
    int id;
    aclrtStream stream;
    void *dev;
    atomic_int *gone; /* set once a call reported the stream as not live */
    gt_failures *f;
    /* The copies' host ends live here, not on the thread's stack: a copy enqueued just before
     * the destroy completes during aclrtDestroyStream's drain, which can end after this thread
     * saw "not a live stream" and returned (CANN leaves the buffers' lifetime to the caller). */
    uint32_t out[64], back[64];
} doomed_user;

/* Copies on the shared stream until a call says the stream is gone: every call before that
 * succeeds with the right data, the failing one is ACL_ERROR_INVALID_PARAM. */
static void *doomed_user_main(void *arg)
{
    doomed_user *u = arg;
    gt_failures *f = u->f;
    if (!GT_T_OK(f, aclrtSetDevice(0))) return NULL;
    uint32_t *out = u->out, *back = u->back;
    for (int it = 0;; it++) {
        for (int k = 0; k < 64; k++) out[k] = (uint32_t)(u->id << 24 | it << 8 | k);
        char *slice = (char *)u->dev + (size_t)u->id * sizeof u->out;
        aclError rc = aclrtMemcpyAsync(slice, sizeof u->out, out, sizeof u->out, ACL_MEMCPY_HOST_TO_DEVICE, u->stream);
        if (rc == ACL_SUCCESS) rc = aclrtMemcpyAsync(back, sizeof u->back, slice, sizeof u->back,
                                                     ACL_MEMCPY_DEVICE_TO_HOST, u->stream);
        if (rc == ACL_SUCCESS) rc = aclrtSynchronizeStream(u->stream);
        if (rc == ACL_ERROR_INVALID_PARAM && strstr(aclGetRecentErrMsg(), "not a live stream")) break;
        if (!GT_T_OK(f, rc)) break;
        if (memcmp(out, back, sizeof u->out) != 0) {
            gt_failures_add(f, __FILE__, __LINE__, "thread %d iteration %d: data differs", u->id, it);
            break;
        }
    }
    atomic_fetch_add(u->gone, 1);
    GT_T_OK(f, aclrtResetDevice(0));
    return NULL;
}

static void test_stream_destroyed_under_use(void **state)
{
    (void)state;
    enum { T = 3 };
    gt_failures f;
    gt_failures_init(&f);
    aclrtStream s = NULL;
    void *d = NULL;
    atomic_int gone = 0;
    GT_OK(aclrtCreateStream(&s));
    GT_OK(aclrtMalloc(&d, T * 64 * sizeof(uint32_t), ACL_MEM_MALLOC_HUGE_FIRST));
    pthread_t th[T];
    doomed_user u[T];
    for (int i = 0; i < T; i++) {
        u[i] = (doomed_user){.id = i, .stream = s, .dev = d, .gone = &gone, .f = &f};
        GT_EQ(pthread_create(&th[i], NULL, doomed_user_main, &u[i]), 0);
    }
    const struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);
    GT_OK(aclrtDestroyStream(s));
    for (int i = 0; i < T; i++) GT_EQ(pthread_join(th[i], NULL), 0);
    GT_FAILURES_CHECK(&f);
    GT_EQ(atomic_load(&gone), T);
    GT_OK(aclrtFree(d));
}

/* ---- malloc / free storms ---- */

typedef struct storm {
    int id;
    gt_failures *f;
} storm;

#define STORM_ITERATIONS 2000
#define STORM_SLOTS 48

static void *storm_main(void *arg)
{
    storm *st = arg;
    gt_failures *f = st->f;
    void *p[STORM_SLOTS] = {NULL};
    size_t len[STORM_SLOTS] = {0};
    uint64_t tag[STORM_SLOTS] = {0};
    uint32_t rng = 0x9e3779b9u ^ (uint32_t)(st->id * 7919 + 1);
    if (!GT_T_OK(f, aclrtSetDevice(0))) return NULL;
    for (int it = 0; it < STORM_ITERATIONS && atomic_load(&f->count) == 0; it++) {
        int k = (int)(xorshift(&rng) % STORM_SLOTS);
        if (!p[k]) {
            len[k] = 16 + xorshift(&rng) % 65536; /* >= 16: the two tags do not overlap */
            aclrtMemMallocPolicy pol = (aclrtMemMallocPolicy)(xorshift(&rng) % 8);
            if (!GT_T_OK(f, aclrtMalloc(&p[k], len[k], pol))) break;
            if ((uintptr_t)p[k] % 64) {
                gt_failures_add(f, __FILE__, __LINE__, "thread %d: %p not 64-byte aligned", st->id, p[k]);
                break;
            }
            /* A tag at both ends: overlapping allocations would overwrite another's. */
            tag[k] = ((uint64_t)st->id << 56) ^ ((uint64_t)it << 20) ^ len[k];
            if (!GT_T_OK(f, aclrtMemcpy(p[k], len[k], &tag[k], 8, ACL_MEMCPY_HOST_TO_DEVICE))) break;
            if (!GT_T_OK(f, aclrtMemcpy((char *)p[k] + len[k] - 8, 8, &tag[k], 8, ACL_MEMCPY_HOST_TO_DEVICE))) break;
        } else {
            uint64_t head = 0, tail = 0;
            if (!GT_T_OK(f, aclrtMemcpy(&head, 8, p[k], 8, ACL_MEMCPY_DEVICE_TO_HOST))) break;
            if (!GT_T_OK(f, aclrtMemcpy(&tail, 8, (char *)p[k] + len[k] - 8, 8, ACL_MEMCPY_DEVICE_TO_HOST))) break;
            if (head != tag[k] || tail != tag[k]) {
                gt_failures_add(f, __FILE__, __LINE__,
                                "thread %d: allocation %p (%zu bytes) lost its tags: head %llx tail %llx, expected %llx",
                                st->id, p[k], len[k], (unsigned long long)head, (unsigned long long)tail,
                                (unsigned long long)tag[k]);
                break;
            }
            cl_mem b;
            size_t off, left;
            if (!GT_T_OK(f, gecl_rt_resolve((char *)p[k] + 3, &b, &off, &left))) break;
            if (left != len[k] - 3) {
                gt_failures_add(f, __FILE__, __LINE__, "thread %d: resolve says %zu bytes left, expected %zu",
                                st->id, left, len[k] - 3);
                break;
            }
            if (!GT_T_OK(f, aclrtFree(p[k]))) break;
            p[k] = NULL;
        }
    }
    for (int k = 0; k < STORM_SLOTS; k++)
        if (p[k]) GT_T_OK(f, aclrtFree(p[k]));
    GT_T_OK(f, aclrtResetDevice(0));
    return NULL;
}

static void test_malloc_free_storm(void **state)
{
    (void)state;
    enum { T = 4 };
    gt_failures f;
    gt_failures_init(&f);
    pthread_t th[T];
    storm st[T];
    gecl_rt_counts base;
    GT_OK(gecl_rt_live_counts(&base));
    for (int i = 0; i < T; i++) {
        st[i] = (storm){i, &f};
        GT_EQ(pthread_create(&th[i], NULL, storm_main, &st[i]), 0);
    }
    for (int i = 0; i < T; i++) GT_EQ(pthread_join(th[i], NULL), 0);
    GT_FAILURES_CHECK(&f);
    gecl_rt_counts c;
    GT_OK(gecl_rt_live_counts(&c));
    GT_EQ(c.allocations, base.allocations);
    GT_EQ(c.device_bytes, base.device_bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eight_threads_own_streams),
        cmocka_unit_test(test_events_across_threads),
        cmocka_unit_test(test_stream_shared_by_threads),
        cmocka_unit_test(test_stream_destroyed_under_use),
        cmocka_unit_test(test_malloc_free_storm),
    };
    gt_apply_filter();
    return cmocka_run_group_tests(tests, gt_group_setup, gt_group_teardown);
}
