/* onnx_ops.c: onnx_ops.h as a lookup table. */
#include <string.h>

#include "onnx_ops.h"

static const struct {
    const char *type;
    int64_t since;
    onnx_convert_fn fn;
} table[] = {
#define ONNX_OP_ROW(type, since, fn) {#type, since, fn},
    ONNX_OP_LIST(ONNX_OP_ROW)
#undef ONNX_OP_ROW
};

onnx_convert_fn onnx_converter(const char *op_type, int64_t opset)
{
    onnx_convert_fn best = NULL;
    int64_t best_since = 0;
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (!strcmp(table[i].type, op_type) && table[i].since <= opset && table[i].since >= best_since) {
            best = table[i].fn;
            best_since = table[i].since;
        }
    return best;
}
