/* objset.h: a set of live pointers, for the small objects CANN hands out as plain pointers
 * (stream config handles, allocator descriptions, physical memory handles): a call can then
 * tell a live one from a destroyed or made-up one without touching it. The handle table
 * (handle.h) has too few kinds to give each of these one. */
#ifndef GECL_RUNTIME_OBJSET_H
#define GECL_RUNTIME_OBJSET_H

#include <pthread.h>
#include <stddef.h>

typedef struct gecl_objset {
    pthread_mutex_t lock;
    void **items;
    size_t n, cap;
} gecl_objset;

#define GECL_OBJSET_INIT {PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0}

/* 0, or -1 when out of memory. */
int gecl_objset_add(gecl_objset *set, void *p);
/* 1 when p is in the set. */
int gecl_objset_has(gecl_objset *set, const void *p);
/* 1 when p was in the set (and is now removed). */
int gecl_objset_remove(gecl_objset *set, const void *p);
/* Takes every member out: *items (caller frees) and their number. */
void **gecl_objset_take_all(gecl_objset *set, size_t *n);

#endif
