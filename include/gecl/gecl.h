/*
 * gecl.h: gecl's C graph API. Build a graph (data inputs, constants, CANN operators with typed
 * attributes, outputs), add it to a session, compile, load and run it. This is the complete API
 * for C programs; the C++ headers (ge/ge_api_v2.h, graph/graph.h, all_ops.h, ...) are inline code
 * over it.
 *
 * Status values are GE's: GECL_SUCCESS (0), GECL_PARAM_INVALID (50331649, a bad argument, graph,
 * option or tensor), GECL_FAILED (0xFFFFFFFF, a wrong state or a device failure). Every failure
 * leaves a message for gecl_last_error() (= GEGetErrorMsgV3) saying what and where, e.g.
 * "gecl_session_compile_graph: graph 0: node 'conv1' (Conv2D): input 1 has 3 dims, expected 4".
 *
 * Op types and attribute names are CANN's (Conv2D strides/pads/dilations/groups/data_format,
 * MatMulV2 transpose_x1/transpose_x2, ...). Inputs are positional in the order of CANN's op
 * prototype (Conv2D: x, filter, bias, offset_w; Concat: concat_dim, x0..xn-1; ConcatV2: x0..xn-1,
 * concat_dim); a missing optional input is GECL_NO_PORT.
 */
#ifndef GECL_GECL_H_
#define GECL_GECL_H_

#include <stddef.h>
#include <stdint.h>

#include "acl/acl_base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t gecl_status;
#define GECL_SUCCESS 0u
#define GECL_PARAM_INVALID 50331649u
#define GECL_FAILED 0xFFFFFFFFu

/* Data types and formats: numerically ge::DataType / ge::Format (and aclDataType / aclFormat). */
typedef enum gecl_dtype {
    GECL_DT_FLOAT = 0, GECL_DT_FLOAT16 = 1, GECL_DT_INT8 = 2, GECL_DT_INT32 = 3, GECL_DT_UINT8 = 4,
    GECL_DT_INT16 = 6, GECL_DT_UINT16 = 7, GECL_DT_UINT32 = 8, GECL_DT_INT64 = 9, GECL_DT_UINT64 = 10,
    GECL_DT_DOUBLE = 11, GECL_DT_BOOL = 12, GECL_DT_BF16 = 27, GECL_DT_UNDEFINED = 28,
    /* (real, imaginary) pairs of float / double: Add, Sub, Mul, Div, RealDiv, Neg and views only */
    GECL_DT_COMPLEX64 = 16, GECL_DT_COMPLEX128 = 17
} gecl_dtype;

typedef enum gecl_format {
    GECL_FORMAT_NCHW = 0, GECL_FORMAT_NHWC = 1, GECL_FORMAT_ND = 2, GECL_FORMAT_HWCN = 16,
    GECL_FORMAT_NC = 35, GECL_FORMAT_NCL = 47, GECL_FORMAT_RESERVED = 40
} gecl_format;

/* Tensor placement: numerically gert::TensorPlacement. */
typedef enum gecl_placement {
    GECL_ON_DEVICE = 0, GECL_ON_HOST = 1, GECL_HOST_FOLLOWING = 2
} gecl_placement;

#define GECL_MAX_DIMS 8
/* Dims of a Data input known only at run time (CANN's values): a dim of -1, or dims {-2} (ndim
 * 1) for an unknown rank. Each run's input shapes then compile a specialisation of the graph,
 * kept in a bounded per-graph cache (GECL_MAX_SHAPE_VARIANTS, least recently used dropped). */
#define GECL_DIM_UNKNOWN (-1)
#define GECL_DIM_UNKNOWN_RANK (-2)
#define GECL_MAX_SHAPE_VARIANTS 8

typedef struct gecl_tensor_desc {
    gecl_dtype dtype;
    gecl_format format;
    uint32_t ndim;                 /* 0: a scalar */
    int64_t dims[GECL_MAX_DIMS];
} gecl_tensor_desc;

