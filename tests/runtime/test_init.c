/*
 * test_init.c: aclInit / aclFinalize / aclFinalizeReference, configuration files, calls made
 * while the runtime is not initialised, aclrtGetVersion, aclGetRecentErrMsg.
 * No group setup: every test starts and ends with the runtime finalised.
 */
#include "test_util.h"

#include <unistd.h>

/* ---- helpers ---- */

/* Per-test teardown: whatever a failing test left behind, leave the runtime finalised. */
static int ensure_finalized(void **state)
{
    (void)state;
    for (int i = 0; i < 64 && aclFinalize() == ACL_SUCCESS; i++) {
    }
    return 0;
}

/* Writes `text` to a new temporary file; the path goes to `path` (PATH_MAX-free: 256 bytes). */
static void write_temp(char path[256], const char *text)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, 256, "%s/gecl_test_init_XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t len = strlen(text), done = 0;
    while (done < len) {
        ssize_t w = write(fd, text + done, len - done);
        assert_true(w > 0);
        done += (size_t)w;
    }
    close(fd);
}

static int runtime_initialised(void)
{
    uint32_t n = 0;
    return aclrtGetDeviceCount(&n) != ACL_ERROR_UNINITIALIZE;
}

static void noop_callback(void *data) { (void)data; }

typedef struct stale_objects {
    aclrtStream stream;
    aclrtEvent event;
    aclrtContext context;
    void *dev;
    void *host;
} stale_objects;

static int check_one(const char *expr, aclError got, aclError want)
{
    if (got == want) return 0;
    print_error("    %s returned %d, expected %d (\"%s\")\n", expr, (int)got, (int)want, gt_errmsg());
    return 1;
}
#define CHECK_UNINIT(expr) bad += check_one(#expr, (expr), ACL_ERROR_UNINITIALIZE)

/* Calls every runtime function of acl_rt.h but the exempt four and aclFinalize*; all must
 * return ACL_ERROR_UNINITIALIZE. `o` holds handles to use (stale or made up). */
