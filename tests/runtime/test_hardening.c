/* test_hardening.c: regressions for defects found by probing the runtime with bad input,
 * concurrency and faults (issue 13). Each case failed (crash, hang, leak or wrong answer)
 * before its fix. Cases that need a fresh process (a program cache damaged between processes,
 * an address-space limit) run this executable again as a child: `test_hardening --child <mode>`.
 * The program cache's fault cases (issue 14): files cut short, damaged, foreign, replaced by
 * links, an unusable folder, concurrent writers and writers killed mid-way. */
#define _GNU_SOURCE /* MAP_FIXED_NOREPLACE, putenv */
#include "test_util.h"

#include <dirent.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h" /* internal: gecl_fail / gecl_recent_error (linked from gecl_static) */

#if defined(__SANITIZE_ADDRESS__)
#define GT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GT_ASAN 1
#endif
#endif

/* ---- helpers ---- */

/* Runs fn(arg) on a thread and waits up to `seconds`. A call that hangs cannot be recovered
 * (its thread holds gecl's locks), so past the deadline the process reports and exits. */
typedef struct deadline_job {
    void (*fn)(void *);
    void *arg;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int done;
} deadline_job;

static void *deadline_thread(void *p)
{
    deadline_job *j = p;
    j->fn(j->arg);
    pthread_mutex_lock(&j->lock);
    j->done = 1;
    pthread_cond_signal(&j->cond);
    pthread_mutex_unlock(&j->lock);
    return NULL;
}

static void run_with_deadline(void (*fn)(void *), void *arg, int seconds, const char *what)
{
    deadline_job j = {fn, arg, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, deadline_thread, &j), 0);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += seconds;
    pthread_mutex_lock(&j.lock);
    while (!j.done && pthread_cond_timedwait(&j.cond, &j.lock, &until) == 0) {
    }
    const int done = j.done;
    pthread_mutex_unlock(&j.lock);
    if (!done) {
        fprintf(stderr, "FAILED: %s did not finish within %d s (hang)\n", what, seconds);
        fflush(stderr);
        _exit(1);
    }
    pthread_join(t, NULL);
}

static char g_self[4096]; /* this executable, for child runs */

/* Runs `test_hardening --child mode` with extra environment `env` (NAME=value or NULL); returns
 * its exit status, or 128 + signal when it was killed by one. */
static int run_child(const char *mode, const char *env)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (env) putenv((char *)env);
        execl(g_self, g_self, "--child", mode, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 255;
}

/* ---- 1. a damaged program cache file is removed and rebuilt, never handed to the driver ---- */

static char g_cache_env[4200];

static const char *cache_dir(void) { return strchr(g_cache_env, '=') + 1; }

/* Child: builds two programs through the cache and checks what the cache did. argv mode:
 * "cache-cold" (expects 2 builds, 2 writes), "cache-warm" (0 builds, 2 disk hits),
 * "cache-repair" (2 rebuilds, 2 writes). Exit status 0 when as expected. */
static const char *const k_sources[2] = {
    "__kernel void a(__global int *x) { x[get_global_id(0)] += 1; }",
    "__kernel void b(__global int *x) { x[get_global_id(0)] *= 3; }",
};

static int child_cache(const char *mode)
{
    if (aclInit(NULL) != ACL_SUCCESS) return 10;
    for (int i = 0; i < 2; i++) {
        cl_program p;
        if (gecl_rt_program(0, k_sources[i], "", &p) != ACL_SUCCESS) {
            fprintf(stderr, "child: gecl_rt_program: %s\n", aclGetRecentErrMsg());
            return 11;
        }
        cl_kernel k = clCreateKernel(p, i ? "b" : "a", NULL);
        if (!k) return 12;
        clReleaseKernel(k);
    }
    gecl_program_cache_stats st;
    gecl_rt_program_cache_stats(&st);
    aclFinalize();
    fprintf(stderr, "child %s: %llu built, %llu from disk, %llu written\n", mode,
            (unsigned long long)st.source_builds, (unsigned long long)st.disk_hits,
            (unsigned long long)st.disk_writes);
    if (!strcmp(mode, "cache-warm")) return st.source_builds == 0 && st.disk_hits == 2 ? 0 : 20;
    /* Other writers at work: each program either built here or read whole from the disk. */
    if (!strcmp(mode, "cache-any")) return st.source_builds + st.disk_hits == 2 ? 0 : 22;
    /* No usable folder: everything built, nothing written, and no failure for it. */
    if (!strcmp(mode, "cache-nodisk")) return st.source_builds == 2 && st.disk_writes == 0 ? 0 : 23;
    return st.source_builds == 2 && st.disk_writes == 2 && st.disk_hits == 0 ? 0 : 21;
}

