/* import.c: an ONNX model -> a gecl_graph of CANN ops (CANN's aclgrphParseONNX; C API
 * gecl_onnx_parse_file / _mem). Initializers become Const nodes, the other graph inputs Data
 * nodes in their order, each node goes through its converter (onnx_ops.h), and the graph outputs
 * keep the model's names. Before anything is built, every node's (op, opset) is checked, so an
 * unsupported model fails with all of its unsupported ops in one message. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ge_error.h"
#include "ir.h"
#include "onnx_ctx.h"

#define MAX_MODEL_BYTES ((size_t)2 << 30) /* protobuf's own limit */

const char *onnx_ctx_string(onnx_ctx *ctx, const char *s, size_t len)
{
    if (ctx->n_strings == ctx->cap_strings) {
        size_t cap = ctx->cap_strings ? 2 * ctx->cap_strings : 16;
        char **v = realloc(ctx->strings, cap * sizeof *v);
        if (!v) return NULL;
        ctx->strings = v;
        ctx->cap_strings = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy) return NULL;
    memcpy(copy, s, len);
    copy[len] = 0;
    return ctx->strings[ctx->n_strings++] = copy;
}

/* The default domain's opset ("" or "ai.onnx"); models without opset_import are opset 1. */
static int64_t model_opset(const Onnx__ModelProto *m)
{
    for (size_t i = 0; i < m->n_opset_import; i++) {
        const char *d = m->opset_import[i]->domain;
        if (!d || !*d || !strcmp(d, "ai.onnx")) return m->opset_import[i]->has_version ? m->opset_import[i]->version : 1;
    }
    return 1;
}

static int default_domain(const char *d) { return !d || !*d || !strcmp(d, "ai.onnx"); }

/* Every (op, opset) without a converter, in one message. */
static gecl_status check_supported(const Onnx__GraphProto *g, int64_t opset)
{
    char list[2048] = "";
    size_t at = 0, missing = 0;
    for (size_t i = 0; i < g->n_node; i++) {
        const Onnx__NodeProto *n = g->node[i];
        const char *type = n->op_type ? n->op_type : "";
        if (default_domain(n->domain) && onnx_converter(type, opset)) continue;
        char item[256];
        snprintf(item, sizeof item, "%s%s%s (opset %lld)", n->domain && *n->domain ? n->domain : "",
                 n->domain && *n->domain ? "::" : "", type, (long long)opset);
        if (strstr(list, item)) continue; /* each (op, opset) once */
        missing++;
        if (at < sizeof list - 1) at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", at ? ", " : "", item);
    }
    if (!missing) return GECL_SUCCESS;
    return gecl_ge_fail(GECL_PARAM_INVALID, "the model uses %zu operator%s gecl does not support: %s", missing,
                        missing > 1 ? "s" : "", list);
}

/* Initializers become Const nodes; their raw bytes move from the message to the node (the message
 * is unpacked into Const-bytes blocks, see parse). */
static gecl_status add_initializers(onnx_ctx *ctx, Onnx__GraphProto *g)
{
    if (g->n_sparse_initializer)
        return gecl_ge_fail(GECL_PARAM_INVALID, "sparse initializers are not supported ('%s')",
                            g->sparse_initializer[0]->values ? g->sparse_initializer[0]->values->name : "?");
    for (size_t i = 0; i < g->n_initializer; i++) {
        Onnx__TensorProto *t = g->initializer[i];
        if (!t->name || !*t->name) return gecl_ge_fail(GECL_PARAM_INVALID, "initializer %zu has no name", i);
        char what[600];
        snprintf(what, sizeof what, "initializer '%s'", t->name);
        gecl_tensor_desc d;
        void *data;
        size_t bytes;
        gecl_status rc = onnx_tensor_take_const(t, ctx->base_dir, what, &d, &data, &bytes);
        gecl_port p;
        if (!rc) rc = gecl_graph_add_const_data(ctx->graph, t->name, &d, data, bytes, &p);
        if (rc) return rc;
        if (onnx_values_set(ctx->values, t->name, p)) return gecl_ge_oom();
    }
    return GECL_SUCCESS;
}

