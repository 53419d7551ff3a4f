/* cache.c: the compiled-operator cache (cache.h). A hash table of entries under one mutex; a
 * hit costs building the key (a few hundred bytes), one hash and one comparison. A miss builds
 * the graph, compiles it with the graph engine's compiler for the device and loads it (which
 * gets its programs from the program cache: a second process builds nothing). */
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "runtime.h"

#define N_BUCKETS 512

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static aclnn_entry *g_buckets[N_BUCKETS];
static size_t g_count;
static uint64_t g_clock;
static atomic_ullong g_compiles;

/* Each thread remembers the entry of its last lookup, with a reference of its own: a loop of
 * calls with the same shapes then finds it with one comparison of keys, without the table's
 * lock. An entry evicted meanwhile stays valid (the reference keeps it) and is dropped when the
 * thread looks up another key, or exits (the key's destructor). */
static pthread_key_t g_last_key;
static pthread_once_t g_last_once = PTHREAD_ONCE_INIT;

static void last_drop(void *e) { aclnn_entry_release(e); }
static void last_init(void) { pthread_key_create(&g_last_key, last_drop); }

static aclnn_entry *last_get(void)
{
    pthread_once(&g_last_once, last_init);
    return pthread_getspecific(g_last_key);
}

static void last_set(aclnn_entry *e)
{
    aclnn_entry *old = pthread_getspecific(g_last_key);
    if (old == e) return;
    atomic_fetch_add(&e->refs, 1);
    pthread_setspecific(g_last_key, e);
    aclnn_entry_release(old);
}

/* ---- keys ---- */

typedef struct key_buf {
    unsigned char *p;
    size_t len, cap;
} key_buf;

static int key_put(key_buf *k, const void *data, size_t n)
{
    if (k->len + n > k->cap) return -1;
    memcpy(k->p + k->len, data, n);
    k->len += n;
    return 0;
}

static int key_tensor(key_buf *k, const aclTensor *t)
{
    int32_t head[3] = {(int32_t)t->dtype, (int32_t)t->format, (int32_t)t->ndim};
    return key_put(k, head, sizeof head) | key_put(k, t->dims, t->ndim * sizeof t->dims[0]);
}

/* Upper bound of a key's length for r. */
static size_t key_cap(const aclnn_request *r)
{
    return 64 + sizeof r->p + (r->n_in + r->n_out) * (3 * sizeof(int32_t) + ACLNN_MAX_DIMS * sizeof(int64_t));
}

static int make_key(const aclnn_request *r, const gecl_device *dev, key_buf *k)
{
    int32_t head[4] = {(int32_t)r->op, dev->id, (int32_t)r->n_in, (int32_t)r->n_out};
    int rc = key_put(k, head, sizeof head) | key_put(k, &r->p, sizeof r->p);
    for (size_t i = 0; i < r->n_in; i++) rc |= key_tensor(k, r->in[i]);
    for (size_t j = 0; j < r->n_out; j++) rc |= key_tensor(k, r->out[j]);
    return rc;
}

/* A word at a time (keys are a few hundred bytes, hashed on every call): multiply-xorshift
 * mixing of 8-byte words, the tail zero-padded. */
static uint64_t hash_of(const unsigned char *p, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    if (i < n) {
        uint64_t w = 0;
        memcpy(&w, p + i, n - i);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
    }
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 29);
}

/* ---- entries ---- */

static void entry_free(aclnn_entry *e)
{
    gecl_unload(e->loaded);
    gecl_plan_free(e->plan);
    pthread_mutex_destroy(&e->lock);
    free(e->key);
    free(e->bytes);
    free(e->binds);
    free(e->first_bind);
    free(e->copy_src);
    free(e->copy_dst);
    free(e);
}

void aclnn_entry_release(aclnn_entry *e)
{
    if (e && atomic_fetch_sub(&e->refs, 1) == 1) entry_free(e);
}

