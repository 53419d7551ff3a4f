/* tuning.c: the built-in table behind gecl_tuning_for (a device's tuning file, tuning_file.c,
 * overrides it). A CPU device (PoCL) runs each work-item's explicit
 * vectors on one core, so the register tile is sized to the host's vector registers:
 *  - AVX-512 (32 zmm): measured on PoCL 3.1, 2-core AVX-512 EPYC, Debian 12. Large tiles win;
 *    thin reductions (1x1 convolutions with few input channels) and depthwise convolutions did
 *    better with 8-wide vectors and more of them. GEMM (bench_gemm, 2026-12-06): B packed into
 *    panels once it reaches 1 MiB, 8x32 tiles (16 zmm accumulators) and work-groups of 1 x 64
 *    tiles (one B panel shared by 64 row blocks while it sits in L2): 1024^3 from 125 to ~320
 *    GFLOP/s, 2048^3 from 80 to ~345 (OpenBLAS 0.3.21 SkylakeX kernels: ~325 and ~335); 8x16,
 *    12x16, 16x16, 8x48, 12x32, 6x64 tiles and 4x4, 2x8, 8x2, 1x16, 1x32 groups were slower.
 *    Batch-1 rows (gemv): 64 columns a work-item, 0.83-0.91x OpenBLAS's sgemv at 1x2048x1000
 *    (16 columns: 0.74x).
 *  - other CPUs (AVX2's 16 ymm; NEON's 32 128-bit registers hold the same floats): measured on
 *    PoCL 3.1, 2-core AVX2 EPYC (Zen 3, "pthread-haswell"), Debian 12. The AVX-512 tiles spill
 *    there (float16 is two ymm; 8x16 accumulators are all 16 registers): 6x16 GEMM tiles (BLIS's
 *    Haswell shape, 12 accumulators) took 256-1024 GEMMs from 35-37 to 50-68 GFLOP/s, 2x8x4 dot
 *    tiles B-transposed ones from 35 to 60-68, and 8x8 conv tiles the 3x3 convs from 35-38 to
 *    45-55. GEMM work-groups of 1 x 64 tiles, as on AVX-512 (2026-12-07, bench_gemm against
 *    OpenBLAS 0.3.21's Zen kernels): 2048^3 from 0.65x to 0.93-0.97x OpenBLAS's GFLOP/s, 1024^3
 *    0.9-1.08x either way; 4x24, 5x16 and 3x32 tiles and 1 x 32, 2 x 32, 1 x 128 groups were no
 *    better. gemv with 64 columns a work-item: 1x2048x1000 from 0.61-0.75x to 0.79-0.91x sgemv.
 *    Winograd, conv_cov (6 pixels x 16 channels: 12 ymm) and direct stems, ResNet-18 device time
 *    (GECL_PROFILE): 3x3 layers as Winograd 3.2-4.7 ms to 1.4-2.1 ms each (transforms included),
 *    the 7x7 stage as conv_cov 4.5 to 2.0 ms (4x16, 7x16 and 3x32 tiles 2.2-3.4); stems direct
 *    (8x8) against im2col + GEMM: MobileNetV2's 1.34 to 0.75 ms, SqueezeNet's 2.1 to 1.9,
 *    ResNet-18's 4.0 against 6.8; 12x8, 6x16 and 4x24 stem tiles were slower. The thin-conv and
 *    NHWC tiles were not measured; they are sized to keep the accumulators in 8 registers.
 * GPU values are conservative defaults (small tiles keep register pressure low and occupancy up);
 * on an H200 they run at 0.2-0.7x CLBlast (docs/bench.md) until a GPU entry is tuned. */
#include "tuning.h"

#include <string.h>

typedef struct tuning_entry {
    cl_device_type type;      /* matches when (dev->type & type) != 0 */
    const char *name_part;    /* substring of the device name, NULL: any */
    int host_avx512;          /* CPU entries: matches only when this host has AVX-512F */
    gecl_tuning t;
} tuning_entry;

#ifndef PACK_B_CPU
#define PACK_B_CPU ((size_t)1 << 20)
#endif
/* Strided layers up to a 4 MiB im2col matrix win as GEMMs (conv_gemm.c); ResNet-18's 7x7/2 stem
 * (7.4 MB) runs 2x slower that way. */
#define CONV_GEMM_COL_CPU ((size_t)4 << 20)