/* The cache files in the test's directory (at most 8), sorted by name. */
static int list_cache_files(char files[][4400], int cap)
{
    DIR *d = opendir(cache_dir());
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len > 6 && !strcmp(e->d_name + len - 6, ".clbin") && n < cap)
            snprintf(files[n++], 4400, "%s/%s", cache_dir(), e->d_name);
    }
    closedir(d);
    return n;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void read_file(const char *path, unsigned char **data, long *size)
{
    *size = file_size(path);
    assert_true(*size > 0);
    *data = GT_MALLOC((size_t)*size);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(*data, 1, (size_t)*size, f), (size_t)*size);
    fclose(f);
}

static void write_file(const char *path, const unsigned char *data, long size)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, (size_t)size, f), (size_t)size);
    fclose(f);
}

static void fresh_cache_dir(void)
{
    snprintf(g_cache_env, sizeof g_cache_env, "GECL_CACHE_DIR=%s/hardening-cache-%ld", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (long)getpid());
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", cache_dir());
    assert_int_equal(system(cmd), 0);
}

static void remove_cache_dir(void)
{
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", cache_dir());
    assert_int_equal(system(cmd), 0);
}

static void test_truncated_cache_file_is_rebuilt(void **state)
{
    (void)state;
    fresh_cache_dir();
    GT_EQ(run_child("cache-cold", g_cache_env), 0);
    char files[8][4400];
    GT_EQ(list_cache_files(files, 8), 2);
    /* Cut both files short; a second process must rebuild them, not crash in the driver. */
    long sizes[2];
    for (int i = 0; i < 2; i++) {
        sizes[i] = file_size(files[i]);
        assert_true(sizes[i] > 64);
        assert_int_equal(truncate(files[i], i ? 10 : sizes[i] / 2), 0);
    }
    GT_EQ(run_child("cache-repair", g_cache_env), 0);
    for (int i = 0; i < 2; i++) GT_EQ(file_size(files[i]), sizes[i]); /* rewritten whole */
    GT_EQ(run_child("cache-warm", g_cache_env), 0);
    remove_cache_dir();
}

static void test_foreign_or_corrupt_cache_file_is_rebuilt(void **state)
{
    (void)state;
    fresh_cache_dir();
    GT_EQ(run_child("cache-cold", g_cache_env), 0);
    char files[8][4400];
    GT_EQ(list_cache_files(files, 8), 2);
    unsigned char *a, *b;
    long na, nb;
    read_file(files[0], &a, &na);
    read_file(files[1], &b, &nb);
    /* File 0 gets a whole, valid file written for another key (as if copied from another device
     * or driver); file 1 gets one byte of its binary flipped. */
    write_file(files[0], b, nb);
    b[nb - 1] ^= 0x5a;
    write_file(files[1], b, nb);
    GT_EQ(run_child("cache-repair", g_cache_env), 0);
    GT_EQ(run_child("cache-warm", g_cache_env), 0);
    free(a);
    free(b);
    remove_cache_dir();
}

/* Links in the cache folder are never followed: one to a valid copy of the file it replaces (read
 * through, it would be a disk hit) and one to a device node. Both are replaced by rebuilt files,
 * and what they pointed to is left as it was. */
