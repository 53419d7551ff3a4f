/* handle.c: one slot table per kind; lookups are O(1) under a mutex. */
#include "handle.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

_Static_assert(sizeof(void *) == 8, "gecl handles need 64-bit pointers");

#define GEN_BITS 28
#define GEN_MASK ((1u << GEN_BITS) - 1)

typedef struct slot {
    void *obj;
    uint32_t gen;   /* generation of the live handle, 0 when free */
    uint32_t next;  /* next free slot + 1, 0 ends the list */
} slot;

typedef struct table {
    slot *slots;
    uint32_t cap, live, free_head;
} table;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static table g_tables[GECL_HANDLE_KIND_LAST - GECL_HANDLE_KIND_FIRST + 1];
static uint32_t g_next_gen = 1;

static table *table_of(gecl_handle_kind kind)
{
    return &g_tables[kind - GECL_HANDLE_KIND_FIRST];
}

static void *encode(gecl_handle_kind kind, uint32_t gen, uint32_t idx)
{
    uint64_t v = ((uint64_t)kind << 60) | ((uint64_t)(gen & GEN_MASK) << 32) | idx;
    return (void *)(uintptr_t)v;
}

/* Slot of a live handle, or NULL. Caller holds g_lock. */
static slot *decode(gecl_handle_kind kind, const void *handle)
{
    uint64_t v = (uint64_t)(uintptr_t)handle;
    if ((v >> 60) != (uint64_t)kind) return NULL;
    uint32_t gen = (uint32_t)(v >> 32) & GEN_MASK, idx = (uint32_t)v;
    table *t = table_of(kind);
    if (idx >= t->cap || gen == 0 || t->slots[idx].gen != gen) return NULL;
    return &t->slots[idx];
}

static int grow(table *t)
{
    uint32_t ncap = t->cap ? t->cap * 2 : 64;
    slot *s = realloc(t->slots, ncap * sizeof *s);
    if (!s) return -1;
    for (uint32_t i = t->cap; i < ncap; i++) {
        s[i] = (slot){NULL, 0, i + 1 < ncap ? i + 2 : t->free_head};
    }
    t->free_head = t->cap + 1;
    t->slots = s;
    t->cap = ncap;
    return 0;
}

void *gecl_handle_new(gecl_handle_kind kind, void *obj)
{
    pthread_mutex_lock(&g_lock);
    table *t = table_of(kind);
    void *h = NULL;
    if (t->free_head || grow(t) == 0) {
        uint32_t idx = t->free_head - 1;
        slot *s = &t->slots[idx];
        t->free_head = s->next;
        uint32_t gen = g_next_gen++ & GEN_MASK;
        if (gen == 0) gen = g_next_gen++ & GEN_MASK;
        *s = (slot){obj, gen, 0};
        t->live++;
        h = encode(kind, gen, idx);
    }
    pthread_mutex_unlock(&g_lock);
    return h;
}

void *gecl_handle_get(gecl_handle_kind kind, const void *handle)
{
    return gecl_handle_take(kind, handle, NULL);
}

void *gecl_handle_take(gecl_handle_kind kind, const void *handle, void *(*take)(void *obj))
{
    pthread_mutex_lock(&g_lock);
    slot *s = decode(kind, handle);
    void *obj = s ? s->obj : NULL;
    if (obj && take) obj = take(obj);
    pthread_mutex_unlock(&g_lock);
    return obj;
}

void *gecl_handle_remove(gecl_handle_kind kind, const void *handle)
{
    pthread_mutex_lock(&g_lock);
    table *t = table_of(kind);
    slot *s = decode(kind, handle);
    void *obj = NULL;
    if (s) {
        obj = s->obj;
        *s = (slot){NULL, 0, t->free_head};
        t->free_head = (uint32_t)(s - t->slots) + 1;
        t->live--;
    }
    pthread_mutex_unlock(&g_lock);
    return obj;
}

size_t gecl_handle_count(gecl_handle_kind kind)
{
    pthread_mutex_lock(&g_lock);
    size_t n = table_of(kind)->live;
    pthread_mutex_unlock(&g_lock);
    return n;
}

void **gecl_handle_list(gecl_handle_kind kind, size_t *count, void *(*take)(void *obj))
{
    pthread_mutex_lock(&g_lock);
    table *t = table_of(kind);
    void **out = malloc((t->live + 1) * sizeof *out);
    size_t n = 0;
    for (uint32_t i = 0; out && i < t->cap; i++)
        if (t->slots[i].gen) out[n++] = take ? take(t->slots[i].obj) : t->slots[i].obj;
    pthread_mutex_unlock(&g_lock);
    *count = out ? n : 0;
    return out;
}