/* Winograd F(4,3) (conv_winograd.c) on AVX-512, device time per layer with GECL_PROFILE=1
 * (2026-12-07; transforms + 36 GEMMs against the direct kernel): ResNet-18's 3x3 layers at 56x56,
 * 64 channels (196 tiles) 1.18 against 1.30 ms, at 28x28, 128 channels 0.73 against 1.40, at
 * 14x14, 256 channels (16 tiles) 0.80 against 1.05; SqueezeNet 1.1's at 13x13, 64 -> 256
 * channels 0.35 against 0.30, at 27x27 and 55x55 with 32 and 16 input channels 0.37 and 0.67
 * against 0.37 and 0.44: thin GEMMs (K = input channels) do not repay the transforms. */
#ifndef WINO_MIN_CI_CPU
#define WINO_MIN_CI_CPU 64
#endif
#ifndef WINO_MIN_WORK_CPU
#define WINO_MIN_WORK_CPU 4096
#endif

/* Stems (convs of an RGB image: 3 input channels) on AVX-512, device ms with GECL_PROFILE=1
 * (2026-12-07), im2col + GEMM or the 8x16 direct tile against the direct kernel with 16 output
 * channels x 16 pixels a work-item (16 zmm accumulators; each input vector feeds 16 FMAs):
 * SqueezeNet 1.1's 3x3/2, 3 -> 64 at 224 0.71 (0.27 + 0.44) against 0.54-0.60, MobileNetV2's
 * 3x3/2, 3 -> 32 0.60 (0.39 + 0.21) against 0.28-0.35, ResNet-18's 7x7/2, 3 -> 64 1.6 (8x16
 * direct) against 1.25-1.4. 8x8x2, 8x16x2, 24x16, 32x8 and 4x16x4 tiles were slower. */
#ifndef STEM_MAX_CI_CPU
#define STEM_MAX_CI_CPU 4
#endif

/* Output channels as the vector (conv_cov.c) for layers of at most 64 output pixels, on
 * AVX-512, device ms with GECL_PROFILE=1 (2026-12-07, 2 runs each): ResNet-18's 3x3 512 -> 512 at
 * 7x7 1.13-1.48 direct against 0.82-1.03 with 7 pixels x 4 vectors (28 zmm accumulators; 7x3,
 * 8x3, 14x2 and 16x1 0.9-1.16, 7x2 and 4x4 1.4-1.6), its 3x3/2 256 -> 512 0.57 as im2col + GEMM
 * against 0.49-0.54. 1x1 layers (MobileNetV2's 960 -> 160 and 320 -> 1280 at 7x7, ResNet's 1x1/2
 * downsample) were as fast or faster as GEMMs, so they stay GEMMs. */
#ifndef COV_MAX_PIXELS_CPU
#define COV_MAX_PIXELS_CPU 64
#endif

/* On AVX2 (Zen 3, 2026-12-07) conv_cov's 6 pixels x 16 channels (12 ymm accumulators: two
 * filter vectors and six broadcasts feed 12 FMAs a tap, where the direct kernel's 8 channels x 8
 * pixels take nine loads for eight) wins at every plane size, so it takes every NCHW layer with a
 * constant filter that Winograd does not: one-layer models, device ms (GECL_PROFILE=1, 3
 * interleaved rounds of 50 runs; this VM's spread is ~2x, the order within a round held in every
 * round): SqueezeNet's 3x3 16 -> 64 at 55x55 0.69-1.02 against 0.91-1.36 direct, ResNet-18's
 * 3x3/2 64 -> 128 at 56x56 0.98-1.92 against 1.95-2.58 (im2col + GEMM), stems: SqueezeNet's
 * 3x3/2 3 -> 64 0.71-1.56 against 1.20-2.04, ResNet-18's 7x7/2 3.3-4.1 against 4.4-5.0, and
 * only MobileNetV2's 3x3/2 3 -> 32 (two channel blocks) lost, 0.41-0.92 against 0.36-0.84.
 * SqueezeNet 1.1's device time went 10.6-14.5 -> 8.1-10 ms. ResNet's 3x3 stride-1 layers ran
 * as fast either way as Winograd, which keeps them; 1x1 layers stayed GEMMs (as fast within
 * the noise). */
#define COV_MAX_PIXELS_AVX2 ((int64_t)1 << 30)

