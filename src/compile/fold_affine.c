/* fold_affine.c: a per-channel scale or shift by constants right after a Conv2D goes into the
 * conv's filter and bias, as ONNX Runtime's Conv+BatchNormalization fusion does. An exported
 * BatchNormalization is y = conv * s + t with constant [C, 1, 1] s and t (onnx/cvt_batchnorm.c):
 * as the conv's epilogue it costs two broadcast loads per output element; folded, nothing.
 *
 * Pattern: Conv2D (NCHW data, OIHW Const filter, optional Const bias, output read once and not a
 * graph output) -> Mul / Add by a Const that varies along the channel dim only (or not at all),
 * or Sub of one. The filter's rows are scaled (Mul), the bias scaled or shifted; the elementwise
 * node's readers then read the conv, and the node is left dead. New constants are new Const
 * nodes: the old ones may be shared with other readers or other graph copies (const_data.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ge_error.h"
#include "plan.h"
#include "registry.h"

/* reads[i]: how many node inputs and graph outputs read output 0 of node i. */
static int *count_reads(const gecl_graph *g)
{
    int *reads = calloc(g->n_nodes + 1, sizeof *reads);
    for (size_t i = 0; reads && i < g->n_nodes; i++)
        for (size_t k = 0; k < g->nodes[i].n_inputs; k++)
            if (g->nodes[i].inputs[k].node >= 0 && g->nodes[i].inputs[k].output == 0) reads[g->nodes[i].inputs[k].node]++;
    for (size_t j = 0; reads && j < g->n_outputs; j++)
        if (g->outputs[j].output == 0) reads[g->outputs[j].node]++;
    return reads;
}

static int is_graph_output(const gecl_graph *g, gecl_port p)
{
    for (size_t j = 0; j < g->n_outputs; j++)
        if (g->outputs[j].node == p.node && g->outputs[j].output == p.output) return 1;
    return 0;
}

static const gecl_node *const_float(const gecl_graph *g, gecl_port p)
{
    if (p.node < 0 || p.output != 0) return NULL;
    const gecl_node *c = &g->nodes[p.node];
    return c->op == GECL_OP_CONST && c->outs[0].dtype == GECL_DT_FLOAT && c->data ? c : NULL;
}

/* A Conv2D whose filter and bias may be rewritten: NCHW, OIHW float Const filter, float Const
 * bias or none, no offset_w. */
static int foldable_conv(const gecl_graph *g, const gecl_node *n)
{
    if (n->op != GECL_OP_CONV2D || n->n_inputs < 2 || n->n_inputs > 3 || n->outs[0].dtype != GECL_DT_FLOAT) return 0;
    if (strcmp(gecl_node_string(n, "data_format"), "NCHW") || n->outs[0].ndim != 4) return 0;
    const gecl_node *f = const_float(g, n->inputs[1]);
    if (!f || f->outs[0].ndim != 4 || f->outs[0].dims[0] != n->outs[0].dims[1]) return 0;
    /* conv2d.c's filter_format: the declared format, else the tensor's filter layout, else OIHW. */
    gecl_format fmt = n->in_format ? n->in_format[1] : GECL_FORMAT_RESERVED;
    if (fmt == GECL_FORMAT_RESERVED) fmt = f->outs[0].format;
    if (fmt == GECL_FORMAT_NHWC || fmt == GECL_FORMAT_HWCN) return 0;
    if (fmt != GECL_FORMAT_NCHW && n->in_format && n->in_format[1] != GECL_FORMAT_RESERVED) return 0;
    if (n->n_inputs == 3 && n->inputs[2].node >= 0) {
        const gecl_node *b = const_float(g, n->inputs[2]);
        if (!b || gecl_desc_numel(&b->outs[0]) != n->outs[0].dims[1]) return 0;
    }
    return 1;
}

/* k's value for each of the conv's `co` channels when k varies along dim 1 of the 4-D output
 * only (or is one value); NULL otherwise. */
static const float *per_channel(const gecl_node *k, int64_t co, int64_t *step)
{
    const gecl_tensor_desc *d = &k->outs[0];
    if (d->ndim > 4) return NULL;
    for (uint32_t i = 0; i < d->ndim; i++) {
        const uint32_t at = 4 - d->ndim + i; /* the output dim it broadcasts against */
        if (d->dims[i] != 1 && (at != 1 || d->dims[i] != co)) return NULL;
    }
    const int64_t numel = gecl_desc_numel(d);
    *step = numel == co ? 1 : 0;
    return numel == co || numel == 1 ? k->data : NULL;
}

/* A new Const node of d holding `data` (from gecl_const_data_new; taken), named after the conv,
 * `what` and its node number (node names are unique). */
static gecl_status new_const(gecl_graph *g, int32_t conv, const char *what, const gecl_tensor_desc *d, void *data,
                             gecl_port *p)
{
    char name[512];
    snprintf(name, sizeof name, "%s/%s_%zu", g->nodes[conv].name, what, g->n_nodes);
    return gecl_graph_add_const_data(g, name, d, data, gecl_desc_bytes(d), p);
}

/* The conv's bias as new Const bytes (zeros without one), `co` floats; NULL out of memory. */
static float *bias_values(const gecl_graph *g, const gecl_node *n, int64_t co)
{
    float *b = gecl_const_data_new((size_t)co * sizeof *b);
    if (!b) return NULL;
    if (n->n_inputs == 3 && n->inputs[2].node >= 0) memcpy(b, g->nodes[n->inputs[2].node].data, (size_t)co * sizeof *b);
    else memset(b, 0, (size_t)co * sizeof *b);
    return b;
}

