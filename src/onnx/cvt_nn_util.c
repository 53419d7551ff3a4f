/* cvt_nn_util.c: sliding-window attributes and the small reshapes of cvt_nn.h. */
#include <string.h>

#include "cvt_nn.h"
#include "ir.h"

/* List attribute `name` of `want` values, each at least min (absent: `def` each). */
static gecl_status read_list(onnx_conv *c, const char *name, size_t want, int64_t def, int64_t min, int64_t *out)
{
    const int64_t *v;
    size_t n = onnx_attr_ints(c, name, &v);
    if (!v) {
        for (size_t i = 0; i < want; i++) out[i] = def;
        return GECL_SUCCESS;
    }
    if (n != want) return onnx_fail(c, "attribute %s has %zu values, expected %zu", name, n, want);
    for (size_t i = 0; i < n; i++) {
        if (v[i] < min) return onnx_fail(c, "attribute %s[%zu] is %lld, must be at least %lld", name, i,
                                         (long long)v[i], (long long)min);
        out[i] = v[i];
    }
    return GECL_SUCCESS;
}

gecl_status nn_read_window(onnx_conv *c, int nd, const int64_t *kernel, nn_window *w)
{
    gecl_status rc;
    memset(w, 0, sizeof *w);
    if (nd < 1 || nd > NN_MAX_SPATIAL) return onnx_unsupported(c, "%d spatial dims", nd);
    w->nd = nd;
    const int64_t *ks;
    size_t nk = onnx_attr_ints(c, "kernel_shape", &ks);
    if (!ks && !kernel) return onnx_fail(c, "attribute kernel_shape is required");
    if (ks && (int)nk != nd) return onnx_fail(c, "kernel_shape has %zu values for %d spatial dims", nk, nd);
    for (int i = 0; i < nd; i++) {
        w->k[i] = ks ? ks[i] : kernel[i];
        if (w->k[i] < 1) return onnx_fail(c, "kernel_shape[%d] is %lld, must be at least 1", i, (long long)w->k[i]);
        if (ks && kernel && ks[i] != kernel[i])
            return onnx_fail(c, "kernel_shape[%d] is %lld but the weights' dim %d is %lld", i, (long long)ks[i], i + 2,
                             (long long)kernel[i]);
    }
    if ((rc = read_list(c, "strides", (size_t)nd, 1, 1, w->s)) || (rc = read_list(c, "dilations", (size_t)nd, 1, 1, w->d)) ||
        (rc = read_list(c, "pads", 2 * (size_t)nd, 0, 0, w->pads)))
        return rc;
    const char *ap = onnx_attr_string(c, "auto_pad", "NOTSET");
    if (!strcmp(ap, "NOTSET") || !*ap) w->auto_pad = NN_PAD_NOTSET;
    else if (!strcmp(ap, "SAME_UPPER")) w->auto_pad = NN_PAD_SAME_UPPER;
    else if (!strcmp(ap, "SAME_LOWER")) w->auto_pad = NN_PAD_SAME_LOWER;
    else if (!strcmp(ap, "VALID")) w->auto_pad = NN_PAD_VALID;
    else return onnx_fail(c, "auto_pad is '%s', expected NOTSET, SAME_UPPER, SAME_LOWER or VALID", ap);
    if (w->auto_pad != NN_PAD_NOTSET) memset(w->pads, 0, sizeof w->pads); /* ONNX: pads go with NOTSET only */
    return GECL_SUCCESS;
}

void nn_hw4(const nn_window *w, const int64_t *v, int64_t out[4])
{
    out[0] = out[1] = 1;
    out[2] = w->nd == 2 ? v[0] : 1;
    out[3] = w->nd == 2 ? v[1] : v[0];
}

void nn_cann_pads(const nn_window *w, int64_t out[4])
{
    if (w->nd == 2) {
        out[0] = w->pads[0], out[1] = w->pads[2], out[2] = w->pads[1], out[3] = w->pads[3];
    } else {
        out[0] = out[1] = 0, out[2] = w->pads[0], out[3] = w->pads[1];
    }
}

