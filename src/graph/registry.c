/* registry.c: the op table as data, and name lookup. */
#include <string.h>

#include "registry.h"

static const gecl_op_info table[] = {
/* Only elementwise rows have an expression; the others' column is not read. */
#define GECL_EXPR_SOURCE(ex) NULL
#define GECL_EXPR_VIEW(ex) NULL
#define GECL_EXPR_UNARY(ex) #ex
#define GECL_EXPR_BINARY(ex) #ex
#define GECL_EXPR_TERNARY(ex) #ex
#define GECL_EXPR_ANCHOR(ex) NULL
#define GECL_EXPR_KERNEL(ex) NULL
#define GECL_OP_ROW(id, nm, kd, mn, mx, no, inf, low, fld, ex) \
    {.name = nm, .kind = GECL_KIND_##kd, .min_inputs = mn, .max_inputs = mx, .outputs = no, .expr = GECL_EXPR_##kd(ex)},
    GECL_OP_LIST(GECL_OP_ROW)
#undef GECL_OP_ROW
};
_Static_assert(sizeof table / sizeof table[0] == GECL_OP_COUNT, "op table and enum disagree");

const gecl_op_info *gecl_op_info_get(gecl_op op) { return op < GECL_OP_COUNT ? &table[op] : NULL; }

int gecl_op_operands(gecl_op op)
{
    switch (op < GECL_OP_COUNT ? table[op].kind : GECL_KIND_SOURCE) {
    case GECL_KIND_UNARY: return 1;
    case GECL_KIND_BINARY: return 2;
    case GECL_KIND_TERNARY: return 3;
    default: return 0;
    }
}

gecl_op gecl_op_lookup(const char *type)
{
    for (int i = 0; i < GECL_OP_COUNT; i++)
        if (strcmp(table[i].name, type) == 0) return (gecl_op)i;
    return GECL_OP_UNKNOWN;
}

int gecl_norm_axis(int64_t axis, int rank)
{
    if (axis < -rank || axis >= rank) return -1;
    return (int)(axis < 0 ? axis + rank : axis);
}

int gecl_parse_layout(const char *data_format, gecl_format *fmt)
{
    if (strcmp(data_format, "NCHW") == 0) *fmt = GECL_FORMAT_NCHW;
    else if (strcmp(data_format, "NHWC") == 0) *fmt = GECL_FORMAT_NHWC;
    else return -1;
    return 0;
}