static void test_linked_cache_file_is_not_followed(void **state)
{
    (void)state;
    fresh_cache_dir();
    GT_EQ(run_child("cache-cold", g_cache_env), 0);
    char files[8][4400], outside[4500];
    GT_EQ(list_cache_files(files, 8), 2);
    unsigned char *a, *copy;
    long na, ncopy;
    read_file(files[0], &a, &na);
    snprintf(outside, sizeof outside, "%s-outside.clbin", cache_dir());
    write_file(outside, a, na);
    assert_int_equal(unlink(files[0]), 0);
    assert_int_equal(symlink(outside, files[0]), 0);
    assert_int_equal(unlink(files[1]), 0);
    assert_int_equal(symlink("/dev/zero", files[1]), 0);
    GT_EQ(run_child("cache-repair", g_cache_env), 0);
    for (int i = 0; i < 2; i++) {
        struct stat st;
        assert_int_equal(lstat(files[i], &st), 0);
        assert_true(S_ISREG(st.st_mode)); /* the link itself was replaced */
    }
    read_file(outside, &copy, &ncopy);
    GT_EQ(ncopy, na);
    GT_BYTES(copy, a, (size_t)na);
    GT_EQ(run_child("cache-warm", g_cache_env), 0);
    unlink(outside);
    free(a);
    free(copy);
    remove_cache_dir();
}

/* A cache folder that cannot exist (under a regular file): programs are built, nothing fails. */
static void test_unusable_cache_dir_still_builds(void **state)
{
    (void)state;
    fresh_cache_dir();
    char file[4400], env[4500];
    snprintf(file, sizeof file, "%s-file", cache_dir());
    write_file(file, (const unsigned char *)"x", 1);
    snprintf(env, sizeof env, "GECL_CACHE_DIR=%s/cache", file);
    GT_EQ(run_child("cache-nodisk", env), 0);
    GT_EQ(file_size(file), 1);
    unlink(file);
}

/* Starts `test_hardening --child mode` with `env` and returns its pid without waiting. */
static pid_t start_child(const char *mode, const char *env)
{
    pid_t pid = fork();
    if (pid == 0) {
        putenv((char *)env);
        execl(g_self, g_self, "--child", mode, (char *)NULL);
        _exit(127);
    }
    assert_true(pid > 0);
    return pid;
}

static int wait_child(pid_t pid)
{
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 255;
}

static int count_tmp_files(void)
{
    DIR *d = opendir(cache_dir());
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));) n += strstr(e->d_name, ".tmp") != NULL;
    if (d) closedir(d);
    return n;
}

/* Four processes fill an empty cache at once: each gets every program (built or read whole), and
 * the folder ends with one complete file per program. */
static void test_concurrent_writers(void **state)
{
    (void)state;
    fresh_cache_dir();
    pid_t pids[4];
    for (int i = 0; i < 4; i++) pids[i] = start_child("cache-any", g_cache_env);
    for (int i = 0; i < 4; i++) GT_EQ(wait_child(pids[i]), 0);
    char files[8][4400];
    GT_EQ(list_cache_files(files, 8), 2);
    GT_EQ(count_tmp_files(), 0);
    GT_EQ(run_child("cache-warm", g_cache_env), 0);
    remove_cache_dir();
}

/* Writers killed at different moments (before, during and after their writes), with a stale
 * temporary file of the same name pattern beside them: the next process still gets whole programs. */
static void test_killed_writers(void **state)
{
    (void)state;
    fresh_cache_dir();
    for (int k = 0; k < 6; k++) {
        pid_t pid = start_child("cache-any", g_cache_env);
        gt_sleep_ms(60 * k * k);
        kill(pid, SIGKILL);
        wait_child(pid); /* whatever it got to */
        char stale[4500];
        mkdir(cache_dir(), 0755); /* the child may have died before making it */
        snprintf(stale, sizeof stale, "%s/%064d.clbin.%d.tmp", cache_dir(), k, 99990 + k);
        write_file(stale, (const unsigned char *)"GECLPCB2 half", 13);
    }
    GT_EQ(run_child("cache-any", g_cache_env), 0);
    GT_EQ(run_child("cache-warm", g_cache_env), 0);
    remove_cache_dir();
}

/* ---- 2. threads launching callbacks on one shared stream cannot deadlock ---- */

enum { CB_THREADS = 6, CB_EACH = 150 };
static atomic_int g_cb_ran;
static void count_cb(void *data) { (void)data; atomic_fetch_add(&g_cb_ran, 1); }

typedef struct cb_job {
    aclrtStream s;
    gt_failures *f;
} cb_job;