/* The description a graph input declares: dims it gives, -1 for symbolic ones, {-2} without a
 * shape. `shape`, when the caller's input_shape names this input, replaces the dims. */
static gecl_status input_desc(const Onnx__ValueInfoProto *v, const char *shape, gecl_tensor_desc *d)
{
    memset(d, 0, sizeof *d);
    d->format = GECL_FORMAT_ND;
    const Onnx__TypeProto *t = v->type;
    if (!t || t->value_case != ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE || !t->tensor_type)
        return gecl_ge_fail(GECL_PARAM_INVALID, "graph input '%s' is not a tensor (sequences and maps are not "
                            "supported)", v->name);
    d->dtype = onnx_dtype(t->tensor_type->elem_type);
    if (d->dtype == GECL_DT_UNDEFINED)
        return gecl_ge_fail(GECL_PARAM_INVALID, "graph input '%s' has element type %s, not supported", v->name,
                            onnx_dtype_name(t->tensor_type->elem_type));
    if (shape) {
        /* Dims separated by commas, each -1 (unknown) or a size: nothing else is taken for one
         * (the size of the whole is checked when the Data node is added). */
        for (const char *p = shape; *p;) {
            char *end;
            errno = 0;
            const long long dim = strtoll(p, &end, 10);
            if (end == p || errno || dim < GECL_DIM_UNKNOWN || (*end && *end != ',') || d->ndim == GECL_MAX_DIMS)
                return gecl_ge_fail(GECL_PARAM_INVALID, "input_shape of '%s': '%s' is not a list of up to %d dims "
                                    "(each -1 or a size, separated by commas)", v->name, shape, GECL_MAX_DIMS);
            d->dims[d->ndim++] = dim;
            p = *end ? end + 1 : end;
        }
        return GECL_SUCCESS;
    }
    const Onnx__TensorShapeProto *s = t->tensor_type->shape;
    if (!s) {
        d->ndim = 1;
        d->dims[0] = GECL_DIM_UNKNOWN_RANK;
        return GECL_SUCCESS;
    }
    if (s->n_dim > GECL_MAX_DIMS)
        return gecl_ge_fail(GECL_PARAM_INVALID, "graph input '%s' has %zu dims, at most %d are supported", v->name,
                            s->n_dim, GECL_MAX_DIMS);
    d->ndim = (uint32_t)s->n_dim;
    for (size_t k = 0; k < s->n_dim; k++) {
        const Onnx__TensorShapeProto__Dimension *dim = s->dim[k];
        d->dims[k] = dim->value_case == ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE && dim->dim_value >= 0
                         ? dim->dim_value
                         : GECL_DIM_UNKNOWN;
    }
    return GECL_SUCCESS;
}

/* input_shape "name:1,3,224,224;other:4" -> the dims text of `name`, or NULL. */
static const char *shape_for(const char *input_shape, const char *name, char *buf, size_t size)
{
    const size_t len = strlen(name);
    for (const char *p = input_shape; p && *p;) {
        const char *end = strchr(p, ';');
        const size_t item = end ? (size_t)(end - p) : strlen(p);
        if (item > len && !strncmp(p, name, len) && p[len] == ':' && item - len - 1 < size) {
            memcpy(buf, p + len + 1, item - len - 1);
            buf[item - len - 1] = 0;
            return buf;
        }
        p = end ? end + 1 : NULL;
    }
    return NULL;
}

static gecl_status add_inputs(onnx_ctx *ctx, const Onnx__GraphProto *g, const char *input_shape)
{
    int64_t index = 0;
    for (size_t i = 0; i < g->n_input; i++) {
        const Onnx__ValueInfoProto *v = g->input[i];
        gecl_port p;
        if (!v->name || !*v->name) return gecl_ge_fail(GECL_PARAM_INVALID, "graph input %zu has no name", i);
        if (onnx_values_get(ctx->values, v->name, &p)) continue; /* an initializer (IR < 4 lists them) */
        char buf[256];
        gecl_tensor_desc d;
        gecl_status rc = input_desc(v, input_shape ? shape_for(input_shape, v->name, buf, sizeof buf) : NULL, &d);
        if (rc || (rc = gecl_graph_add_data(ctx->graph, v->name, index++, &d, &p))) return rc;
        if (onnx_values_set(ctx->values, v->name, p)) return gecl_ge_oom();
    }
    return GECL_SUCCESS;
}

