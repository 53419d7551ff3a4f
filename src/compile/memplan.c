/* memplan.c: one arena per loaded graph. Values whose lifetimes (first..last launch) overlap
 * must not overlap in memory; the rest share. Greedy by size, largest first, lowest fitting
 * offset: simple and within a few percent of optimal on CNN-shaped graphs. */
#include <stdlib.h>

#include "plan.h"

/* qsort_r keeps concurrent compiles (several sessions) independent. */

static int by_size_desc(const void *a, const void *b, void *ctx)
{
    const gecl_plan *p = ctx;
    size_t sa = p->values[*(const int *)a].bytes, sb = p->values[*(const int *)b].bytes;
    return sa < sb ? 1 : sa > sb ? -1 : *(const int *)a - *(const int *)b;
}

static int overlaps(const gecl_value *a, const gecl_value *b) { return a->first <= b->last && b->first <= a->last; }

size_t gecl_plan_memory(gecl_plan *p)
{
    int *ids = malloc((p->n_values + 1) * sizeof *ids);
    int *placed = malloc((p->n_values + 1) * sizeof *placed);
    size_t n = 0, n_placed = 0, top = 0;
    if (!ids || !placed) { /* fall back: no sharing */
        for (size_t i = 0; i < p->n_values; i++)
            if (p->values[i].store == GECL_STORE_ARENA && p->values[i].first >= 0) {
                p->values[i].offset = top;
                top += gecl_align_up(p->values[i].bytes);
            }
        free(ids);
        free(placed);
        return top;
    }
    for (size_t i = 0; i < p->n_values; i++)
        if (p->values[i].store == GECL_STORE_ARENA && p->values[i].first >= 0) ids[n++] = (int)i;
    qsort_r(ids, n, sizeof *ids, by_size_desc, p);
    for (size_t k = 0; k < n; k++) {
        gecl_value *v = &p->values[ids[k]];
        size_t size = gecl_align_up(v->bytes ? v->bytes : 1), offset = 0;
        for (int moved = 1; moved;) { /* first gap that fits among overlapping placed values */
            moved = 0;
            for (size_t j = 0; j < n_placed; j++) {
                const gecl_value *u = &p->values[placed[j]];
                size_t us = gecl_align_up(u->bytes ? u->bytes : 1);
                if (overlaps(u, v) && offset < u->offset + us && u->offset < offset + size) {
                    offset = u->offset + us;
                    moved = 1;
                }
            }
        }
        v->offset = offset;
        placed[n_placed++] = ids[k];
        if (offset + size > top) top = offset + size;
    }
    free(ids);
    free(placed);
    return top;
}
