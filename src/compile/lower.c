/* lower.c: the lowering context handed to ops' lower functions (launch.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower_ctx.h"

const gecl_device_desc *gecl_lower_device(const gecl_lower *L) { return L->dev; }
const gecl_graph *gecl_lower_graph(const gecl_lower *L) { return L->g; }

gecl_status gecl_lower_need_fp64(const gecl_lower *L, const gecl_node *n)
{
    if (!L->dev || L->dev->fp64) return GECL_SUCCESS;
    return gecl_node_fail(n, "computes in DT_DOUBLE, but device '%s' (%s) has no double precision (no cl_khr_fp64); "
                             "use DT_FLOAT on this device",
                          L->dev->name, L->dev->platform);
}

static gecl_launch *append(const gecl_lower *L, gecl_launch **list, size_t *count, size_t *cap,
                           const gecl_node *n, const char *file, const char *kernel)
{
    if (*count == *cap) {
        size_t c = *cap ? 2 * *cap : 32;
        gecl_launch *l = realloc(*list, c * sizeof *l);
        if (!l) return NULL;
        *list = l;
        *cap = c;
    }
    gecl_launch *l = &(*list)[(*count)++];
    memset(l, 0, sizeof *l);
    l->file = file;
    l->kernel = kernel;
    l->node = n ? (int)(n - L->g->nodes) : -1;
    return l;
}

gecl_launch *gecl_lower_add(gecl_lower *L, const gecl_node *n, const char *file, const char *kernel)
{
    return append(L, &L->launches, &L->n_launches, &L->cap_launches, n, file, kernel);
}

gecl_launch *gecl_lower_add_init(gecl_lower *L, const gecl_node *n, const char *file, const char *kernel)
{
    return append(L, &L->inits, &L->n_inits, &L->cap_inits, n, file, kernel);
}

void gecl_launch_arg(gecl_launch *l, gecl_port port, int is_output)
{
    if (l->n_args == GECL_LAUNCH_MAX_ARGS) { /* reported when the plan is checked */
        l->n_args++;
        return;
    }
    if (l->n_args > GECL_LAUNCH_MAX_ARGS) return;
    l->args[l->n_args].port = port;
    l->args[l->n_args++].is_output = is_output;
}

void gecl_launch_define(gecl_launch *l, const char *fmt, ...)
{
    char def[sizeof l->options];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(def, sizeof def, fmt, ap);
    va_end(ap);
    size_t used = strlen(l->options);
    /* A cut definition would build a different kernel: the plan check refuses the launch. */
    if (n < 0 || used + 3 + (size_t)n >= sizeof l->options) {
        l->options_overflow = 1;
        return;
    }
    memcpy(l->options + used, " -D", 3);
    memcpy(l->options + used + 3, def, (size_t)n + 1);
}

void gecl_launch_scalar(gecl_launch *l, int64_t value)
{
    if (l->n_scalars < GECL_LAUNCH_MAX_SCALARS) l->scalars[l->n_scalars] = value;
    if (l->n_scalars <= GECL_LAUNCH_MAX_SCALARS) l->n_scalars++; /* one past: refused by the plan check */
}

void gecl_lower_status(gecl_lower *L, gecl_launch *l)
{
    l->status_slot = ++L->n_status;
    gecl_launch_define(l, "IX_CHECK");
}

static gecl_port add_scratch(gecl_lower *L, size_t bytes, unsigned char packed)
{
    gecl_port p = {GECL_NO_PORT_NODE, 0};
    size_t *s = realloc(L->scratch, (L->n_scratch + 1) * sizeof *s);
    if (s) L->scratch = s;
    unsigned char *k = s ? realloc(L->packed, L->n_scratch + 1) : NULL;
    if (!k) return p;
    L->packed = k;
    s[L->n_scratch] = bytes;
    k[L->n_scratch] = packed;
    p.node = (int32_t)(L->g->n_nodes + L->n_scratch++);
    return p;
}

gecl_port gecl_lower_scratch(gecl_lower *L, size_t bytes) { return add_scratch(L, bytes, 0); }

gecl_port gecl_lower_packed(gecl_lower *L, size_t bytes) { return add_scratch(L, bytes, 1); }

gecl_port gecl_node_port(const gecl_graph *g, const gecl_node *n)
{
    gecl_port p = {(int32_t)(n - g->nodes), 0};
    return p;
}
