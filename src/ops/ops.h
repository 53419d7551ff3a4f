/* ops.h: the inference and lowering functions of the ops with their own kernels, named in
 * op_table.h's infer and lower columns. */
#ifndef GECL_OPS_OPS_H
#define GECL_OPS_OPS_H

#include "launch.h"
#include "plan.h"
#include "registry.h"

gecl_status gecl_infer_conv2d(const gecl_graph *g, gecl_node *n);
gecl_status gecl_infer_matmul(const gecl_graph *g, gecl_node *n);
gecl_status gecl_infer_batch_matmul(const gecl_graph *g, gecl_node *n);
gecl_status gecl_infer_pool(const gecl_graph *g, gecl_node *n);
gecl_status gecl_infer_transpose(const gecl_graph *g, gecl_node *n);
gecl_status gecl_infer_concat(const gecl_graph *g, gecl_node *n);
gecl_status gecl_infer_softmax(const gecl_graph *g, gecl_node *n);
gecl_status gecl_infer_split(const gecl_graph *g, gecl_node *n);

gecl_status gecl_lower_conv2d(gecl_lower *L, const gecl_node *n);
gecl_status gecl_lower_matmul(gecl_lower *L, const gecl_node *n);
gecl_status gecl_lower_batch_matmul(gecl_lower *L, const gecl_node *n);
gecl_status gecl_lower_pool(gecl_lower *L, const gecl_node *n);
gecl_status gecl_lower_transpose(gecl_lower *L, const gecl_node *n);
gecl_status gecl_lower_concat(gecl_lower *L, const gecl_node *n);
gecl_status gecl_lower_softmax(gecl_lower *L, const gecl_node *n);
gecl_status gecl_lower_split(gecl_lower *L, const gecl_node *n);

void gecl_fold_transpose(const gecl_graph *g, const gecl_node *n, void *dst);

#endif