static int count_not_uninit(const stale_objects *o)
{
    int bad = 0;
    int32_t dev = 0;
    uint32_t count = 0;
    int64_t info = 0;
    aclrtRunMode mode = ACL_HOST;
    aclrtContext ctx = NULL;
    aclrtStream stream = NULL;
    aclrtEvent event = NULL;
    aclrtStreamStatus sstatus = ACL_STREAM_STATUS_COMPLETE;
    aclrtEventStatus estatus = ACL_EVENT_STATUS_COMPLETE;
    aclrtEventRecordedStatus rstatus = ACL_EVENT_RECORDED_STATUS_COMPLETE;
    float ms = 0;
    uint64_t ts = 0;
    void *p = NULL;
    size_t fr = 0, tot = 0;
    char h1[16] = {0}, h2[16] = {0};

    CHECK_UNINIT(aclrtSetDevice(0));
    CHECK_UNINIT(aclrtResetDevice(0));
    CHECK_UNINIT(aclrtResetDeviceForce(0));
    CHECK_UNINIT(aclrtGetDevice(&dev));
    CHECK_UNINIT(aclrtGetDeviceCount(&count));
    GT_OK(aclrtGetRunMode(&mode)); /* as in CANN, the run mode needs no aclInit (issue 10) */
    CHECK_UNINIT(aclrtSynchronizeDevice());
    CHECK_UNINIT(aclrtGetDeviceInfo(0, ACL_DEV_ATTR_TOTAL_GLOBAL_MEM_SIZE, &info));
    CHECK_UNINIT(aclrtCreateContext(&ctx, 0));
    CHECK_UNINIT(aclrtDestroyContext(o->context));
    CHECK_UNINIT(aclrtSetCurrentContext(o->context));
    CHECK_UNINIT(aclrtGetCurrentContext(&ctx));

    CHECK_UNINIT(aclrtCreateStream(&stream));
    CHECK_UNINIT(aclrtCreateStreamWithConfig(&stream, 0, 0));
    CHECK_UNINIT(aclrtSynchronizeStream(o->stream));
    CHECK_UNINIT(aclrtSynchronizeStream(NULL));
    CHECK_UNINIT(aclrtSynchronizeStreamWithTimeout(o->stream, 100));
    CHECK_UNINIT(aclrtStreamQuery(o->stream, &sstatus));
    CHECK_UNINIT(aclrtStreamWaitEvent(o->stream, o->event));
    CHECK_UNINIT(aclrtLaunchCallback(noop_callback, NULL, ACL_CALLBACK_BLOCK, o->stream));
    CHECK_UNINIT(aclrtDestroyStream(o->stream));
    CHECK_UNINIT(aclrtDestroyStreamForce(o->stream));

    CHECK_UNINIT(aclrtCreateEvent(&event));
    CHECK_UNINIT(aclrtCreateEventWithFlag(&event, ACL_EVENT_SYNC));
    CHECK_UNINIT(aclrtCreateEventExWithFlag(&event, ACL_EVENT_SYNC));
    CHECK_UNINIT(aclrtRecordEvent(o->event, o->stream));
    CHECK_UNINIT(aclrtResetEvent(o->event, o->stream));
    CHECK_UNINIT(aclrtQueryEvent(o->event, &estatus));
    CHECK_UNINIT(aclrtQueryEventStatus(o->event, &rstatus));
    CHECK_UNINIT(aclrtSynchronizeEvent(o->event));
    CHECK_UNINIT(aclrtSynchronizeEventWithTimeout(o->event, 100));
    CHECK_UNINIT(aclrtEventElapsedTime(&ms, o->event, o->event));
    CHECK_UNINIT(aclrtEventGetTimestamp(o->event, &ts));
    CHECK_UNINIT(aclrtDestroyEvent(o->event));

    CHECK_UNINIT(aclrtMalloc(&p, 64, ACL_MEM_MALLOC_HUGE_FIRST));
    CHECK_UNINIT(aclrtMallocAlign32(&p, 64, ACL_MEM_MALLOC_HUGE_FIRST));
    CHECK_UNINIT(aclrtMallocCached(&p, 64, ACL_MEM_MALLOC_HUGE_FIRST));
    CHECK_UNINIT(aclrtMallocHost(&p, 64));
    CHECK_UNINIT(aclrtMemcpy(h1, sizeof h1, h2, sizeof h2, ACL_MEMCPY_HOST_TO_HOST));
    CHECK_UNINIT(aclrtMemcpy(o->dev, 16, h2, sizeof h2, ACL_MEMCPY_HOST_TO_DEVICE));
    CHECK_UNINIT(aclrtMemcpyAsync(o->dev, 16, h2, sizeof h2, ACL_MEMCPY_HOST_TO_DEVICE, o->stream));
    CHECK_UNINIT(aclrtMemset(o->dev, 16, 1, 16));
    CHECK_UNINIT(aclrtMemsetAsync(o->dev, 16, 1, 16, o->stream));
    CHECK_UNINIT(aclrtGetMemInfo(ACL_HBM_MEM, &fr, &tot));
    CHECK_UNINIT(aclrtFree(o->dev));
    CHECK_UNINIT(aclrtFreeHost(o->host));
    return bad;
}

/* Handles that were never issued, for calls before any aclInit. */
static stale_objects made_up_objects(void)
{
    static char fake[4][64];
    stale_objects o = {fake[0], fake[1], fake[2], fake[3], fake[3] + 8};
    return o;
}

/* ---- tests ---- */

static void test_calls_before_init(void **state)
{
    (void)state;
    stale_objects o = made_up_objects();
    int bad = count_not_uninit(&o);
    if (bad) print_error("%d runtime call(s) before aclInit did not return ACL_ERROR_UNINITIALIZE\n", bad);
    GT_EQ(bad, 0);
}

