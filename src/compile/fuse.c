/* fuse.c: which nodes share a launch. An elementwise node absorbs an input whose producer is
 * elementwise or an anchor (Conv2D, MatMul...) when that input has no other reader, is not a
 * graph output and has the node's shape: the intermediate then never touches memory. Each group
 * is a tree with at most one anchor, computed by the launch of its final node. */
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "registry.h"


static int is_elementwise(const gecl_node *n)
{
    return gecl_op_operands(n->op) > 0;
}

static void count_readers(const gecl_graph *g, const char *live, int *readers)
{
    memset(readers, 0, g->n_nodes * sizeof *readers);
    for (size_t i = 0; i < g->n_nodes; i++) {
        if (!live[i]) continue;
        for (size_t k = 0; k < g->nodes[i].n_inputs; k++)
            if (g->nodes[i].inputs[k].node >= 0) readers[g->nodes[i].inputs[k].node]++;
    }
    for (size_t j = 0; j < g->n_outputs; j++) readers[g->outputs[j].node] += 1000; /* never absorbed */
}

/* The anchor (Conv2D, MatMul...) in group `root`, or -1. */
static int32_t group_anchor(const gecl_graph *g, const int32_t *group, int32_t root)
{
    for (size_t i = 0; i < g->n_nodes; i++)
        if (group[i] == root && gecl_op_info_get(g->nodes[i].op)->kind == GECL_KIND_ANCHOR) return (int32_t)i;
    return -1;
}

static int group_has_anchor(const gecl_graph *g, const int32_t *group, int32_t root)
{
    return group_anchor(g, group, root) >= 0;
}

static int can_absorb(const gecl_graph *g, const int *readers, const int32_t *group, const gecl_node *n, int32_t p,
                      int32_t self)
{
    const gecl_node *src = &g->nodes[p];
    if (src->n_outputs != 1 || readers[p] != 1 || group[p] != p || !gecl_desc_same_shape(&src->outs[0], &n->outs[0]))
        return 0;
    if (is_elementwise(src)) return !(group_has_anchor(g, group, p) && group_has_anchor(g, group, self));
    if (gecl_op_info_get(src->op)->kind != GECL_KIND_ANCHOR) return 0;
    /* Anchor kernels compute in float and hand the epilogue a float. */
    return src->outs[0].dtype == GECL_DT_FLOAT && n->outs[0].dtype == GECL_DT_FLOAT &&
           !group_has_anchor(g, group, self);
}

/* Merges group `old` into group `self`, unless the merged kernel would read more than
 * GECL_MAX_GROUP_EXTERNALS tensors (counted as codegen counts them: gecl_group_externals); then
 * only the nodes this merge moved go back, so what `self` absorbed before stays with it. */
static void try_merge(const gecl_graph *g, int32_t *group, char *moved, int32_t old, int32_t self)
{
    for (size_t m = 0; m < g->n_nodes; m++) {
        moved[m] = group[m] == old;
        if (moved[m]) group[m] = self;
    }
    if (gecl_group_externals(g, group, self, group_anchor(g, group, self)) <= GECL_MAX_GROUP_EXTERNALS) return;
    for (size_t m = 0; m < g->n_nodes; m++)
        if (moved[m]) group[m] = old;
}

void gecl_fuse(const gecl_graph *g, const char *live, int32_t *group)
{
    int *readers = malloc((g->n_nodes + 1) * sizeof *readers);
    char *moved = malloc(g->n_nodes + 1);
    for (size_t i = 0; i < g->n_nodes; i++) {
        gecl_op_kind k = gecl_op_info_get(g->nodes[i].op)->kind;
        group[i] = live[i] && k != GECL_KIND_SOURCE && k != GECL_KIND_VIEW ? (int32_t)i : -1;
    }
    if (!readers || !moved) { /* no fusion, still correct */
        free(readers);
        free(moved);
        return;
    }
    count_readers(g, live, readers);
    for (size_t k = 0; k < g->n_nodes; k++) {
        int32_t self = g->order[k];
        const gecl_node *n = &g->nodes[self];
        if (!live[self] || !is_elementwise(n)) continue;
        for (size_t i = 0; i < n->n_inputs; i++) {
            int32_t p = n->inputs[i].node;
            if (p >= 0 && can_absorb(g, readers, group, n, p, self)) try_merge(g, group, moved, p, self);
        }
    }
    free(readers);
    free(moved);
}
