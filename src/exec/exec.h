/* exec.h: sessions, graphs added to them, loaded graphs and runs (the GE layer's state). */
#ifndef GECL_EXEC_EXEC_H
#define GECL_EXEC_EXEC_H

#include <pthread.h>
#include <stdatomic.h>

#include "async.h"
#include "device.h"
#include "ge_error.h"
#include "handle_kinds.h"
#include "plan.h"
#include "profile.h"

/* GE sessions are handles (handle.h) of the first kind the runtime leaves free. */
#define GECL_HANDLE_SESSION GECL_HANDLE_RUNTIME_END
_Static_assert(GECL_HANDLE_SESSION <= GECL_HANDLE_KIND_LAST, "no handle kind left for sessions");

typedef enum gecl_run_mode { GECL_MODE_NONE, GECL_MODE_SYNC, GECL_MODE_ASYNC, GECL_MODE_STREAM } gecl_run_mode;

/* A plan made resident on a device: buffers, built kernels, fixed arguments set. */
typedef struct gecl_loaded {
    gecl_device *dev;
    cl_mem arena, consts, staging;
    size_t arena_base, consts_base; /* where arena and constants start in their buffers: 0, or the
                                       offset of the caller's memory (SetGraphConstMemoryBase...) */
    cl_mem status;                 /* status slots (plan n_status_slots), zeroed by every run */
    size_t status_own;
    size_t arena_own, consts_own, staging_own; /* bytes of the device's budget a region gecl
                                                  allocated holds (gecl_device_buffer); 0: the
                                                  caller's memory, or none */
    cl_kernel *kernels;            /* per launch; NULL for copies */
    size_t n_kernels;
    cl_kernel *init_kernels;       /* per init launch (plan init_launches), run where constants are placed */
    size_t n_init_kernels;
    pthread_mutex_t lock;          /* one run binds and enqueues at a time */
    cl_command_queue last_queue;   /* queue and completion marker of the latest run: a run on */
    cl_event last_done;            /* another queue waits for it (they share the arena) */
    char *frozen, *host_input;     /* per input: ge.exec.frozenInputIndexes / hostInputIndexes */
    char *frozen_bound;            /* frozen input whose address was bound by a run */
    gecl_profile *profile;         /* GECL_PROFILE: per-launch device times, NULL when off */
} gecl_loaded;

/* A graph compiled for one set of input shapes: a static graph has one, a dynamic graph (Data
 * dims unknown until a run) one per shape set seen, at most GECL_MAX_SHAPE_VARIANTS. */
typedef struct gecl_variant {
    gecl_tensor_desc *inputs;      /* the input descriptions it is compiled for */
    void **values;                 /* per input: the values of a value input it is compiled for */
    gecl_plan *plan;
    gecl_loaded *loaded;           /* NULL until loaded */
    atomic_int refs;               /* the entry's cache plus calls using it */
    uint64_t used;                 /* the entry's clock at its last use: the oldest goes first */
} gecl_variant;

typedef struct gecl_graph_entry {
    uint32_t id;
    gecl_graph *graph;             /* as added (validated; dynamic ones not inferred) */
    int dynamic;
    size_t n_inputs;               /* Data nodes */
    char *value_input;             /* per input: its values shape the graph (graph/value_inputs.c) */
    size_t op_count;               /* ops as added (inference folds constant ones into Consts) */
    char *unsupported;             /* a node whose op gecl cannot run: every compile fails with this */
    const void *ext_consts, *ext_feature; /* the caller's memory for constants / the arena (membase.c) */
    size_t ext_consts_size, ext_feature_size;
    gecl_variant *variants[GECL_MAX_SHAPE_VARIANTS];
    size_t n_variants;
    uint64_t clock;
    char *frozen, *host_input;     /* LoadGraph's index lists, given to every variant's load */
    atomic_int options_fixed;      /* a LoadGraph or a run has used them: they stay */
    gecl_run_mode mode;
    atomic_int refs;               /* the session's reference plus runs in progress */
    pthread_mutex_t lock;          /* the variants: compile/load of this graph */
} gecl_graph_entry;

typedef struct gecl_session_obj {
    void *handle;
    uint64_t id;
    int32_t device_id;
    pthread_mutex_t lock;          /* the graph table */
    gecl_graph_entry **graphs;
    size_t n_graphs, cap_graphs;
    gecl_jobs jobs;                /* RunGraphAsync runs, keyed by graph entry */
    /* One reference for the handle, one per API call in progress (gecl_session_lookup): a
     * session destroyed while another thread uses it is freed when that call returns. */
    atomic_int refs;
} gecl_session_obj;

/* ge.c */
int gecl_ge_initialized(void);
int32_t gecl_ge_default_device(void);
/* 1 when `handle` is a session that GEFinalizeV2 released while it was open; `forget` drops the
 * record (the caller destroyed the session). */
int gecl_ge_session_released(const void *handle, int forget);
/* Options: checks known keys (table in options.c), warns about others. `level` names the
 * API for messages; `device` receives ge.exec.deviceId / ge.session_device_id if given. */
gecl_status gecl_options_check(const char *level, size_t n, const char *const *keys, const char *const *values,
                               int32_t *device);
/* "0;2" style index list into flags[0..count); fails on anything else. */
gecl_status gecl_parse_index_list(const char *key, const char *text, char *flags, size_t count);

/* session.c */
/* The entry of graph_id with a reference taken (gecl_entry_release), or fails. */
gecl_status gecl_entry_get(gecl_session_obj *s, uint32_t graph_id, gecl_graph_entry **out);
void gecl_entry_release(gecl_graph_entry *e);
/* The live session behind a handle, with a reference the caller drops with gecl_session_put;
 * declare the variable with GECL_SESSION_REF and that happens when it goes out of scope. */
