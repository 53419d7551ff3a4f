/*
 * ops_proto_legacy.h: the newer CANN layout's mandatory prototype header
 * (opp/built-in/op_graph/inc). gecl has one set of prototypes, so this is all of them.
 */
#ifndef GECL_OPS_OPS_PROTO_LEGACY_H_
#define GECL_OPS_OPS_PROTO_LEGACY_H_

#include "all_ops.h"

#endif
