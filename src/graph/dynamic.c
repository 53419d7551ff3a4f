/* dynamic.c: graphs whose Data nodes have unknown dims (CANN's -1, or {-2} for an unknown
 * rank). They are checked for structure when added; each set of input shapes then makes a
 * static copy (a specialisation) that infers, compiles and runs like any graph. */
#include <stdlib.h>

#include "ge_error.h"
#include "ir.h"

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
    return 0;
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

gecl_status gecl_graph_specialize(const gecl_graph *g, size_t n, const gecl_tensor_desc *in, gecl_graph **out)
{
    size_t n_data = 0;
    for (size_t i = 0; i < g->n_nodes; i++) n_data += g->nodes[i].op == GECL_OP_DATA;
    if (n != n_data)
        return gecl_ge_fail(GECL_PARAM_INVALID, "%zu input descriptions given, the graph has %zu Data inputs", n, n_data);
    for (size_t i = 0; i < g->n_nodes; i++) {
        const gecl_node *d = &g->nodes[i];
        if (d->op != GECL_OP_DATA) continue;
        if (d->index < 0 || (size_t)d->index >= n) /* validation names it: see infer.c */
            return gecl_node_fail(d, "index %lld is out of range", (long long)d->index);
        gecl_status rc = check_fit(d, &in[d->index]);
        if (rc) return rc;
    }
    gecl_graph *c = gecl_graph_clone(g);
    if (!c) return gecl_ge_oom();
    for (size_t i = 0; i < c->n_nodes; i++) {
        gecl_node *d = &c->nodes[i];
        if (d->op != GECL_OP_DATA) continue;
        const gecl_format fmt = d->outs[0].format;
        d->outs[0] = in[d->index];
        d->outs[0].format = fmt; /* the layout is the graph's, the sizes the run's */
    }
    gecl_status rc = gecl_graph_infer(c);
    if (rc) {
        gecl_graph_destroy(c);
        return rc;
    }
    *out = c;
    return GECL_SUCCESS;
}
