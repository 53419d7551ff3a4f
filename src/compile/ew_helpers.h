/* ew_helpers.h: OpenCL definitions of the name_T helpers that op_table.h's expressions call
 * where float and integer types need different code (pow, mod, shifts); fold.c has their C
 * twins over doubles. */
#ifndef GECL_COMPILE_EW_HELPERS_H
#define GECL_COMPILE_EW_HELPERS_H

#include "sbuf.h"

/* Appends the definition of `name`_`type` ("gecl_pow" + "int": gecl_pow_int) for compute type
 * `type` (codegen's names: float, double, char, uchar, ... ulong). -1 when there is none for
 * that type (inference refuses such dtypes: an internal error). */
int gecl_ew_helper_define(sbuf *s, const char *name, const char *type);

#endif
