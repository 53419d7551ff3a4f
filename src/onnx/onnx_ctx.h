/* onnx_ctx.h: the state of one import (import.c), shared with the converter helpers (build.c). */
#ifndef GECL_ONNX_CTX_H
#define GECL_ONNX_CTX_H

#include "onnx_import.h"
#include "values.h"

struct onnx_ctx {
    gecl_graph *graph;
    onnx_values *values;
    const char *base_dir;     /* external data lives here */
    char **strings;           /* copies handed to converters, freed with the import */
    size_t n_strings, cap_strings;
    gecl_status failed;       /* the first failure while building the current node */
};

/* Keeps a copy of `len` bytes as a NUL-terminated string for the import's lifetime. */
const char *onnx_ctx_string(onnx_ctx *ctx, const char *s, size_t len);

#endif
