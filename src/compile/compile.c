/* compile.c: graph -> plan. validate/infer -> fold constants -> drop dead nodes -> fuse ->
 * lower each launch group in topological order -> decide storage -> plan the arena. */
#include <stdlib.h>
#include <string.h>

#include "ge_error.h"
#include "lower_ctx.h"
#include "plan.h"
#include "registry.h"

int gecl_plan_root(const gecl_plan *p, int v)
{
    while (v >= 0 && p->values[v].alias >= 0) v = p->values[v].alias;
    return v;
}

int gecl_plan_value(const gecl_plan *p, gecl_port port)
{
    if (port.node < 0) return -1;
    if ((size_t)port.node >= p->g->n_nodes) return (int)(p->n_node_values + ((size_t)port.node - p->g->n_nodes));
    return p->value_base[port.node] + port.output;
}

static void free_launches(gecl_launch *l, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(l[i].prelude);
        free(l[i].body);
    }
    free(l);
}

void gecl_plan_free(gecl_plan *p)
{
    if (!p) return;
    free_launches(p->launches, p->n_launches);
    free_launches(p->init_launches, p->n_init_launches);
    free(p->values);
    free(p->value_base);
    free(p->input_values);
    free(p->output_values);
    free(p->input_descs);
    free(p->output_descs);
    free(p->input_staging);
    free(p->output_staging);
    gecl_graph_destroy(p->g);
    free(p);
}

/* The launch among L's new ones [from, n) that writes `port`. */
static gecl_launch *writer_of(gecl_lower *L, size_t from, gecl_port port)
{
    for (size_t i = L->n_launches; i-- > from;)
        for (size_t a = 0; a < L->launches[i].n_args; a++)
            if (L->launches[i].args[a].is_output && L->launches[i].args[a].port.node == port.node &&
                L->launches[i].args[a].port.output == port.output)
                return &L->launches[i];
    return NULL;
}

gecl_status gecl_lower_none(gecl_lower *L, const gecl_node *n)
{
    (void)L;
    return gecl_node_fail(n, "internal: op kind without a kernel reached lowering");
}

static gecl_status lower_all(gecl_lower *L, const char *live, const int32_t *group)
{
    const gecl_graph *g = L->g;
    for (size_t k = 0; k < g->n_nodes; k++) {
        int32_t id = g->order[k];
        const gecl_node *n = &g->nodes[id];
        if (!live[id] || group[id] != id) continue;
        int32_t anchor = -1;
        for (size_t m = 0; m < g->n_nodes; m++)
            if (group[m] == id && gecl_op_info_get(g->nodes[m].op)->kind == GECL_KIND_ANCHOR) anchor = (int32_t)m;
        gecl_status rc;
        if (gecl_op_operands(n->op) > 0) { /* elementwise */
            if (anchor < 0) {
                rc = gecl_codegen_group(L, group, id, -1, NULL);
            } else {
                size_t from = L->n_launches;
                const gecl_node *an = &g->nodes[anchor];
                if ((rc = gecl_op_lower[an->op](L, an))) return rc;
                gecl_launch *al = writer_of(L, from, gecl_node_port(g, an));
                if (!al || !al->epilogue)
                    return gecl_node_fail(an, "internal: its kernel takes no epilogue but one was fused");
                rc = gecl_codegen_group(L, group, id, anchor, al);
            }
        } else {
            rc = gecl_op_lower[n->op](L, n); /* kinds without a kernel do not reach here */
        }
        if (rc) return rc;
    }
    return GECL_SUCCESS;
}

/* Numbers the values: node i's outputs from value_base[i], then scratch, then output copies. */
static gecl_status number_values(gecl_plan *p, const gecl_lower *L)
{
    const gecl_graph *g = p->g;
    p->value_base = malloc((g->n_nodes + 1) * sizeof *p->value_base);
    if (!p->value_base) return gecl_ge_oom();
    size_t nv = 0;
    for (size_t i = 0; i < g->n_nodes; i++) {
        p->value_base[i] = (int32_t)nv;
        nv += g->nodes[i].n_outputs;
    }
    p->n_node_values = nv;
    p->n_values = nv + L->n_scratch + g->n_outputs; /* room for output copies */
    p->values = calloc(p->n_values + 1, sizeof *p->values);
    if (!p->values) return gecl_ge_oom();
    for (size_t i = 0; i < p->n_values; i++) {
        p->values[i].alias = -1;
        p->values[i].first = -1;
    }
    return GECL_SUCCESS;
}