static void test_gecl_calls_before_init(void **state)
{
    (void)state;
    cl_platform_id platform;
    cl_device_id device;
    cl_context context;
    cl_command_queue queue;
    cl_mem buffer;
    size_t offset, left;
    cl_program program;
    gecl_program_cache_stats stats;
    gecl_rt_counts counts;
    char dummy[16];
    int bad = 0;
    CHECK_UNINIT(gecl_rt_device_cl(0, &platform, &device, &context));
    CHECK_UNINIT(gecl_rt_stream_queue(NULL, &queue));
    CHECK_UNINIT(gecl_rt_resolve(dummy, &buffer, &offset, &left));
    CHECK_UNINIT(gecl_rt_program(0, "__kernel void k(void) {}", "", &program));
    if (bad) print_error("%d gecl_rt_* call(s) before aclInit did not return ACL_ERROR_UNINITIALIZE\n", bad);
    GT_EQ(bad, 0);

    /* Documented to work before aclInit: the diagnostics (so a leak check can run after
     * aclFinalize, when nothing may be live) and the device description. */
    GT_OK(gecl_rt_program_cache_stats(&stats));
    GT_OK(gecl_rt_live_counts(&counts));
    assert_true(counts.allocations == 0 && counts.host_allocations == 0 && counts.streams == 0 &&
                counts.events == 0 && counts.contexts == 0 && counts.device_bytes == 0);
    gecl_device_desc desc;
    memset(&desc, 0, sizeof desc);
    GT_OK(gecl_rt_describe_device(0, &desc));
    assert_true(desc.name[0] != '\0');
    assert_true(desc.global_mem > 0);
}

static void test_version_and_soc_name(void **state)
{
    (void)state;
    int32_t ma = -1, mi = -1, pa = -1;
    /* Exempt from the initialisation check. */
    GT_OK(aclrtGetVersion(&ma, &mi, &pa));
    GT_EQ(ma, ACL_MAJOR_VERSION);
    GT_EQ(mi, ACL_MINOR_VERSION);
    GT_EQ(pa, ACL_PATCH_VERSION);
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetVersion(NULL, &mi, &pa));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetVersion(&ma, NULL, &pa));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetVersion(&ma, &mi, NULL));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetVersion(NULL, NULL, NULL));
    GT_MSG_HAS("aclrtGetVersion");
    const char *soc = aclrtGetSocName();
    assert_non_null(soc);

    GT_OK(aclInit(NULL));
    GT_OK(aclrtGetVersion(&ma, &mi, &pa));
    GT_EQ(ma, ACL_MAJOR_VERSION);
    assert_non_null(aclrtGetSocName());
    GT_OK(aclrtSetDevice(0));
    soc = aclrtGetSocName();
    assert_non_null(soc);
    assert_true(soc[0] != '\0');
    GT_OK(aclrtResetDevice(0));
    GT_OK(aclFinalize());
}

static void test_init_null_and_empty_path(void **state)
{
    (void)state;
    GT_OK(aclInit(NULL));
    uint32_t n = 0;
    GT_OK(aclrtGetDeviceCount(&n));
    assert_true(n >= 1);
    GT_OK(aclFinalize());

    GT_OK(aclInit(""));
    GT_OK(aclrtGetDeviceCount(&n));
    assert_true(n >= 1);
    GT_OK(aclFinalize());
}

