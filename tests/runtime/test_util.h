/*
 * test_util.h: shared helpers of the runtime tests (static inline only, cmocka based).
 *
 * Include this header first in every test file: it selects the POSIX API level before any
 * system header is read.
 *
 *   GT_OK(call)            the call must return ACL_SUCCESS
 *   GT_ERR(code, call)     the call must return `code`
 *   GT_BYTES(got, want, n) n bytes must match (first mismatch printed)
 *   GT_FILLED(buf, v, n)   n bytes must all equal v
 *   GT_EQ(got, want)       integers must be equal (printed in decimal)
 * On failure they print the call, both codes in decimal and aclGetRecentErrMsg() of the calling
 * thread, then fail the current cmocka test. They must only be used on the thread running the
 * test (cmocka longjmps); worker threads record failures in a gt_failures instead.
 *
 * GT_FILTER=<pattern> in the environment runs only the matching tests of an executable, e.g.
 *   GT_FILTER='test_past_*' ./bin/test_memcpy
 */
#ifndef GECL_TESTS_RUNTIME_TEST_UTIL_H
#define GECL_TESTS_RUNTIME_TEST_UTIL_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "acl/acl.h"
#include "gecl/gecl_rt.h"

/* ---- checks on the test thread ---- */

static inline const char *gt_errmsg(void)
{
    const char *m = aclGetRecentErrMsg();
    return m ? m : "(aclGetRecentErrMsg returned NULL)";
}

static inline void gt_check_code(aclError got, aclError want, const char *expr, const char *file,
                                 int line)
{
    if (got == want) return;
    print_error("%s:%d: %s\n    returned %d, expected %d\n    aclGetRecentErrMsg(): \"%s\"\n", file,
                line, expr, (int)got, (int)want, gt_errmsg());
    _fail(file, line);
}

#define GT_OK(expr) gt_check_code((expr), ACL_SUCCESS, #expr, __FILE__, __LINE__)
#define GT_ERR(code, expr) gt_check_code((expr), (code), #expr, __FILE__, __LINE__)

/* Integer equality with both expressions and values in decimal (cmocka prints hex). */
static inline void gt_check_eq(intmax_t got, intmax_t want, const char *gexpr, const char *wexpr,
                               const char *file, int line)
{
    if (got == want) return;
    print_error("%s:%d: %s is %jd, expected %s = %jd\n    (last aclGetRecentErrMsg(), may be older: \"%s\")\n", file, line,
                gexpr, got, wexpr, want, gt_errmsg());
    _fail(file, line);
}
#define GT_EQ(got, want) gt_check_eq((intmax_t)(got), (intmax_t)(want), #got, #want, __FILE__, __LINE__)

/* Checks that the message of the last failure on this thread contains `needle`. */
static inline void gt_check_msg(const char *needle, const char *file, int line)
{
    const char *m = aclGetRecentErrMsg();
    if (m && *m && strstr(m, needle)) return;
    print_error("%s:%d: aclGetRecentErrMsg() is \"%s\", expected it to mention \"%s\"\n", file, line,
                m ? m : "(NULL)", needle);
    _fail(file, line);
}
#define GT_MSG_HAS(needle) gt_check_msg((needle), __FILE__, __LINE__)

static inline void gt_check_bytes(const void *got, const void *want, size_t n, const char *what,
                                  const char *file, int line)
{
    const unsigned char *g = got, *w = want;
    for (size_t i = 0; i < n; i++) {
        if (g[i] != w[i]) {
            size_t bad = 0;
            for (size_t j = i; j < n; j++) bad += g[j] != w[j];
            print_error("%s:%d: %s: byte %zu of %zu is 0x%02x, expected 0x%02x (%zu bytes differ)\n",
                        file, line, what, i, n, g[i], w[i], bad);
            _fail(file, line);
        }
    }
}
#define GT_BYTES(got, want, n) gt_check_bytes((got), (want), (n), #got " vs " #want, __FILE__, __LINE__)

