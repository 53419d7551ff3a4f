/* outputs.c: output memory that gecl allocates (RunGraph host outputs, RunGraphWithStreamAsync
 * device outputs when the caller passes none). Tracked so gecl_output_free can tell host from
 * device memory, and so that graph removal and GEFinalizeV2 release what callers left. */
#include <stdlib.h>
#include <string.h>

#include "acl/acl_rt.h"
#include "exec.h"
#include "memory.h"

typedef struct out_block {
    void *ptr;
    int host;
    const void *owner;
} out_block;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static out_block *blocks;
static size_t n_blocks, cap_blocks;

static void release(out_block *b)
{
    if (b->host) {
        free(b->ptr);
    } else {
        aclrtFree(b->ptr); /* the GE instance keeps the runtime up while outputs are tracked */
    }
}

gecl_status gecl_output_alloc(gecl_device *dev, size_t bytes, int host, const void *owner, void **out)
{
    void *p = NULL;
    if (host) {
        p = malloc(bytes ? bytes : 1);
        if (!p) return gecl_ge_fail(GECL_FAILED, "out of host memory for a %zu-byte output", bytes);
    } else if (gecl_device_malloc(dev, bytes ? bytes : 1, &p)) {
        return gecl_ge_fail(GECL_FAILED, "cannot allocate a %zu-byte output on device %d", bytes, dev->id);
    }
    pthread_mutex_lock(&lock);
    if (n_blocks == cap_blocks) {
        size_t cap = cap_blocks ? 2 * cap_blocks : 64;
        out_block *b = realloc(blocks, cap * sizeof *b);
        if (b) {
            blocks = b;
            cap_blocks = cap;
        }
    }
    int ok = n_blocks < cap_blocks;
    if (ok) blocks[n_blocks++] = (out_block){p, host, owner};
    pthread_mutex_unlock(&lock);
    if (!ok) {
        out_block b = {p, host, owner};
        release(&b);
        return gecl_ge_oom();
    }
    *out = p;
    return GECL_SUCCESS;
}

/* Stops tracking the block at `data` and frees it; nothing when it is not tracked (released with
 * its graph already). No API entry: a failed run frees through here and keeps its message. */
static void forget(void *data)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < n_blocks; i++)
        if (blocks[i].ptr == data) {
            out_block b = blocks[i];
            blocks[i] = blocks[--n_blocks];
            pthread_mutex_unlock(&lock);
            release(&b);
            return;
        }
    pthread_mutex_unlock(&lock);
}

gecl_status gecl_output_free(void *data)
{
    GECL_ENTER();
    GECL_GE_ARG(data, "data must not be NULL");
    forget(data);
    return GECL_SUCCESS;
}

gecl_tensor *gecl_outputs_save(size_t n, const gecl_tensor *out)
{
    gecl_tensor *saved = malloc((n + 1) * sizeof *saved);
    if (saved && n) memcpy(saved, out, n * sizeof *out);
    return saved;
}

void gecl_outputs_restore(size_t n, gecl_tensor *out, const gecl_tensor *saved)
{
    for (size_t j = 0; j < n; j++) {
        if (!saved[j].data && out[j].data) forget(out[j].data); /* gecl allocated it for this run */
        memcpy(&out[j], &saved[j], sizeof out[j]);
    }
}

/* Device outputs live as long as their graph (CANN's rule). Host outputs belong to the caller
 * (a gert::Tensor frees them), so they are never taken away behind its back. */
static void release_where(const void *owner, int all)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < n_blocks;) {
        if (!blocks[i].host && (all || blocks[i].owner == owner)) {
            release(&blocks[i]);
            blocks[i] = blocks[--n_blocks];
        } else {
            i++;
        }
    }
    if (all && n_blocks == 0) {
        free(blocks);
        blocks = NULL;
        cap_blocks = 0;
    }
    pthread_mutex_unlock(&lock);
}

void gecl_outputs_release_owner(const void *owner) { release_where(owner, 0); }
void gecl_outputs_release_all(void) { release_where(NULL, 1); }

uint64_t gecl_outputs_count(void)
{
    pthread_mutex_lock(&lock);
    uint64_t n = n_blocks;
    pthread_mutex_unlock(&lock);
    return n;
}
