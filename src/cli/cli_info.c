/* cli_info.c: `gecl info MODEL.onnx [--device N]`: inputs and outputs, the CANN ops the model
 * became (by type), and after compiling for the device: kernels (after fusion) and memory. A
 * model with unsupported ops prints them all (from the import's message) and exits 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "model.h"

static void print_desc(const gecl_tensor_desc *d)
{
    printf("%s [", gecl_dtype_name(d->dtype));
    for (uint32_t k = 0; k < d->ndim; k++) {
        if (d->dims[k] == GECL_DIM_UNKNOWN_RANK) printf("unknown rank");
        else if (d->dims[k] < 0) printf("%s?", k ? ", " : "");
        else printf("%s%lld", k ? ", " : "", (long long)d->dims[k]);
    }
    printf("]");
}

/* Op types and their counts, Data and Const aside. */
static void print_ops(const gecl_graph *g)
{
    const size_t n = gecl_graph_node_count(g);
    const char **seen = calloc(n + 1, sizeof *seen);
    size_t *count = calloc(n + 1, sizeof *count), kinds = 0, ops = 0;
    for (size_t i = 0; seen && count && i < n; i++) {
        const char *t = gecl_graph_node_type(g, i);
        if (!t || !strcmp(t, "Data") || !strcmp(t, "Const")) continue;
        ops++;
        size_t k = 0;
        while (k < kinds && strcmp(seen[k], t)) k++;
        if (k == kinds) seen[kinds++] = t;
        count[k]++;
    }
    printf("ops after import: %zu\n", ops);
    for (size_t k = 0; k < kinds; k++) printf("  %-24s %zu\n", seen[k], count[k]);
    free(seen);
    free(count);
}

int cli_info(int argc, char **argv)
{
    const char *model = NULL;
    int device = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--device") && i + 1 < argc) device = atoi(argv[++i]);
        else if (argv[i][0] != '-' && !model) model = argv[i];
        else model = NULL, i = argc;
    }
    if (!model) {
        fprintf(stderr, "usage: gecl info MODEL.onnx [--device N]\n");
        return 2;
    }
    cli_model m;
    gecl_tensor out[CLI_MAX_IO];
    int rc = model_open(&m, model, device);
    if (!rc) {
        for (size_t k = 0; k < m.n_in; k++) {
            const char *name;
            gecl_tensor_desc d;
            if (gecl_graph_input(m.graph, (int64_t)k, &name, &d)) continue;
            printf("input %zu: %s ", k, name);
            print_desc(&d);
            printf("\n");
        }
        for (size_t k = 0; k < m.n_out; k++) printf("output %zu: %s\n", k, gecl_graph_output_name(m.graph, k));
        print_ops(m.graph);
        rc = model_inputs(&m, 0, NULL) || model_compile(&m) || model_run(&m, out);
        for (size_t k = 0; !rc && k < m.n_out; k++) gecl_output_free(out[k].data);
    }
    gecl_graph_summary s;
    if (!rc && gecl_session_graph_summary(m.session, 0, &s) == GECL_SUCCESS) {
        printf("device %d: %zu kernels after fusion (%zu ops); compile %.1f ms\n", device, s.kernel_count, s.op_count,
               m.load_ms);
        printf("memory: constants %.3f MiB, arena %.3f MiB (intermediates %.3f MiB)%s\n", s.const_memory_size / 1048576.0,
               s.feature_memory_size / 1048576.0, s.intermediate_bytes / 1048576.0,
               s.is_static ? "" : " (dynamic shapes: for the inputs used here)");
    }
    model_close(&m);
    return rc ? 1 : 0;
}
