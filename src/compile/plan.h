/* plan.h: a compiled graph, independent of any loaded state: the optimised graph, its
 * launches in order, and where every tensor lives (design.md decision 5: compile once, run many). */
#ifndef GECL_COMPILE_PLAN_H
#define GECL_COMPILE_PLAN_H

#include "launch.h"

typedef enum gecl_store {
    GECL_STORE_NONE,    /* never materialised (fused away, dead) */
    GECL_STORE_INPUT,   /* the run's input `index` */
    GECL_STORE_OUTPUT,  /* the run's output `index` */
    GECL_STORE_CONST,   /* constant buffer at `offset` */
    GECL_STORE_ARENA    /* arena at `offset` */
} gecl_store;

typedef struct gecl_value {
    gecl_tensor_desc desc;
    size_t bytes;
    int alias;          /* value whose storage a view shares, else -1 */
    size_t alias_offset;        /* bytes into alias's storage (in_place.c; 0 for views) */
    int in_place;               /* computed straight into a part of another value (in_place.c) */
    gecl_store store;
    size_t index;
    size_t offset;
    int first, last;    /* launch steps that produce / last read it */
} gecl_value;

typedef struct gecl_plan {
    gecl_graph *g;                 /* optimised copy */
    size_t n_values;               /* every node's outputs, then scratch and output-copy values */
    size_t n_node_values;          /* the nodes' outputs: values [0, n_node_values) */
    int32_t *value_base;           /* node i's output k is value value_base[i] + k */
    gecl_value *values;
    size_t n_launches;
    gecl_launch *launches;
    size_t n_init_launches;        /* run once when the constants are placed (launch.h gecl_lower_add_init) */
    gecl_launch *init_launches;
    size_t n_inputs, n_outputs;
    int32_t *input_values;         /* Data node of each input index */
    int32_t *output_values;        /* value written for each output */
    gecl_tensor_desc *input_descs, *output_descs;
    size_t arena_bytes, const_bytes, staging_bytes;
    unsigned n_status_slots;       /* launches that report bad indices (launch.h status_slot) */
    size_t *input_staging, *output_staging;   /* offsets in the staging buffer */
    size_t intermediate_bytes;
    size_t op_count;
} gecl_plan;

#define GECL_ALIGN 256

static inline size_t gecl_align_up(size_t v) { return (v + GECL_ALIGN - 1) / GECL_ALIGN * GECL_ALIGN; }

/* Validates, infers (folding constants), fuses, lowers for `dev` and plans memory. */
gecl_status gecl_compile(const gecl_graph *graph, const gecl_device_desc *dev, gecl_plan **out);
void gecl_plan_free(gecl_plan *p);
/* The value whose storage v uses (follows view aliases). */
int gecl_plan_root(const gecl_plan *p, int v);
/* The value of a launch argument's port: a node's output, or (node >= the graph's node count)
 * a scratch or output-copy value, numbered after the nodes' values. */
int gecl_plan_value(const gecl_plan *p, gecl_port port);

/* Passes (one file each in src/compile). */
/* Ops computed in float get their float16/bfloat16 tensors through Casts (widen.c); *changed
 * says whether the graph must be inferred again. */
gecl_status gecl_widen_half(gecl_graph *g, int *changed);
/* A constant per-channel scale or shift after a Conv2D folded into its filter and bias
 * (fold_affine.c); *changed: the graph must be inferred again. */
gecl_status gecl_fold_conv_affine(gecl_graph *g, int *changed);
/* Copies marked launch.in_place are dropped where their source can be computed in place
 * (in_place.c): before lifetimes and the arena plan, which then see one value. */
void gecl_plan_in_place(gecl_plan *p);
/* After the arena plan: values computed in place get their own offsets in the arena. */
void gecl_plan_place_in_place(gecl_plan *p);
/* live[i] != 0 for nodes that outputs depend on. */
void gecl_mark_live(const gecl_graph *g, char *live);
/* Bound on a fused group's extra inputs, so its kernel's arguments stay within
 * GECL_LAUNCH_MAX_ARGS (anchor kernels have arguments of their own). */
#define GECL_MAX_GROUP_EXTERNALS 8
/* group[i] = the node whose launch computes node i (itself when not fused); -1 for no launch. */
void gecl_fuse(const gecl_graph *g, const char *live, int32_t *group);
/* Generates the launch for an elementwise group with final node `final` (group[] as above);
 * anchor_launch != NULL: an epilogue for it instead of a standalone kernel. */
gecl_status gecl_codegen_group(gecl_lower *L, const int32_t *group, int32_t final, int32_t anchor,
                               gecl_launch *anchor_launch);
/* How many distinct tensors (input, broadcast strides) the fused group `final` (anchor: its
 * anchor or -1) reads from outside: the generated kernel's extra arguments. INT_MAX when more
 * than one kernel can take. Fusion bounds groups with this same count. */
int gecl_group_externals(const gecl_graph *g, const int32_t *group, int32_t final, int32_t anchor);
/* Arena offsets for every ARENA value; returns the arena size. */
size_t gecl_plan_memory(gecl_plan *p);

#endif