static const tuning_entry table[] = {
    {CL_DEVICE_TYPE_CPU, NULL, 1, {
        .name = "cpu avx512",
        .gemm = {.rows = 8, .vec = 16, .nvec = 2, .local = {1, 64}},
        .gemv = {.rows = 1, .vec = 16, .nvec = 4, .local = {4, 4}},
        .dot = {.rows = 4, .vec = 16, .nvec = 4, .local = {4, 4}},
        .conv_nchw = {.rows = 8, .vec = 16, .nvec = 1, .local = {4, 4}},
        .conv_nchw_thin = {.rows = 8, .vec = 8, .nvec = 2, .local = {4, 4}},
        .thin_k = 128,
        .conv_nchw_stem = {.rows = 16, .vec = 16, .nvec = 1, .local = {2, 8}},
        .stem_max_ci = STEM_MAX_CI_CPU,
        .dw_nchw = {.rows = 8, .vec = 8, .nvec = 1, .local = {16, 1}},
        .conv_nhwc = {.rows = 8, .vec = 16, .nvec = 1, .local = {4, 4}},
        .dw_nhwc = {.rows = 8, .vec = 8, .nvec = 1, .local = {4, 4}},
        .pad_local = 16,
        .pack_b_bytes = PACK_B_CPU,
        .pack_b_min_k = 256,
        .conv_gemm_pointwise = 1,
        .conv_gemm_col_bytes = CONV_GEMM_COL_CPU,
        .wino_min_ci = WINO_MIN_CI_CPU,
        .wino_min_work = WINO_MIN_WORK_CPU,
        .conv_cov = {.rows = 7, .vec = 16, .nvec = 4, .local = {1, 1}},
        .cov_max_pixels = COV_MAX_PIXELS_CPU,
        .cov_min_k = 256}},
    {CL_DEVICE_TYPE_CPU, NULL, 0, {
        .name = "cpu",
        .gemm = {.rows = 6, .vec = 8, .nvec = 2, .local = {1, 64}},
        .gemv = {.rows = 1, .vec = 8, .nvec = 8, .local = {4, 4}},
        .dot = {.rows = 2, .vec = 8, .nvec = 4, .local = {4, 4}},
        .conv_nchw = {.rows = 8, .vec = 8, .nvec = 1, .local = {4, 4}},
        .conv_nchw_thin = {.rows = 4, .vec = 8, .nvec = 2, .local = {4, 4}},
        .thin_k = 128,
        .conv_nchw_stem = {.rows = 8, .vec = 8, .nvec = 1, .local = {4, 4}},
        .stem_max_ci = STEM_MAX_CI_CPU,
        .dw_nchw = {.rows = 8, .vec = 8, .nvec = 1, .local = {16, 1}},
        .conv_nhwc = {.rows = 8, .vec = 8, .nvec = 1, .local = {4, 4}},
        .dw_nhwc = {.rows = 8, .vec = 8, .nvec = 1, .local = {4, 4}},
        .pad_local = 16,
        .pack_b_bytes = PACK_B_CPU,
        .pack_b_min_k = 256,
        .conv_gemm_pointwise = 1,
        .conv_gemm_col_bytes = CONV_GEMM_COL_CPU,
        .wino_min_ci = WINO_MIN_CI_CPU,
        .wino_min_work = WINO_MIN_WORK_CPU,
        .conv_cov = {.rows = 6, .vec = 16, .nvec = 1, .local = {1, 1}},
        .cov_max_pixels = COV_MAX_PIXELS_AVX2,
        .cov_min_k = 16,
        .gemm_t_max_cols = 256}},
    {CL_DEVICE_TYPE_ALL, NULL, 0, {
        .name = "default (GPU, accelerator)",
        .gemm = {.rows = 4, .vec = 4, .nvec = 1, .local = {16, 4}},
        .gemv = {.rows = 1, .vec = 4, .nvec = 1, .local = {16, 4}},
        .dot = {.rows = 2, .vec = 4, .nvec = 2, .local = {16, 4}},
        .conv_nchw = {.rows = 4, .vec = 4, .nvec = 1, .local = {16, 4}},
        .conv_nchw_thin = {.rows = 4, .vec = 4, .nvec = 1, .local = {16, 4}},
        .thin_k = 0,
        .dw_nchw = {.rows = 2, .vec = 4, .nvec = 1, .local = {16, 4}},
        .conv_nhwc = {.rows = 4, .vec = 4, .nvec = 1, .local = {16, 4}},
        .dw_nhwc = {.rows = 1, .vec = 4, .nvec = 1, .local = {16, 4}},
        .pad_local = 16}},
};

/* A CPU device runs on this host's cores (PoCL), so the host's features are the device's. */
static int host_has_avx512(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") != 0;
#else
    return 0;
#endif
}

