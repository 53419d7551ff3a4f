/* launch.h: what lowering produces: kernel launches over graph tensors.
 *
 * Kernel conventions (kernels/ *.cl):
 * - every tensor is two kernel arguments: `__global T *name, ulong name_off` (byte offset; the
 *   kernel starts with ADVANCE(name), from kernels/prelude.cl, which adds it);
 * - elementwise, movement and reduction kernels take sizes and strides as `long` arguments
 *   after all tensor arguments (gecl_launch_scalar), so one program serves every shape and a
 *   new input shape costs only planning; what the source still depends on is a pattern (rank
 *   after merging dims, which inputs broadcast, vector widths), not the sizes themselves;
 * - the tuned anchors (Conv2D, MatMul) keep shapes and tiles as compile-time -D macros, where
 *   constant bounds pay; their programs are built per configuration and cached (memory + disk);
 * - a kernel that accepts an epilogue (launch.epilogue = 1) ends its parameter list with
 *   EPI_PARAMS and stores its float result as y[i] = EPILOGUE(acc, i), i being the row-major
 *   index of the element in the output tensor. The compiler defines both: by default EPI_PARAMS
 *   is empty and EPILOGUE(v, i) is v; with fused elementwise ops it appends their extra inputs
 *   as arguments after the launch's own. */
#ifndef GECL_COMPILE_LAUNCH_H
#define GECL_COMPILE_LAUNCH_H

#include <stddef.h>

#include "gecl/gecl.h"
#include "gecl/gecl_rt.h"
#include "ir.h"

#define GECL_LAUNCH_MAX_ARGS 24
/* 24 tensors (16 bytes each) and 72 longs stay within the 1,024 bytes of kernel arguments that
 * every OpenCL device accepts (CL_DEVICE_MAX_PARAMETER_SIZE's minimum). */
#define GECL_LAUNCH_MAX_SCALARS 72

typedef struct gecl_karg {
    gecl_port port;          /* a graph tensor, or a scratch pseudo-port from gecl_lower_scratch */
    int is_output;           /* written by the launch */
} gecl_karg;

typedef struct gecl_launch {
    const char *file;        /* kernels/<file>.cl (without .cl) */
    const char *kernel;      /* __kernel function name */
    char options[1024];      /* build options: -D definitions */
    int options_overflow;    /* a definition did not fit in options: the plan is refused */
    char *prelude;           /* generated source placed before the file (owned; may be NULL) */
    unsigned work_dim;
    size_t global[3];
    size_t local[3];         /* local[0] == 0: let the driver choose */
    size_t n_args;
    gecl_karg args[GECL_LAUNCH_MAX_ARGS];
    int epilogue;            /* kernel supports EPI_PARAMS / EPILOGUE on its output arg */
    int node;                /* graph node it comes from (for messages) */
    char *body;              /* compiler-generated kernel used instead of `file` (owned) */
    size_t copy_bytes;       /* kernel == NULL: a buffer copy of args[0] into args[1] */
    int in_place;            /* the launch only copies all of args[0] into args[1] at byte offset
                                in_place_offset: the compiler may drop it and have args[0]
                                computed there instead (in_place.c) */
    size_t in_place_offset;
    size_t n_scalars;        /* `long` arguments after the tensors: kernel argument 2 * n_args + k */
    int64_t scalars[GECL_LAUNCH_MAX_SCALARS];
    unsigned status_slot;    /* > 0: the kernel reports a bad index into slot status_slot - 1 of the
                                run's status buffer (GECL_STATUS_SLOT bytes each), its last two
                                arguments after the scalars: gecl_lower_status */
} gecl_launch;

/* A status slot: an int flag (0: nothing to report; 1, 2: an index outside [0, dim) or, with
 * negative indices allowed, [-dim, dim)), then two longs (the index, its dim). */
#define GECL_STATUS_SLOT 32

typedef struct gecl_lower gecl_lower;

/* Appends the launches that compute n. */
typedef gecl_status (*gecl_lower_fn)(gecl_lower *L, const gecl_node *n);
/* Lowering of every op, indexed by gecl_op: op_table.h's lower column, filled by src/ops;
 * gecl_lower_none where the compiler makes the kernel itself (elementwise) or there is none
 * (sources, views): it fails as an internal error if reached. */
extern const gecl_lower_fn gecl_op_lower[GECL_OP_COUNT];
/* Every function of the lower column, declared from the table (gecl_lower_none among them). */
#define GECL_OP_DECLARE_LOWER(id, name, kind, mn, mx, nout, infer, lower, ...) \
    gecl_status lower(gecl_lower *L, const gecl_node *n);
GECL_OP_LIST(GECL_OP_DECLARE_LOWER)
#undef GECL_OP_DECLARE_LOWER

/* The device the launches are for: pick tile and work-group sizes from it (design.md decision 6). */
const gecl_device_desc *gecl_lower_device(const gecl_lower *L);
const gecl_graph *gecl_lower_graph(const gecl_lower *L);
/* For node n, whose kernel computes in (or loads or stores) DT_DOUBLE: fails, naming the device
 * and cl_khr_fp64, when the device has no double precision (Mesa's llvmpipe), so such a graph is
 * refused when it is compiled rather than by the OpenCL compiler at load. */
gecl_status gecl_lower_need_fp64(const gecl_lower *L, const gecl_node *n);
/* Appends a zeroed launch of kernel `kernel` in kernels/<file>.cl; NULL on out of memory. */
gecl_launch *gecl_lower_add(gecl_lower *L, const gecl_node *n, const char *file, const char *kernel);
/* Appends a launch that runs once, when the graph's constants are in place (LoadGraph, and again
 * when the caller moves them: SetGraphConstMemoryBase), not on every run: weights repacked for
 * a kernel. It reads constants only and writes gecl_lower_packed values; NULL on out of memory. */
gecl_launch *gecl_lower_add_init(gecl_lower *L, const gecl_node *n, const char *file, const char *kernel);
/* A constant of `bytes` that an init launch computes: it lives with the graph's constants. */
gecl_port gecl_lower_packed(gecl_lower *L, size_t bytes);
/* Appends a tensor argument. */
void gecl_launch_arg(gecl_launch *l, gecl_port port, int is_output);
/* Appends " -D<formatted>" to the options. */
void gecl_launch_define(gecl_launch *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends a `long` argument (sizes, strides); the plan check refuses a launch with too many. */
void gecl_launch_scalar(gecl_launch *l, int64_t value);
/* Gives launch l a slot of the run's status buffer: its kernel reports an index outside its dim
 * there (kernels/index.cl, IX_CHECK), and the run fails naming l's node instead of returning what
 * the kernel read in its place (src/exec/run_status.c: RunGraph and RunGraphAsync at once,
 * RunGraphWithStreamAsync at the stream's next synchronisation). */
void gecl_lower_status(gecl_lower *L, gecl_launch *l);
/* A device scratch buffer of `bytes` live only during this node's launches (arena-planned). */
gecl_port gecl_lower_scratch(gecl_lower *L, size_t bytes);
/* The output port of node n (output 0). */
gecl_port gecl_node_port(const gecl_graph *g, const gecl_node *n);

#endif
