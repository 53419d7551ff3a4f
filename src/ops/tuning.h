/* tuning.h: tile and work-group parameters of the Conv2D and MatMul kernels per device class
 * (design.md decision 6: kernel choice is data). Lowering reads them; nothing else depends on the
 * values, so a tuning tool can replace the table without touching code. */
#ifndef GECL_OPS_TUNING_H
#define GECL_OPS_TUNING_H

#include <stdint.h>
#include <stdio.h>

#include "gecl/gecl_rt.h"

/* The block of output one work-item holds in registers: `rows` x `nvec` vectors of `vec`
 * elements (a native OpenCL floatN, N in 1, 2, 3, 4, 8, 16). What rows and vectors stand for
 * depends on the kernel (see each field of gecl_tuning). */
typedef struct gecl_tile {
    unsigned rows;     /* accumulator rows per work-item */
    unsigned vec;      /* vector width (elements) */
    unsigned nvec;     /* vectors per row */
    unsigned local[2]; /* work-group shape over the two tile dimensions (dim 0, dim 1) */
} gecl_tile;

typedef struct gecl_tuning {
    const char *name;         /* for logs and the tuning tool */
    gecl_tile gemm;           /* gemm_nn: rows of C x nvec vectors of C columns */
    gecl_tile gemv;           /* gemm_nn when M < gemm.rows: its vec and local (rows = M) */
    gecl_tile dot;            /* gemm_nt: rows of A x nvec rows of B^T; vec: K chunk */
    gecl_tile conv_nchw;      /* conv2d_nchw: output channels x nvec vectors of output pixels */
    gecl_tile conv_nchw_thin; /* conv2d_nchw when the reduction CIG*KH*KW is below thin_k */
    unsigned thin_k;
    gecl_tile conv_nchw_stem; /* conv2d_nchw when the input has at most stem_max_ci channels per
                               * group (an image's RGB): direct, never im2col + GEMM */
    int64_t stem_max_ci;      /* 0: no stem tile */
    gecl_tile dw_nchw;        /* conv2d_dw_nchw: output rows x one vector of output pixels */
    gecl_tile conv_nhwc;      /* conv2d_nhwc: output pixels x one vector of output channels */
    gecl_tile dw_nhwc;        /* conv2d_dw_nhwc: output pixels x one vector of channels */
    unsigned pad_local;       /* conv2d_pad: work-group size (one padded row per work-item) */
    size_t pack_b_bytes;      /* gemm_nn: B of at least this many bytes is packed into panels first
                               * (gemm_pack_b), and im2col writes panels; 0: never */
    int64_t pack_b_min_k;     /* ... and only when it has at least this many rows (K) */
    int conv_gemm_pointwise;  /* NCHW 1x1 stride-1 unpadded Conv2D runs as a GEMM (conv_gemm.c) */
    size_t conv_gemm_col_bytes; /* strided NCHW Conv2D runs as im2col + GEMM when an image's
                                 * im2col matrix takes at most this many bytes; 0: never */
    int64_t wino_min_ci;      /* 3x3 stride-1 NCHW Conv2D with a constant filter runs as Winograd
                               * F(4,3) (conv_winograd.c) with at least this many input channels
                               * (0: never) ... */
    int64_t wino_min_work;    /* ... and input channels x 4x4 output tiles per image at least this */
    gecl_tile conv_cov;       /* conv2d_cov: rows output pixels x nvec vectors of 16 output channels */
    int64_t cov_max_pixels;   /* NCHW Conv2D with a constant OIHW filter, one group and at most this
                               * many output pixels per image runs as conv2d_cov (0: never) ... */
    int64_t cov_min_k;        /* ... when CI * KH * KW is at least this */
    int64_t gemm_t_max_cols;  /* a GEMM whose A is a constant (a 1x1 Conv2D's filter) and whose C has
                               * at most this many columns (pixels) computes C^T instead: the
                               * channels become the vector dimension (matmul.c); 0: never */
} gecl_tuning;

/* The parameters for a device: its tuning table when `gecl tune` wrote one (or GECL_TUNING_FILE
 * names one) and it reads back whole, else the built-in table's first entry whose type and name
 * match. Never NULL; the pointer stays valid for the process's life. */
const gecl_tuning *gecl_tuning_for(const gecl_device_desc *dev);

/* The built-in table's entry for a device (tuning.c), whatever a tuning file says. */
const gecl_tuning *gecl_tuning_builtin(const gecl_device_desc *dev);

/* Tuning tables as text (tuning_file.c): one field per line, "gemm 6 8 2 1 64" for a tile (rows
 * vec nvec local0 local1), "wino_min_ci 64" for a number, '#' comments. gecl_tuning_parse sets
 * the fields the text names over *t and returns 1; on a bad line it leaves *t alone and returns
 * 0 with "line N: ..." in why. gecl_tuning_write writes every field. */
int gecl_tuning_parse(const char *text, gecl_tuning *t, char *why, size_t cap);
void gecl_tuning_write(FILE *f, const gecl_tuning *t);

/* Where a device's tuning table lives: GECL_TUNING_FILE, else tuning-<hash of platform, vendor,
 * name, driver and version>.txt in the program cache's folder. 0 when there is no such place. */
int gecl_tuning_path(const gecl_device_desc *dev, char *out, size_t cap);

/* Makes t the device's table from now on (NULL: look for its file again on the next
 * gecl_tuning_for). For `gecl tune` trying candidates, and tests; graphs already compiled keep
 * the kernels they were compiled with. Not while other threads compile for the device. */
void gecl_tuning_set(const gecl_device_desc *dev, const gecl_tuning *t);

/* Work-group size of the simple 1-D kernels (pools, softmax, transpose, row copies) by device
 * class. PoCL's CPU device runs a work-group as a loop over its work-items: 64 keeps the
 * per-group cost small (local size 1 is ~10x slower) while leaving enough groups for every core.
 * GPUs want a few wavefronts. Tiny launches get no idle work-items beyond a multiple of 8. */
size_t gecl_tuning_local_1d(const gecl_device_desc *dev, size_t items);

/* The OpenCL type the copy kernels (transpose, row copies) move elements of `size` bytes as:
 * unsigned integers of that size; NULL when there is none. */
const char *gecl_tuning_move_type(size_t size);

/* Widest vector (in elements, 16 down to 1) dividing `len` within `max_bytes` per work-item:
 * the width of the copy kernels' loads and stores. */
int gecl_tuning_copy_vec(int64_t len, size_t esize, size_t max_bytes);

/* Widest OpenCL vector (16, 8, 4, 3, 2 or 1 floats) not above `want` nor `extent`. Tiles never
 * exceed the tensor, which is what lets the kernels shift edge tiles back instead of guarding. */
unsigned gecl_tuning_vec(unsigned want, int64_t extent);

/* Work-group and grid sizes for a 3-D grid of `extent` tiles: the work-group takes up to
 * local[0] x local[1] of dims 0 and 1 (what dim 0 cannot use moves to dim 1) and 1 of dim 2;
 * the grid is rounded up to whole work-groups, so kernels return early past extent[0..1]. */
void gecl_tuning_grid(const unsigned local[2], const size_t extent[3], size_t global[3], size_t lsize[3]);

/* Whether fma() is one instruction on the device. Kernels use it there (it is also exact) and
 * mad() elsewhere, where fma() may be a slow software routine. PoCL does not define
 * FP_FAST_FMAF, so kernels cannot ask the compiler. */
int gecl_tuning_fast_fma(const gecl_device_desc *dev);

#endif
