/* widen.c: float16 and bfloat16 tensors for ops whose kernels compute float only (the anchors,
 * pools, softmax, norms: registry.h's gecl_op_dtypes_via_float). The graph gets a Cast to float
 * before each such input and a Cast back after each such output, so the op's own kernel runs in
 * float and the result is rounded once, to nearest even, as CANN's float-accumulating units do.
 * A Cast of a constant folds at inference (weights are converted at compile time, not per run);
 * the Cast back is elementwise and becomes the op's epilogue where fusion allows. */
#include <stdio.h>
#include <stdlib.h>

#include "../graph/ge_error.h"
#include "../graph/registry.h"
#include "plan.h"

static int is_via_float(const gecl_node *n, gecl_dtype t)
{
    return t < 64 && gecl_op_dtypes_via_float(n->op) >> t & 1;
}

/* A Cast of `src` to `to`, named after `base` (with a counter in the unlikely case the graph
 * already has that name). */
static gecl_status add_cast(gecl_graph *g, const char *base, gecl_port src, gecl_dtype to, int32_t *id)
{
    char name[320];
    gecl_status rc = GECL_FAILED;
    for (int k = 0; k < 100 && rc; k++) {
        if (k) snprintf(name, sizeof name, "%s.%d", base, k);
        else snprintf(name, sizeof name, "%s", base);
        rc = gecl_graph_add_op(g, name, "Cast", 1, &src, id);
        if (rc && rc != GECL_PARAM_INVALID) return rc;
    }
    return rc ? rc : gecl_graph_set_attr_int(g, *id, "dst_type", (int64_t)to);
}

/* The inputs of `node` to widen, as a mask (decided before any Cast is added: a Cast is not
 * inferred until the pass is over). */
static uint64_t inputs_to_widen(const gecl_graph *g, const gecl_node *n)
{
    size_t inputs;
    gecl_op_dtypes(n->op, &inputs);
    uint64_t mask = 0;
    for (size_t i = 0; i < inputs && i < n->n_inputs && i < 64; i++) {
        const gecl_tensor_desc *d = gecl_input_desc(g, n, i);
        if (d && is_via_float(n, d->dtype)) mask |= 1ull << i;
    }
    return mask;
}

static gecl_status widen_inputs(gecl_graph *g, int32_t node, uint64_t mask)
{
    for (size_t i = 0; i < 64 && mask >> i; i++) {
        if (!(mask >> i & 1)) continue;
        char base[300];
        snprintf(base, sizeof base, "%s/input%zu_as_float", g->nodes[node].name, i);
        int32_t cast;
        gecl_status rc = add_cast(g, base, g->nodes[node].inputs[i], GECL_DT_FLOAT, &cast);
        if (rc) return rc;
        g->nodes[node].inputs[i] = (gecl_port){cast, 0}; /* re-read: adding a node moves the array */
    }
    return GECL_SUCCESS;
}

/* Every reader of (node, out), and the graph's outputs, read `to` instead. */
static void redirect(gecl_graph *g, gecl_port from, gecl_port to)
{
    for (size_t j = 0; j < g->n_nodes; j++)
        for (size_t i = 0; i < g->nodes[j].n_inputs; i++)
            if (g->nodes[j].inputs[i].node == from.node && g->nodes[j].inputs[i].output == from.output)
                g->nodes[j].inputs[i] = to;
    for (size_t j = 0; j < g->n_outputs; j++)
        if (g->outputs[j].node == from.node && g->outputs[j].output == from.output) g->outputs[j] = to;
}

static gecl_status widen_outputs(gecl_graph *g, int32_t node)
{
    for (size_t o = 0; o < g->nodes[node].n_outputs; o++) {
        const gecl_dtype t = g->nodes[node].outs[o].dtype;
        if (!is_via_float(&g->nodes[node], t)) continue;
        char base[300];
        snprintf(base, sizeof base, "%s/output%zu_as_%s", g->nodes[node].name, o, gecl_dtype_name(t));
        const gecl_port out = {node, (int32_t)o};
        int32_t cast;
        gecl_status rc = add_cast(g, base, (gecl_port){GECL_NO_PORT_NODE, 0}, t, &cast);
        if (rc) return rc;
        redirect(g, out, (gecl_port){cast, 0});
        g->nodes[cast].inputs[0] = out;
    }
    return GECL_SUCCESS;
}

gecl_status gecl_widen_half(gecl_graph *g, int *changed)
{
    *changed = 0;
    const size_t n = g->n_nodes; /* the Casts added are not visited */
    uint64_t *in_masks = calloc(n + 1, sizeof *in_masks);
    if (!in_masks) return gecl_ge_oom();
    for (size_t k = 0; k < n; k++)
        if (gecl_op_dtypes_via_float(g->nodes[k].op)) in_masks[k] = inputs_to_widen(g, &g->nodes[k]);
    gecl_status rc = GECL_SUCCESS;
    for (size_t k = 0; k < n && !rc; k++) {
        if (!gecl_op_dtypes_via_float(g->nodes[k].op)) continue;
        const size_t before = g->n_nodes;
        rc = widen_outputs(g, (int32_t)k);
        if (!rc) rc = widen_inputs(g, (int32_t)k, in_masks[k]);
        *changed |= g->n_nodes != before;
    }
    free(in_masks);
    return rc;
}