static inline void gt_check_filled(const void *buf, unsigned char value, size_t n, const char *what,
                                   const char *file, int line)
{
    const unsigned char *b = buf;
    for (size_t i = 0; i < n; i++) {
        if (b[i] != value) {
            size_t bad = 0;
            for (size_t j = i; j < n; j++) bad += b[j] != value;
            print_error("%s:%d: %s: byte %zu of %zu is 0x%02x, expected 0x%02x (%zu bytes differ)\n",
                        file, line, what, i, n, b[i], value, bad);
            _fail(file, line);
        }
    }
}
#define GT_FILLED(buf, value, n) gt_check_filled((buf), (unsigned char)(value), (n), #buf, __FILE__, __LINE__)

/* malloc that fails the test instead of returning NULL. */
static inline void *gt_malloc(size_t n, const char *file, int line)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        print_error("%s:%d: malloc(%zu) failed\n", file, line, n);
        _fail(file, line);
    }
    return p;
}
#define GT_MALLOC(n) gt_malloc((n), __FILE__, __LINE__)

/* Deterministic byte pattern: byte i of pattern `seed`. */
static inline unsigned char gt_pattern_byte(size_t i, unsigned seed)
{
    uint32_t x = (uint32_t)i * 2654435761u + seed * 40503u + 0x9e37u;
    x ^= x >> 13;
    return (unsigned char)(x ^ (x >> 7));
}

static inline void gt_fill_pattern(void *buf, size_t n, unsigned seed)
{
    unsigned char *b = buf;
    for (size_t i = 0; i < n; i++) b[i] = gt_pattern_byte(i, seed);
}

static inline void gt_sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

static inline double gt_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Polls aclrtStreamQuery (1 ms apart) until the stream is complete or `limit_ms` has passed;
 * *st is the last status. Returns the first failing query's code. */
static inline aclError gt_poll_until_complete(aclrtStream s, double limit_ms, aclrtStreamStatus *st)
{
    const double t0 = gt_now_ms();
    for (;;) {
        aclError rc = aclrtStreamQuery(s, st);
        if (rc != ACL_SUCCESS || *st == ACL_STREAM_STATUS_COMPLETE || gt_now_ms() - t0 >= limit_ms) return rc;
        gt_sleep_ms(1);
    }
}

/* ---- failures on worker threads: recorded, then asserted on the test thread ---- */

typedef struct gt_failures {
    pthread_mutex_t lock;
    atomic_int count;
    char first[1024];
} gt_failures;

static inline void gt_failures_init(gt_failures *f)
{
    pthread_mutex_init(&f->lock, NULL);
    atomic_store(&f->count, 0);
    f->first[0] = '\0';
}

static inline void gt_failures_add(gt_failures *f, const char *file, int line, const char *fmt, ...)
{
    if (atomic_fetch_add(&f->count, 1) != 0) return;
    pthread_mutex_lock(&f->lock);
    int n = snprintf(f->first, sizeof f->first, "%s:%d: ", file, line);
    if (n < 0 || (size_t)n >= sizeof f->first) n = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->first + n, sizeof f->first - (size_t)n, fmt, ap);
    va_end(ap);
    pthread_mutex_unlock(&f->lock);
}

/* Fails the test if any worker recorded a failure; prints the first one. */
static inline void gt_failures_check(gt_failures *f, const char *file, int line)
{
    int n = atomic_load(&f->count);
    pthread_mutex_destroy(&f->lock);
    if (n == 0) return;
    print_error("%s:%d: %d failure(s) on worker threads; the first:\n    %s\n", file, line, n, f->first);
    _fail(file, line);
}
#define GT_FAILURES_CHECK(f) gt_failures_check((f), __FILE__, __LINE__)

