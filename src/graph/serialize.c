/* serialize.c: a graph as bytes and back (GeSession::GetCompiledModel's model, loaded again with
 * Graph::LoadFromMem / LoadFromSerializedModelArray, docs/graph.md "Compiled models").
 *
 * What a compiled gecl graph needs to run again is its IR: the compiled plan and the kernels are
 * derived from it deterministically, and the kernels come back from the program cache (memory
 * and disk), so a model loaded in a later process compiles in milliseconds and builds nothing.
 * The bytes are the graph as it was built: per node its name, type, inputs, declared input
 * formats, attributes, output count, and for Data and Const nodes their description, index and
 * value; then the graph outputs and their names. Integers are little-endian fixed width, strings
 * are length-prefixed. Reading rebuilds the graph through the public graph API, so a damaged or
 * hand-made buffer gets the checks any other graph gets (and bounds checks on every read). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ge_error.h"
#include "ir.h"

#define MODEL_MAGIC "GECLMDL\x01"
#define MODEL_VERSION 1u

typedef struct wbuf {
    unsigned char *p;
    size_t len, cap;
    int oom;
} wbuf;

static void put_bytes(wbuf *b, const void *src, size_t n)
{
    if (b->oom) return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n) cap *= 2;
        unsigned char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    if (n) memcpy(b->p + b->len, src, n);
    b->len += n;
}

static void put_u64(wbuf *b, uint64_t v)
{
    unsigned char le[8];
    for (int i = 0; i < 8; i++) le[i] = (unsigned char)(v >> (8 * i));
    put_bytes(b, le, 8);
}

static void put_str(wbuf *b, const char *s)
{
    const size_t n = s ? strlen(s) : 0;
    put_u64(b, s ? n : UINT64_MAX); /* NULL and "" differ (unnamed outputs) */
    put_bytes(b, s, n);
}

static void put_desc(wbuf *b, const gecl_tensor_desc *d)
{
    put_u64(b, (uint64_t)d->dtype);
    put_u64(b, (uint64_t)d->format);
    put_u64(b, d->ndim);
    for (uint32_t i = 0; i < d->ndim && i < GECL_MAX_DIMS; i++) put_u64(b, (uint64_t)d->dims[i]);
}

static uint64_t float_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static void put_attr(wbuf *b, const gecl_attr *a)
{
    put_str(b, a->name);
    put_u64(b, (uint64_t)a->type);
    switch (a->type) {
    case GECL_ATTR_INT:
    case GECL_ATTR_BOOL: put_u64(b, (uint64_t)a->i); break;
    case GECL_ATTR_FLOAT: put_u64(b, float_bits(a->f)); break;
    case GECL_ATTR_STRING: put_str(b, a->s); break;
    case GECL_ATTR_INTS:
        put_u64(b, a->n);
        for (size_t k = 0; k < a->n; k++) put_u64(b, (uint64_t)a->ints[k]);
        break;
    case GECL_ATTR_FLOATS:
        put_u64(b, a->n);
        for (size_t k = 0; k < a->n; k++) put_u64(b, float_bits(a->floats[k]));
        break;
    }
}

static int is_type(const gecl_node *n, const char *type) { return n->type && strcmp(n->type, type) == 0; }

gecl_status gecl_graph_serialize(const gecl_graph *g, void **buffer, size_t *size)
{
    GECL_ENTER();
    GECL_GE_ARG(g && buffer && size, "graph, buffer and size must not be NULL");
    *buffer = NULL;
    *size = 0;
    wbuf b = {0};
    put_bytes(&b, MODEL_MAGIC, 8);
    put_u64(&b, MODEL_VERSION);
    put_str(&b, g->name);
    put_u64(&b, g->n_nodes);
    for (size_t i = 0; i < g->n_nodes; i++) {
        const gecl_node *n = &g->nodes[i];
        put_str(&b, n->name);
        put_str(&b, n->type);
        put_u64(&b, n->n_inputs);
        for (size_t k = 0; k < n->n_inputs; k++) {
            put_u64(&b, (uint64_t)(int64_t)n->inputs[k].node);
            put_u64(&b, (uint64_t)(int64_t)n->inputs[k].output);
            put_u64(&b, (uint64_t)(n->in_format ? n->in_format[k] : GECL_FORMAT_RESERVED));
        }
        put_u64(&b, n->n_attrs);
        for (size_t k = 0; k < n->n_attrs; k++) put_attr(&b, &n->attrs[k]);
        put_u64(&b, n->n_outputs);
        if (is_type(n, "Data") || is_type(n, "Const")) {
            put_desc(&b, &n->outs[0]);
            put_u64(&b, (uint64_t)n->index);
            put_u64(&b, n->data ? n->bytes : 0);
            if (n->data) put_bytes(&b, n->data, n->bytes);
        }
    }
    put_u64(&b, g->n_outputs);
    for (size_t k = 0; k < g->n_outputs; k++) {
        put_u64(&b, (uint64_t)(int64_t)g->outputs[k].node);
        put_u64(&b, (uint64_t)(int64_t)g->outputs[k].output);
        put_str(&b, g->output_names ? g->output_names[k] : NULL);
    }
    if (b.oom) {
        free(b.p);
        return gecl_ge_oom();
    }
    *buffer = b.p;
    *size = b.len;
    return GECL_SUCCESS;
}