/* Where value `port` of the plan lives in a call. */
static aclnn_loc loc_of(const gecl_plan *p, gecl_port port)
{
    const gecl_value *v = &p->values[gecl_plan_root(p, gecl_plan_value(p, port))];
    switch (v->store) {
    case GECL_STORE_INPUT: return (aclnn_loc){ACLNN_LOC_INPUT, v->index, 0};
    case GECL_STORE_OUTPUT: return (aclnn_loc){ACLNN_LOC_OUTPUT, v->index, 0};
    case GECL_STORE_ARENA: return (aclnn_loc){ACLNN_LOC_WORKSPACE, 0, v->offset};
    default: return (aclnn_loc){ACLNN_LOC_CONST, 0, v->offset};
    }
}

/* The arguments each call sets (inputs, outputs, workspace), and the ends of the copies. */
static gecl_status plan_binds(aclnn_entry *e)
{
    const gecl_plan *p = e->plan;
    size_t n = 0;
    for (size_t s = 0; s < p->n_launches; s++) n += p->launches[s].n_args;
    e->binds = calloc(n + 1, sizeof *e->binds);
    e->first_bind = calloc(p->n_launches + 1, sizeof *e->first_bind);
    e->copy_src = calloc(p->n_launches + 1, sizeof *e->copy_src);
    e->copy_dst = calloc(p->n_launches + 1, sizeof *e->copy_dst);
    if (!e->binds || !e->first_bind || !e->copy_src || !e->copy_dst) return gecl_ge_oom();
    for (size_t s = 0; s < p->n_launches; s++) {
        const gecl_launch *la = &p->launches[s];
        e->first_bind[s] = e->n_binds;
        if (!la->kernel) {
            e->copy_src[s] = loc_of(p, la->args[0].port);
            e->copy_dst[s] = loc_of(p, la->args[1].port);
            continue;
        }
        for (size_t a = 0; a < la->n_args; a++) {
            aclnn_loc l = loc_of(p, la->args[a].port);
            if (l.kind != ACLNN_LOC_CONST) e->binds[e->n_binds++] = (aclnn_bind){s, a, l};
        }
    }
    e->first_bind[p->n_launches] = e->n_binds;
    return GECL_SUCCESS;
}

/* The graph's result must be what the caller's output tensors describe. */
static aclnnStatus check_outputs(const aclnn_request *r, const gecl_plan *p)
{
    for (size_t j = 0; j < r->n_out; j++) {
        const gecl_tensor_desc *d = &p->output_descs[j];
        const aclTensor *t = r->out[j];
        char a[160], b[160];
        ACLNN_CHECK((aclDataType)d->dtype == t->dtype, "internal: %s is %s, the operator computes %s", r->out_names[j],
                    aclnn_dtype_name(t->dtype), gecl_dtype_name(d->dtype));
        int same = d->ndim == t->ndim;
        for (uint32_t k = 0; same && k < d->ndim; k++) same = d->dims[k] == t->dims[k];
        ACLNN_CHECK(same, "%s has shape %s, the result has shape %s", r->out_names[j], aclnn_shape_str(t, a, sizeof a),
                    gecl_desc_shape_str(d, b, sizeof b));
    }
    return ACLNN_SUCCESS;
}

static int any_empty(const aclnn_request *r)
{
    for (size_t j = 0; j < r->n_out; j++)
        if (aclnn_numel(r->out[j]) == 0) return 1;
    return 0;
}

