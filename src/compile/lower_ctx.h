/* lower_ctx.h: the lowering context (private to src/compile). */
#ifndef GECL_COMPILE_LOWER_CTX_H
#define GECL_COMPILE_LOWER_CTX_H

#include "launch.h"

struct gecl_lower {
    const gecl_graph *g;
    const gecl_device_desc *dev;
    gecl_launch *launches;
    size_t n_launches, cap_launches;
    gecl_launch *inits;       /* run once when the constants are in place (gecl_lower_add_init) */
    size_t n_inits, cap_inits;
    size_t *scratch;          /* bytes of scratch value g->n_nodes + k */
    unsigned char *packed;    /* per scratch value: 1 when it is a packed constant (gecl_lower_packed) */
    size_t n_scratch;
    unsigned n_status;        /* status slots given out (gecl_lower_status) */
};

#endif