/* On a worker thread: records and evaluates to 0 when the call does not return `want`. */
#define GT_T_CODE(f, want, expr)                                                                 \
    gt_t_code((f), (expr), (want), #expr, __FILE__, __LINE__)
#define GT_T_OK(f, expr) GT_T_CODE(f, ACL_SUCCESS, expr)

static inline int gt_t_code(gt_failures *f, aclError got, aclError want, const char *expr,
                            const char *file, int line)
{
    if (got == want) return 1;
    gt_failures_add(f, file, line, "%s returned %d, expected %d; aclGetRecentErrMsg(): \"%s\"", expr,
                    (int)got, (int)want, gt_errmsg());
    return 0;
}

/* ---- live-object counts ---- */

static inline void gt_print_counts(const char *what, const gecl_rt_counts *c)
{
    print_error("%s: allocations=%llu host_allocations=%llu device_bytes=%llu streams=%llu "
                "events=%llu contexts=%llu\n",
                what, (unsigned long long)c->allocations, (unsigned long long)c->host_allocations,
                (unsigned long long)c->device_bytes, (unsigned long long)c->streams,
                (unsigned long long)c->events, (unsigned long long)c->contexts);
}

static inline int gt_counts_zero(const gecl_rt_counts *c)
{
    return c->allocations == 0 && c->host_allocations == 0 && c->device_bytes == 0 &&
           c->streams == 0 && c->events == 0 && c->contexts == 0;
}

/* GT_FILTER=<pattern> (cmocka wildcards * and ?) runs only the matching tests of an executable. */
static inline void gt_apply_filter(void)
{
    const char *f = getenv("GT_FILTER");
    if (f && *f) cmocka_set_test_filter(f);
}

/* ---- group setup / teardown shared by every executable but test_init ---- */

/* aclInit(NULL) + aclrtSetDevice(0) on the main thread. */
static inline int gt_group_setup(void **state)
{
    (void)state;
    aclError rc = aclInit(NULL);
    if (rc != ACL_SUCCESS) {
        print_error("group setup: aclInit(NULL) returned %d: %s\n", (int)rc, gt_errmsg());
        return -1;
    }
    rc = aclrtSetDevice(0);
    if (rc != ACL_SUCCESS) {
        print_error("group setup: aclrtSetDevice(0) returned %d: %s\n", (int)rc, gt_errmsg());
        aclFinalize();
        return -1;
    }
    return 0;
}

/* Checks that the tests released every object they made, then aclrtResetDevice + aclFinalize. */
static inline int gt_group_teardown(void **state)
{
    (void)state;
    int ret = 0;
    gecl_rt_counts c;
    memset(&c, 0, sizeof c);
    aclError rc = gecl_rt_live_counts(&c);
    if (rc != ACL_SUCCESS) {
        print_error("group teardown: gecl_rt_live_counts returned %d: %s\n", (int)rc, gt_errmsg());
        ret = -1;
    } else if (!gt_counts_zero(&c)) {
        gt_print_counts("group teardown: objects still alive after the tests (leak in a test or "
                        "in the counts)", &c);
        ret = -1;
    }
    rc = aclrtResetDevice(0);
    if (rc != ACL_SUCCESS) {
        print_error("group teardown: aclrtResetDevice(0) returned %d: %s\n", (int)rc, gt_errmsg());
        ret = -1;
    }
    rc = aclFinalize();
    if (rc != ACL_SUCCESS) {
        print_error("group teardown: aclFinalize returned %d: %s\n", (int)rc, gt_errmsg());
        ret = -1;
    }
    return ret;
}


/* A stream for a group's tests: created after gt_group_setup, destroyed before gt_group_teardown. */
static inline int gt_stream_create(aclrtStream *stream)
{
    aclError rc = aclrtCreateStream(stream);
    if (rc != ACL_SUCCESS) print_error("aclrtCreateStream: %d (%s)\n", (int)rc, gt_errmsg());
    return rc == ACL_SUCCESS ? 0 : -1;
}

static inline int gt_stream_destroy(aclrtStream stream)
{
    aclError rc = aclrtDestroyStream(stream);
    if (rc != ACL_SUCCESS) print_error("aclrtDestroyStream: %d (%s)\n", (int)rc, gt_errmsg());
    return rc == ACL_SUCCESS ? 0 : -1;
}

#endif