/* Builds, compiles and loads the graph of r. */
static aclnnStatus entry_build(const aclnn_request *r, gecl_device *dev, aclnn_entry *e)
{
    e->dev = dev;
    e->n_in = r->n_in;
    e->n_out = r->n_out;
    if (!(e->bytes = calloc(r->n_in + r->n_out + 1, sizeof *e->bytes))) return aclnn_oom();
    for (size_t i = 0; i < r->n_in; i++) e->bytes[i] = (size_t)aclnn_numel(r->in[i]) * aclnn_dtype_size(r->in[i]->dtype);
    for (size_t j = 0; j < r->n_out; j++)
        e->bytes[r->n_in + j] = (size_t)aclnn_numel(r->out[j]) * aclnn_dtype_size(r->out[j]->dtype);
    if (any_empty(r)) return ACLNN_SUCCESS; /* nothing to compute (an empty output) */

    aclnn_builder b = {0};
    gecl_status rc = gecl_graph_create(aclnn_op_name(r->op), &b.g);
    for (size_t i = 0; !rc && i < r->n_in; i++) {
        const aclTensor *t = r->in[i];
        gecl_tensor_desc d = {(gecl_dtype)t->dtype, GECL_FORMAT_ND, (uint32_t)t->ndim, {0}};
        memcpy(d.dims, t->dims, t->ndim * sizeof d.dims[0]);
        rc = gecl_graph_add_data(b.g, r->in_names[i], (int64_t)i, &d, &b.in[i]);
    }
    if (!rc) {
        for (size_t j = 0; j < ACLNN_MAX_OUTPUTS; j++) b.out[j] = (gecl_port){GECL_NO_PORT_NODE, 0};
        r->build(&b, r);
        rc = b.rc;
    }
    for (size_t j = 0; !rc && j < r->n_out; j++)
        if (b.out[j].node < 0) rc = gecl_ge_fail(GECL_FAILED, "internal: output %zu was not built", j);
    if (!rc) rc = gecl_graph_set_outputs(b.g, r->n_out, b.out);
    if (!rc) rc = gecl_compile(b.g, &dev->desc, &e->plan);
    gecl_graph_destroy(b.g);
    if (rc) return aclnn_wrap_ge(rc, "building the %s graph", aclnn_op_name(r->op));
    aclnnStatus st = check_outputs(r, e->plan);
    if (st) return st;
    /* The arena lives in the caller's workspace and no tensor is on the host: load the graph
     * without either (the loader's minimal placeholder buffers are never bound). */
    e->workspace = e->plan->arena_bytes;
    size_t arena = e->plan->arena_bytes, staging = e->plan->staging_bytes;
    e->plan->arena_bytes = 0;
    e->plan->staging_bytes = 0;
    rc = gecl_load(e->plan, dev, NULL, &e->loaded);
    e->plan->arena_bytes = arena;
    e->plan->staging_bytes = staging;
    if (!rc) rc = plan_binds(e);
    if (rc) return aclnn_wrap_ge(rc, "loading the %s graph on device %d", aclnn_op_name(r->op), dev->id);
    return ACLNN_SUCCESS;
}

/* Lock held. Drops what a runtime restart left behind and, past the bound, the least recently
 * used entry that no executor holds. */
static void evict(uint64_t generation)
{
    for (size_t i = 0; i < N_BUCKETS; i++)
        for (aclnn_entry **pe = &g_buckets[i]; *pe;) {
            aclnn_entry *e = *pe;
            if (e->generation != generation) {
                *pe = e->next;
                g_count--;
                aclnn_entry_release(e);
            } else {
                pe = &e->next;
            }
        }
    if (g_count < ACLNN_CACHE_MAX) return;
    aclnn_entry **oldest = NULL;
    for (size_t i = 0; i < N_BUCKETS; i++)
        for (aclnn_entry **pe = &g_buckets[i]; *pe; pe = &(*pe)->next)
            if (atomic_load(&(*pe)->refs) == 1 && (!oldest || (*pe)->used < (*oldest)->used)) oldest = pe;
    if (oldest) {
        aclnn_entry *e = *oldest;
        *oldest = e->next;
        g_count--;
        aclnn_entry_release(e);
    }
}

