/* fuzz_graph_build: graphs built through the C graph API (gecl.h) from fuzzer-chosen op types
 * (every op of the schema table), attributes (by their schema's names and types, with small or
 * extreme values), input wiring, shapes and dtypes; then validation and, in a session, AddGraph
 * and CompileGraph. Each input byte stream is a little program: one byte picks what to add next
 * (Data, Const, op), the following bytes its details. */
#include "fuzz_common.h"

#define MAX_NODES 12
#define MAX_PORTS 64
#define MAX_CONST_BYTES 256

static const gecl_dtype dtypes[] = {GECL_DT_FLOAT,  GECL_DT_FLOAT16, GECL_DT_INT32,  GECL_DT_INT64,
                                    GECL_DT_INT8,   GECL_DT_UINT8,   GECL_DT_BOOL,   GECL_DT_INT16,
                                    GECL_DT_UINT16, GECL_DT_UINT32,  GECL_DT_UINT64, GECL_DT_DOUBLE,
                                    GECL_DT_BF16,   GECL_DT_COMPLEX64, GECL_DT_COMPLEX128, GECL_DT_UNDEFINED};
static const gecl_format formats[] = {GECL_FORMAT_NCHW, GECL_FORMAT_NHWC, GECL_FORMAT_ND, GECL_FORMAT_HWCN};
/* Values attributes of type String take (data formats, paddings, modes, ...) and odd ones. */
static const char *const strings[] = {"NCHW", "NHWC", "ND", "HWCN", "NCDHW", "SAME", "VALID", "SAME_UPPER",
                                      "SAME_LOWER", "CALCULATED", "EXPLICIT", "", "nearest", "linear", "bilinear",
                                      "cubic", "half_pixel", "align_corners", "asymmetric", "mean", "sum", "none",
                                      "constant", "reflect", "edge", "tanh", "sigmoid", "relu", "floor", "ceil",
                                      "round_prefer_floor", "x"};
/* Ints attributes take: small values, both signs, and the extremes. */
static const int64_t ints[] = {0, 1, 2, 3, -1, -2, 4, 7, 8, 16, -3, INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, 1 << 20};

static int64_t pick_int(fuzz_in *in)
{
    const uint8_t b = fuzz_u8(in);
    return b & 0x80 ? ints[b % (sizeof ints / sizeof *ints)] : (int64_t)(int8_t)(b << 1) / 2;
}

static float pick_float(fuzz_in *in)
{
    static const float special[] = {0.0f, 1.0f, -1.0f, 0.5f, 1e-5f, 1e30f, -1e30f, 0.0f / 0.0f, 1.0f / 0.0f};
    const uint8_t b = fuzz_u8(in);
    return b & 0x80 ? special[b % (sizeof special / sizeof *special)] : (float)(int8_t)(b << 1) / 8.0f;
}

static void pick_desc(fuzz_in *in, gecl_tensor_desc *d, int allow_unknown)
{
    memset(d, 0, sizeof *d);
    d->dtype = dtypes[fuzz_u8(in) % (sizeof dtypes / sizeof *dtypes)];
    d->format = formats[fuzz_u8(in) % (sizeof formats / sizeof *formats)];
    d->ndim = fuzz_u8(in) % 6;
    for (uint32_t k = 0; k < d->ndim; k++) {
        const uint8_t b = fuzz_u8(in);
        d->dims[k] = allow_unknown && b == 0xFF ? GECL_DIM_UNKNOWN : b % 6;
    }
}

