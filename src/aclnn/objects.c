/* objects.c: the set of live aclnn objects (meta.h). An open-addressing hash set of pointers
 * (linear probing, deletion by backward shift, so no tombstones pile up in a loop that creates
 * and destroys tensors); one mutex, O(1) per call. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "meta.h"

typedef struct entry {
    const void *obj;   /* NULL: free */
    aclnn_kind kind;
} entry;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static entry *g_slots;
static size_t g_cap, g_live;
static size_t g_count[ACLNN_KIND_EXECUTOR + 1];

static size_t slot_of(const void *obj, size_t cap)
{
    uint64_t h = (uint64_t)(uintptr_t)obj;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return (size_t)h & (cap - 1);
}

/* Lock held. */
static size_t find(const void *obj)
{
    if (!g_cap) return SIZE_MAX;
    for (size_t i = slot_of(obj, g_cap);; i = (i + 1) & (g_cap - 1)) {
        if (g_slots[i].obj == obj) return i;
        if (!g_slots[i].obj) return SIZE_MAX;
    }
}

/* Lock held. */
static int grow(void)
{
    size_t ncap = g_cap ? g_cap * 2 : 256;
    entry *n = calloc(ncap, sizeof *n);
    if (!n) return -1;
    for (size_t i = 0; i < g_cap; i++) {
        if (!g_slots[i].obj) continue;
        size_t j = slot_of(g_slots[i].obj, ncap);
        while (n[j].obj) j = (j + 1) & (ncap - 1);
        n[j] = g_slots[i];
    }
    free(g_slots);
    g_slots = n;
    g_cap = ncap;
    return 0;
}

int aclnn_obj_add(const void *obj, aclnn_kind kind)
{
    pthread_mutex_lock(&g_lock);
    int rc = 0;
    if ((g_live + 1) * 2 > g_cap && grow() != 0) {
        rc = -1;
    } else {
        size_t i = slot_of(obj, g_cap);
        while (g_slots[i].obj && g_slots[i].obj != obj) i = (i + 1) & (g_cap - 1);
        if (!g_slots[i].obj) g_live++;
        else g_count[g_slots[i].kind]--; /* the address was freed and reused: the old record goes */
        g_slots[i] = (entry){obj, kind};
        g_count[kind]++;
    }
    pthread_mutex_unlock(&g_lock);
    return rc;
}

int aclnn_obj_live(const void *obj, aclnn_kind kind)
{
    if (!obj) return 0;
    pthread_mutex_lock(&g_lock);
    size_t i = find(obj);
    int live = i != SIZE_MAX && g_slots[i].kind == kind;
    pthread_mutex_unlock(&g_lock);
    return live;
}

size_t aclnn_obj_live_n(const void *const *objs, const aclnn_kind *kinds, size_t n)
{
    pthread_mutex_lock(&g_lock);
    size_t k = 0;
    for (; k < n; k++) {
        size_t i = find(objs[k]);
        if (i == SIZE_MAX || g_slots[i].kind != kinds[k]) break;
    }
    pthread_mutex_unlock(&g_lock);
    return k;
}

int aclnn_obj_live_then(const void *obj, aclnn_kind kind, int (*remove_if)(const void *obj))
{
    if (!obj) return 0;
    pthread_mutex_lock(&g_lock);
    size_t i = find(obj);
    int live = i != SIZE_MAX && g_slots[i].kind == kind;
    pthread_mutex_unlock(&g_lock);
    if (live && remove_if(obj)) aclnn_obj_remove(obj, kind);
    return live;
}

int aclnn_obj_remove(const void *obj, aclnn_kind kind)
{
    if (!obj) return 0;
    pthread_mutex_lock(&g_lock);
    size_t i = find(obj);
    int found = i != SIZE_MAX && g_slots[i].kind == kind;
    if (found) {
        g_count[kind]--;
        g_live--;
        /* Backward shift: move later members of the probe run into the hole. */
        size_t hole = i;
        for (size_t j = (i + 1) & (g_cap - 1); g_slots[j].obj; j = (j + 1) & (g_cap - 1)) {
            size_t home = slot_of(g_slots[j].obj, g_cap);
            /* j may fill the hole when its home is not in (hole, j] cyclically. */
            int stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (stays) continue;
            g_slots[hole] = g_slots[j];
            hole = j;
        }
        g_slots[hole] = (entry){NULL, 0};
    }
    pthread_mutex_unlock(&g_lock);
    return found;
}

size_t aclnn_obj_count(aclnn_kind kind)
{
    pthread_mutex_lock(&g_lock);
    size_t n = g_count[kind];
    pthread_mutex_unlock(&g_lock);
    return n;
}

const char *aclnn_kind_name(aclnn_kind kind)
{
    switch (kind) {
    case ACLNN_KIND_TENSOR: return "aclTensor";
    case ACLNN_KIND_SCALAR: return "aclScalar";
    case ACLNN_KIND_INT_ARRAY: return "aclIntArray";
    case ACLNN_KIND_FLOAT_ARRAY: return "aclFloatArray";
    case ACLNN_KIND_BOOL_ARRAY: return "aclBoolArray";
    case ACLNN_KIND_TENSOR_LIST: return "aclTensorList";
    case ACLNN_KIND_SCALAR_LIST: return "aclScalarList";
    case ACLNN_KIND_EXECUTOR: return "aclOpExecutor";
    }
    return "object";
}