/* A tensor handed to or returned by a run. `bytes` is the size of the memory at `data`. */
typedef struct gecl_tensor {
    gecl_tensor_desc desc;
    void *data;
    size_t bytes;
    gecl_placement placement;
} gecl_tensor;

/* Bytes of one element (0 for types gecl cannot compute with), and of a whole tensor. */
ACL_FUNC_VISIBILITY size_t gecl_dtype_size(gecl_dtype dtype);
ACL_FUNC_VISIBILITY size_t gecl_desc_bytes(const gecl_tensor_desc *desc);
ACL_FUNC_VISIBILITY const char *gecl_dtype_name(gecl_dtype dtype);

/* ---- graphs ---------------------------------------------------------------------------- */

typedef struct gecl_graph gecl_graph;

/* Output `output` of node `node`; node < 0 marks an absent optional input. */
typedef struct gecl_port {
    int32_t node;
    int32_t output;
} gecl_port;
#define GECL_NO_PORT_NODE (-1)

ACL_FUNC_VISIBILITY gecl_status gecl_graph_create(const char *name, gecl_graph **graph);
ACL_FUNC_VISIBILITY void gecl_graph_destroy(gecl_graph *graph);

/* A Data node's index when it has none (CANN reads a missing "index" attribute as INT64_MAX). */
#define GECL_DATA_INDEX_NONE INT64_MAX

/* A graph input ("Data" with attribute index). The run's inputs are matched by index. As in CANN,
 * when the Data indexes of a graph are not exactly 0..n-1 (each once), none is rejected: every
 * Data node is numbered 0..n-1 in the order the Data nodes were added (docs/graph.md). Dims may
 * be GECL_DIM_UNKNOWN (or {GECL_DIM_UNKNOWN_RANK}): the graph is then dynamic, validated for
 * structure when added and compiled per input shapes at run (or gecl_session_compile_graph_for). */
ACL_FUNC_VISIBILITY gecl_status gecl_graph_add_data(gecl_graph *graph, const char *name, int64_t index,
                                                    const gecl_tensor_desc *desc, gecl_port *out);
/* A constant; `bytes` must equal the size of `desc`. The data is copied. */
ACL_FUNC_VISIBILITY gecl_status gecl_graph_add_const(gecl_graph *graph, const char *name,
                                                     const gecl_tensor_desc *desc, const void *data,
                                                     size_t bytes, gecl_port *out);
/* An operator of CANN type `type` with positional inputs (`inputs` may be NULL: all absent,
 * connect later with gecl_graph_set_input); returns its node index. Unknown types are accepted
 * here and reported at validation. */
ACL_FUNC_VISIBILITY gecl_status gecl_graph_add_op(gecl_graph *graph, const char *name, const char *type,
                                                  size_t n_inputs, const gecl_port *inputs, int32_t *node);
/* Ops whose output count is not fixed (SplitD, SplitVD...: CANN's dynamic outputs) have one
 * output until given `count` here (1 to GECL_MAX_NODE_OUTPUTS); ops with a fixed count accept
 * only that count. Ports then refer to outputs 0..count-1. */
#define GECL_MAX_NODE_OUTPUTS 1024
ACL_FUNC_VISIBILITY gecl_status gecl_graph_set_output_count(gecl_graph *graph, int32_t node, size_t count);
/* Connects input `index` of `node` to `src` (node < 0: absent); grows the input list as needed.
 * Any node may be referenced, so cycles are possible and reported at validation. */
ACL_FUNC_VISIBILITY gecl_status gecl_graph_set_input(gecl_graph *graph, int32_t node, size_t index,
                                                     gecl_port src);

ACL_FUNC_VISIBILITY gecl_status gecl_graph_set_attr_int(gecl_graph *graph, int32_t node, const char *name,
                                                        int64_t value);
ACL_FUNC_VISIBILITY gecl_status gecl_graph_set_attr_float(gecl_graph *graph, int32_t node, const char *name,
                                                          float value);
ACL_FUNC_VISIBILITY gecl_status gecl_graph_set_attr_bool(gecl_graph *graph, int32_t node, const char *name,
                                                         int value);
