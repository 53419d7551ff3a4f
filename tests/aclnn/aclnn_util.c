/* aclnn_util.c: see aclnn_util.h. */
#include "aclnn_util.h"

static aclrtStream g_stream;

/* What a test made, released after it. */
typedef enum an_kind { AN_TENSOR, AN_SCALAR, AN_INTS_KIND, AN_DEVICE } an_kind;
typedef struct an_item {
    an_kind kind;
    void *ptr;
    void *dev;      /* AN_TENSOR: its memory */
    size_t bytes;
} an_item;
static an_item *g_items;
static size_t g_n_items, g_cap_items;

static void track(an_kind kind, void *ptr, void *dev, size_t bytes)
{
    if (g_n_items == g_cap_items) {
        g_cap_items = g_cap_items ? g_cap_items * 2 : 64;
        g_items = realloc(g_items, g_cap_items * sizeof *g_items);
        if (!g_items) abort();
    }
    g_items[g_n_items++] = (an_item){kind, ptr, dev, bytes};
}

void an_check_status(aclnnStatus got, aclnnStatus want, const char *expr, const char *file, int line)
{
    if (got == want) return;
    print_error("%s:%d: %s\n    returned %d, expected %d\n    aclGetRecentErrMsg(): \"%s\"\n", file, line, expr,
                (int)got, (int)want, gt_errmsg());
    _fail(file, line);
}

aclrtStream an_stream(void) { return g_stream; }

int an_group_setup(void **state)
{
    if (gg_group_setup(state) != 0) return -1;
    if (aclrtSetDevice(0) != ACL_SUCCESS || aclrtCreateStream(&g_stream) != ACL_SUCCESS) {
        print_error("group setup: device 0 / stream: %s\n", gt_errmsg());
        return -1;
    }
    return 0;
}

static void release_items(void)
{
    for (size_t i = g_n_items; i-- > 0;) {
        an_item *it = &g_items[i];
        switch (it->kind) {
        case AN_TENSOR:
            aclDestroyTensor(it->ptr);
            aclrtFree(it->dev);
            break;
        case AN_SCALAR: aclDestroyScalar(it->ptr); break;
        case AN_INTS_KIND: aclDestroyIntArray(it->ptr); break;
        case AN_DEVICE: aclrtFree(it->ptr); break;
        }
    }
    g_n_items = 0;
}

int an_test_teardown(void **state)
{
    aclrtSynchronizeStream(g_stream);
    release_items();
    gg_test_teardown(state);
    gecl_aclnn_counts c;
    memset(&c, 0, sizeof c);
    gecl_aclnn_live_counts(&c);
    if (c.tensors || c.scalars || c.arrays || c.lists || c.executors) {
        print_error("test teardown: aclnn objects still alive: tensors=%llu scalars=%llu arrays=%llu lists=%llu "
                    "executors=%llu\n", (unsigned long long)c.tensors, (unsigned long long)c.scalars,
                    (unsigned long long)c.arrays, (unsigned long long)c.lists, (unsigned long long)c.executors);
        return -1;
    }
    return 0;
}

int an_group_teardown(void **state)
{
    int ret = 0;
    release_items();
    free(g_items);
    g_items = NULL;
    g_cap_items = 0;
    if (aclrtDestroyStream(g_stream) != ACL_SUCCESS || aclrtResetDevice(0) != ACL_SUCCESS) {
        print_error("group teardown: stream / device: %s\n", gt_errmsg());
        ret = -1;
    }
    if (aclnnFinalize() != ACLNN_SUCCESS) ret = -1;
    gecl_aclnn_counts c;
    memset(&c, 0, sizeof c);
    gecl_aclnn_live_counts(&c);
    if (c.cached_ops) {
        print_error("group teardown: %llu operators still cached after aclnnFinalize\n",
                    (unsigned long long)c.cached_ops);
        ret = -1;
    }
    if (gg_group_teardown(state) != 0) ret = -1;
    return ret;
}

gecl_tensor_desc an_desc(aclDataType dt, const int64_t *dims, uint64_t n)
{
    return gg_desc((gecl_dtype)dt, GECL_FORMAT_ND, (int)n, dims);
}