static void test_init_json_file(void **state)
{
    (void)state;
    char path[256];
    /* Keys CANN knows are accepted and ignored; a "gecl" object sets gecl options. */
    write_temp(path, "{\n  \"err_msg_mode\": \"1\",\n  \"dump\": {\"dump_list\": []},\n"
                     "  \"profiler\": {\"switch\": \"off\"},\n"
                     "  \"gecl\": {\"log\": \"off\", \"disk_cache\": false}\n}\n");
    aclError rc = aclInit(path);
    unlink(path);
    GT_OK(rc);
    uint32_t n = 0;
    GT_OK(aclrtGetDeviceCount(&n));
    assert_true(n >= 1);
    GT_OK(aclrtSetDevice(0));
    void *p = NULL;
    GT_OK(aclrtMalloc(&p, 256, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtFree(p));
    GT_OK(aclrtResetDevice(0));
    GT_OK(aclFinalize());
}

static void test_init_json_platform_filter(void **state)
{
    (void)state;
    if (getenv("GECL_PLATFORM") || getenv("GECL_DEVICE_TYPE")) {
        print_message("GECL_PLATFORM / GECL_DEVICE_TYPE set: the environment wins, nothing to check\n");
        skip();
    }
    char path[256];
    /* The "gecl" object sets options of the configuration table: no platform matches. */
    write_temp(path, "{\"gecl\": {\"platform\": \"no-such-platform-zz9\"}}\n");
    aclError rc = aclInit(path);
    unlink(path);
    GT_OK(rc);
    uint32_t n = 99;
    GT_OK(aclrtGetDeviceCount(&n));
    GT_EQ(n, 0);
    GT_ERR(ACL_ERROR_RT_INVALID_DEVICEID, aclrtSetDevice(0));
    GT_OK(aclFinalize());

    /* The platform of device 0 keeps it. */
    gecl_device_desc desc;
    GT_OK(gecl_rt_describe_device(0, &desc));
    char text[512];
    snprintf(text, sizeof text, "{\"gecl\": {\"platform\": \"%s\", \"device_type\": \"all\"}}\n", desc.platform);
    write_temp(path, text);
    rc = aclInit(path);
    unlink(path);
    GT_OK(rc);
    GT_OK(aclrtGetDeviceCount(&n));
    assert_true(n >= 1);
    GT_OK(aclFinalize());
}

/* "device_memory" (GECL_DEVICE_MEMORY): a byte count with an optional K/M/G suffix, as a string or
 * a JSON number, bounds what aclrtGetMemInfo reports and aclrtMalloc hands out; anything else in
 * it is refused with the option's name. */
static void expect_budget(const char *json, size_t want_total)
{
    char path[256];
    write_temp(path, json);
    aclError rc = aclInit(path);
    unlink(path);
    GT_OK(rc);
    GT_OK(aclrtSetDevice(0));
    size_t free_bytes = 0, total = 0;
    GT_OK(aclrtGetMemInfo(ACL_HBM_MEM, &free_bytes, &total));
    GT_EQ(total, want_total);
    void *p = NULL;
    GT_ERR(ACL_ERROR_RT_MEMORY_ALLOCATION, aclrtMalloc(&p, want_total + 1, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMalloc(&p, want_total, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtFree(p));
    GT_OK(aclrtResetDevice(0));
    GT_OK(aclFinalize());
}

static void test_init_json_device_memory(void **state)
{
    (void)state;
    if (getenv("GECL_DEVICE_MEMORY")) {
        print_message("GECL_DEVICE_MEMORY set: the environment wins, nothing to check\n");
        skip();
    }
    expect_budget("{\"gecl\": {\"device_memory\": \"3M\"}}", (size_t)3 << 20);
    expect_budget("{\"gecl\": {\"device_memory\": 5000000}}", 5000000);
    expect_budget("{\"gecl\": {\"device_memory\": \"2k\"}}", 2048);
    static const char *const bad[] = {"\"64X\"", "\"-1\"", "\"\"", "\"99999999999999999999\"", "\"17179869184G\"", "1.5"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[256], text[128];
        snprintf(text, sizeof text, "{\"gecl\": {\"device_memory\": %s}}", bad[i]);
        write_temp(path, text);
        aclError rc = aclInit(path);
        unlink(path);
        GT_EQ(rc, ACL_ERROR_FILE_ATTR_INVALID);
        GT_MSG_HAS("device_memory");
        assert_false(runtime_initialised());
    }
}

static void test_init_missing_file(void **state)
{
    (void)state;
    GT_ERR(ACL_ERROR_INVALID_FILE, aclInit("/nonexistent/gecl/acl-config.json"));
    const char *m = aclGetRecentErrMsg();
    assert_non_null(m);
    assert_true(m[0] != '\0');
    assert_false(runtime_initialised());
    GT_ERR(ACL_ERROR_REPEAT_FINALIZE, aclFinalize());

    /* A directory is not a readable file either. */
    const char *dir = getenv("TMPDIR");
    GT_ERR(ACL_ERROR_INVALID_FILE, aclInit(dir && *dir ? dir : "/tmp"));
    assert_false(runtime_initialised());

    /* A failed aclInit leaves the runtime ready for a good one. */
    GT_OK(aclInit(NULL));
    assert_true(runtime_initialised());
    GT_OK(aclFinalize());
}

static void test_init_malformed_json(void **state)
{
    (void)state;
    char path[256];
    /* The error is on line 3. */
    write_temp(path, "{\n  \"dump\": {},\n  \"gecl\": ]\n}\n");
    aclError rc = aclInit(path);
    char msg[2048];
    snprintf(msg, sizeof msg, "%s", aclGetRecentErrMsg() ? aclGetRecentErrMsg() : "");
    unlink(path);
    GT_ERR(ACL_ERROR_PARSE_FILE, rc);
    assert_false(runtime_initialised());
    print_message("malformed JSON message: \"%s\"\n", msg);
    assert_true(msg[0] != '\0');
    /* The position: "line" and the line number after it. */
    const char *line = strstr(msg, "line");
    if (!line) line = strstr(msg, "Line");
    if (!line) print_error("message \"%s\" does not mention the line\n", msg);
    assert_non_null(line);
    if (!strchr(line, '3')) print_error("message \"%s\" does not give line 3\n", msg);
    assert_non_null(strchr(line, '3'));
    if (!strstr(msg, "column") && !strstr(msg, "col")) print_error("message \"%s\" does not give the column\n", msg);
    assert_true(strstr(msg, "column") || strstr(msg, "col"));

    /* Truncated JSON too. */
    write_temp(path, "{\"dump\": {\"dump_list\": [");
    rc = aclInit(path);
    unlink(path);
    GT_ERR(ACL_ERROR_PARSE_FILE, rc);
    assert_false(runtime_initialised());
}

static void test_init_empty_file(void **state)
{
    (void)state;
    char path[256];
    write_temp(path, "");
    aclError rc = aclInit(path);
    unlink(path);
    GT_OK(rc);
    assert_true(runtime_initialised());
    GT_OK(aclFinalize());
}

static void test_init_top_level_not_object(void **state)
{
    (void)state;
    const char *texts[] = {"[1, 2, 3]\n", "\"dump\"\n", "42\n", "null\n", "true\n"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char path[256];
        write_temp(path, texts[i]);
        aclError rc = aclInit(path);
        unlink(path);
        if (rc != ACL_ERROR_PARSE_FILE) print_error("config file text: %s", texts[i]);
        GT_ERR(ACL_ERROR_PARSE_FILE, rc);
        assert_true(aclGetRecentErrMsg()[0] != '\0');
        assert_false(runtime_initialised());
    }
}

static void test_repeat_init_refcount(void **state)
{
    (void)state;
    uint64_t refs = 99;
    GT_OK(aclInit(NULL));
    GT_ERR(ACL_ERROR_REPEAT_INITIALIZE, aclInit(NULL));
    GT_ERR(ACL_ERROR_REPEAT_INITIALIZE, aclInit(NULL));
    assert_true(runtime_initialised());

    GT_OK(aclFinalizeReference(&refs));
    GT_EQ(refs, 2);
    assert_true(runtime_initialised());
    GT_OK(aclFinalizeReference(&refs));
    GT_EQ(refs, 1);
    assert_true(runtime_initialised());
    GT_OK(aclFinalizeReference(&refs));
    GT_EQ(refs, 0);
    assert_false(runtime_initialised());

    GT_ERR(ACL_ERROR_REPEAT_FINALIZE, aclFinalizeReference(&refs));
    GT_ERR(ACL_ERROR_REPEAT_FINALIZE, aclFinalize());

    /* aclFinalize finalises at once, whatever the count. */
    GT_OK(aclInit(NULL));
    GT_ERR(ACL_ERROR_REPEAT_INITIALIZE, aclInit(NULL));
    GT_OK(aclFinalize());
    assert_false(runtime_initialised());
    GT_ERR(ACL_ERROR_REPEAT_FINALIZE, aclFinalize());

    /* The count starts again from one. */
    GT_OK(aclInit(NULL));
    GT_OK(aclFinalizeReference(&refs));
    GT_EQ(refs, 0);
    assert_false(runtime_initialised());
}

static void test_finalize_twice(void **state)
{
    (void)state;
    GT_ERR(ACL_ERROR_REPEAT_FINALIZE, aclFinalize());
    GT_OK(aclInit(NULL));
    GT_OK(aclFinalize());
    GT_ERR(ACL_ERROR_REPEAT_FINALIZE, aclFinalize());
    const char *m = aclGetRecentErrMsg();
    assert_non_null(m);
    assert_true(m[0] != '\0');
    GT_ERR(ACL_ERROR_REPEAT_FINALIZE, aclFinalize());
}

static void make_objects(stale_objects *o)
{
    GT_OK(aclrtSetDevice(0));
    GT_OK(aclrtCreateStream(&o->stream));
    GT_OK(aclrtCreateEvent(&o->event));
    GT_OK(aclrtMalloc(&o->dev, 4096, ACL_MEM_MALLOC_HUGE_FIRST));
    GT_OK(aclrtMallocHost(&o->host, 4096));
    GT_OK(aclrtMemsetAsync(o->dev, 4096, 7, 4096, o->stream));
    GT_OK(aclrtRecordEvent(o->event, o->stream));
    aclrtContext cur = NULL;
    GT_OK(aclrtGetCurrentContext(&cur));
    GT_OK(aclrtCreateContext(&o->context, 0));
    GT_OK(aclrtSetCurrentContext(cur));
}

static void test_calls_after_finalize(void **state)
{
    (void)state;
    stale_objects o;
    GT_OK(aclInit(NULL));
    make_objects(&o);
    /* Everything still alive is released by aclFinalize. */
    GT_OK(aclFinalize());
    int bad = count_not_uninit(&o);
    if (bad) print_error("%d runtime call(s) after aclFinalize did not return ACL_ERROR_UNINITIALIZE\n", bad);
    GT_EQ(bad, 0);
    stale_objects fresh = made_up_objects();
    GT_EQ(count_not_uninit(&fresh), 0);
}

static void test_stale_handles_after_reinit(void **state)
{
    (void)state;
    stale_objects o;
    GT_OK(aclInit(NULL));
    make_objects(&o);
    GT_OK(aclFinalize());
    GT_OK(aclInit(NULL));
    GT_OK(aclrtSetDevice(0));
    /* Handles from before aclFinalize are invalid: an error, not a crash. */
    aclrtStreamStatus ss;
    aclrtEventRecordedStatus rs;
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSynchronizeStream(o.stream));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtStreamQuery(o.stream, &ss));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyStream(o.stream));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtQueryEventStatus(o.event, &rs));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSynchronizeEvent(o.event));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyEvent(o.event));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtSetCurrentContext(o.context));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtDestroyContext(o.context));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtMemset(o.dev, 4096, 1, 16));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFree(o.dev));
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtFreeHost(o.host));
    gecl_rt_counts c;
    GT_OK(gecl_rt_live_counts(&c));
    if (!gt_counts_zero(&c)) gt_print_counts("after re-init", &c);
    assert_true(gt_counts_zero(&c));
    GT_OK(aclrtResetDevice(0));
    GT_OK(aclFinalize());
}

