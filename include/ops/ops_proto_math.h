/* ops_proto_math.h: math prototypes in CANN's newer layout (elementwise arithmetic, Cast). */
#ifndef GECL_OPS_OPS_PROTO_MATH_H_
#define GECL_OPS_OPS_PROTO_MATH_H_

#include "elewise_calculation_ops.h"

#endif