ACL_FUNC_VISIBILITY gecl_status gecl_graph_set_attr_string(gecl_graph *graph, int32_t node, const char *name,
                                                           const char *value);
ACL_FUNC_VISIBILITY gecl_status gecl_graph_set_attr_ints(gecl_graph *graph, int32_t node, const char *name,
                                                         const int64_t *values, size_t count);
ACL_FUNC_VISIBILITY gecl_status gecl_graph_set_attr_floats(gecl_graph *graph, int32_t node, const char *name,
                                                           const float *values, size_t count);
/* Format of input `index` as the graph builder declared it (update_input_desc_*): tells Conv2D
 * how its filter is laid out (NCHW = OIHW, HWCN, NHWC). */
ACL_FUNC_VISIBILITY gecl_status gecl_graph_set_input_format(gecl_graph *graph, int32_t node, size_t index,
                                                            gecl_format format);

/* The graph's outputs, in run order. A graph with no outputs is valid and runs nothing. */
ACL_FUNC_VISIBILITY gecl_status gecl_graph_set_outputs(gecl_graph *graph, size_t count, const gecl_port *outputs);

/* Checks the graph and infers every tensor's dtype and shape (what AddGraph/CompileGraph check). */
ACL_FUNC_VISIBILITY gecl_status gecl_graph_validate(const gecl_graph *graph);
/* An independent copy of `graph` (its output names included). */
ACL_FUNC_VISIBILITY gecl_status gecl_graph_copy(const gecl_graph *graph, gecl_graph **copy);
/* Names of the graph outputs (after gecl_graph_set_outputs, which clears them; an importer sets
 * the model's output names). gecl_graph_output_name: NULL when unnamed or out of range. */
ACL_FUNC_VISIBILITY gecl_status gecl_graph_set_output_names(gecl_graph *graph, size_t count, const char *const *names);
ACL_FUNC_VISIBILITY const char *gecl_graph_output_name(const gecl_graph *graph, size_t index);
ACL_FUNC_VISIBILITY size_t gecl_graph_output_count(const gecl_graph *graph);
/* The Data node of input `index`: its name and description (dims -1: unknown; {-2}: rank unknown). */
ACL_FUNC_VISIBILITY gecl_status gecl_graph_input(const gecl_graph *graph, int64_t index, const char **name,
                                                 gecl_tensor_desc *desc);
ACL_FUNC_VISIBILITY size_t gecl_graph_input_count(const gecl_graph *graph);
/* The graph's nodes (Data and Const included) and their op types, in the order they were added. */
ACL_FUNC_VISIBILITY size_t gecl_graph_node_count(const gecl_graph *graph);
ACL_FUNC_VISIBILITY const char *gecl_graph_node_type(const gecl_graph *graph, size_t index);

/* The inferred description of a port (validates the graph first). */
ACL_FUNC_VISIBILITY gecl_status gecl_graph_port_desc(const gecl_graph *graph, gecl_port port,
                                                     gecl_tensor_desc *desc);

/* ---- GE instance and sessions --------------------------------------------------------------- */

/* Options are (key, value) string pairs. Known keys are checked; others are accepted with a
 * warning (gecl_last_warning). GEInitializeV2 / GEFinalizeV2. The GE instance brings the device
 * runtime up on its own: aclInit/aclFinalize may come before or after it. */
ACL_FUNC_VISIBILITY gecl_status gecl_initialize(size_t n_options, const char *const *keys,
                                                const char *const *values);
/* Releases every session, graph and graph-owned memory. Sessions still open become invalid:
 * calls on them fail with GECL_FAILED, destroying them is harmless. */
ACL_FUNC_VISIBILITY gecl_status gecl_finalize(void);
ACL_FUNC_VISIBILITY const char *gecl_last_error(void);
ACL_FUNC_VISIBILITY const char *gecl_last_warning(void);

typedef struct gecl_session_s *gecl_session;

ACL_FUNC_VISIBILITY gecl_status gecl_session_create(size_t n_options, const char *const *keys,
                                                    const char *const *values, gecl_session *session);
