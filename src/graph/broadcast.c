/* broadcast.c: where an elementwise op's input elements sit in its output (numpy broadcasting,
 * and BiasAdd's bias along the channel axis), for kernels and for folding. */
#include "registry.h"

void gecl_ew_input_strides(const gecl_graph *g, const gecl_node *n, size_t i, const gecl_tensor_desc *out,
                           int64_t *strides)
{
    gecl_tensor_desc in = *gecl_input_desc(g, n, i);
    if (n->op == GECL_OP_BIAS_ADD && i == 1) { /* bias [C] along the channel axis of x */
        int64_t c = in.dims[0];
        int axis = gecl_bias_add_axis(n, out->ndim);
        in.ndim = out->ndim;
        for (uint32_t k = 0; k < in.ndim; k++) in.dims[k] = (int)k == axis ? c : 1;
    }
    int64_t is[GECL_MAX_DIMS];
    gecl_desc_strides(&in, is);
    for (uint32_t k = 0; k < out->ndim; k++) {
        int j = (int)k - (int)(out->ndim - in.ndim);
        strides[k] = j >= 0 && in.dims[j] != 1 ? is[j] : 0;
    }
}
