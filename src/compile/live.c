/* live.c: which nodes a graph's outputs need (the rest are not lowered). */
#include <string.h>

#include "plan.h"

void gecl_mark_live(const gecl_graph *g, char *live)
{
    memset(live, 0, g->n_nodes);
    for (size_t j = 0; j < g->n_outputs; j++) live[g->outputs[j].node] = 1;
    for (size_t k = g->n_nodes; k-- > 0;) {
        const gecl_node *n = &g->nodes[g->order[k]];
        if (!live[g->order[k]]) continue;
        for (size_t i = 0; i < n->n_inputs; i++)
            if (n->inputs[i].node >= 0) live[n->inputs[i].node] = 1;
    }
    /* Data nodes stay: the run binds every declared input. */
    for (size_t i = 0; i < g->n_nodes; i++)
        if (g->nodes[i].op == GECL_OP_DATA) live[i] = 1;
}
