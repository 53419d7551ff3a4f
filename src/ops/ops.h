/* ops.h: what the ops see. The functions op_table.h names need no prototype here: registry.h
 * declares the infer column from the table, launch.h the lower column, registry.h the fold column too,
 * each in the layer that owns the function type. */
#ifndef GECL_OPS_OPS_H
#define GECL_OPS_OPS_H

#include "launch.h"
#include "plan.h"
#include "registry.h"

/* A GEMM another op reduces to (Conv2D, conv_gemm.c): out[i][m][cols] = a[m][k] b[i][k][cols]
 * (+ bias[m]) for i < batch, every product sharing a; row-major, batch outermost. Ports as
 * gecl_launch_arg takes them (scratch included); bias.node < 0: none. The launch takes node n's
 * fused epilogue, indexed by out's elements. panel_cols > 0: each b[i] is already packed the way
 * gemm_pack_b packs it (kernels/matmul.cl), in panels of gecl_gemm_panel_cols(L, m, cols). */
typedef struct gecl_gemm {
    int64_t m, k, cols, batch;
    gecl_port a, b, bias, out;
    int64_t panel_cols;
    int64_t a_batch;   /* > 1: a holds a_batch matrices, product i uses a[i % a_batch] (batch is a
                        * multiple of it; Winograd's 36 products per image) */
} gecl_gemm;

gecl_status gecl_lower_gemm(gecl_lower *L, const gecl_node *n, const gecl_gemm *d); /* matmul.c */
/* Columns per B panel gemm_nn reads for an m x cols product on L's device when B comes packed;
 * 0: the device reads B in place. */
int64_t gecl_gemm_panel_cols(const gecl_lower *L, int64_t m, int64_t cols);

#endif