/* Waits for the session's pending work, unloads its graphs. Unknown or stale sessions fail
 * with GECL_PARAM_INVALID and change nothing. */
ACL_FUNC_VISIBILITY gecl_status gecl_session_destroy(gecl_session session);
ACL_FUNC_VISIBILITY gecl_status gecl_session_id(gecl_session session, uint64_t *id);

/* Copies `graph` (the caller may destroy it) under `graph_id`; a used id is GECL_PARAM_INVALID. */
ACL_FUNC_VISIBILITY gecl_status gecl_session_add_graph(gecl_session session, uint32_t graph_id,
                                                       const gecl_graph *graph, size_t n_options,
                                                       const char *const *keys, const char *const *values);
ACL_FUNC_VISIBILITY gecl_status gecl_session_remove_graph(gecl_session session, uint32_t graph_id);
/* Optional: validation, inference, constant folding, fusion, memory plan. Idempotent. */
ACL_FUNC_VISIBILITY gecl_status gecl_session_compile_graph(gecl_session session, uint32_t graph_id);
/* CompileGraph(graph_id, inputs): compiles the graph for these input descriptions (a dynamic
 * graph's next variant; a static graph's must be its own). Runs with these shapes then only bind
 * and enqueue. */
ACL_FUNC_VISIBILITY gecl_status gecl_session_compile_graph_for(gecl_session session, uint32_t graph_id,
                                                               size_t n_inputs, const gecl_tensor_desc *inputs);
/* Optional: compiles if needed, builds the kernels, allocates the arena and constants on the
 * stream's device (stream NULL: the session's device). Options: ge.exec.frozenInputIndexes,
 * ge.exec.hostInputIndexes ("0;2"). Loading again with other options is GECL_FAILED. */
ACL_FUNC_VISIBILITY gecl_status gecl_session_load_graph(gecl_session session, uint32_t graph_id,
                                                        size_t n_options, const char *const *keys,
                                                        const char *const *values, aclrtStream stream);

/* Number of outputs of a graph (compiles it if needed). */
ACL_FUNC_VISIBILITY gecl_status gecl_session_output_count(gecl_session session, uint32_t graph_id,
                                                          size_t *count);

/* Synchronous run (RunGraph). Inputs on host or device. `outputs` has exactly the graph's
 * output count; entries with data == NULL are allocated on the host by gecl (free them with
 * gecl_output_free), the others are written in place (host or device memory); an output whose
 * desc.dtype is GECL_DT_UNDEFINED takes the graph's description (it must have the bytes). A
 * dynamic graph runs the variant of these inputs' shapes, compiled on first use. */
ACL_FUNC_VISIBILITY gecl_status gecl_session_run_graph(gecl_session session, uint32_t graph_id, size_t n_inputs,
                                                       const gecl_tensor *inputs, size_t n_outputs,
                                                       gecl_tensor *outputs);
/* RunGraphWithStreamAsync: only enqueues on `stream`. Inputs and outputs are device memory,
 * except inputs listed in ge.exec.hostInputIndexes. Outputs with data == NULL are allocated on
 * the device by gecl (gecl_output_free; at the latest they go with the graph). */
ACL_FUNC_VISIBILITY gecl_status gecl_session_run_graph_with_stream_async(gecl_session session, uint32_t graph_id,
                                                                         aclrtStream stream, size_t n_inputs,
                                                                         const gecl_tensor *inputs,
                                                                         size_t n_outputs, gecl_tensor *outputs);
/* RunGraphAsync: returns once the run is queued; `done` is called from a gecl worker thread with
 * the status and host outputs that `done` owns (gecl_output_free). Inputs must stay valid until
 * then. */
typedef void (*gecl_run_callback)(gecl_status status, size_t n_outputs, gecl_tensor *outputs, void *user);
ACL_FUNC_VISIBILITY gecl_status gecl_session_run_graph_async(gecl_session session, uint32_t graph_id,
                                                             size_t n_inputs, const gecl_tensor *inputs,
                                                             gecl_run_callback done, void *user);