static gecl_status make_values(gecl_plan *p, const gecl_lower *L, const char *live, const int32_t *group)
{
    const gecl_graph *g = p->g;
    gecl_status rc = number_values(p, L);
    if (rc) return rc;
    for (size_t i = 0; i < g->n_nodes; i++) {
        const gecl_node *n = &g->nodes[i];
        const gecl_op_kind kind = gecl_op_info_get(n->op)->kind;
        for (size_t k = 0; k < n->n_outputs; k++) {
            gecl_value *v = &p->values[p->value_base[i] + k];
            v->desc = n->outs[k];
            v->bytes = gecl_desc_bytes(&v->desc);
            if (!live[i]) continue;
            if (n->op == GECL_OP_DATA) {
                v->store = GECL_STORE_INPUT;
                v->index = (size_t)n->index;
            } else if (n->op == GECL_OP_CONST) {
                v->store = GECL_STORE_CONST;
            } else if (kind == GECL_KIND_VIEW) {
                v->alias = gecl_plan_value(p, n->inputs[0]);
            } else if (group[i] == (int32_t)i) {
                v->store = GECL_STORE_ARENA;
            }
        }
    }
    for (size_t k = 0; k < L->n_scratch; k++) {
        gecl_value *v = &p->values[p->n_node_values + k];
        v->bytes = L->scratch[k];
        v->store = L->packed[k] ? GECL_STORE_CONST : GECL_STORE_ARENA;
        v->desc.dtype = GECL_DT_UINT8;
    }
    p->n_values = p->n_node_values + L->n_scratch;
    return GECL_SUCCESS;
}

/* Graph outputs are written straight into the caller's buffers when the producing launch can
 * do it; inputs, constants and tensors already bound to another output are copied. */
static gecl_status bind_outputs(gecl_plan *p, gecl_lower *L)
{
    for (size_t j = 0; j < p->n_outputs; j++) {
        const gecl_port out = p->g->outputs[j];
        int v = gecl_plan_value(p, out), r = gecl_plan_root(p, v);
        p->output_descs[j] = p->values[v].desc;
        if (p->values[r].store == GECL_STORE_ARENA) {
            p->values[r].store = GECL_STORE_OUTPUT;
            p->values[r].index = j;
            p->output_values[j] = v;
            continue;
        }
        int c = (int)p->n_values++;
        p->values[c].desc = p->values[v].desc;
        p->values[c].bytes = p->values[v].bytes;
        p->values[c].store = GECL_STORE_OUTPUT;
        p->values[c].index = j;
        p->output_values[j] = c;
        gecl_launch *l = gecl_lower_add(L, NULL, NULL, NULL);
        if (!l) return gecl_ge_oom();
        /* The copy's destination is an extra value: its port numbers it after the graph's nodes. */
        gecl_port dst = {(int32_t)(p->g->n_nodes + ((size_t)c - p->n_node_values)), 0};
        gecl_launch_arg(l, out, 0);
        gecl_launch_arg(l, dst, 1);
        l->copy_bytes = p->values[v].bytes;
    }
    return GECL_SUCCESS;
}

static void lifetimes(gecl_plan *p)
{
    /* Init launches touch constants only, which the arena plan ignores: only mark them used. */
    for (size_t s = 0; s < p->n_init_launches; s++)
        for (size_t a = 0; a < p->init_launches[s].n_args; a++) {
            gecl_value *v = &p->values[gecl_plan_root(p, gecl_plan_value(p, p->init_launches[s].args[a].port))];
            if (v->first < 0) v->first = v->last = 0;
        }
    for (size_t s = 0; s < p->n_launches; s++) {
        const gecl_launch *l = &p->launches[s];
        for (size_t a = 0; a < l->n_args; a++) {
            int r = gecl_plan_root(p, gecl_plan_value(p, l->args[a].port));
            gecl_value *v = &p->values[r];
            if (v->first < 0) v->first = (int)s;
            v->last = (int)s;
        }
    }
}

static gecl_status io_tables(gecl_plan *p)
{
    const gecl_graph *g = p->g;
    for (size_t i = 0; i < g->n_nodes; i++) p->n_inputs += g->nodes[i].op == GECL_OP_DATA;
    p->n_outputs = g->n_outputs;
    p->input_values = calloc(p->n_inputs + 1, sizeof *p->input_values);
    p->input_descs = calloc(p->n_inputs + 1, sizeof *p->input_descs);
    p->input_staging = calloc(p->n_inputs + 1, sizeof *p->input_staging);
    p->output_values = calloc(p->n_outputs + 1, sizeof *p->output_values);
    p->output_descs = calloc(p->n_outputs + 1, sizeof *p->output_descs);
    p->output_staging = calloc(p->n_outputs + 1, sizeof *p->output_staging);
    if (!p->input_values || !p->input_descs || !p->input_staging || !p->output_values || !p->output_descs ||
        !p->output_staging)
        return gecl_ge_oom();
    for (size_t i = 0; i < g->n_nodes; i++)
        if (g->nodes[i].op == GECL_OP_DATA) {
            p->input_values[g->nodes[i].index] = (int32_t)i;
            p->input_descs[g->nodes[i].index] = g->nodes[i].outs[0];
        }
    return GECL_SUCCESS;
}

