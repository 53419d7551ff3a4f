/* cli.h: the commands of the `gecl` tool, one file each. Each returns the process exit status. */
#ifndef GECL_CLI_H
#define GECL_CLI_H

#include "gecl/gecl.h"

int cli_ops(void);
/* gecl test-onnx DIR...: ONNX backend test cases, each in its own process. */
int cli_test_onnx(int argc, char **argv);
/* gecl run / bench / info MODEL.onnx ...: argv holds the arguments after the command. */
int cli_run(int argc, char **argv);
int cli_bench(int argc, char **argv);
int cli_info(int argc, char **argv);
/* gecl tune [--device N] [--rounds N] [--quick] [--out FILE] */
int cli_tune(int argc, char **argv);

#endif
