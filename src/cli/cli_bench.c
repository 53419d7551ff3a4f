/* cli_bench.c: `gecl bench MODEL.onnx [--runs N] [--warmup N] [--device N] [--json]`: open time
 * (GE initialised on the device, the model parsed), load time, then per-run latency of RunGraph with host inputs and gecl-allocated host outputs (min,
 * median, mean, p99); a progress bar on stderr when it is a terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "model.h"

static int by_value(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void progress(int done, int total)
{
    const int width = 40, filled = total ? done * width / total : width;
    fprintf(stderr, "\r[%.*s%*s] %d/%d", filled, "########################################", width - filled, "", done, total);
    if (done == total) fputc('\n', stderr);
}

int cli_bench(int argc, char **argv)
{
    const char *model = NULL;
    int runs = 100, warmup = 5, device = 0, json = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--runs") && i + 1 < argc) runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--warmup") && i + 1 < argc) warmup = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--device") && i + 1 < argc) device = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--json")) json = 1;
        else if (argv[i][0] != '-' && !model) model = argv[i];
        else model = NULL, runs = -1;
    }
    if (!model || runs < 1 || warmup < 0) {
        fprintf(stderr, "usage: gecl bench MODEL.onnx [--runs N >= 1] [--warmup N] [--device N] [--json]\n");
        return 2;
    }
    cli_model m;
    gecl_tensor out[CLI_MAX_IO];
    double *ms = calloc((size_t)runs, sizeof *ms);
    const double t_open = cli_now_ms();
    int rc = !ms || model_open(&m, model, device);
    const double open_ms = cli_now_ms() - t_open; /* GE and its device brought up, the model parsed */
    rc = rc || model_inputs(&m, 0, NULL) || model_compile(&m);
    const int bar = !json && isatty(STDERR_FILENO);
    for (int i = 0; !rc && i < warmup + runs; i++) {
        const double t0 = cli_now_ms();
        if ((rc = model_run(&m, out))) break;
        if (i >= warmup) ms[i - warmup] = cli_now_ms() - t0;
        for (size_t k = 0; k < m.n_out; k++) gecl_output_free(out[k].data);
        if (bar && i >= warmup) progress(i - warmup + 1, runs);
    }
    if (!rc) {
        double sum = 0;
        for (int i = 0; i < runs; i++) sum += ms[i];
        qsort(ms, (size_t)runs, sizeof *ms, by_value);
        const double p99 = ms[(size_t)((runs - 1) * 0.99 + 0.5)];
        if (json)
            printf("{\"open_ms\": %.3f, \"load_ms\": %.3f, \"min_ms\": %.4f, \"median_ms\": %.4f, \"mean_ms\": %.4f, \"p99_ms\": %.4f, "
                   "\"runs\": %d, \"device\": %d}\n",
                   open_ms, m.load_ms, ms[0], ms[runs / 2], sum / runs, p99, runs, device);
        else
            printf("open %.1f ms, load %.1f ms; %d runs: min %.3f ms, median %.3f ms, mean %.3f ms, p99 %.3f ms (device %d)\n",
                   open_ms, m.load_ms, runs, ms[0], ms[runs / 2], sum / runs, p99, device);
    }
    free(ms);
    if (ms) model_close(&m);
    return rc ? 1 : 0;
}
