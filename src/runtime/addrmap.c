/* addrmap.c: a sorted array of blocks under a reader-writer lock. Lookups are O(log n); new
 * blocks usually go at the end (the cursor only moves up until the window wraps). */
#include "addrmap.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define GRANULE ((size_t)64 << 10) /* range alignment and guard size */

static pthread_rwlock_t g_lock = PTHREAD_RWLOCK_INITIALIZER;
static uintptr_t g_lo, g_hi, g_cursor;
static gecl_block *g_blocks;
static size_t g_count, g_cap;
static size_t g_allocs; /* blocks of kind GECL_BLOCK_MALLOC */
static uint64_t g_bytes;

#define LARGEST_WINDOW ((size_t)1 << 44) /* 16 TiB: more than any device has */
#define SMALLEST_WINDOW ((size_t)64 << 20)

/* The window is reserved once per process and kept across aclFinalize/aclInit: a device pointer
 * from before aclFinalize then still lies in the window, in no live block, and is rejected as
 * a stale device pointer instead of being taken for host memory. The cursor keeps moving, so
 * the new runtime's blocks do not reuse the old addresses until the window wraps. */
int gecl_addrmap_init(size_t need, size_t *tried_down_to)
{
    if (g_lo) return 0;
    size_t floor = need < SMALLEST_WINDOW ? SMALLEST_WINDOW : need, size = LARGEST_WINDOW;
    for (; size >= floor; size /= 2) {
        /* Address-space limits (ulimit -v) refuse large reservations; halve down to `need`. */
        void *p = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) continue;
        g_lo = (uintptr_t)p;
        g_hi = g_lo + size;
        g_cursor = g_lo + GRANULE; /* keep the window's first granule as a guard */
        return 0;
    }
    if (tried_down_to) *tried_down_to = size * 2;
    return -1;
}

size_t gecl_addrmap_window_size(void) { return g_hi - g_lo; }

void gecl_addrmap_fini(void)
{
    free(g_blocks);
    g_blocks = NULL;
    g_count = g_cap = g_allocs = 0;
    g_bytes = 0;
}

int gecl_addrmap_in_window(const void *p)
{
    uintptr_t a = (uintptr_t)p;
    return a >= g_lo && a < g_hi;
}

/* Index of the first block whose base is > a. Caller holds the lock. */
static size_t upper_bound(uintptr_t a)
{
    size_t lo = 0, hi = g_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g_blocks[mid].base <= a) lo = mid + 1; else hi = mid;
    }
    return lo;
}

/* First gap of `span` bytes between blocks, scanning from the window start; 0 if none. */
static uintptr_t first_fit(size_t span)
{
    uintptr_t at = g_lo + GRANULE;
    for (size_t i = 0; i <= g_count; i++) {
        uintptr_t next = i < g_count ? g_blocks[i].base : g_hi;
        if (next >= at && next - at >= span) return at;
        /* Mapped blocks lie inside their reserved block: never step back into it. */
        if (i < g_count && g_blocks[i].base + g_blocks[i].span > at) at = g_blocks[i].base + g_blocks[i].span;
    }
    return 0;
}

static int reserve_one_more(void)
{
    if (g_count < g_cap) return 0;
    size_t ncap = g_cap ? g_cap * 2 : 256;
    gecl_block *b = realloc(g_blocks, ncap * sizeof *b);
    if (!b) return -1;
    g_blocks = b;
    g_cap = ncap;
    return 0;
}

