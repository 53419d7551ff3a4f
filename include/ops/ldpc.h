/*
 * ldpc.h: a header of CANN's op prototype set (opp/built-in/op_proto/inc), so that programs that
 * include it compile. gecl runs none of the operators CANN declares here and declares none of
 * them yet; a graph that names such an operator (declared by the program's own prototype) fails
 * at CompileGraph with "op <type> is not supported" naming the node (docs/graph.md).
 */
#ifndef GECL_OPS_LDPC_H_
#define GECL_OPS_LDPC_H_

#include "graph/operator.h"
#include "graph/operator_reg.h"

#endif
