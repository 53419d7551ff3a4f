/* lower_ctx.h: the lowering context (private to src/compile). */
#ifndef GECL_COMPILE_LOWER_CTX_H
#define GECL_COMPILE_LOWER_CTX_H

#include "launch.h"

struct gecl_lower {
    const gecl_graph *g;
    const gecl_device_desc *dev;
    gecl_launch *launches;
    size_t n_launches, cap_launches;
    size_t *scratch;          /* bytes of scratch value g->n_nodes + k */
    size_t n_scratch;
    unsigned n_status;        /* status slots given out (gecl_lower_status) */
};

#endif
