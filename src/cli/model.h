/* model.h: an ONNX model loaded for `gecl run` / `bench` / `info`: parsed, in a session on one
 * device, with host inputs from .npy files or made up deterministically. */
#ifndef GECL_CLI_MODEL_H
#define GECL_CLI_MODEL_H

#include "gecl/gecl.h"

#define CLI_MAX_IO 64

typedef struct cli_model {
    gecl_graph *graph;
    gecl_session session;
    int device;
    size_t n_in, n_out;
    gecl_tensor in[CLI_MAX_IO];
    const char *in_name[CLI_MAX_IO];
    double load_ms;               /* AddGraph + CompileGraph + the first run (which loads) */
} cli_model;

/* Parses `path` and brings up GE on `device`. 0, or -1 after printing the error. */
int model_open(cli_model *m, const char *path, int device);
/* Host inputs: "NAME=FILE.npy" items for some, deterministic values for the rest (symbolic dims
 * taken as 1). 0, or -1 after printing the error. */
int model_inputs(cli_model *m, int n_given, char **given);
/* Adds and compiles the graph and runs it once, loading it; load_ms is the time to that result. */
int model_compile(cli_model *m);
/* One RunGraph with host inputs; outputs allocated by gecl (free with gecl_output_free). */
int model_run(cli_model *m, gecl_tensor *outputs);
void model_close(cli_model *m);
double cli_now_ms(void);

#endif
