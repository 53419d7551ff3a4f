/* io_names.c: a graph's inputs and outputs by name (the Data nodes' names; output names an
 * importer sets from the model), and the public copy. */
#include <stdlib.h>
#include <string.h>

#include "ge_error.h"
#include "ir.h"

void gecl_graph_clear_output_names(gecl_graph *g)
{
    if (!g->output_names) return;
    for (size_t i = 0; i < g->n_outputs; i++) free(g->output_names[i]);
    free(g->output_names);
    g->output_names = NULL;
}

static int set_names(gecl_graph *g, const char *const *names)
{
    char **v = calloc(g->n_outputs + 1, sizeof *v);
    if (!v) return -1;
    for (size_t i = 0; i < g->n_outputs; i++)
        if (names[i] && !(v[i] = strdup(names[i]))) {
            for (size_t k = 0; k < i; k++) free(v[k]);
            free(v);
            return -1;
        }
    gecl_graph_clear_output_names(g);
    g->output_names = v;
    return 0;
}

int gecl_graph_copy_output_names(gecl_graph *d, const gecl_graph *s)
{
    return s->output_names ? set_names(d, (const char *const *)s->output_names) : 0;
}

gecl_status gecl_graph_set_output_names(gecl_graph *graph, size_t count, const char *const *names)
{
    GECL_ENTER();
    GECL_GE_ARG(graph, "graph must not be NULL");
    GECL_GE_ARG(names, "names must not be NULL");
    if (count != graph->n_outputs)
        return gecl_ge_fail(GECL_PARAM_INVALID, "graph '%s' has %zu outputs, %zu names given", graph->name,
                            graph->n_outputs, count);
    return set_names(graph, names) ? gecl_ge_oom() : GECL_SUCCESS;
}

const char *gecl_graph_output_name(const gecl_graph *graph, size_t index)
{
    if (!graph || !graph->output_names || index >= graph->n_outputs) return NULL;
    return graph->output_names[index];
}

size_t gecl_graph_output_count(const gecl_graph *graph) { return graph ? graph->n_outputs : 0; }

size_t gecl_graph_input_count(const gecl_graph *graph)
{
    size_t n = 0;
    for (size_t i = 0; graph && i < graph->n_nodes; i++) n += graph->nodes[i].op == GECL_OP_DATA;
    return n;
}

gecl_status gecl_graph_input(const gecl_graph *graph, int64_t index, const char **name, gecl_tensor_desc *desc)
{
    GECL_ENTER();
    GECL_GE_ARG(graph, "graph must not be NULL");
    int32_t node;
    gecl_status rc = gecl_graph_input_node(graph, index, &node); /* CANN's numbering (infer.c) */
    if (rc) return rc;
    if (node >= 0) {
        const gecl_node *n = &graph->nodes[node];
        if (name) *name = n->name;
        if (desc) *desc = n->outs[0];
        return GECL_SUCCESS;
    }
    return gecl_ge_fail(GECL_PARAM_INVALID, "graph '%s' has no input %lld", graph->name, (long long)index);
}

gecl_status gecl_graph_copy(const gecl_graph *graph, gecl_graph **copy)
{
    GECL_ENTER();
    GECL_GE_ARG(graph, "graph must not be NULL");
    GECL_GE_ARG(copy, "copy must not be NULL");
    *copy = gecl_graph_clone(graph);
    return *copy ? GECL_SUCCESS : gecl_ge_oom();
}

size_t gecl_graph_node_count(const gecl_graph *graph) { return graph ? graph->n_nodes : 0; }

const char *gecl_graph_node_type(const gecl_graph *graph, size_t index)
{
    return graph && index < graph->n_nodes ? graph->nodes[index].type : NULL;
}