/* `gecl tune`: times candidate tiles and work-groups of the GEMM, gemv and direct-convolution
 * kernels on a device (GE initialised) and writes the fastest that compute the right result as
 * the device's tuning table: `path`, or NULL for the default (GECL_TUNING_FILE, else beside the
 * program cache), which later compiles for that device read. Prints a table per family to
 * stdout. rounds: 1-100 interleaved rounds; quick: fewer candidates and a smaller GEMM. */
ACL_FUNC_VISIBILITY gecl_status gecl_tune_device(int32_t device, int rounds, int quick, const char *path);

/* Frees memory that gecl allocated for an output (host or device). Safe after the graph, its
 * session or the GE instance is gone (then it frees what is left or does nothing). */
ACL_FUNC_VISIBILITY gecl_status gecl_output_free(void *data);

typedef struct gecl_graph_summary {
    int is_static;
    size_t const_memory_size;    /* bytes of constants on the device */
    size_t feature_memory_size;  /* bytes of the arena (intermediates and host staging) */
    size_t intermediate_bytes;   /* what the intermediates would take without reuse */
    size_t op_count;             /* operators after validation (Data/Const excluded) */
    size_t kernel_count;         /* kernel launches per run after folding and fusion */
    size_t output_count;
} gecl_graph_summary;

/* GetCompiledGraphSummary (compiles if needed). */
ACL_FUNC_VISIBILITY gecl_status gecl_session_graph_summary(gecl_session session, uint32_t graph_id,
                                                           gecl_graph_summary *summary);
ACL_FUNC_VISIBILITY gecl_status gecl_session_output_desc(gecl_session session, uint32_t graph_id, size_t index,
                                                         gecl_tensor_desc *desc);

/* ---- ONNX import: the C twin of CANN's aclgrphParseONNX / aclgrphParseONNXFromMem ----
 * The model's graph as a gecl_graph of CANN ops (its inputs Data nodes in the model's order,
 * named as in the model; outputs named as in the model). parser_params: "input_shape"
 * ("name:1,3,224,224;other:8") fixes symbolic dims; "input_format" and "output" are accepted
 * and have no effect; other keys are refused. Dims the model leaves symbolic make the graph
 * dynamic: each run's input shapes are compiled once and cached. External data files are read
 * from the model file's folder (parse_mem: the current directory). */
ACL_FUNC_VISIBILITY gecl_status gecl_onnx_parse_file(const char *path, size_t n_params, const char *const *keys,
                                                     const char *const *values, gecl_graph **graph);
ACL_FUNC_VISIBILITY gecl_status gecl_onnx_parse_mem(const void *buffer, size_t size, size_t n_params,
                                                    const char *const *keys, const char *const *values,
                                                    gecl_graph **graph);
/* One serialized ONNX TensorProto (the backend tests' input_0.pb): its description, its bytes
 * (*data: malloc'd, release with free()) and its name (truncated to name_size; may be NULL). */
ACL_FUNC_VISIBILITY gecl_status gecl_onnx_read_tensor(const char *path, gecl_tensor_desc *desc, void **data,
                                                      size_t *bytes, char *name, size_t name_size);

/* ---- Operator schemas: every op gecl compiles, its inputs, outputs, attributes and dtypes, as
 * declared once in src/graph/op_table.h and op_attrs.h (`gecl ops` prints them: docs/ops.md) ---- */