static void set_attrs(fuzz_in *in, gecl_graph *g, int32_t node, const char *type, size_t n_attrs)
{
    for (size_t a = 0; a < n_attrs; a++) {
        gecl_op_attr_info info;
        /* Half the time an attribute keeps its default (required ones then stay unset). */
        if (!(fuzz_u8(in) & 1) || gecl_op_attr_at(type, a, &info)) continue;
        if (!strcmp(info.type, "Int")) {
            gecl_graph_set_attr_int(g, node, info.name, pick_int(in));
        } else if (!strcmp(info.type, "Float")) {
            gecl_graph_set_attr_float(g, node, info.name, pick_float(in));
        } else if (!strcmp(info.type, "Bool")) {
            gecl_graph_set_attr_bool(g, node, info.name, fuzz_u8(in) & 1);
        } else if (!strcmp(info.type, "String")) {
            const uint8_t b = fuzz_u8(in);
            gecl_graph_set_attr_string(g, node, info.name,
                                       b == 0xFF ? info.default_value : strings[b % (sizeof strings / sizeof *strings)]);
        } else if (!strcmp(info.type, "ListInt")) {
            int64_t v[8];
            const size_t n = fuzz_u8(in) % 9;
            for (size_t i = 0; i < n; i++) v[i] = pick_int(in);
            gecl_graph_set_attr_ints(g, node, info.name, v, n);
        } else if (!strcmp(info.type, "ListFloat")) {
            float v[8];
            const size_t n = fuzz_u8(in) % 9;
            for (size_t i = 0; i < n; i++) v[i] = pick_float(in);
            gecl_graph_set_attr_floats(g, node, info.name, v, n);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_ge_hold();
    fuzz_in in = {data, size};
    gecl_graph *g;
    if (gecl_graph_create("fuzz", &g) != GECL_SUCCESS) abort();
    gecl_port ports[MAX_PORTS];
    size_t n_ports = 0, n_data = 0;
    const size_t n_ops = gecl_op_count();
    for (int step = 0; step < MAX_NODES && in.n; step++) {
        const uint8_t what = fuzz_u8(&in);
        char name[32];
        snprintf(name, sizeof name, "n%d", step);
        gecl_port p = {GECL_NO_PORT_NODE, 0};
        if (what % 4 == 0) { /* Data: usually the next index, sometimes any */
            gecl_tensor_desc d;
            pick_desc(&in, &d, 1);
            const uint8_t b = fuzz_u8(&in);
            const int64_t index = b < 0xF0 ? (int64_t)n_data : b == 0xFF ? GECL_DATA_INDEX_NONE : (int64_t)(b & 7) - 2;
            if (gecl_graph_add_data(g, name, index, &d, &p) == GECL_SUCCESS) n_data++;
        } else if (what % 4 == 1) { /* Const with fuzzer bytes */
            gecl_tensor_desc d;
            pick_desc(&in, &d, 0);
            uint8_t bytes[MAX_CONST_BYTES];
            const size_t want = gecl_desc_bytes(&d);
            if (want <= MAX_CONST_BYTES) {
                for (size_t i = 0; i < want; i++) bytes[i] = fuzz_u8(&in);
                gecl_graph_add_const(g, name, &d, bytes, want, &p);
            }
        } else { /* an op of the schema table, or now and then an unknown type */
            gecl_op_schema s;
            const uint32_t pick = fuzz_u8(&in) | (uint32_t)fuzz_u8(&in) << 8;
            const int known = n_ops && pick % 64 != 63 && gecl_op_schema_at(pick % n_ops, &s) == GECL_SUCCESS;
            const char *type = known ? s.type : "NoSuchOp";
            size_t n_in = fuzz_u8(&in) % 6;
            if (known && s.max_inputs >= 0 && n_in > (size_t)s.max_inputs + 1) n_in = (size_t)s.max_inputs + 1;
            gecl_port inputs[6];
            for (size_t i = 0; i < n_in; i++) {
                const uint8_t b = fuzz_u8(&in);
                inputs[i] = n_ports && b != 0xFF ? ports[b % n_ports] : (gecl_port){GECL_NO_PORT_NODE, 0};
            }
            int32_t node;
            if (gecl_graph_add_op(g, name, type, n_in, inputs, &node) != GECL_SUCCESS) continue;
            size_t n_out = known && s.outputs > 0 ? (size_t)s.outputs : 1;
            if (!known || s.outputs == 0) {
                const size_t want = 1 + fuzz_u8(&in) % 4;
                if (gecl_graph_set_output_count(g, node, want) == GECL_SUCCESS) n_out = want;
            }
            if (known) set_attrs(&in, g, node, type, s.n_attrs);
            if (fuzz_u8(&in) == 0xFE) gecl_graph_set_input_format(g, node, 1, formats[fuzz_u8(&in) % 4]);
            for (size_t o = 0; o < n_out && n_ports < MAX_PORTS; o++) ports[n_ports++] = (gecl_port){node, (int32_t)o};
            continue;
        }
        if (p.node >= 0 && n_ports < MAX_PORTS) ports[n_ports++] = p;
    }
    /* The outputs: the last port made, and up to two more the input names. */
    gecl_port outs[3];
    size_t n_outs = 0;
    if (n_ports) {
        outs[n_outs++] = ports[n_ports - 1];
        for (uint8_t extra = fuzz_u8(&in) % 3; extra; extra--) outs[n_outs++] = ports[fuzz_u8(&in) % n_ports];
    }
    gecl_graph_set_outputs(g, n_outs, outs);
    if (gecl_graph_validate(g) == GECL_SUCCESS) {
        for (size_t i = 0; i < n_outs; i++) {
            gecl_tensor_desc d;
            gecl_graph_port_desc(g, outs[i], &d);
        }
    }
    gecl_session s;
    if (gecl_session_create(0, NULL, NULL, &s) != GECL_SUCCESS) abort();
    if (gecl_session_add_graph(s, 0, g, 0, NULL, NULL) == GECL_SUCCESS) {
        gecl_session_compile_graph(s, 0);
    }
    if (gecl_session_destroy(s) != GECL_SUCCESS) abort();
    gecl_graph_destroy(g);
    return 0;
}
