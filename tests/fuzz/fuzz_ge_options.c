/* fuzz_ge_options: GE option maps at every level they are given, with fuzzer-chosen keys and
 * values: GEInitializeV2 (global), the session, AddGraph, LoadGraph (ge.exec.frozenInputIndexes,
 * ge.exec.hostInputIndexes) and the ONNX parser's parser_params (input_shape), then a run.
 * Input: lines "<level><key>=<value>", level one of g s a l p; the model is a fixed two-input
 * ONNX Add with a symbolic batch dim (x: [N, 4], y: [1, 4]). */
#include "fuzz_common.h"
#include "onnx.pb-c.h"

#define MAX_OPTS 8
#define LEVELS "gsalp"

typedef struct opts {
    size_t n;
    const char *keys[MAX_OPTS], *values[MAX_OPTS];
} opts;

/* The model's bytes, packed once with protobuf-c. */
static uint8_t *model;
static size_t model_size;

static void free_model(void)
{
    free(model);
}

static Onnx__ValueInfoProto *value_info(Onnx__ValueInfoProto *v, Onnx__TypeProto *type,
                                        Onnx__TypeProto__Tensor *tt, Onnx__TensorShapeProto *shape,
                                        Onnx__TensorShapeProto__Dimension *dims, Onnx__TensorShapeProto__Dimension **dp,
                                        const char *name, const char *first_dim)
{
    onnx__value_info_proto__init(v);
    onnx__type_proto__init(type);
    onnx__type_proto__tensor__init(tt);
    onnx__tensor_shape_proto__init(shape);
    for (int i = 0; i < 2; i++) {
        onnx__tensor_shape_proto__dimension__init(&dims[i]);
        dp[i] = &dims[i];
    }
    if (first_dim) {
        dims[0].value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM;
        dims[0].dim_param = (char *)first_dim;
    } else {
        dims[0].value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
        dims[0].dim_value = 1;
    }
    dims[1].value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
    dims[1].dim_value = 4;
    shape->n_dim = 2;
    shape->dim = dp;
    tt->has_elem_type = 1;
    tt->elem_type = ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT;
    tt->shape = shape;
    type->value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
    type->tensor_type = tt;
    v->name = (char *)name;
    v->type = type;
    return v;
}

static void make_model(void)
{
    Onnx__ValueInfoProto vi[3], *in[2], *out[1];
    Onnx__TypeProto type[3];
    Onnx__TypeProto__Tensor tt[3];
    Onnx__TensorShapeProto shape[3];
    Onnx__TensorShapeProto__Dimension dims[3][2], *dp[3][2];
    in[0] = value_info(&vi[0], &type[0], &tt[0], &shape[0], dims[0], dp[0], "x", "N");
    in[1] = value_info(&vi[1], &type[1], &tt[1], &shape[1], dims[1], dp[1], "y", NULL);
    out[0] = value_info(&vi[2], &type[2], &tt[2], &shape[2], dims[2], dp[2], "z", "N");
    char *node_in[] = {"x", "y"}, *node_out[] = {"z"};
    Onnx__NodeProto node, *nodes[] = {&node};
    onnx__node_proto__init(&node);
    node.op_type = "Add";
    node.name = "add";
    node.n_input = 2;
    node.input = node_in;
    node.n_output = 1;
    node.output = node_out;
    Onnx__GraphProto graph;
    onnx__graph_proto__init(&graph);
    graph.name = "options";
    graph.n_node = 1;
    graph.node = nodes;
    graph.n_input = 2;
    graph.input = in;
    graph.n_output = 1;
    graph.output = out;
    Onnx__OperatorSetIdProto opset, *opsets[] = {&opset};
    onnx__operator_set_id_proto__init(&opset);
    opset.domain = "";
    opset.has_version = 1;
    opset.version = 13;
    Onnx__ModelProto m;
    onnx__model_proto__init(&m);
    m.has_ir_version = 1;
    m.ir_version = 7;
    m.n_opset_import = 1;
    m.opset_import = opsets;
    m.graph = &graph;
    model_size = onnx__model_proto__get_packed_size(&m);
    if (!(model = malloc(model_size))) abort();
    onnx__model_proto__pack(&m, model);
    atexit(free_model);
}