gecl_status gecl_session_lookup(gecl_session session, gecl_session_obj **out);
void gecl_session_put(gecl_session_obj *s);
static inline void gecl_session_put_var(gecl_session_obj **s)
{
    if (*s) gecl_session_put(*s);
}
#define GECL_SESSION_REF(var) gecl_session_obj *var __attribute__((cleanup(gecl_session_put_var))) = NULL
/* Frees what the session holds; the memory itself too unless called on its own worker thread
 * (a RunGraphAsync callback), which frees it as it exits. */
void gecl_session_free(gecl_session_obj *s);
/* The variant of e for the input descriptions `in` (n of them; NULL for a static graph: its
 * own) and the values of its value inputs (`values`, per input, NULL where it is not one; may be
 * NULL when none are given), compiled and, unless compile_only, loaded on `dev` (NULL: the
 * session's device), with a reference the caller drops with gecl_variant_release. Entry lock
 * held inside. */
gecl_status gecl_entry_variant(gecl_session_obj *s, gecl_graph_entry *e, gecl_device *dev, size_t n,
                               const gecl_tensor_desc *in, const void *const *values, int compile_only,
                               gecl_variant **out);
void gecl_variant_release(gecl_variant *v);
/* The most recently used variant with a reference, or NULL (a dynamic graph never run). */
gecl_variant *gecl_entry_latest(gecl_graph_entry *e);
/* The input descriptions of a run's tensors (NULL: out of memory; free() it). */
gecl_tensor_desc *gecl_input_descs(size_t n, const gecl_tensor *in);

/* Entry of a public session call: names the call and fails when GE is not initialised. */
#define GE_ENTER_CHECKED()                                                                       \
    GECL_ENTER();                                                                                \
    if (!gecl_ge_initialized())                                                                  \
        return gecl_ge_fail(GECL_FAILED, "GE is not initialised: call GEInitializeV2 first")

/* load.c. `e` gives the caller's memory for constants and arena, where set (may be NULL). */
gecl_status gecl_load(const gecl_plan *p, gecl_device *dev, const gecl_graph_entry *e, gecl_loaded **out);
/* Places the constants (when `consts`) or the arena of a loaded graph in the caller's device
 * memory `mem` (aclrtMalloc'd, at least the plan's bytes) and sets the kernel arguments that
 * point there; constants are uploaded first. Load lock held by the caller; no run in flight. */
gecl_status gecl_loaded_place(const gecl_plan *p, gecl_loaded *l, int consts, const void *mem);
void gecl_unload(gecl_loaded *l);
/* gecl_unload for a load that was counted in gecl_live_loaded. */
void gecl_unload_counted(gecl_loaded *l);

/* run.c */
/* Binds inputs/outputs and enqueues one run on q. Outputs with data == NULL are allocated
 * (host or device as `alloc_host` says); when the run fails they are freed again and `out` is
 * as the caller passed it. With done != NULL, returns the run's completion event. With
 * status != NULL (plan n_status_slots * GECL_STATUS_SLOT bytes), the run's status slots are read
 * into it before the completion event (gecl_run_status checks them). */
gecl_status gecl_run(gecl_graph_entry *e, gecl_variant *v, cl_command_queue q, size_t n_in, const gecl_tensor *in,
                     size_t n_out, gecl_tensor *out, int alloc_host, int stream_mode, void *status, cl_event *done);

/* run_status.c */
/* GECL_FAILED naming the node whose kernel met an index outside its dim, from the status slots a
 * finished run read back (gecl_run's `status`); GECL_SUCCESS when none did. */
gecl_status gecl_run_status(const gecl_plan *p, const void *status);
/* The same check for a run on a stream, done on the stream's worker once the run is over: a
 * fault becomes the stream's (gecl_stream_fault), which its next synchronisation returns.
 * _new makes the check (with the buffer to give gecl_run as `status`); _enqueue queues it behind
 * the run and owns it from then on; _free drops one that was not enqueued. */
struct gecl_stream;
typedef struct gecl_stream_check gecl_stream_check;
gecl_status gecl_stream_check_new(const gecl_plan *p, uint32_t graph_id, gecl_stream_check **out);
void *gecl_stream_check_buffer(gecl_stream_check *c);
gecl_status gecl_stream_check_enqueue(gecl_stream_check *c, struct gecl_stream *st);
void gecl_stream_check_free(gecl_stream_check *c);

/* run_api.c: a synchronous run on the device's own queue (RunGraph, RunGraphAsync's worker).
 * A run that fails, on the device too, frees the outputs it allocated and leaves `out` as given. */
gecl_status gecl_run_sync(gecl_session_obj *s, gecl_graph_entry *e, size_t n_in, const gecl_tensor *in,
                          size_t n_out, gecl_tensor *out);

/* outputs.c: memory gecl allocated for outputs; owner is the graph entry (freed with it). */
gecl_status gecl_output_alloc(gecl_device *dev, size_t bytes, int host, const void *owner, void **out);
/* A run's output tensors as the caller passed them (NULL: out of host memory; free() it), so that
 * a run that fails can free the outputs it allocated and give the caller's tensors back as they
 * were (gecl_outputs_restore: entries that were NULL and now hold a gecl block lose it). */
gecl_tensor *gecl_outputs_save(size_t n, const gecl_tensor *out);
void gecl_outputs_restore(size_t n, gecl_tensor *out, const gecl_tensor *saved);
void gecl_outputs_release_owner(const void *owner);
void gecl_outputs_release_all(void);
uint64_t gecl_outputs_count(void);

/* Counters for gecl_graph_live_counts. */
extern atomic_ullong gecl_live_sessions, gecl_live_graphs, gecl_live_loaded;

#endif
