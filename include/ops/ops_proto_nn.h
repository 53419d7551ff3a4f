/* ops_proto_nn.h: neural-network prototypes in CANN's newer layout (Conv2D, pooling, softmax,
 * activations, matrix products). */
#ifndef GECL_OPS_OPS_PROTO_NN_H_
#define GECL_OPS_OPS_PROTO_NN_H_

#include "matrix_calculation_ops.h"
#include "nn_calculation_ops.h"
#include "nn_norm_ops.h"
#include "nn_pooling_ops.h"
#include "nonlinear_fuc_ops.h"

#endif