/* The graph's inputs with unknown dims taken as 2, on the host; 0 when they cannot be made or
 * the run could be large: the Add's output has at most the product of its inputs' element counts,
 * and a run allocates it (input_shape may ask for x: [33934], y: [49333, 1], legitimately). */
static int make_inputs(const gecl_graph *g, size_t n, gecl_tensor *in)
{
    uint64_t product = 1;
    for (size_t i = 0; i < n; i++) {
        const char *name;
        if (gecl_graph_input(g, (int64_t)i, &name, &in[i].desc)) return 0;
        if (in[i].desc.ndim == 1 && in[i].desc.dims[0] == GECL_DIM_UNKNOWN_RANK) in[i].desc.dims[0] = 2;
        for (uint32_t k = 0; k < in[i].desc.ndim; k++)
            if (in[i].desc.dims[k] < 0) in[i].desc.dims[k] = 2;
        in[i].bytes = gecl_desc_bytes(&in[i].desc);
        product *= in[i].bytes ? in[i].bytes : 1;
        if (in[i].bytes > (64u << 10) || product > (1u << 20) ||
            !(in[i].data = calloc(1, in[i].bytes ? in[i].bytes : 1)))
            return 0;
        in[i].placement = GECL_ON_HOST;
    }
    return 1;
}

/* Loading a static graph allocates its output's staging: only when the output is small. */
static int small_enough(gecl_session s)
{
    gecl_graph_summary sum;
    gecl_tensor_desc d;
    if (gecl_session_graph_summary(s, 1, &sum)) return 1; /* the load reports why it cannot compile */
    return !sum.is_static || (gecl_session_output_desc(s, 1, 0, &d) == GECL_SUCCESS && gecl_desc_bytes(&d) <= (1u << 20));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_runtime_hold();
    if (!model) make_model();
    if (size > 4096) return 0;
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    opts o[5];
    memset(o, 0, sizeof o);
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        const char *level = *line ? strchr(LEVELS, *line) : NULL;
        if (!level) continue;
        opts *l = &o[level - LEVELS];
        if (l->n == MAX_OPTS) continue;
        char *eq = strchr(line + 1, '=');
        if (eq) *eq = '\0';
        l->keys[l->n] = line + 1;
        l->values[l->n++] = eq ? eq + 1 : "";
    }
    if (gecl_initialize(o[0].n, o[0].keys, o[0].values) != GECL_SUCCESS) {
        free(text);
        return 0;
    }
    gecl_graph *g = NULL;
    gecl_session s = NULL;
    if (gecl_onnx_parse_mem(model, model_size, o[4].n, o[4].keys, o[4].values, &g) == GECL_SUCCESS &&
        gecl_session_create(o[1].n, o[1].keys, o[1].values, &s) == GECL_SUCCESS &&
        gecl_session_add_graph(s, 1, g, o[2].n, o[2].keys, o[2].values) == GECL_SUCCESS && small_enough(s) &&
        gecl_session_load_graph(s, 1, o[3].n, o[3].keys, o[3].values, NULL) == GECL_SUCCESS) {
        gecl_tensor in[2], out[1];
        memset(in, 0, sizeof in);
        const size_t n_in = gecl_graph_input_count(g);
        if (n_in <= 2 && make_inputs(g, n_in, in)) {
            out[0] = (gecl_tensor){{.dtype = GECL_DT_UNDEFINED}, NULL, 0, GECL_ON_HOST};
            if (gecl_session_run_graph(s, 1, n_in, in, 1, out) == GECL_SUCCESS) gecl_output_free(out[0].data);
        }
        for (size_t i = 0; i < 2; i++) free(in[i].data);
    }
    if (s && gecl_session_destroy(s) != GECL_SUCCESS) abort();
    gecl_graph_destroy(g);
    if (gecl_finalize() != GECL_SUCCESS) abort();
    free(text);
    return 0;
}
