/* profile.c: GECL_PROFILE's per-launch device times (profile.h). Streams are created with
 * CL_QUEUE_PROFILING_ENABLE (docs/runtime.md), so a launch's event carries its start and end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

typedef struct prof_launch {
    cl_event ev;       /* of the run not yet collected */
    double ns;         /* device time over the collected runs */
    int node;
    const char *kernel;
    char global[48];
} prof_launch;

struct gecl_profile {
    char graph[64];
    size_t n;
    prof_launch *l;
    char (*node)[2][64];  /* per launch: node name, op type (copied: the plan may go first) */
    size_t runs;
    double span_ns;       /* first launch's start to last launch's end, over the collected runs */
    int pending;
};

gecl_profile *gecl_profile_new(const gecl_plan *p)
{
    gecl_profile *pr = calloc(1, sizeof *pr);
    if (!pr) return NULL;
    pr->n = p->n_launches;
    pr->l = calloc(pr->n + 1, sizeof *pr->l);
    pr->node = calloc(pr->n + 1, sizeof *pr->node);
    if (!pr->l || !pr->node) {
        gecl_profile_finish(pr);
        return NULL;
    }
    snprintf(pr->graph, sizeof pr->graph, "%s", p->g->name ? p->g->name : "");
    for (size_t s = 0; s < pr->n; s++) {
        const gecl_launch *la = &p->launches[s];
        const gecl_node *nd = la->node >= 0 && (size_t)la->node < p->g->n_nodes ? &p->g->nodes[la->node] : NULL;
        snprintf(pr->node[s][0], sizeof pr->node[s][0], "%s", nd && nd->name ? nd->name : "?");
        snprintf(pr->node[s][1], sizeof pr->node[s][1], "%s", nd && nd->type ? nd->type : "?");
        pr->l[s].kernel = la->kernel ? la->kernel : "(buffer copy)";
        if (!la->kernel)
            snprintf(pr->l[s].global, sizeof pr->l[s].global, "%zu bytes", la->copy_bytes);
        else if (la->work_dim == 1)
            snprintf(pr->l[s].global, sizeof pr->l[s].global, "%zu", la->global[0]);
        else if (la->work_dim == 2)
            snprintf(pr->l[s].global, sizeof pr->l[s].global, "%zux%zu", la->global[0], la->global[1]);
        else
            snprintf(pr->l[s].global, sizeof pr->l[s].global, "%zux%zux%zu", la->global[0], la->global[1],
                     la->global[2]);
    }
    return pr;
}

static void collect(gecl_profile *pr)
{
    if (!pr->pending) return;
    cl_ulong first = ~(cl_ulong)0, last = 0;
    for (size_t s = 0; s < pr->n; s++) {
        cl_event ev = pr->l[s].ev;
        if (!ev) continue;
        cl_ulong t0 = 0, t1 = 0;
        if (clWaitForEvents(1, &ev) == CL_SUCCESS &&
            clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_START, sizeof t0, &t0, NULL) == CL_SUCCESS &&
            clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_END, sizeof t1, &t1, NULL) == CL_SUCCESS && t1 >= t0) {
            pr->l[s].ns += (double)(t1 - t0);
            first = t0 < first ? t0 : first;
            last = t1 > last ? t1 : last;
        }
        clReleaseEvent(ev);
        pr->l[s].ev = NULL;
    }
    if (last >= first) pr->span_ns += (double)(last - first);
    pr->runs++;
    pr->pending = 0;
}

cl_event *gecl_profile_slot(gecl_profile *pr, size_t s)
{
    if (s == 0) collect(pr);
    pr->pending = 1;
    return s < pr->n ? &pr->l[s].ev : NULL;
}

static const gecl_profile *sort_pr; /* qsort has no context argument; finish runs at unload */

static int by_time(const void *a, const void *b)
{
    const double x = sort_pr->l[*(const size_t *)a].ns, y = sort_pr->l[*(const size_t *)b].ns;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* Totals per op type, largest first (a few dozen types at most: quadratic is fine). */
static void print_by_type(const gecl_profile *pr, const size_t *order, double total)
{
    char *done = calloc(pr->n + 1, 1);
    if (!done) return;
    fprintf(stderr, "  by op type:\n");
    for (size_t i = 0; i < pr->n; i++) {
        const size_t s = order[i];
        if (done[s]) continue;
        double ns = 0;
        size_t count = 0;
        for (size_t j = i; j < pr->n; j++)
            if (!done[order[j]] && !strcmp(pr->node[order[j]][1], pr->node[s][1])) {
                done[order[j]] = 1;
                ns += pr->l[order[j]].ns;
                count++;
            }
        fprintf(stderr, "  %-24s %4zu launches %9.3f ms/run %5.1f%%\n", pr->node[s][1], count,
                ns / 1e6 / (double)pr->runs, total > 0 ? 100.0 * ns / total : 0.0);
    }
    free(done);
}

static void report(const gecl_profile *pr)
{
    size_t *order = malloc((pr->n + 1) * sizeof *order);
    if (!order) return;
    double total = 0;
    for (size_t s = 0; s < pr->n; s++) order[s] = s, total += pr->l[s].ns;
    sort_pr = pr;
    qsort(order, pr->n, sizeof *order, by_time);
    /* The span less the launches' own times is what the device spent between them: dispatching
     * (PoCL wakes its worker threads per command) and waiting on the host. */
    const double runs = (double)pr->runs;
    fprintf(stderr, "gecl profile: graph \"%s\", %zu runs, %zu launches, device time %.3f ms/run\n", pr->graph,
            pr->runs, pr->n, total / 1e6 / runs);
    fprintf(stderr, "  first start to last end %.3f ms/run: %.3f ms/run between launches\n", pr->span_ns / 1e6 / runs,
            (pr->span_ns - total) / 1e6 / runs);
    fprintf(stderr, "  %9s %5s %6s  %-20s %-36s %-28s %s\n", "ms/run", "%", "launch", "op", "node", "kernel", "global");
    for (size_t i = 0; i < pr->n; i++) {
        const prof_launch *l = &pr->l[order[i]];
        fprintf(stderr, "  %9.3f %5.1f %6zu  %-20.20s %-36.36s %-28.28s %s\n", l->ns / 1e6 / (double)pr->runs,
                total > 0 ? 100.0 * l->ns / total : 0.0, order[i], pr->node[order[i]][1], pr->node[order[i]][0],
                l->kernel, l->global);
    }
    print_by_type(pr, order, total);
    free(order);
}

void gecl_profile_finish(gecl_profile *pr)
{
    if (!pr) return;
    if (pr->l) {
        collect(pr);
        if (pr->runs && pr->node) report(pr);
    }
    free(pr->l);
    free(pr->node);
    free(pr);
}