static void *launch_callbacks(void *p)
{
    cb_job *j = p;
    for (int i = 0; i < CB_EACH; i++)
        if (!GT_T_OK(j->f, aclrtLaunchCallback(count_cb, NULL, i & 1 ? ACL_CALLBACK_BLOCK : ACL_CALLBACK_NO_BLOCK, j->s)))
            break;
    return NULL;
}

static void sync_stream(void *s) { aclrtSynchronizeStream(s); }

static void test_callbacks_from_many_threads(void **state)
{
    (void)state;
    aclrtStream s;
    GT_OK(aclrtCreateStream(&s));
    atomic_store(&g_cb_ran, 0);
    gt_failures f;
    gt_failures_init(&f);
    pthread_t t[CB_THREADS];
    cb_job j = {s, &f};
    for (int i = 0; i < CB_THREADS; i++) assert_int_equal(pthread_create(&t[i], NULL, launch_callbacks, &j), 0);
    for (int i = 0; i < CB_THREADS; i++) pthread_join(t[i], NULL);
    GT_FAILURES_CHECK(&f);
    run_with_deadline(sync_stream, s, 60, "aclrtSynchronizeStream after callbacks from several threads");
    GT_EQ(atomic_load(&g_cb_ran), CB_THREADS * CB_EACH);
    GT_OK(aclrtDestroyStream(s));
}

/* ---- 3. a context destroyed while other threads copy and set memory with it current ---- */

/* Copier threads keep making the newest context current and running synchronous copies and
 * memsets (which run on the current context's default stream) while the test thread creates
 * and destroys contexts under them. A call that read the context's default stream without a
 * reference used freed memory (seen by AddressSanitizer). */
enum { COPIERS = 3, CONTEXT_ROUNDS = 300 };

typedef struct ctx_race {
    _Atomic(aclrtContext) ctx;
    void *dev;
    atomic_int stop;
    gt_failures *f;
} ctx_race;

static void *copy_under_destroy(void *p)
{
    ctx_race *r = p;
    unsigned char host[256];
    memset(host, 7, sizeof host);
    while (!atomic_load(&r->stop)) {
        /* The context may be gone already: then this fails, and the calls below run on the
         * previous context (if still alive) or on the device's own queue. All must succeed. */
        aclError rc = aclrtSetCurrentContext(atomic_load(&r->ctx));
        if (rc != ACL_SUCCESS && rc != ACL_ERROR_INVALID_PARAM) GT_T_OK(r->f, rc);
        if (!GT_T_OK(r->f, aclrtMemcpy(r->dev, sizeof host, host, sizeof host, ACL_MEMCPY_HOST_TO_DEVICE))) break;
        if (!GT_T_OK(r->f, aclrtMemset(r->dev, sizeof host, 3, sizeof host))) break;
        if (!GT_T_OK(r->f, aclrtMemcpy(host, sizeof host, r->dev, sizeof host, ACL_MEMCPY_DEVICE_TO_HOST))) break;
    }
    return NULL;
}

static void test_context_destroyed_under_copies(void **state)
{
    (void)state;
    gt_failures f;
    gt_failures_init(&f);
    ctx_race r = {.f = &f};
    aclrtContext primary;
    GT_OK(aclrtGetCurrentContext(&primary));
    GT_OK(aclrtMalloc(&r.dev, 4096, ACL_MEM_MALLOC_HUGE_FIRST));
    aclrtContext c;
    GT_OK(aclrtCreateContext(&c, 0));
    atomic_store(&r.ctx, c);
    pthread_t t[COPIERS];
    for (int i = 0; i < COPIERS; i++) assert_int_equal(pthread_create(&t[i], NULL, copy_under_destroy, &r), 0);
    for (int round = 0; round < CONTEXT_ROUNDS && !atomic_load(&f.count); round++) {
        aclrtContext next;
        GT_OK(aclrtCreateContext(&next, 0));
        atomic_store(&r.ctx, next);
        if (round % 3) gt_sleep_ms(round % 2);
        GT_OK(aclrtDestroyContext(c));
        c = next;
    }
    atomic_store(&r.stop, 1);
    for (int i = 0; i < COPIERS; i++) pthread_join(t[i], NULL);
    GT_FAILURES_CHECK(&f);
    GT_OK(aclrtDestroyContext(c));
    GT_OK(aclrtSetCurrentContext(primary));
    GT_OK(aclrtFree(r.dev));
}