/* ---- reading ---- */

typedef struct rbuf {
    const unsigned char *p;
    size_t len, pos;
    int bad;
} rbuf;

static const void *take(rbuf *r, size_t n)
{
    if (r->bad || n > r->len - r->pos) {
        r->bad = 1;
        return NULL;
    }
    const void *at = r->p + r->pos;
    r->pos += n;
    return at;
}

static uint64_t get_u64(rbuf *r)
{
    const unsigned char *le = take(r, 8);
    uint64_t v = 0;
    for (int i = 0; le && i < 8; i++) v |= (uint64_t)le[i] << (8 * i);
    return v;
}

/* A count that must fit in what is left of the buffer at `unit` bytes each (so a corrupt count
 * cannot make the reader allocate or loop past the data). */
static size_t get_count(rbuf *r, size_t unit)
{
    const uint64_t n = get_u64(r);
    if (r->bad || n > (r->len - r->pos) / (unit ? unit : 1)) {
        r->bad = 1;
        return 0;
    }
    return (size_t)n;
}

/* A string (malloc'd; NULL for a NULL string). *ok is 0 on a bad or truncated buffer or OOM. */
static char *get_str(rbuf *r, int *ok)
{
    const uint64_t n = get_u64(r);
    if (r->bad) {
        *ok = 0;
        return NULL;
    }
    if (n == UINT64_MAX) return NULL;
    const char *s = take(r, (size_t)n <= r->len ? (size_t)n : SIZE_MAX);
    char *out = s ? malloc((size_t)n + 1) : NULL;
    if (!out) {
        *ok = 0;
        return NULL;
    }
    memcpy(out, s, (size_t)n);
    out[n] = '\0';
    return out;
}