aclTensor *an_tensor(aclDataType dt, const int64_t *dims, uint64_t n, const void *host)
{
    size_t count = 1;
    for (uint64_t k = 0; k < n; k++) count *= (size_t)dims[k];
    size_t bytes = count * aclDataTypeSize(dt);
    void *dev = NULL;
    GT_OK(aclrtMalloc(&dev, bytes ? bytes : 1, ACL_MEM_MALLOC_HUGE_FIRST));
    if (host && bytes) GT_OK(aclrtMemcpy(dev, bytes, host, bytes, ACL_MEMCPY_HOST_TO_DEVICE));
    else if (bytes) GT_OK(aclrtMemset(dev, bytes, 0, bytes));
    aclTensor *t = aclCreateTensor(dims, n, dt, NULL, 0, ACL_FORMAT_ND, dims, n, dev);
    if (!t) {
        aclrtFree(dev);
        fail_msg("aclCreateTensor failed: %s", gt_errmsg());
    }
    track(AN_TENSOR, t, dev, bytes);
    return t;
}

static const an_item *find(const void *t)
{
    for (size_t i = 0; i < g_n_items; i++)
        if (g_items[i].ptr == t) return &g_items[i];
    fail_msg("tensor %p was not made by an_tensor", t);
    return NULL;
}

void *an_data(const aclTensor *t) { return find(t)->dev; }
size_t an_bytes(const aclTensor *t) { return find(t)->bytes; }

void *an_read(const aclTensor *t)
{
    const an_item *it = find(t);
    void *host = gg_alloc(it->bytes);
    GT_OK(aclrtSynchronizeStream(g_stream));
    if (it->bytes) GT_OK(aclrtMemcpy(host, it->bytes, it->dev, it->bytes, ACL_MEMCPY_DEVICE_TO_HOST));
    return host;
}

static aclScalar *scalar(void *v, aclDataType dt)
{
    aclScalar *s = aclCreateScalar(v, dt);
    if (!s) fail_msg("aclCreateScalar failed: %s", gt_errmsg());
    track(AN_SCALAR, s, NULL, 0);
    return s;
}

aclScalar *an_scalar_f(float v) { return scalar(&v, ACL_FLOAT); }
aclScalar *an_scalar_d(double v) { return scalar(&v, ACL_DOUBLE); }
aclScalar *an_scalar_i(int64_t v) { return scalar(&v, ACL_INT64); }

aclIntArray *an_ints(const int64_t *v, uint64_t n)
{
    aclIntArray *a = aclCreateIntArray(v, n);
    if (!a) fail_msg("aclCreateIntArray failed: %s", gt_errmsg());
    track(AN_INTS_KIND, a, NULL, 0);
    return a;
}

void *an_dev_alloc(size_t bytes)
{
    void *p = NULL;
    GT_OK(aclrtMalloc(&p, bytes ? bytes : 1, ACL_MEM_MALLOC_HUGE_FIRST));
    track(AN_DEVICE, p, NULL, bytes);
    return p;
}

void an_exec(an_phase2 fn, uint64_t ws, aclOpExecutor *ex, const char *file, int line)
{
    void *w = NULL;
    if (ws) GT_OK(aclrtMalloc(&w, ws, ACL_MEM_MALLOC_HUGE_FIRST));
    aclnnStatus rc = fn(w, ws, ex, g_stream);
    aclError sync = aclrtSynchronizeStream(g_stream);
    if (w) aclrtFree(w);
    an_check_status(rc, ACLNN_SUCCESS, "second phase", file, line);
    gt_check_code(sync, ACL_SUCCESS, "aclrtSynchronizeStream", file, line);
}

void an_same(const gecl_tensor *ref, const aclTensor *got, const char *what, const char *file, int line)
{
    const an_item *it = find(got);
    if (ref->bytes != it->bytes) {
        print_error("%s:%d: %s holds %zu bytes, the graph engine's result %zu\n", file, line, what, it->bytes,
                    ref->bytes);
        _fail(file, line);
    }
    const unsigned char *g = an_read(got), *w = ref->data;
    size_t es = gecl_dtype_size(ref->desc.dtype);
    for (size_t i = 0; i < ref->bytes; i++) {
        if (g[i] == w[i]) continue;
        size_t e = i / (es ? es : 1), bad = 0;
        for (size_t j = 0; j < ref->bytes; j += es ? es : 1) bad += memcmp(g + j, w + j, es ? es : 1) != 0;
        print_error("%s:%d: %s differs from the graph engine's result: element %zu is %.9g, expected %.9g "
                    "(%zu of %zu elements differ)\n", file, line, what, e,
                    gg_value(&(gecl_tensor){ref->desc, (void *)g, ref->bytes, GECL_ON_HOST}, e), gg_value(ref, e),
                    bad, ref->bytes / (es ? es : 1));
        _fail(file, line);
    }
}
