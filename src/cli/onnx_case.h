/* onnx_case.h: one ONNX backend test case (model.onnx and test_data_set_*), run in this process. */
#ifndef GECL_CLI_ONNX_CASE_H
#define GECL_CLI_ONNX_CASE_H

#include <stddef.h>

typedef enum { CASE_PASS, CASE_FAIL, CASE_SKIP } case_verdict;

/* Runs every data set of the case in `dir`; `why` gets the reason of a FAIL or SKIP. */
case_verdict onnx_case_run(const char *dir, char *why, size_t why_size);

#endif