const gecl_tuning *gecl_tuning_builtin(const gecl_device_desc *dev)
{
    const size_t count = sizeof table / sizeof table[0];
    for (size_t i = 0; dev && i < count; i++) {
        const tuning_entry *e = &table[i];
        if (!(dev->type & e->type)) continue;
        if (e->name_part && !strstr(dev->name, e->name_part)) continue;
        if (e->host_avx512 && !host_has_avx512()) continue;
        return &e->t;
    }
    return &table[count - 1].t;
}

unsigned gecl_tuning_vec(unsigned want, int64_t extent)
{
    static const unsigned widths[] = {16, 8, 4, 3, 2, 1};
    for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++)
        if (widths[i] <= want && (int64_t)widths[i] <= extent) return widths[i];
    return 1;
}

int gecl_tuning_fast_fma(const gecl_device_desc *dev)
{
    if (!dev || !(dev->type & CL_DEVICE_TYPE_CPU)) return 1;   /* GPUs and accelerators: native */
    /* A CPU device runs on this host's cores. */
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("fma") != 0;
#elif defined(__aarch64__)
    return 1;
#else
    return 0;
#endif
}

/* A work-group extent of at most `want` over `extent` items that wastes little when the grid is
 * rounded up: as many groups as `want` needs, each as even as multiples of `quantum` allow
 * (72 items at 64 per group: 2 groups of 40, not 2 of 64 with 56 idle work-items). */
static size_t balanced(size_t want, size_t extent)
{
    if (want == 0) want = 1;
    if (extent <= want) return extent ? extent : 1;
    const size_t groups = (extent + want - 1) / want, quantum = want % 8 == 0 ? 8 : want % 4 == 0 ? 4 : 1;
    const size_t even = (extent + groups - 1) / groups;
    const size_t l = (even + quantum - 1) / quantum * quantum;
    return l < want ? l : want;
}

#define MIN_GROUP_ITEMS 16 /* see gecl_tuning_grid */
#define MIN_GROUPS 8       /* ... and never fewer groups than this along dim 0 for it */

void gecl_tuning_grid(const unsigned local[2], const size_t extent[3], size_t global[3], size_t lsize[3])
{
    const size_t want0 = local[0] ? local[0] : 1, want1 = local[1] ? local[1] : 1;
    size_t l0 = balanced(want0, extent[0]);
    /* A narrow dim 0 leaves its share of the group to dim 1; a narrow dim 1 leaves dim 0 enough
     * of its share to make MIN_GROUP_ITEMS work-items, within the table's group size: a group of
     * a few work-items costs PoCL a dispatch for little work (MobileNetV2's 32->16 1x1 layer as
     * GEMM was 784 groups of 3, 0.43 -> 0.29 ms as groups of 18), while the whole share makes
     * too few groups to balance over the cores (13 x 16 blocks in groups of 4 x 16; the batch-1
     * row's 16 column blocks as one group ran on one core). */
    const size_t l1 = balanced(want1 * (want0 / (want0 < extent[0] ? want0 : l0)), extent[1]);
    const size_t target = want0 * want1 < MIN_GROUP_ITEMS ? want0 * want1 : MIN_GROUP_ITEMS;
    if (l0 == want0 && l0 * l1 < target && extent[0] / MIN_GROUPS > l0) {
        const size_t wide = (target + l1 - 1) / l1, most = extent[0] / MIN_GROUPS;
        l0 = balanced(wide < most ? wide : most, extent[0]);
    }
    lsize[0] = l0;
    lsize[1] = l1;
    lsize[2] = 1;
    global[0] = (extent[0] + l0 - 1) / l0 * l0;
    global[1] = (extent[1] + l1 - 1) / l1 * l1;
    global[2] = extent[2] ? extent[2] : 1;
}

size_t gecl_tuning_local_1d(const gecl_device_desc *d, size_t items)
{
    size_t local = d && (d->type & CL_DEVICE_TYPE_CPU) ? 64 : 128;
    if (d && d->max_work_group && local > d->max_work_group) local = d->max_work_group;
    size_t need = (items + 7) / 8 * 8;
    return need < local ? need : local;
}

int gecl_tuning_copy_vec(int64_t len, size_t esize, size_t max_bytes)
{
    for (int v = 16; v > 1; v /= 2)
        if (len % v == 0 && (size_t)v * esize <= max_bytes) return v;
    return 1;
}

const char *gecl_tuning_move_type(size_t size)
{
    switch (size) {
    case 1: return "uchar";
    case 2: return "ushort";
    case 4: return "uint";
    case 8: return "ulong";
    default: return NULL;
    }
}