static float bits_float(uint64_t v)
{
    const uint32_t u = (uint32_t)v;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static gecl_status read_attr(rbuf *r, gecl_graph *g, int32_t node)
{
    int ok = 1;
    char *name = get_str(r, &ok);
    const uint64_t type = get_u64(r);
    gecl_status rc = GECL_SUCCESS;
    if (!ok || r->bad || !name) {
        free(name);
        return gecl_ge_fail(GECL_PARAM_INVALID, "node %d: a malformed attribute", node);
    }
    switch (type) {
    case GECL_ATTR_INT: rc = gecl_graph_set_attr_int(g, node, name, (int64_t)get_u64(r)); break;
    case GECL_ATTR_BOOL: rc = gecl_graph_set_attr_bool(g, node, name, get_u64(r) != 0); break;
    case GECL_ATTR_FLOAT: rc = gecl_graph_set_attr_float(g, node, name, bits_float(get_u64(r))); break;
    case GECL_ATTR_STRING: {
        char *s = get_str(r, &ok);
        rc = ok && s ? gecl_graph_set_attr_string(g, node, name, s) : GECL_PARAM_INVALID;
        free(s);
        break;
    }
    case GECL_ATTR_INTS: {
        const size_t n = get_count(r, 8);
        int64_t *v = malloc((n ? n : 1) * sizeof *v);
        for (size_t k = 0; v && k < n; k++) v[k] = (int64_t)get_u64(r);
        rc = !v ? gecl_ge_oom() : r->bad ? GECL_PARAM_INVALID : gecl_graph_set_attr_ints(g, node, name, v, n);
        free(v);
        break;
    }
    case GECL_ATTR_FLOATS: {
        const size_t n = get_count(r, 8);
        float *v = malloc((n ? n : 1) * sizeof *v);
        for (size_t k = 0; v && k < n; k++) v[k] = bits_float(get_u64(r));
        rc = !v ? gecl_ge_oom() : r->bad ? GECL_PARAM_INVALID : gecl_graph_set_attr_floats(g, node, name, v, n);
        free(v);
        break;
    }
    default: rc = gecl_ge_fail(GECL_PARAM_INVALID, "node %d: attribute '%s' has unknown type %llu", node, name,
                               (unsigned long long)type);
    }
    if (rc == GECL_PARAM_INVALID && r->bad) rc = gecl_ge_fail(rc, "node %d: attribute '%s' is truncated", node, name);
    free(name);
    return rc;
}

static gecl_status read_desc(rbuf *r, gecl_tensor_desc *d)
{
    memset(d, 0, sizeof *d);
    d->dtype = (gecl_dtype)get_u64(r);
    d->format = (gecl_format)get_u64(r);
    const uint64_t ndim = get_u64(r);
    if (r->bad || ndim > GECL_MAX_DIMS) return gecl_ge_fail(GECL_PARAM_INVALID, "a malformed tensor description");
    d->ndim = (uint32_t)ndim;
    for (uint32_t i = 0; i < d->ndim; i++) d->dims[i] = (int64_t)get_u64(r);
    return r->bad ? gecl_ge_fail(GECL_PARAM_INVALID, "a truncated tensor description") : GECL_SUCCESS;
}

/* Node `i` (name and type read): a Data or Const node with its value, or an operator with
 * its inputs left for later (an input may name a node further on). */
static gecl_status read_node(rbuf *r, gecl_graph *g, size_t i, const char *name, const char *type,
                             gecl_port **inputs, gecl_format **formats, size_t *n_inputs)
{
    *n_inputs = get_count(r, 24);
    *inputs = malloc((*n_inputs ? *n_inputs : 1) * sizeof **inputs);
    *formats = malloc((*n_inputs ? *n_inputs : 1) * sizeof **formats);
    if (!*inputs || !*formats) return gecl_ge_oom();
    for (size_t k = 0; k < *n_inputs; k++) {
        (*inputs)[k].node = (int32_t)(int64_t)get_u64(r);
        (*inputs)[k].output = (int32_t)(int64_t)get_u64(r);
        (*formats)[k] = (gecl_format)get_u64(r);
    }
    const size_t n_attrs = get_count(r, 16);
    /* The attributes are applied once the node exists: remember where they are, skip them. */
    const size_t attrs_at = r->pos;
    for (size_t k = 0; k < n_attrs && !r->bad; k++) {
        int ok = 1;
        free(get_str(r, &ok));
        const uint64_t t = get_u64(r);
        if (t == GECL_ATTR_STRING) free(get_str(r, &ok));
        else if (t == GECL_ATTR_INTS || t == GECL_ATTR_FLOATS) (void)take(r, 8 * get_count(r, 8));
        else (void)get_u64(r);
        if (!ok) r->bad = 1;
    }
    const uint64_t n_outputs = get_u64(r);
    if (r->bad) return gecl_ge_fail(GECL_PARAM_INVALID, "node %zu ('%s') is truncated", i, name);
    const int is_data = strcmp(type, "Data") == 0, is_const = strcmp(type, "Const") == 0;
    gecl_status rc;
    int32_t id = -1;
    if (is_data || is_const) {
        gecl_tensor_desc d;
        if ((rc = read_desc(r, &d))) return rc;
        const int64_t index = (int64_t)get_u64(r);
        const size_t bytes = get_count(r, 1);
        const void *data = take(r, bytes);
        if (r->bad) return gecl_ge_fail(GECL_PARAM_INVALID, "node %zu ('%s') is truncated", i, name);
        gecl_port port;
        rc = is_data ? gecl_graph_add_data(g, name, index, &d, &port) : gecl_graph_add_const(g, name, &d, data, bytes, &port);
        if (rc) return rc;
        id = port.node;
    } else if ((rc = gecl_graph_add_op(g, name, type, 0, NULL, &id))) {
        return rc;
    }
    if (id < 0 || (size_t)id != i) return gecl_ge_fail(GECL_FAILED, "node %zu ('%s') was numbered %d", i, name, id);
    if (n_outputs != g->nodes[id].n_outputs &&
        (rc = gecl_graph_set_output_count(g, id, n_outputs > SIZE_MAX ? SIZE_MAX : (size_t)n_outputs)))
        return rc;
    rbuf ar = {r->p, r->len, attrs_at, 0};
    for (size_t k = 0; k < n_attrs; k++)
        if ((rc = read_attr(&ar, g, id))) return rc;
    return GECL_SUCCESS;
}

static gecl_status read_graph(rbuf *r, gecl_graph *g)
{
    const size_t n_nodes = get_count(r, 40);
    gecl_port **inputs = calloc(n_nodes ? n_nodes : 1, sizeof *inputs);
    gecl_format **formats = calloc(n_nodes ? n_nodes : 1, sizeof *formats);
    size_t *n_inputs = calloc(n_nodes ? n_nodes : 1, sizeof *n_inputs);
    gecl_status rc = inputs && formats && n_inputs ? GECL_SUCCESS : gecl_ge_oom();
    for (size_t i = 0; !rc && i < n_nodes; i++) {
        int ok = 1;
        char *name = get_str(r, &ok), *type = get_str(r, &ok);
        if (!ok || !name || !type) rc = gecl_ge_fail(GECL_PARAM_INVALID, "node %zu is truncated", i);
        else rc = read_node(r, g, i, name, type, &inputs[i], &formats[i], &n_inputs[i]);
        free(name);
        free(type);
    }
    for (size_t i = 0; !rc && i < n_nodes; i++) {
        for (size_t k = 0; !rc && k < n_inputs[i]; k++) {
            rc = gecl_graph_set_input(g, (int32_t)i, k, inputs[i][k]);
            if (!rc && inputs[i][k].node >= 0 && formats[i][k] != GECL_FORMAT_RESERVED)
                rc = gecl_graph_set_input_format(g, (int32_t)i, k, formats[i][k]);
        }
    }
    for (size_t i = 0; inputs && formats && i < n_nodes; i++) {
        free(inputs[i]);
        free(formats[i]);
    }
    free(inputs);
    free(formats);
    free(n_inputs);
    if (rc) return rc;
    const size_t n_out = get_count(r, 24);
    gecl_port *outs = malloc((n_out ? n_out : 1) * sizeof *outs);
    char **names = calloc(n_out ? n_out : 1, sizeof *names);
    int named = 0, ok = 1;
    for (size_t k = 0; outs && names && k < n_out; k++) {
        outs[k].node = (int32_t)(int64_t)get_u64(r);
        outs[k].output = (int32_t)(int64_t)get_u64(r);
        names[k] = get_str(r, &ok);
        named |= names[k] != NULL;
    }
    if (!outs || !names) rc = gecl_ge_oom();
    else if (r->bad || !ok) rc = gecl_ge_fail(GECL_PARAM_INVALID, "the graph outputs are truncated");
    else if (r->pos != r->len) rc = gecl_ge_fail(GECL_PARAM_INVALID, "%zu bytes follow the graph", r->len - r->pos);
    if (!rc) rc = gecl_graph_set_outputs(g, n_out, outs);
    if (!rc && named) rc = gecl_graph_set_output_names(g, n_out, (const char *const *)names);
    for (size_t k = 0; names && k < n_out; k++) free(names[k]);
    free(names);
    free(outs);
    return rc;
}

gecl_status gecl_graph_deserialize(const void *buffer, size_t size, gecl_graph **graph)
{
    GECL_ENTER();
    GECL_GE_ARG(graph, "graph must not be NULL");
    *graph = NULL;
    GECL_GE_ARG(buffer && size, "the model buffer is NULL or empty");
    rbuf r = {buffer, size, 0, 0};
    const void *magic = take(&r, 8);
    GECL_GE_ARG(magic && memcmp(magic, MODEL_MAGIC, 8) == 0,
                "the buffer is not a gecl model (GeSession::GetCompiledModel / gecl_graph_serialize)");
    const uint64_t version = get_u64(&r);
    GECL_GE_ARG(!r.bad && version == MODEL_VERSION, "the model has format version %llu; this gecl reads %u",
                (unsigned long long)version, MODEL_VERSION);
    int ok = 1;
    char *name = get_str(&r, &ok);
    if (!ok) {
        free(name);
        return gecl_ge_fail(GECL_PARAM_INVALID, "the model is truncated");
    }
    gecl_graph *g = NULL;
    gecl_status rc = gecl_graph_create(name, &g);
    free(name);
    if (!rc) rc = read_graph(&r, g);
    if (rc) {
        gecl_graph_destroy(g);
        return rc;
    }
    *graph = g;
    return GECL_SUCCESS;
}