/* Points the conv at new filter (w, or the old one when NULL) and bias constants; takes w and b. */
static gecl_status set_weights(gecl_graph *g, int32_t conv, float *w, float *b)
{
    const gecl_tensor_desc fd = g->nodes[g->nodes[conv].inputs[1].node].outs[0];
    const gecl_tensor_desc bd = {GECL_DT_FLOAT, GECL_FORMAT_ND, 1, {fd.dims[0]}};
    gecl_port pw = g->nodes[conv].inputs[1], pb;
    gecl_status rc = w ? new_const(g, conv, "folded_filter", &fd, w, &pw) : GECL_SUCCESS;
    if (rc) {
        gecl_const_data_unref(b);
        return rc;
    }
    if ((rc = new_const(g, conv, "folded_bias", &bd, b, &pb))) return rc;
    gecl_node *n = &g->nodes[conv]; /* adding nodes may have moved the array */
    if (n->n_inputs < 3) {
        gecl_port *in = realloc(n->inputs, 3 * sizeof *in);
        if (!in) return gecl_ge_oom();
        n->inputs = in;
        if (n->in_format) {
            gecl_format *f = realloc(n->in_format, 3 * sizeof *f);
            if (!f) return gecl_ge_oom();
            n->in_format = f;
            f[2] = GECL_FORMAT_RESERVED;
        }
        n->n_inputs = 3;
    }
    n->inputs[1] = pw;
    n->inputs[2] = pb;
    return GECL_SUCCESS;
}

/* Folds elementwise node e (Mul, Add or Sub of conv output and constant k) into conv. */
static gecl_status fold(gecl_graph *g, int32_t conv, const gecl_node *e, const float *k, int64_t step)
{
    const gecl_node *c = &g->nodes[conv];
    const int64_t co = c->outs[0].dims[1];
    const gecl_node *f = &g->nodes[c->inputs[1].node];
    const int64_t per = gecl_desc_numel(&f->outs[0]) / co;
    float *b = bias_values(g, c, co), *w = e->op == GECL_OP_MUL ? gecl_const_data_new(f->bytes) : NULL;
    if (!b || (e->op == GECL_OP_MUL && !w)) {
        gecl_const_data_unref(b);
        gecl_const_data_unref(w);
        return gecl_ge_oom();
    }
    for (int64_t o = 0; o < co; o++) {
        const float v = k[o * step];
        if (e->op == GECL_OP_MUL) {
            for (int64_t i = 0; i < per; i++) w[o * per + i] = ((const float *)f->data)[o * per + i] * v;
            b[o] *= v;
        } else {
            b[o] = e->op == GECL_OP_ADD ? b[o] + v : b[o] - v;
        }
    }
    return set_weights(g, conv, w, b);
}

/* Readers of e's output read `to` instead. */
static void redirect(gecl_graph *g, int32_t e, gecl_port to)
{
    for (size_t i = 0; i < g->n_nodes; i++)
        for (size_t k = 0; k < g->nodes[i].n_inputs; k++)
            if (g->nodes[i].inputs[k].node == e) g->nodes[i].inputs[k] = to;
    for (size_t j = 0; j < g->n_outputs; j++)
        if (g->outputs[j].node == e) g->outputs[j] = to;
}

/* Node e, if it is a foldable Mul/Add/Sub after a conv: folds it (*folded = 1). reads: as
 * count_reads made it, kept up to date. */
static gecl_status try_node(gecl_graph *g, int32_t e, int *reads, int *folded)
{
    const gecl_node *n = &g->nodes[e];
    *folded = 0;
    if ((n->op != GECL_OP_MUL && n->op != GECL_OP_ADD && n->op != GECL_OP_SUB) || n->n_inputs != 2) return GECL_SUCCESS;
    for (int side = 0; side < 2; side++) {
        const gecl_port cp = n->inputs[side];
        if (cp.node < 0 || cp.output != 0 || (side == 1 && n->op == GECL_OP_SUB)) continue;
        const gecl_node *c = &g->nodes[cp.node], *k = const_float(g, n->inputs[1 - side]);
        int64_t step;
        const float *kv = k ? per_channel(k, c->op == GECL_OP_CONV2D && c->outs[0].ndim == 4 ? c->outs[0].dims[1] : -1,
                                          &step)
                            : NULL;
        if (!kv || !foldable_conv(g, c) || reads[cp.node] != 1 || is_graph_output(g, cp)) continue;
        if (gecl_desc_numel(&n->outs[0]) != gecl_desc_numel(&c->outs[0]) || n->outs[0].dtype != GECL_DT_FLOAT) continue;
        gecl_status rc = fold(g, cp.node, n, kv, step);
        if (rc) return rc;
        redirect(g, e, cp);
        reads[cp.node] = reads[e];
        /* Dead now: it reads its constant twice, so the conv's output has its one reader again
         * for the next fold and for fusion. */
        n = &g->nodes[e]; /* fold added nodes: the array may have moved */
        ((gecl_node *)n)->inputs[side] = n->inputs[1 - side];
        *folded = 1;
        return GECL_SUCCESS;
    }
    return GECL_SUCCESS;
}

gecl_status gecl_fold_conv_affine(gecl_graph *g, int *changed)
{
    *changed = 0;
    const size_t n = g->n_nodes; /* nodes added on the way are constants, never folded into */
    int *reads = count_reads(g);
    if (!reads) return gecl_ge_oom();
    gecl_status rc = GECL_SUCCESS;
    for (size_t k = 0; !rc && k < n; k++) {
        int folded;
        rc = try_node(g, g->order[k], reads, &folded);
        *changed |= folded;
    }
    free(reads);
    if (rc) return rc;
    if (*changed) gecl_graph_changed(g);
    return GECL_SUCCESS;
}
