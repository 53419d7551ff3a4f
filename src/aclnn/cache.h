/* cache.h: compiled operators, one per key (operator, device, tensors' dtypes/formats/shapes,
 * parameters). An entry is the one-op graph compiled by the graph engine (compile layer) and
 * loaded on the device (exec layer: programs from the program cache, constants uploaded, fixed
 * kernel arguments set), plus the list of kernel arguments that each call sets: the tensors'
 * addresses and the workspace, which holds the graph's intermediates (its arena). The cache is
 * bounded (least recently used first out, once no executor holds the entry) and forgets
 * everything when the runtime restarts (gecl_rt_generation). */
#ifndef GECL_ACLNN_CACHE_H
#define GECL_ACLNN_CACHE_H

#include <pthread.h>
#include <stdatomic.h>

#include "exec.h"
#include "op.h"

/* Where a kernel argument or a copy end points in a call. */
typedef enum aclnn_loc_kind {
    ACLNN_LOC_INPUT,      /* the executor's input `index` */
    ACLNN_LOC_OUTPUT,     /* the executor's output `index` */
    ACLNN_LOC_WORKSPACE,  /* the caller's workspace at `offset` (the graph's arena) */
    ACLNN_LOC_CONST       /* the loaded graph's constants at `offset` (copies only) */
} aclnn_loc_kind;

typedef struct aclnn_loc {
    aclnn_loc_kind kind;
    size_t index;
    size_t offset;
} aclnn_loc;

/* A kernel argument set by every call: launch `launch`, tensor argument `arg`. */
typedef struct aclnn_bind {
    size_t launch, arg;
    aclnn_loc loc;
} aclnn_bind;

typedef struct aclnn_entry {
    struct aclnn_entry *next;   /* hash chain */
    uint64_t hash;
    unsigned char *key;
    size_t key_len;
    uint64_t generation;        /* gecl_rt_generation it was loaded under */
    uint64_t used;              /* the cache's clock at its last use */
    atomic_int refs;            /* the cache's plus one per executor */
    gecl_device *dev;
    gecl_plan *plan;            /* NULL: an empty result, nothing to run */
    gecl_loaded *loaded;
    size_t workspace;           /* bytes the caller provides (the arena) */
    size_t n_in, n_out;
    size_t *bytes;              /* n_in + n_out: bytes each tensor must hold */
    aclnn_bind *binds;          /* in launch order */
    size_t n_binds;
    size_t *first_bind;         /* per launch: index of its first bind; [n_launches] = n_binds */
    aclnn_loc *copy_src, *copy_dst; /* per launch, for copies (no kernel) */
    pthread_mutex_t lock;       /* setting arguments and enqueueing: one call at a time */
} aclnn_entry;

/* The entry for r on dev, compiled and loaded on a miss, with a reference the caller drops with
 * aclnn_entry_release. */
aclnnStatus aclnn_cache_get(const aclnn_request *r, gecl_device *dev, aclnn_entry **out);
void aclnn_entry_release(aclnn_entry *e);
/* Drops every entry no executor holds (aclnnFinalize). */
void aclnn_cache_clear(void);
size_t aclnn_cache_count(void);
/* Compilations (misses) since the process started. */
uint64_t aclnn_cache_compiles(void);

#define ACLNN_CACHE_MAX 256

#endif