static void layout_buffers(gecl_plan *p)
{
    size_t c = 0, s = 0;
    for (size_t i = 0; i < p->n_values; i++) {
        gecl_value *v = &p->values[i];
        if (v->store == GECL_STORE_CONST && v->first >= 0) {
            v->offset = c;
            c += gecl_align_up(v->bytes);
        }
        if (v->store == GECL_STORE_ARENA && v->first >= 0 && i < p->n_node_values) p->intermediate_bytes += v->bytes;
    }
    p->const_bytes = c;
    for (size_t k = 0; k < p->n_inputs; k++) {
        p->input_staging[k] = s;
        s += gecl_align_up(gecl_desc_bytes(&p->input_descs[k]));
    }
    for (size_t j = 0; j < p->n_outputs; j++) {
        p->output_staging[j] = s;
        s += gecl_align_up(gecl_desc_bytes(&p->output_descs[j]));
    }
    p->staging_bytes = s;
    p->arena_bytes = gecl_plan_memory(p);
}

static gecl_status check_launch(const gecl_launch *l, size_t s)
{
    const char *what = l->kernel ? l->kernel : "copy";
    if (l->options_overflow)
        return gecl_ge_fail(GECL_FAILED, "internal: launch %zu (%s, node %d) needs build options longer than %zu "
                            "bytes", s, what, l->node, sizeof l->options - 1);
    if (l->n_args > GECL_LAUNCH_MAX_ARGS || l->n_scalars > GECL_LAUNCH_MAX_SCALARS || (l->kernel && l->work_dim == 0))
        return gecl_ge_fail(GECL_FAILED, "internal: launch %zu (%s) is malformed", s, what);
    return GECL_SUCCESS;
}

static gecl_status check_launches(const gecl_plan *p)
{
    for (size_t s = 0; s < p->n_init_launches; s++) {
        const gecl_launch *l = &p->init_launches[s];
        gecl_status rc = check_launch(l, s);
        if (rc) return rc;
        if (!l->kernel || l->status_slot) return gecl_ge_fail(GECL_FAILED, "internal: init launch %zu is malformed", s);
        for (size_t a = 0; a < l->n_args; a++) /* runs once: it may read and write constants only */
            if (p->values[gecl_plan_root(p, gecl_plan_value(p, l->args[a].port))].store != GECL_STORE_CONST)
                return gecl_ge_fail(GECL_FAILED, "internal: init launch %zu (%s) uses a tensor that is not a "
                                    "constant", s, l->kernel);
    }
    for (size_t s = 0; s < p->n_launches; s++) {
        gecl_status rc = check_launch(&p->launches[s], s);
        if (rc) return rc;
    }
    return GECL_SUCCESS;
}

static gecl_status build(gecl_plan *p, const gecl_device_desc *dev)
{
    gecl_graph *g = p->g;
    for (size_t i = 0; i < g->n_nodes; i++) { /* before inference folds some into constants */
        const gecl_op_info *info = gecl_op_info_get(g->nodes[i].op);
        p->op_count += info && info->kind != GECL_KIND_SOURCE;
    }
    int changed = 0;
    gecl_status rc = gecl_graph_infer(g);
    if (!rc && !gecl_graph_dynamic(g) && !(rc = gecl_widen_half(g, &changed)) && changed) rc = gecl_graph_infer(g);
    if (!rc && !gecl_graph_dynamic(g) && !(rc = gecl_fold_conv_affine(g, &changed)) && changed) rc = gecl_graph_infer(g);
    if (rc || (rc = io_tables(p))) return rc;
    char *live = malloc(g->n_nodes + 1);
    int32_t *group = malloc((g->n_nodes + 1) * sizeof *group);
    gecl_lower L = {.g = g, .dev = dev};
    if (!live || !group) {
        rc = gecl_ge_oom();
        goto out;
    }
    gecl_mark_live(g, live);
    gecl_fuse(g, live, group);
    if ((rc = lower_all(&L, live, group)) || (rc = make_values(p, &L, live, group))) goto out;
    p->init_launches = L.inits;
    p->n_init_launches = L.n_inits;
    L.inits = NULL;
    L.n_inits = 0;
    p->launches = L.launches; /* bind_outputs may append copies */
    p->n_launches = L.n_launches;
    p->n_status_slots = L.n_status;
    rc = bind_outputs(p, &L);
    p->launches = L.launches;
    p->n_launches = L.n_launches;
    L.launches = NULL;
    L.n_launches = 0;
    if (rc || (rc = check_launches(p))) goto out;
    gecl_plan_in_place(p);
    lifetimes(p);
    layout_buffers(p);
    gecl_plan_place_in_place(p);
out:
    free_launches(L.launches, L.n_launches);
    free_launches(L.inits, L.n_inits);
    free(L.scratch);
    free(L.packed);
    free(live);
    free(group);
    return rc;
}

gecl_status gecl_compile(const gecl_graph *graph, const gecl_device_desc *dev, gecl_plan **out)
{
    gecl_plan *p = calloc(1, sizeof *p);
    if (!p || !(p->g = gecl_graph_clone(graph))) {
        free(p);
        return gecl_ge_oom();
    }
    gecl_status rc = build(p, dev);
    if (rc) {
        gecl_plan_free(p);
        return rc;
    }
    *out = p;
    return GECL_SUCCESS;
}
