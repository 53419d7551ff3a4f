/* in_place.c: copies that need not happen. A launch marked in_place copies the whole of one
 * tensor into a block of another (Concat's inputs when everything before the axis has size 1:
 * SqueezeNet's fire modules join two convs' channels of one image). Where the source is an
 * arena tensor that nothing else places, it becomes that block: its value aliases the
 * destination at the copy's offset, so the launches that compute it write there and the copy
 * goes. SqueezeNet 1.1 loses 16 of its 51 launches this way.
 *
 * Lifetimes and the arena plan then see the destination alone (gecl_plan_root), alive from the
 * first of its parts being computed to the last read of any of them. Once the arena is planned,
 * each part gets its own offset and stops being an alias, so whatever binds tensors (load, run,
 * aclnn) finds it like any other arena tensor. */
#include <stdlib.h>

#include "plan.h"

/* Whether value x may live at byte `offset` of value c: both in the arena, x placed by nothing
 * else (not a view, not already part of another value, not a graph output: those are bound
 * elsewhere) and a node's output, the block starting as aligned as any arena tensor does
 * (kernels may rely on it) and within c. Readers of x between its launch and the copy read the
 * block, which only x's launches write: the copies into c's other blocks do not touch it. */
static int can_alias(const gecl_plan *p, int x, int c, size_t offset)
{
    if (x < 0 || c < 0 || x == c || (size_t)x >= p->n_node_values) return 0;
    const gecl_value *vx = &p->values[x], *vc = &p->values[c];
    if (vx->store != GECL_STORE_ARENA || vx->alias >= 0) return 0;
    if (p->values[gecl_plan_root(p, c)].store != GECL_STORE_ARENA) return 0;
    return offset % GECL_ALIGN == 0 && offset <= vc->bytes && vx->bytes <= vc->bytes - offset;
}

void gecl_plan_in_place(gecl_plan *p)
{
    size_t kept = 0;
    for (size_t s = 0; s < p->n_launches; s++) {
        gecl_launch *l = &p->launches[s];
        int drop = 0;
        if (l->in_place && l->n_args == 2) {
            const int x = gecl_plan_value(p, l->args[0].port), c = gecl_plan_value(p, l->args[1].port);
            drop = can_alias(p, x, c, l->in_place_offset);
            if (drop) {
                p->values[x].alias = c;
                p->values[x].alias_offset = l->in_place_offset;
                p->values[x].in_place = 1;
            }
        }
        if (drop) {
            free(l->prelude);
            free(l->body);
        } else {
            p->launches[kept++] = *l;
        }
    }
    p->n_launches = kept;
}

void gecl_plan_place_in_place(gecl_plan *p)
{
    /* Offsets first (a part of a part sums both offsets), then the aliases go. */
    for (size_t v = 0; v < p->n_values; v++) {
        if (!p->values[v].in_place) continue;
        size_t offset = 0;
        int r = (int)v;
        for (; p->values[r].alias >= 0; r = p->values[r].alias) offset += p->values[r].alias_offset;
        p->values[v].offset = p->values[r].offset + offset;
    }
    for (size_t v = 0; v < p->n_values; v++)
        if (p->values[v].in_place) p->values[v].alias = -1;
}