/* ---- aclGetRecentErrMsg ---- */

typedef struct msg_thread {
    char before[2048];   /* the thread's message before it fails a call */
    char after[2048];    /* ... and after */
    aclError rc;
} msg_thread;

static void *msg_thread_main(void *arg)
{
    msg_thread *t = arg;
    const char *m = aclGetRecentErrMsg();
    snprintf(t->before, sizeof t->before, "%s", m ? m : "(NULL)");
    void *p = NULL;
    t->rc = aclrtMalloc(&p, 0, ACL_MEM_MALLOC_HUGE_FIRST); /* size 0: invalid */
    m = aclGetRecentErrMsg();
    snprintf(t->after, sizeof t->after, "%s", m ? m : "(NULL)");
    return NULL;
}

static void test_errmsg_thread_local(void **state)
{
    (void)state;
    GT_OK(aclInit(NULL));
    GT_OK(aclrtSetDevice(0));
    /* Thread A (this one) fails a call with a recognisable message. */
    GT_ERR(ACL_ERROR_INVALID_PARAM, aclrtGetVersion(NULL, NULL, NULL));
    char mine[2048];
    snprintf(mine, sizeof mine, "%s", aclGetRecentErrMsg());
    assert_true(mine[0] != '\0');
    assert_non_null(strstr(mine, "aclrtGetVersion"));

    /* Thread B sees none of it, and its own failure does not touch A's message. */
    msg_thread t;
    memset(&t, 0, sizeof t);
    pthread_t th;
    GT_EQ(pthread_create(&th, NULL, msg_thread_main, &t), 0);
    GT_EQ(pthread_join(th, NULL), 0);
    print_message("thread B: before=\"%s\" after=\"%s\"\n", t.before, t.after);
    assert_string_equal(t.before, "");
    GT_ERR(ACL_ERROR_INVALID_PARAM, t.rc);
    assert_true(t.after[0] != '\0');
    assert_null(strstr(t.after, "aclrtGetVersion"));
    assert_non_null(strstr(t.after, "aclrtMalloc"));
    assert_string_equal(aclGetRecentErrMsg(), mine);

    /* A successful call does not clear the message. */
    int32_t a, b, c;
    GT_OK(aclrtGetVersion(&a, &b, &c));
    uint32_t n;
    GT_OK(aclrtGetDeviceCount(&n));
    assert_string_equal(aclGetRecentErrMsg(), mine);
    GT_OK(aclrtResetDevice(0));
    GT_OK(aclFinalize());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* Must run first, before any aclInit in this process. */
        cmocka_unit_test_teardown(test_calls_before_init, ensure_finalized),
        cmocka_unit_test_teardown(test_gecl_calls_before_init, ensure_finalized),
        cmocka_unit_test_teardown(test_version_and_soc_name, ensure_finalized),
        cmocka_unit_test_teardown(test_init_null_and_empty_path, ensure_finalized),
        cmocka_unit_test_teardown(test_init_json_file, ensure_finalized),
        cmocka_unit_test_teardown(test_init_json_platform_filter, ensure_finalized),
        cmocka_unit_test_teardown(test_init_json_device_memory, ensure_finalized),
        cmocka_unit_test_teardown(test_init_missing_file, ensure_finalized),
        cmocka_unit_test_teardown(test_init_malformed_json, ensure_finalized),
        cmocka_unit_test_teardown(test_init_empty_file, ensure_finalized),
        cmocka_unit_test_teardown(test_init_top_level_not_object, ensure_finalized),
        cmocka_unit_test_teardown(test_repeat_init_refcount, ensure_finalized),
        cmocka_unit_test_teardown(test_finalize_twice, ensure_finalized),
        cmocka_unit_test_teardown(test_calls_after_finalize, ensure_finalized),
        cmocka_unit_test_teardown(test_stale_handles_after_reinit, ensure_finalized),
        cmocka_unit_test_teardown(test_errmsg_thread_local, ensure_finalized),
    };
    gt_apply_filter();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