int gecl_addrmap_insert(gecl_block *blk)
{
    size_t span = ((blk->size + GRANULE - 1) / GRANULE + 1) * GRANULE;
    pthread_rwlock_wrlock(&g_lock);
    int rc = -1;
    uintptr_t at = 0;
    if (span < g_hi - g_cursor) at = g_cursor;
    else at = first_fit(span);
    if (at && reserve_one_more() == 0) {
        blk->base = at;
        blk->span = span;
        size_t i = upper_bound(at);
        memmove(&g_blocks[i + 1], &g_blocks[i], (g_count - i) * sizeof *g_blocks);
        g_blocks[i] = *blk;
        g_count++;
        if (blk->kind == GECL_BLOCK_MALLOC) {
            g_bytes += blk->size;
            g_allocs++;
        }
        if (at == g_cursor) g_cursor += span;
        rc = 0;
    }
    pthread_rwlock_unlock(&g_lock);
    return rc;
}

/* A mapped block goes after its reserved block even at the same base (upper_bound), so a
 * lookup at that base finds the mapping. */
int gecl_addrmap_insert_at(gecl_block *blk)
{
    pthread_rwlock_wrlock(&g_lock);
    int rc = reserve_one_more();
    if (rc == 0) {
        blk->span = blk->size;
        size_t i = upper_bound(blk->base);
        memmove(&g_blocks[i + 1], &g_blocks[i], (g_count - i) * sizeof *g_blocks);
        g_blocks[i] = *blk;
        g_count++;
    }
    pthread_rwlock_unlock(&g_lock);
    return rc;
}

int gecl_addrmap_find(const void *p, gecl_block *blk, size_t *offset)
{
    uintptr_t a = (uintptr_t)p;
    pthread_rwlock_rdlock(&g_lock);
    size_t i = upper_bound(a);
    int found = 0;
    if (i > 0 && a < g_blocks[i - 1].base + g_blocks[i - 1].size && g_blocks[i - 1].kind != GECL_BLOCK_RESERVED) {
        *blk = g_blocks[i - 1];
        *offset = a - blk->base;
        found = 1;
    }
    pthread_rwlock_unlock(&g_lock);
    return found;
}

int gecl_addrmap_remove_kind(const void *p, int kind, gecl_block *blk)
{
    uintptr_t a = (uintptr_t)p;
    pthread_rwlock_wrlock(&g_lock);
    size_t i = upper_bound(a);
    int found = 0;
    /* A reserved block and a mapping may share a base: look at every block starting at a. */
    for (; i > 0 && g_blocks[i - 1].base == a && !found; i--) {
        if (g_blocks[i - 1].kind != kind) continue;
        *blk = g_blocks[i - 1];
        memmove(&g_blocks[i - 1], &g_blocks[i], (g_count - i) * sizeof *g_blocks);
        g_count--;
        if (kind == GECL_BLOCK_MALLOC) {
            g_bytes -= blk->size;
            g_allocs--;
        }
        found = 1;
    }
    pthread_rwlock_unlock(&g_lock);
    return found;
}

int gecl_addrmap_remove(const void *p, gecl_block *blk) { return gecl_addrmap_remove_kind(p, GECL_BLOCK_MALLOC, blk); }

void gecl_addrmap_release_all(void)
{
    pthread_rwlock_wrlock(&g_lock);
    for (size_t i = 0; i < g_count; i++) {
        gecl_block *b = &g_blocks[i];
        if (b->kind != GECL_BLOCK_MALLOC) continue; /* vmm.c owns the memory of mappings */
        clReleaseMemObject(b->mem);
        pthread_mutex_lock(&b->device->lock);
        b->device->bytes_used -= b->size;
        pthread_mutex_unlock(&b->device->lock);
    }
    g_count = g_allocs = 0;
    g_bytes = 0;
    pthread_rwlock_unlock(&g_lock);
}

size_t gecl_addrmap_count(void)
{
    pthread_rwlock_rdlock(&g_lock);
    size_t n = g_allocs;
    pthread_rwlock_unlock(&g_lock);
    return n;
}

uint64_t gecl_addrmap_bytes(void)
{
    pthread_rwlock_rdlock(&g_lock);
    uint64_t n = g_bytes;
    pthread_rwlock_unlock(&g_lock);
    return n;
}