/* ---- 4. a subscribed stream destroyed with a callback still queued ---- */

static atomic_int g_report_ran;
static void report_cb(void *data) { (void)data; atomic_fetch_add(&g_report_ran, 1); }

static void destroy_stream(void *s) { aclrtDestroyStream(s); }

static void test_destroy_subscribed_stream_with_queued_callback(void **state)
{
    (void)state;
    aclrtStream s;
    GT_OK(aclrtCreateStream(&s));
    const uint64_t me = (uint64_t)pthread_self();
    GT_OK(aclrtSubscribeReport(me, s));
    atomic_store(&g_report_ran, 0);
    GT_OK(aclrtLaunchCallback(report_cb, NULL, ACL_CALLBACK_BLOCK, s));
    GT_OK(aclrtLaunchCallback(report_cb, NULL, ACL_CALLBACK_NO_BLOCK, s));
    /* Nobody will call aclrtProcessReport: the destroy runs the callbacks itself. */
    run_with_deadline(destroy_stream, s, 60, "aclrtDestroyStream of a subscribed stream with queued callbacks");
    GT_EQ(atomic_load(&g_report_ran), 2);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyStream(s));
    /* The subscription went with the stream. */
    GT_ERR(ACL_ERROR_THREAD_NOT_SUBSCRIBE, aclrtProcessReport(10));
}

/* A callback run by the subscriber (inside aclrtProcessReport) that destroys its own stream. */
typedef struct self_destroy {
    aclrtStream s;
    atomic_int subscribed, stop, destroyed;
    aclError destroy_rc;
} self_destroy;

static void destroy_own_stream(void *p)
{
    self_destroy *d = p;
    d->destroy_rc = aclrtDestroyStream(d->s);
    atomic_store(&d->destroyed, 1);
}

static void *subscriber(void *p)
{
    self_destroy *d = p;
    if (aclrtSubscribeReport((uint64_t)pthread_self(), d->s) == ACL_SUCCESS) atomic_store(&d->subscribed, 1);
    else atomic_store(&d->subscribed, -1);
    while (!atomic_load(&d->stop)) aclrtProcessReport(20);
    return NULL;
}

static void test_reported_callback_destroys_its_stream(void **state)
{
    (void)state;
    static self_destroy d;
    memset(&d, 0, sizeof d);
    GT_OK(aclrtCreateStream(&d.s));
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, subscriber, &d), 0);
    while (!atomic_load(&d.subscribed)) gt_sleep_ms(1);
    GT_EQ(atomic_load(&d.subscribed), 1);
    GT_OK(aclrtLaunchCallback(destroy_own_stream, &d, ACL_CALLBACK_BLOCK, d.s));
    for (int i = 0; i < 60000 && !atomic_load(&d.destroyed); i++) gt_sleep_ms(1);
    if (!atomic_load(&d.destroyed)) {
        fprintf(stderr, "FAILED: a reported callback destroying its own stream hangs\n");
        _exit(1);
    }
    atomic_store(&d.stop, 1);
    pthread_join(t, NULL);
    GT_OK(d.destroy_rc);
    gecl_rt_counts c;
    for (int i = 0; i < 60000; i++) { /* the worker frees the stream as it exits */
        GT_OK(gecl_rt_live_counts(&c));
        if (c.streams == 0) break;
        gt_sleep_ms(1);
    }
    GT_EQ(c.streams, 0);
}

/* ---- 5. data buffers are validated handles ---- */