/* Node inputs to ports: "" is an absent optional input; a name not yet produced means the nodes
 * are not in topological order, or form a cycle. */
static gecl_status bind_inputs(onnx_ctx *ctx, onnx_conv *c)
{
    const Onnx__NodeProto *n = c->node;
    if (n->n_input > ONNX_MAX_IO || n->n_output > ONNX_MAX_IO)
        return onnx_unsupported(c, "%zu inputs and %zu outputs (at most %d)", n->n_input, n->n_output, ONNX_MAX_IO);
    c->n_in = n->n_input;
    c->n_out = n->n_output;
    for (size_t i = 0; i < n->n_input; i++) {
        c->in[i] = (gecl_port){-1, 0};
        if (!n->input[i] || !*n->input[i]) continue;
        if (!onnx_values_get(ctx->values, n->input[i], &c->in[i]))
            return onnx_fail(c, "input %zu '%s' is produced by no earlier node, initializer or graph input (the "
                             "graph is not in topological order, has a cycle, or names a missing value)",
                             i, n->input[i]);
    }
    for (size_t i = 0; i < n->n_output; i++) c->out[i] = (gecl_port){-1, 0};
    return GECL_SUCCESS;
}

static gecl_status convert_node(onnx_ctx *ctx, const Onnx__NodeProto *n, int64_t opset)
{
    onnx_conv c = {.ctx = ctx, .graph = ctx->graph, .node = n, .opset = opset};
    gecl_status rc = bind_inputs(ctx, &c);
    if (rc) return rc;
    ctx->failed = GECL_SUCCESS;
    rc = onnx_converter(n->op_type, opset)(&c);
    if (!rc) rc = ctx->failed;
    if (rc) return rc;
    for (size_t i = 0; i < n->n_output; i++) {
        if (!n->output[i] || !*n->output[i]) continue;
        if (c.out[i].node < 0) {
            /* optional outputs a converter does not produce (Dropout's mask when unused ...) */
            continue;
        }
        if (onnx_values_set(ctx->values, n->output[i], c.out[i])) return gecl_ge_oom();
    }
    return GECL_SUCCESS;
}

/* One out_nodes entry "node:index" -> the name of that ONNX node's output, or NULL with the error. */
static const char *out_node_tensor(const Onnx__GraphProto *g, const char *spec, size_t len)
{
    const char *colon = memchr(spec, ':', len);
    char *end = NULL;
    const long idx = colon ? strtol(colon + 1, &end, 10) : -1;
    if (!colon || colon == spec || end != spec + len || idx < 0) {
        gecl_ge_fail(GECL_PARAM_INVALID, "parser_params out_nodes entry '%.*s' is not node_name:output_index", (int)len, spec);
        return NULL;
    }
    const size_t name_len = (size_t)(colon - spec);
    for (size_t i = 0; i < g->n_node; i++) {
        const Onnx__NodeProto *n = g->node[i];
        if (!n->name || strlen(n->name) != name_len || memcmp(n->name, spec, name_len)) continue;
        if ((size_t)idx >= n->n_output || !n->output[idx] || !*n->output[idx]) {
            gecl_ge_fail(GECL_PARAM_INVALID, "parser_params out_nodes: node '%s' (%s) has no output %ld", n->name,
                         n->op_type, idx);
            return NULL;
        }
        return n->output[idx];
    }
    gecl_ge_fail(GECL_PARAM_INVALID, "parser_params out_nodes: the model has no node named '%.*s'", (int)name_len, spec);
    return NULL;
}