aclnnStatus aclnn_cache_get(const aclnn_request *r, gecl_device *dev, aclnn_entry **out)
{
    const uint64_t generation = atomic_load(&gecl_rt_generation);
    unsigned char stack[4096];
    key_buf k = {stack, 0, key_cap(r)};
    if (k.cap > sizeof stack && !(k.p = malloc(k.cap))) return aclnn_oom();
    if (make_key(r, dev, &k) != 0) {
        if (k.p != stack) free(k.p);
        return aclnn_fail(ACLNN_ERR_INNER, "internal: the operator's key does not fit");
    }
    /* The thread's last entry first: a comparison, not even a hash. */
    aclnn_entry *e = last_get();
    if (e && e->key_len == k.len && e->generation == generation && !memcmp(e->key, k.p, k.len)) {
        if (k.p != stack) free(k.p);
        atomic_fetch_add(&e->refs, 1);
        *out = e;
        return ACLNN_SUCCESS;
    }
    const uint64_t h = hash_of(k.p, k.len);
    pthread_mutex_lock(&g_lock);
    for (e = g_buckets[h % N_BUCKETS]; e; e = e->next)
        if (e->hash == h && e->key_len == k.len && e->generation == generation && !memcmp(e->key, k.p, k.len)) break;
    if (e) {
        e->used = ++g_clock;
        atomic_fetch_add(&e->refs, 1);
    }
    pthread_mutex_unlock(&g_lock);
    if (e) {
        if (k.p != stack) free(k.p);
        last_set(e);
        *out = e;
        return ACLNN_SUCCESS;
    }

    /* A miss compiles outside the lock; two threads missing the same key both compile and the
     * second finds the first's entry when it inserts. */
    e = calloc(1, sizeof *e);
    if (!e || !(e->key = malloc(k.len ? k.len : 1))) {
        free(e);
        if (k.p != stack) free(k.p);
        return aclnn_oom();
    }
    memcpy(e->key, k.p, k.len);
    if (k.p != stack) free(k.p);
    e->key_len = k.len;
    e->hash = h;
    e->generation = generation;
    pthread_mutex_init(&e->lock, NULL);
    atomic_init(&e->refs, 2); /* the cache's and the caller's */
    atomic_fetch_add(&g_compiles, 1);
    aclnnStatus rc = entry_build(r, dev, e);
    if (rc) {
        entry_free(e);
        return rc;
    }
    pthread_mutex_lock(&g_lock);
    aclnn_entry *had = NULL;
    for (had = g_buckets[h % N_BUCKETS]; had; had = had->next)
        if (had->hash == h && had->key_len == e->key_len && had->generation == generation &&
            !memcmp(had->key, e->key, e->key_len))
            break;
    if (had) {
        atomic_fetch_add(&had->refs, 1);
        had->used = ++g_clock;
    } else {
        evict(generation);
        e->used = ++g_clock;
        e->next = g_buckets[h % N_BUCKETS];
        g_buckets[h % N_BUCKETS] = e;
        g_count++;
    }
    pthread_mutex_unlock(&g_lock);
    if (had) {
        entry_free(e);
        e = had;
    }
    last_set(e);
    *out = e;
    return ACLNN_SUCCESS;
}

void aclnn_cache_clear(void)
{
    /* The calling thread's remembered entry goes too (other threads drop theirs on their next
     * lookup or when they exit). */
    pthread_once(&g_last_once, last_init);
    aclnn_entry *mine = pthread_getspecific(g_last_key);
    pthread_setspecific(g_last_key, NULL);
    aclnn_entry_release(mine);
    pthread_mutex_lock(&g_lock);
    for (size_t i = 0; i < N_BUCKETS; i++) {
        aclnn_entry *e = g_buckets[i];
        g_buckets[i] = NULL;
        while (e) {
            aclnn_entry *next = e->next;
            aclnn_entry_release(e); /* executors still holding it free it when they go */
            e = next;
        }
    }
    g_count = 0;
    pthread_mutex_unlock(&g_lock);
}

size_t aclnn_cache_count(void)
{
    pthread_mutex_lock(&g_lock);
    size_t n = g_count;
    pthread_mutex_unlock(&g_lock);
    return n;
}

uint64_t aclnn_cache_compiles(void) { return atomic_load(&g_compiles); }
