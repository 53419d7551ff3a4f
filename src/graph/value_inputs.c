/* value_inputs.c: graph inputs whose values shape the graph. Inference reads some inputs of some
 * ops as constants (op_attrs.h's GECL_VALUE_INPUTS_LIST, CANN's InputsDataDependency: a Reshape's
 * shape, a Slice's begin, a Tile's multiples). ONNX models often feed them from graph inputs, or
 * compute them from graph inputs with ops that fold. Such a Data node is a value input: the graph
 * is compiled per run as a dynamic graph is (dynamic.c), its variants keyed by these inputs'
 * values as well as all inputs' shapes, and each variant sees them as constants. */
#include <stdlib.h>

#include "ir.h"
#include "op_attrs.h"
#include "registry.h"

uint64_t gecl_op_value_inputs(gecl_op op)
{
    switch (op) {
#define GECL_VALUE_ROW(id, mask) \
    case GECL_OP_##id: return (mask);
        GECL_VALUE_INPUTS_LIST(GECL_VALUE_ROW)
#undef GECL_VALUE_ROW
    default: return 0;
    }
}

int gecl_op_folds_from_desc(gecl_op op)
{
    switch (op) {
#define GECL_DESC_ROW(id) \
    case GECL_OP_##id: return 1;
        GECL_FOLD_FROM_DESC_LIST(GECL_DESC_ROW)
#undef GECL_DESC_ROW
    default: return 0;
    }
}

/* Marks the producer of input i of n as needed; 1 when that is news. */
static int need(const gecl_graph *g, const gecl_node *n, size_t i, char *needed)
{
    if (i >= n->n_inputs || n->inputs[i].node < 0 || (size_t)n->inputs[i].node >= g->n_nodes) return 0;
    char *m = &needed[n->inputs[i].node];
    if (*m) return 0;
    *m = 1;
    return 1;
}

/* Whether a needed node's value comes from its inputs' values (it folds from them). */
static int passes_need(gecl_op op)
{
    if (op >= GECL_OP_COUNT || op == GECL_OP_DATA || op == GECL_OP_CONST) return 0;
    return gecl_op_fold[op] != gecl_fold_none && !gecl_op_folds_from_desc(op);
}

size_t gecl_graph_value_inputs(const gecl_graph *g, char *is_value)
{
    char *needed = calloc(g->n_nodes + 1, 1);
    if (!needed) return 0; /* inference then reports the input that is not a constant */
    for (size_t i = 0; i < g->n_nodes; i++) {
        const gecl_node *n = &g->nodes[i];
        const uint64_t mask = n->op < GECL_OP_COUNT ? gecl_op_value_inputs(n->op) : 0;
        size_t last = n->n_inputs;
        while (last > 0 && n->inputs[last - 1].node < 0) last--;
        for (size_t k = 0; k < n->n_inputs && k < 63; k++)
            if (mask >> k & 1) need(g, n, k, needed);
        if ((mask & GECL_INPUT_LAST) && last > 0) need(g, n, last - 1, needed);
    }
    /* Backwards through ops that fold: nodes mostly read earlier nodes, so a reverse sweep
     * settles in one pass; repeat until nothing changes in case they do not. */
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = g->n_nodes; i-- > 0;) {
            const gecl_node *n = &g->nodes[i];
            if (!needed[i] || !passes_need(n->op)) continue;
            for (size_t k = 0; k < n->n_inputs; k++) changed |= need(g, n, k, needed);
        }
    }
    size_t count = 0;
    for (size_t i = 0; i < g->n_nodes; i++) {
        const int v = needed[i] && g->nodes[i].op == GECL_OP_DATA;
        count += (size_t)v;
        if (is_value) is_value[i] = (char)v;
    }
    free(needed);
    return count;
}
