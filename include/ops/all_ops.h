/*
 * all_ops.h: every operator prototype gecl runs, as CANN's umbrella header of the same name
 * (samples write #include "all_ops.h"). gecl's set: array, elementwise, activation, matrix,
 * convolution, softmax, pooling, transpose, concat, selection, padding and image operators,
 * reductions and arg max/min.
 */
#ifndef GECL_OPS_ALL_OPS_H_
#define GECL_OPS_ALL_OPS_H_

#include "array_ops.h"
#include "elewise_calculation_ops.h"
#include "image_ops.h"
#include "matrix_calculation_ops.h"
#include "nn_calculation_ops.h"
#include "nn_norm_ops.h"
#include "nn_pooling_ops.h"
#include "nonlinear_fuc_ops.h"
#include "reduce_ops.h"
#include "pad_ops.h"
#include "selection_ops.h"
#include "split_combination_ops.h"
#include "transformation_ops.h"

#endif