/* The graph's outputs: the model's, or those out_nodes names ("node:0;node:1", CANN's order). */
static gecl_status output_names(const Onnx__GraphProto *g, const char *out_nodes, const char ***names, size_t *count)
{
    size_t n = 0;
    if (out_nodes && *out_nodes) {
        for (const char *p = out_nodes; p; p = strchr(p, ';'), p = p ? p + 1 : NULL) n++;
    } else {
        n = g->n_output;
    }
    if (!n) return gecl_ge_fail(GECL_PARAM_INVALID, "the model's graph has no outputs");
    *names = calloc(n, sizeof **names);
    if (!*names) return gecl_ge_oom();
    *count = n;
    if (!out_nodes || !*out_nodes) {
        for (size_t i = 0; i < n; i++) (*names)[i] = g->output[i]->name;
        return GECL_SUCCESS;
    }
    const char *p = out_nodes;
    for (size_t i = 0; i < n; i++) {
        const char *semi = strchr(p, ';');
        const size_t len = semi ? (size_t)(semi - p) : strlen(p);
        if (!((*names)[i] = out_node_tensor(g, p, len))) return GECL_PARAM_INVALID;
        p = semi ? semi + 1 : p + len;
    }
    return GECL_SUCCESS;
}

static gecl_status set_outputs(onnx_ctx *ctx, const Onnx__GraphProto *g, const char *out_nodes)
{
    const char **names = NULL;
    size_t n = 0;
    gecl_status rc = output_names(g, out_nodes, &names, &n);
    gecl_port *ports = rc ? NULL : calloc(n, sizeof *ports);
    if (!rc && !ports) rc = gecl_ge_oom();
    for (size_t i = 0; !rc && i < n; i++) {
        if (!names[i] || !onnx_values_get(ctx->values, names[i], &ports[i]))
            rc = gecl_ge_fail(GECL_PARAM_INVALID, "graph output '%s' is produced by no node",
                              names[i] ? names[i] : "");
    }
    if (!rc) rc = gecl_graph_set_outputs(ctx->graph, n, ports);
    if (!rc) rc = gecl_graph_set_output_names(ctx->graph, n, names);
    free(ports);
    free(names);
    return rc;
}

/* The parser_params gecl reads; others CANN accepts (layouts, fp16 inputs) are not applied. */
static gecl_status read_params(size_t n, const char *const *keys, const char *const *values, const char **input_shape,
                               const char **out_nodes)
{
    *input_shape = *out_nodes = NULL;
    if (n && (!keys || !values)) return gecl_ge_fail(GECL_PARAM_INVALID, "parser_params keys/values are NULL");
    for (size_t i = 0; i < n; i++) {
        if (!keys[i] || !values[i]) return gecl_ge_fail(GECL_PARAM_INVALID, "parser_params entry %zu is NULL", i);
        if (!strcmp(keys[i], "input_shape")) *input_shape = values[i];
        else if (!strcmp(keys[i], "out_nodes")) *out_nodes = values[i];
        else if (strcmp(keys[i], "input_format") && strcmp(keys[i], "output"))
            return gecl_ge_fail(GECL_PARAM_INVALID, "parser_params key '%s' is not supported (input_shape, out_nodes, "
                                "input_format, output are)", keys[i]);
    }
    return GECL_SUCCESS;
}

static gecl_status import_model(Onnx__ModelProto *m, const char *base_dir, const char *input_shape,
                                const char *out_nodes, gecl_graph **out)
{
    Onnx__GraphProto *g = m->graph;
    if (!g) return gecl_ge_fail(GECL_PARAM_INVALID, "the model has no graph");
    const int64_t opset = model_opset(m);
    gecl_status rc = check_supported(g, opset);
    if (rc) return rc;
    onnx_ctx ctx = {.base_dir = base_dir, .values = onnx_values_new()};
    if (!ctx.values) return gecl_ge_oom();
    rc = gecl_graph_create(g->name && *g->name ? g->name : "onnx", &ctx.graph);
    if (!rc) rc = add_initializers(&ctx, g);
    if (!rc) rc = add_inputs(&ctx, g, input_shape);
    for (size_t i = 0; !rc && i < g->n_node; i++) rc = convert_node(&ctx, g->node[i], opset);
    if (!rc) rc = set_outputs(&ctx, g, out_nodes);
    onnx_values_free(ctx.values);
    for (size_t i = 0; i < ctx.n_strings; i++) free(ctx.strings[i]);
    free(ctx.strings);
    if (rc) {
        gecl_graph_destroy(ctx.graph);
        return rc;
    }
    *out = ctx.graph;
    return GECL_SUCCESS;
}

/* Every block of an unpacked model is Const bytes (const_data.c), so an initializer's raw_data
 * can become its Const node's bytes as it is: a model's weights are copied once, by protobuf-c. */