typedef struct gecl_op_schema {
    const char *type;         /* CANN's op type, e.g. "Conv2D" */
    const char *kind;         /* "source", "view", "elementwise", "anchor" (takes a fused epilogue), "kernel" */
    int32_t min_inputs;
    int32_t max_inputs;       /* -1: any number */
    int32_t outputs;          /* 0: as many as the node is given (gecl_graph_set_output_count) */
    size_t n_attrs;
    uint64_t dtypes;          /* bit 1 << gecl_dtype for each dtype the kernels compute ... */
    size_t dtype_inputs;      /* ... for the first dtype_inputs inputs; 0: what the op's inference admits */
    uint64_t dtypes_via_float; /* 16-bit float types also taken, computed in float (a Cast each side) */
} gecl_op_schema;
typedef struct gecl_op_attr_info {
    const char *name;
    const char *type;         /* "Int", "Float", "Bool", "String", "ListInt", "ListFloat" (REG_OP's names) */
    int required;             /* no default: the node must set it */
    int fixed;                /* only the default is implemented; another value is refused */
    const char *default_value; /* as text ("1", "NHWC", "1,1,1,1"); "" when required */
} gecl_op_attr_info;
ACL_FUNC_VISIBILITY size_t gecl_op_count(void);
/* The index-th op (0 <= index < gecl_op_count()), or the op of CANN type `type`. */
ACL_FUNC_VISIBILITY gecl_status gecl_op_schema_at(size_t index, gecl_op_schema *schema);
ACL_FUNC_VISIBILITY gecl_status gecl_op_schema_get(const char *type, gecl_op_schema *schema);
ACL_FUNC_VISIBILITY gecl_status gecl_op_attr_at(const char *type, size_t index, gecl_op_attr_info *attr);

/* Live GE objects, for leak checks. */
typedef struct gecl_graph_counts {
    uint64_t sessions;
    uint64_t graphs;          /* added to sessions */
    uint64_t loaded;          /* loaded (arena and kernels held) */
    uint64_t outputs;         /* gecl-allocated outputs not yet freed */
} gecl_graph_counts;
ACL_FUNC_VISIBILITY gecl_status gecl_graph_live_counts(gecl_graph_counts *counts);

/* ---- GeSession's memory bases, task listing and compiled models (issue 10, docs/graph.md
 * "GeSession calls") ---- */

typedef enum gecl_graph_memory {
    GECL_GRAPH_MEMORY_CONST = 0,   /* SetGraphConstMemoryBase: once per graph */
    GECL_GRAPH_MEMORY_FEATURE = 1  /* Update(Refreshable)FeatureMemoryBase: again whenever wanted */
} gecl_graph_memory;
/* Places a compiled static graph's constants or feature memory (its arena of intermediates) in
 * the caller's device memory from aclrtMalloc: 32-byte aligned, at least the summary's
 * const_memory_size / feature_memory_size bytes, on the graph's device; it must stay allocated
 * while the graph can run. A loaded graph moves there at once (after the runs already enqueued),
 * a later load uses it from the start. FAILED: not compiled, dynamic, or constants set before. */
ACL_FUNC_VISIBILITY gecl_status gecl_session_set_graph_memory(gecl_session session, uint32_t graph_id,
                                                              gecl_graph_memory kind, const void *memory,
                                                              size_t size);
/* The loaded graph's tasks (its launches) as a JSON trace-event document (*json: gecl_free it).
 * flags must be 0. GECL_FAILED when the graph is not loaded. */
ACL_FUNC_VISIBILITY gecl_status gecl_session_graph_tasks_json(gecl_session session, uint32_t graph_id,
                                                              uint32_t flags, char **json);
/* A graph as bytes (*buffer: gecl_free it) and back: GeSession::GetCompiledModel's model. The
 * bytes hold the graph as built (nodes, attributes, constants, outputs); compiling the graph read
 * back gives the same plan, and its kernels come from the program cache. Reading checks the
 * format and every bound; a damaged buffer is GECL_PARAM_INVALID. */
ACL_FUNC_VISIBILITY gecl_status gecl_graph_serialize(const gecl_graph *graph, void **buffer, size_t *size);
ACL_FUNC_VISIBILITY gecl_status gecl_graph_deserialize(const void *buffer, size_t size, gecl_graph **graph);
/* The model of a graph added to a session (compiled first, so a graph that cannot compile has no
 * model): gecl_graph_serialize of the graph as added. */
ACL_FUNC_VISIBILITY gecl_status gecl_session_graph_serialize(gecl_session session, uint32_t graph_id, void **buffer,
                                                             size_t *size);
/* Frees what a gecl call returned to be freed (gecl_session_graph_tasks_json, gecl_graph_serialize). */
ACL_FUNC_VISIBILITY void gecl_free(void *p);

#ifdef __cplusplus
}
#endif

#endif