gecl_status nn_same_pads(onnx_conv *c, gecl_port x, nn_window *w)
{
    gecl_tensor_desc d;
    if (nn_desc(c, x, &d)) return onnx_status(c);
    if ((int)d.ndim != w->nd + 2) return onnx_fail(c, "input has %u dims, expected %d", d.ndim, w->nd + 2);
    for (int i = 0; i < w->nd; i++) {
        const int64_t in = d.dims[2 + i];
        if (in < 0) return onnx_unsupported(c, "auto_pad %s with an unknown spatial dim",
                                            w->auto_pad == NN_PAD_SAME_LOWER ? "SAME_LOWER" : "SAME_UPPER");
        const int64_t out = (in + w->s[i] - 1) / w->s[i], e = (w->k[i] - 1) * w->d[i] + 1;
        int64_t total = (out - 1) * w->s[i] + e - in;
        if (total < 0) total = 0;
        const int64_t small = total / 2, big = total - small;
        w->pads[i] = w->auto_pad == NN_PAD_SAME_LOWER ? big : small;
        w->pads[w->nd + i] = w->auto_pad == NN_PAD_SAME_LOWER ? small : big;
    }
    w->auto_pad = NN_PAD_NOTSET;
    return GECL_SUCCESS;
}

gecl_status nn_desc(onnx_conv *c, gecl_port p, gecl_tensor_desc *d)
{
    if (p.node >= 0 && (size_t)p.node < c->graph->n_nodes) {
        const gecl_node *n = &c->graph->nodes[p.node];
        if (n->op == GECL_OP_CONST || (n->op == GECL_OP_DATA && !gecl_desc_dynamic(&n->outs[0]))) {
            *d = n->outs[0];
            return GECL_SUCCESS;
        }
    }
    return onnx_desc(c, p, d);
}

/* Port p's description in a copy of g whose unknown Data dims are 1. */
static gecl_status probe_desc(const gecl_graph *g, gecl_port p, gecl_tensor_desc *d)
{
    gecl_graph *copy = gecl_graph_clone(g);
    if (!copy) return GECL_FAILED;
    gecl_status rc = copy->n_outputs ? GECL_SUCCESS : gecl_graph_set_outputs(copy, 1, &p);
    for (size_t i = 0; !rc && i < copy->n_nodes; i++) {
        gecl_tensor_desc *o = &copy->nodes[i].outs[0];
        if (copy->nodes[i].op != GECL_OP_DATA) continue;
        if (gecl_desc_unknown_rank(o)) rc = GECL_PARAM_INVALID;
        for (uint32_t k = 0; !rc && k < o->ndim; k++)
            if (o->dims[k] < 0) o->dims[k] = 1;
    }
    if (!rc) rc = gecl_graph_infer(copy);
    const gecl_tensor_desc *pd = rc ? NULL : gecl_port_desc(copy, p);
    if (pd) *d = *pd;
    gecl_graph_destroy(copy);
    return pd ? GECL_SUCCESS : GECL_FAILED;
}

gecl_status nn_rank(onnx_conv *c, gecl_port p, int *rank, gecl_dtype *dtype)
{
    gecl_tensor_desc d;
    const gecl_node *n = p.node >= 0 && (size_t)p.node < c->graph->n_nodes ? &c->graph->nodes[p.node] : NULL;
    if (n && (n->op == GECL_OP_CONST || n->op == GECL_OP_DATA) && !gecl_desc_unknown_rank(&n->outs[0])) d = n->outs[0];
    else if (!gecl_graph_dynamic(c->graph)) {
        if (onnx_desc(c, p, &d)) return onnx_status(c);
    } else if (probe_desc(c->graph, p, &d))
        return onnx_fail(c, "the rank of an input is needed, and the graph's unknown input dims leave it unknown");
    *rank = (int)d.ndim;
    if (dtype) *dtype = d.dtype;
    return GECL_SUCCESS;
}

gecl_port nn_reshape_range(onnx_conv *c, gecl_port x, int64_t axis, int64_t count, const int64_t *shape, size_t n)
{
    static const int64_t none = 0;
    const gecl_port in[2] = {x, onnx_const_ints(c, n ? shape : &none, n)};
    const int32_t id = onnx_op(c, "Reshape", 2, in);
    onnx_set_int(c, id, "axis", axis);
    onnx_set_int(c, id, "num_axes", count);
    return (gecl_port){id < 0 ? -2 : id, 0};
}

gecl_port nn_insert_ones(onnx_conv *c, gecl_port x, int64_t axis, int count)
{
    int64_t ones[GECL_MAX_DIMS];
    for (int i = 0; i < GECL_MAX_DIMS; i++) ones[i] = 1;
    if (count > GECL_MAX_DIMS) count = GECL_MAX_DIMS;
    return nn_reshape_range(c, x, axis, 0, ones, (size_t)count);
}

gecl_port nn_drop_ones(onnx_conv *c, gecl_port x, int64_t axis, int count)
{
    return nn_reshape_range(c, x, axis, count, NULL, 0);
}

int nn_output_used(const onnx_conv *c, size_t i)
{
    return i < c->n_out && c->node->output[i] && *c->node->output[i];
}
