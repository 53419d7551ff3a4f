/* dynamic.c: graphs whose Data nodes have unknown dims (CANN's -1, or {-2} for an unknown
 * rank), or whose inference needs the values of some Data nodes (value_inputs.c). They are
 * checked for structure when added; each set of input shapes (and values of those inputs) then
 * makes a static copy (a specialisation) that infers, compiles and runs like any graph. */
#include <stdio.h>
#include <stdlib.h>

#include "ge_error.h"
#include "ir.h"
#include "registry.h"

int gecl_desc_unknown_rank(const gecl_tensor_desc *d) { return d->ndim == 1 && d->dims[0] == GECL_DIM_UNKNOWN_RANK; }

int gecl_desc_dynamic(const gecl_tensor_desc *d)
{
    for (uint32_t i = 0; i < d->ndim && i < GECL_MAX_DIMS; i++)
        if (d->dims[i] < 0) return 1;
    return 0;
}

int gecl_graph_dynamic(const gecl_graph *g)
{
    for (size_t i = 0; i < g->n_nodes; i++)
        if (g->nodes[i].op == GECL_OP_DATA && gecl_desc_dynamic(&g->nodes[i].outs[0])) return 1;
    return gecl_graph_value_inputs(g, NULL) > 0;
}

/* Whether a run's input description fits what the Data node declares. */
static gecl_status check_fit(const gecl_node *data, const gecl_tensor_desc *in)
{
    const gecl_tensor_desc *want = &data->outs[0];
    char a[160], b[160];
    if (in->ndim > GECL_MAX_DIMS)
        return gecl_node_fail(data, "the input has %u dims, at most %d are supported", in->ndim, GECL_MAX_DIMS);
    if (in->dtype != want->dtype)
        return gecl_node_fail(data, "the input is %s, the Data is %s", gecl_dtype_name(in->dtype),
                              gecl_dtype_name(want->dtype));
    int fits = gecl_desc_unknown_rank(want) || in->ndim == want->ndim;
    for (uint32_t i = 0; fits && i < in->ndim; i++)
        fits = in->dims[i] >= 0 && (gecl_desc_unknown_rank(want) || want->dims[i] < 0 || want->dims[i] == in->dims[i]);
    if (!fits)
        return gecl_node_fail(data, "the input has shape %s, which does not fit the Data's %s",
                              gecl_desc_shape_str(in, a, sizeof a), gecl_desc_shape_str(want, b, sizeof b));
    const char *problem = gecl_desc_size_problem(in, a, sizeof a);
    return problem ? gecl_node_fail(data, "the input: %s", problem) : GECL_SUCCESS;
}

/* The value input d of the specialisation c becomes a Const holding the run's values: its
 * readers read the Const, the Data node stays (an input of the plan, read by nothing, or a graph
 * output). */
static gecl_status bind_value(gecl_graph *c, int32_t d, const void *value)
{
    gecl_node *data = &c->nodes[d];
    const gecl_tensor_desc desc = data->outs[0];
    char name[512];
    snprintf(name, sizeof name, "%s/value", data->name);
    gecl_port cp;
    gecl_status rc = gecl_graph_add_const(c, name, &desc, value, gecl_desc_bytes(&desc), &cp);
    if (rc) return rc;
    for (size_t i = 0; i < c->n_nodes; i++)
        for (size_t k = 0; k < c->nodes[i].n_inputs; k++)
            if (c->nodes[i].inputs[k].node == d) c->nodes[i].inputs[k] = cp;
    return GECL_SUCCESS;
}

gecl_status gecl_graph_specialize(const gecl_graph *g, size_t n, const gecl_tensor_desc *in,
                                  const void *const *values, gecl_graph **out)
{
    size_t n_data = 0;
    for (size_t i = 0; i < g->n_nodes; i++) n_data += g->nodes[i].op == GECL_OP_DATA;
    if (n != n_data)
        return gecl_ge_fail(GECL_PARAM_INVALID, "%zu input descriptions given, the graph has %zu Data inputs", n, n_data);
    char *is_value = calloc(g->n_nodes + 1, 1);
    if (!is_value) return gecl_ge_oom();
    gecl_graph_value_inputs(g, is_value);
    gecl_status rc = GECL_SUCCESS;
    for (size_t i = 0; !rc && i < g->n_nodes; i++) {
        const gecl_node *d = &g->nodes[i];
        if (d->op != GECL_OP_DATA) continue;
        if (d->index < 0 || (size_t)d->index >= n) /* validation names it: see infer.c */
            rc = gecl_node_fail(d, "index %lld is out of range", (long long)d->index);
        else if (!(rc = check_fit(d, &in[d->index])) && is_value[i] && !(values && values[d->index]))
            rc = gecl_node_fail(d, "the graph's shapes depend on the values of this input (it feeds an input "
                                "that inference reads, such as a Reshape's shape): they are needed to compile it");
    }
    gecl_graph *c = rc ? NULL : gecl_graph_clone(g);
    if (!rc && !c) rc = gecl_ge_oom();
    for (size_t i = 0; !rc && i < g->n_nodes; i++) {
        gecl_node *d = &c->nodes[i];
        if (d->op != GECL_OP_DATA) continue;
        const gecl_format fmt = d->outs[0].format;
        d->outs[0] = in[d->index];
        d->outs[0].format = fmt; /* the layout is the graph's, the sizes the run's */
        if (is_value[i]) rc = bind_value(c, (int32_t)i, values[d->index]);
    }
    free(is_value);
    if (!rc) rc = gecl_graph_infer(c);
    if (rc) {
        gecl_graph_destroy(c);
        return rc;
    }
    *out = c;
    return GECL_SUCCESS;
}
