/* cltype.h: the OpenCL C type kernels compute a gecl dtype in, for the movement family's kernels
 * that do arithmetic (scatter reductions, Cumsum). */
#ifndef GECL_OPS_CLTYPE_H
#define GECL_OPS_CLTYPE_H

#include "gecl/gecl.h"

/* "float", "double", "int", ... ; NULL for types these kernels do not compute (float16, bool).
 * A double needs cl_khr_fp64: such kernels enable it under -DGECL_FP64=1. */
const char *gecl_cl_arith_type(gecl_dtype t);

#endif