static void *pb_alloc(void *unused, size_t size)
{
    (void)unused;
    return gecl_const_data_new(size);
}

static void pb_free(void *unused, void *p)
{
    (void)unused;
    gecl_const_data_unref(p);
}

static ProtobufCAllocator const_blocks = {pb_alloc, pb_free, NULL};

static gecl_status parse(const void *buf, size_t size, const char *base_dir, size_t n, const char *const *keys,
                         const char *const *values, gecl_graph **graph)
{
    const char *input_shape, *out_nodes;
    gecl_status rc = read_params(n, keys, values, &input_shape, &out_nodes);
    if (rc) return rc;
    Onnx__ModelProto *m = onnx__model_proto__unpack(&const_blocks, size, buf);
    if (!m)
        return gecl_ge_fail(GECL_PARAM_INVALID, "not an ONNX model: the %zu bytes do not decode as a ModelProto "
                            "(truncated or corrupted protobuf)", size);
    rc = import_model(m, base_dir, input_shape, out_nodes, graph);
    onnx__model_proto__free_unpacked(m, &const_blocks);
    return rc;
}

gecl_status gecl_onnx_parse_mem(const void *buffer, size_t size, size_t n_params, const char *const *keys,
                                const char *const *values, gecl_graph **graph)
{
    GECL_ENTER();
    GECL_GE_ARG(graph, "graph must not be NULL");
    *graph = NULL;
    GECL_GE_ARG(buffer && size, "buffer must not be NULL or empty");
    return parse(buffer, size, NULL, n_params, keys, values, graph);
}

/* The whole file, malloc'd. */
static gecl_status read_file(const char *path, void **buf, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) return gecl_ge_fail(GECL_PARAM_INVALID, "cannot open model file '%s'", path);
    long len = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    gecl_status rc = GECL_SUCCESS;
    if (len <= 0 || (size_t)len > MAX_MODEL_BYTES) rc = gecl_ge_fail(GECL_PARAM_INVALID, "model file '%s' is empty, "
                                                                     "unreadable or over 2 GiB", path);
    else if (!(*buf = malloc((size_t)len))) rc = gecl_ge_oom();
    else if (fseek(f, 0, SEEK_SET) || fread(*buf, 1, (size_t)len, f) != (size_t)len) {
        free(*buf);
        rc = gecl_ge_fail(GECL_PARAM_INVALID, "reading model file '%s' failed", path);
    }
    fclose(f);
    *size = (size_t)len;
    return rc;
}

gecl_status gecl_onnx_parse_file(const char *path, size_t n_params, const char *const *keys,
                                 const char *const *values, gecl_graph **graph)
{
    GECL_ENTER();
    GECL_GE_ARG(graph, "graph must not be NULL");
    *graph = NULL;
    GECL_GE_ARG(path && *path, "path must not be NULL or empty");
    void *buf;
    size_t size;
    gecl_status rc = read_file(path, &buf, &size);
    if (rc) return rc;
    char *dir = strdup(path);
    if (!dir) {
        free(buf);
        return gecl_ge_oom();
    }
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0;
    rc = parse(buf, size, slash ? dir : ".", n_params, keys, values, graph);
    free(dir);
    free(buf);
    return rc;
}

gecl_status gecl_onnx_read_tensor(const char *path, gecl_tensor_desc *desc, void **data, size_t *bytes,
                                  char *name, size_t name_size)
{
    GECL_ENTER();
    GECL_GE_ARG(path && desc && data && bytes, "path, desc, data and bytes must not be NULL");
    *data = NULL;
    void *buf;
    size_t size;
    gecl_status rc = read_file(path, &buf, &size);
    if (rc) return rc;
    Onnx__TensorProto *t = onnx__tensor_proto__unpack(NULL, size, buf);
    free(buf);
    if (!t) return gecl_ge_fail(GECL_PARAM_INVALID, "'%s' does not decode as an ONNX TensorProto", path);
    rc = onnx_tensor_read(t, NULL, path, desc, data, bytes);
    if (!rc && name && name_size) snprintf(name, name_size, "%s", t->name ? t->name : "");
    onnx__tensor_proto__free_unpacked(t, NULL);
    return rc;
}
