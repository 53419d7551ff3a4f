/* fuzz_onnx: ONNX model bytes through what `gecl run` and aclgrphParseONNXFromMem do: parse and
 * import (gecl_onnx_parse_mem), AddGraph and CompileGraph in a session; and, when every tensor
 * of the compiled graph is small (so no input can make a run long), one RunGraph on
 * deterministic host inputs. External data is looked up in the current directory (run.sh runs
 * the fuzzer in an empty one). */
#include "fuzz_common.h"

/* A run only when everything is small: inputs and outputs of at most 64 KiB each, an arena and
 * constants of at most 1 MiB, a few kernels (each new kernel is a PoCL compile). */
#define SMALL_TENSOR (64u << 10)
#define SMALL_MEMORY (1u << 20)
#define SMALL_KERNELS 24
#define MAX_IO 64

static void fill(gecl_tensor *t)
{
    uint8_t *p = t->data;
    for (size_t i = 0; i < t->bytes; i++) p[i] = (uint8_t)(i * 37u);
    /* Floats from those bytes may be NaN or huge: fine, a run must not care. Bools must be 0/1
     * (what an ONNX runtime hands over). */
    if (t->desc.dtype == GECL_DT_BOOL)
        for (size_t i = 0; i < t->bytes; i++) p[i] &= 1;
}

static void run_small(gecl_session s, const gecl_graph *g)
{
    gecl_graph_summary sum;
    if (gecl_session_graph_summary(s, 0, &sum) || !sum.is_static || sum.kernel_count > SMALL_KERNELS ||
        sum.const_memory_size > SMALL_MEMORY || sum.feature_memory_size > SMALL_MEMORY ||
        sum.output_count > MAX_IO)
        return;
    const size_t n_in = gecl_graph_input_count(g);
    if (n_in > MAX_IO) return;
    for (size_t i = 0; i < sum.output_count; i++) {
        gecl_tensor_desc d;
        if (gecl_session_output_desc(s, 0, i, &d) || gecl_desc_bytes(&d) > SMALL_TENSOR) return;
    }
    gecl_tensor in[MAX_IO], out[MAX_IO];
    memset(in, 0, sizeof in);
    size_t made = 0;
    int ok = 1;
    for (; ok && made < n_in; made++) {
        const char *name;
        ok = gecl_graph_input(g, (int64_t)made, &name, &in[made].desc) == GECL_SUCCESS;
        in[made].bytes = gecl_desc_bytes(&in[made].desc);
        in[made].placement = GECL_ON_HOST;
        ok = ok && in[made].bytes <= SMALL_TENSOR && (in[made].data = malloc(in[made].bytes ? in[made].bytes : 1));
        if (ok) fill(&in[made]);
    }
    if (ok) {
        for (size_t i = 0; i < sum.output_count; i++)
            out[i] = (gecl_tensor){{.dtype = GECL_DT_UNDEFINED}, NULL, 0, GECL_ON_HOST};
        if (gecl_session_run_graph(s, 0, n_in, in, sum.output_count, out) == GECL_SUCCESS)
            for (size_t i = 0; i < sum.output_count; i++) gecl_output_free(out[i].data);
    }
    for (size_t i = 0; i < made; i++) free(in[i].data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_ge_hold();
    gecl_graph *g = NULL;
    if (gecl_onnx_parse_mem(data, size, 0, NULL, NULL, &g) != GECL_SUCCESS) {
        if (g || !gecl_last_error()[0]) abort(); /* a refused model says why and returns nothing */
        return 0;
    }
    gecl_session s;
    if (gecl_session_create(0, NULL, NULL, &s) != GECL_SUCCESS) abort();
    if (gecl_session_add_graph(s, 0, g, 0, NULL, NULL) == GECL_SUCCESS &&
        gecl_session_compile_graph(s, 0) == GECL_SUCCESS)
        run_small(s, g);
    if (gecl_session_destroy(s) != GECL_SUCCESS) abort();
    gecl_graph_destroy(g);
    return 0;
}
