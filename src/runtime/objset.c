/* objset.c: an unordered array under a mutex; the sets stay small (live handles of one kind). */
#include "objset.h"

#include <stdlib.h>

int gecl_objset_add(gecl_objset *set, void *p)
{
    pthread_mutex_lock(&set->lock);
    int rc = 0;
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 16;
        void **items = realloc(set->items, cap * sizeof *items);
        if (items) {
            set->items = items;
            set->cap = cap;
        } else {
            rc = -1;
        }
    }
    if (!rc) set->items[set->n++] = p;
    pthread_mutex_unlock(&set->lock);
    return rc;
}

int gecl_objset_has(gecl_objset *set, const void *p)
{
    pthread_mutex_lock(&set->lock);
    int found = 0;
    for (size_t i = 0; i < set->n && !found; i++) found = set->items[i] == p;
    pthread_mutex_unlock(&set->lock);
    return found;
}

int gecl_objset_remove(gecl_objset *set, const void *p)
{
    pthread_mutex_lock(&set->lock);
    int found = 0;
    for (size_t i = 0; i < set->n; i++) {
        if (set->items[i] == p) {
            set->items[i] = set->items[--set->n];
            found = 1;
            break;
        }
    }
    pthread_mutex_unlock(&set->lock);
    return found;
}

void **gecl_objset_take_all(gecl_objset *set, size_t *n)
{
    pthread_mutex_lock(&set->lock);
    void **items = set->items;
    *n = set->n;
    set->items = NULL;
    set->n = set->cap = 0;
    pthread_mutex_unlock(&set->lock);
    return items;
}