static void test_data_buffer_handles(void **state)
{
    (void)state;
    int x = 0;
    aclDataBuffer *b = aclCreateDataBuffer(&x, sizeof x);
    assert_non_null(b);
    assert_ptr_equal(aclGetDataBufferAddr(b), &x);
    GT_EQ(aclGetDataBufferSizeV2(b), sizeof x);
    GT_OK(aclUpdateDataBuffer(b, NULL, 0));
    assert_null(aclGetDataBufferAddr(b));
    GT_OK(aclDestroyDataBuffer(b));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclDestroyDataBuffer(b)); /* was a double free */
    GT_MSG_HAS("not a live data buffer");
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclUpdateDataBuffer(b, &x, 4));
    assert_null(aclGetDataBufferAddr(b));
    GT_EQ(aclGetDataBufferSizeV2(b), 0);
    /* Pointers that never were data buffers: a small integer, a stack address, freed heap. */
    aclDataBuffer *bogus[] = {(aclDataBuffer *)(uintptr_t)0x1234, (aclDataBuffer *)&x, (aclDataBuffer *)GT_MALLOC(64)};
    for (size_t i = 0; i < 3; i++) {
        GT_ERR(ACL_ERROR_INVALID_PARAM, aclUpdateDataBuffer(bogus[i], &x, 4)); /* was a SIGSEGV */
        GT_ERR(ACL_ERROR_INVALID_PARAM, aclDestroyDataBuffer(bogus[i]));
        assert_null(aclGetDataBufferAddr(bogus[i]));
        GT_EQ(aclGetDataBufferSizeV2(bogus[i]), 0);
    }
    free(bogus[2]);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclDestroyDataBuffer(NULL));
    /* Data buffers are host objects: they outlive aclFinalize, as in CANN. */
    aclDataBuffer *kept = aclCreateDataBuffer(&x, 4);
    assert_non_null(kept);
    GT_OK(aclrtResetDevice(0));
    GT_OK(aclFinalize());
    assert_ptr_equal(aclGetDataBufferAddr(kept), &x);
    GT_OK(aclDestroyDataBuffer(kept));
    GT_OK(aclInit(NULL));
    GT_OK(aclrtSetDevice(0));
}

/* ---- 6. a device pointer from before aclFinalize is rejected after a new aclInit ---- */

static void test_stale_pointer_after_reinit(void **state)
{
    (void)state;
    void *dev;
    GT_OK(aclrtMalloc(&dev, 65536, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtResetDevice(0));
    GT_OK(aclFinalize());
    /* Occupy the old address with readable host memory, as any later mmap might: the new
     * runtime must still know it for a device address (it keeps its window reserved, so this
     * mapping is refused). */
    void *page = (void *)((uintptr_t)dev & ~(uintptr_t)4095);
    void *m = mmap(page, 65536 + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    GT_OK(aclInit(NULL));
    GT_OK(aclrtSetDevice(0));
    unsigned char host[256];
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(host, sizeof host, dev, sizeof host, ACL_MEMCPY_DEFAULT));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(dev, sizeof host, host, sizeof host, ACL_MEMCPY_DEFAULT));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy(host, sizeof host, dev, sizeof host, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFree(dev));
    if (m != MAP_FAILED) munmap(m, 65536 + 4096);
}

/* ---- 7. 2-D copies with zero pitches ---- */

