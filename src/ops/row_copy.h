/* row_copy.h: moving rows of elements between a narrow tensor and its slice of a wider one, the
 * launch behind Concat (narrow inputs into the output) and Split (slices of the input into narrow
 * outputs). Any dtype: elements move as unsigned integers of their size (kernels/concat.cl). */
#ifndef GECL_OPS_ROW_COPY_H
#define GECL_OPS_ROW_COPY_H

#include "ir.h"
#include "launch.h"

/* `rows` rows of `len` elements on the narrow side; on the wide side row r starts at element
 * r * wide_len + at. gather = 0: narrow -> wide (Concat); 1: wide -> narrow (Split). */
typedef struct gecl_row_copy {
    int64_t rows, len, wide_len, at;
    int gather;
} gecl_row_copy;

/* Appends the launch copying `src` into `dst` for node n. */
gecl_status gecl_lower_row_copy(gecl_lower *L, const gecl_node *n, gecl_port src, gecl_port dst, size_t esize,
                                const gecl_row_copy *rc);

#endif