static void test_memcpy2d_zero_pitches(void **state)
{
    (void)state;
    unsigned char a[64], b[64];
    memset(a, 1, sizeof a);
    memset(b, 2, sizeof b);
    void *dev;
    GT_OK(aclrtMalloc(&dev, 4096, ACL_MEM_MALLOC_HUGE_FIRST));
    /* width 0 with pitches 0 and several rows: a no-op, not a division by zero. */
    GT_OK(aclrtMemcpy2d(b, 0, a, 0, 0, 5, ACL_MEMCPY_HOST_TO_HOST));
    GT_OK(aclrtMemcpy2d(dev, 0, a, 0, 0, 7, ACL_MEMCPY_HOST_TO_DEVICE));
    GT_OK(aclrtMemcpy2d(b, 0, dev, 0, 0, 3, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_OK(aclrtMemcpy2dAsync(dev, 0, a, 0, 0, 9, ACL_MEMCPY_HOST_TO_DEVICE, NULL));
    GT_OK(aclrtSynchronizeStream(NULL));
    GT_FILLED(b, 2, sizeof b);
    /* A non-zero width with zero pitches is still invalid. */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemcpy2d(b, 0, a, 0, 1, 5, ACL_MEMCPY_HOST_TO_HOST));
    GT_OK(aclrtFree(dev));
}

/* ---- 11. messages that wrap this thread's own message are not garbled ---- */

static void test_rewrapped_message(void **state)
{
    (void)state;
    const char *inner_scope = gecl_api_enter("inner_api");
    gecl_fail(ACL_ERROR_INVALID_PARAM, "the first problem (%d)", 42);
    char inner[256];
    snprintf(inner, sizeof inner, "%s", aclGetRecentErrMsg());
    assert_string_equal(inner, "inner_api: the first problem (42)");
    gecl_api_leave(&inner_scope);
    const char *outer_scope = gecl_api_enter("outer_api");
    /* a public call made inside another keeps the outer call's name (the one the user made) */
    const char *nested_scope = gecl_api_enter("nested_api");
    gecl_fail(ACL_ERROR_INVALID_PARAM, "while loading: %s", gecl_recent_error());
    gecl_api_leave(&nested_scope);
    gecl_api_leave(&outer_scope);
    assert_string_equal(aclGetRecentErrMsg(), "outer_api: while loading: inner_api: the first problem (42)");
}

/* ---- 12. aclInit under an address-space limit ---- */

static int child_rlimit(void)
{
    const unsigned long long gib = (unsigned long long)atoll(getenv("GT_AS_LIMIT_GIB"));
    struct rlimit lim = {(rlim_t)gib << 30, (rlim_t)gib << 30};
    if (setrlimit(RLIMIT_AS, &lim) != 0) return 30;
    if (aclInit(NULL) != ACL_SUCCESS) {
        fprintf(stderr, "child: aclInit under ulimit -v %llu GiB: %s\n", gib, aclGetRecentErrMsg());
        return 31;
    }
    int rc = 0;
    void *dev = NULL;
    unsigned char in[4096], out[4096];
    for (size_t i = 0; i < sizeof in; i++) in[i] = (unsigned char)(i * 7);
    if (aclrtSetDevice(0) != ACL_SUCCESS || aclrtMalloc(&dev, sizeof in, ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS ||
        aclrtMemcpy(dev, sizeof in, in, sizeof in, ACL_MEMCPY_HOST_TO_DEVICE) != ACL_SUCCESS ||
        aclrtMemcpy(out, sizeof out, dev, sizeof out, ACL_MEMCPY_DEVICE_TO_HOST) != ACL_SUCCESS) {
        fprintf(stderr, "child: under ulimit -v %llu GiB: %s\n", gib, aclGetRecentErrMsg());
        rc = 32;
    } else if (memcmp(in, out, sizeof in)) {
        rc = 33;
    }
    if (dev) aclrtFree(dev);
    aclFinalize();
    return rc;
}

/* Child: under a limit that leaves less than the smallest window free, aclInit fails cleanly,
 * naming the limit. The devices are enumerated first so that their libraries are loaded. */
static int child_rlimit_tiny(void)
{
    gecl_device_desc desc;
    if (gecl_rt_describe_device(0, &desc) != ACL_SUCCESS) return 40;
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (!f || fscanf(f, "%lu", &pages) != 1) return 41;
    fclose(f);
    const rlim_t limit = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + ((rlim_t)32 << 20);
    struct rlimit lim = {limit, limit};
    if (setrlimit(RLIMIT_AS, &lim) != 0) return 42;
    aclError rc = aclInit(NULL);
    const char *msg = aclGetRecentErrMsg();
    fprintf(stderr, "child: aclInit under a limit of %llu MiB: %d \"%s\"\n", (unsigned long long)(limit >> 20), (int)rc, msg);
    if (rc == ACL_SUCCESS) return 43;
    if (rc != ACL_ERROR_BAD_ALLOC && rc != ACL_ERROR_RT_DEV_SETUP_ERROR) return 44;
    char want[64];
    snprintf(want, sizeof want, "%llu MiB", (unsigned long long)(limit >> 20));
    return rc == ACL_ERROR_BAD_ALLOC && !strstr(msg, want) ? 45 : 0;
}

static void test_init_under_address_space_limit(void **state)
{
    (void)state;
#ifdef GT_ASAN
    skip(); /* AddressSanitizer's shadow memory needs terabytes of address space */
#endif
    /* 64 GiB is where the old fallback list ended; the device drivers themselves need a few GiB. */
    GT_EQ(run_child("rlimit", "GT_AS_LIMIT_GIB=48"), 0);
    GT_EQ(run_child("rlimit", "GT_AS_LIMIT_GIB=16"), 0);
    GT_EQ(run_child("rlimit-tiny", NULL), 0);
}

/* ---- 13. aclrtStreamQuery: an idle stream is complete, however busy the host ---- */

typedef struct spinner {
    atomic_int stop;
} spinner;

static void *spin(void *p)
{
    spinner *s = p;
    volatile unsigned long x = 0;
    while (!atomic_load(&s->stop)) x++;
    return NULL;
}

static void test_idle_stream_query_under_load(void **state)
{
    (void)state;
    spinner sp = {0};
    enum { SPINNERS = 4 };
    pthread_t t[SPINNERS];
    for (int i = 0; i < SPINNERS; i++) assert_int_equal(pthread_create(&t[i], NULL, spin, &sp), 0);
    aclrtStream s;
    GT_OK(aclrtCreateStream(&s));
    void *dev;
    GT_OK(aclrtMalloc(&dev, 1 << 20, ACL_MEM_MALLOC_HUGE_FIRST));
    aclrtStreamStatus st;
    int not_ready = 0;
    for (int i = 0; i < 300; i++) {
        st = ACL_STREAM_STATUS_RESERVED;
        GT_OK(aclrtStreamQuery(s, &st));
        not_ready += st != ACL_STREAM_STATUS_COMPLETE;
        GT_OK(aclrtMemsetAsync(dev, 1 << 20, i, 1 << 20, s));
        GT_OK(aclrtSynchronizeStream(s));
        GT_OK(aclrtStreamQuery(s, &st));
        not_ready += st != ACL_STREAM_STATUS_COMPLETE;
        GT_OK(aclrtStreamQuery(NULL, &st)); /* the default stream: idle throughout */
        not_ready += st != ACL_STREAM_STATUS_COMPLETE;
    }
    GT_EQ(not_ready, 0);
    /* A busy stream: polling converges on COMPLETE once its work is done. */
    for (int i = 0; i < 8; i++) GT_OK(aclrtMemsetAsync(dev, 1 << 20, i, 1 << 20, s));
    GT_OK(gt_poll_until_complete(s, 60000, &st));
    GT_EQ(st, ACL_STREAM_STATUS_COMPLETE);
    atomic_store(&sp.stop, 1);
    for (int i = 0; i < SPINNERS; i++) pthread_join(t[i], NULL);
    unsigned char host[64];
    GT_OK(aclrtMemcpy(host, sizeof host, dev, sizeof host, ACL_MEMCPY_DEVICE_TO_HOST));
    GT_FILLED(host, 7, sizeof host);
    GT_OK(aclrtFree(dev));
    GT_OK(aclrtDestroyStream(s));
}

int main(int argc, char **argv)
{
    ssize_t n = readlink("/proc/self/exe", g_self, sizeof g_self - 1);
    if (n <= 0) return 2;
    g_self[n] = '\0';
    if (argc == 3 && !strcmp(argv[1], "--child")) {
        if (!strncmp(argv[2], "cache-", 6)) return child_cache(argv[2]);
        if (!strcmp(argv[2], "rlimit")) return child_rlimit();
        if (!strcmp(argv[2], "rlimit-tiny")) return child_rlimit_tiny();
        return 2;
    }
    gt_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_truncated_cache_file_is_rebuilt),
        cmocka_unit_test(test_foreign_or_corrupt_cache_file_is_rebuilt),
        cmocka_unit_test(test_linked_cache_file_is_not_followed),
        cmocka_unit_test(test_unusable_cache_dir_still_builds),
        cmocka_unit_test(test_concurrent_writers),
        cmocka_unit_test(test_killed_writers),
        cmocka_unit_test(test_callbacks_from_many_threads),
        cmocka_unit_test(test_context_destroyed_under_copies),
        cmocka_unit_test(test_destroy_subscribed_stream_with_queued_callback),
        cmocka_unit_test(test_reported_callback_destroys_its_stream),
        cmocka_unit_test(test_data_buffer_handles),
        cmocka_unit_test(test_stale_pointer_after_reinit),
        cmocka_unit_test(test_memcpy2d_zero_pitches),
        cmocka_unit_test(test_rewrapped_message),
        cmocka_unit_test(test_init_under_address_space_limit),
        cmocka_unit_test(test_idle_stream_query_under_load),
    };
    return cmocka_run_group_tests(tests, gt_group_setup, gt_group_teardown);
}
