/* tuning.c: the table behind gecl_tuning_for. CPU values were measured on PoCL 3.1 (2-core AVX-512
 * EPYC, Debian 12): every work-item runs its explicit vectors on one core, so large register
 * tiles win (8x16 GEMM tiles reach ~93 GFLOP/s per core); thin reductions (1x1 convolutions
 * with few input channels) and depthwise convolutions did better with 8-wide vectors and more
 * of them. GPU values are untested conservative defaults (small tiles keep register pressure low
 * and occupancy up) until a tuning run on real hardware refines them. */
#include "tuning.h"

#include <string.h>

typedef struct tuning_entry {
    cl_device_type type;      /* matches when (dev->type & type) != 0 */
    const char *name_part;    /* substring of the device name, NULL: any */
    gecl_tuning t;
} tuning_entry;

static const tuning_entry table[] = {
    {CL_DEVICE_TYPE_CPU, NULL, {
        .name = "cpu",
        .gemm = {.rows = 8, .vec = 16, .nvec = 1, .local = {4, 4}},
        .gemv = {.rows = 1, .vec = 16, .nvec = 1, .local = {4, 4}},
        .dot = {.rows = 4, .vec = 16, .nvec = 4, .local = {4, 4}},
        .conv_nchw = {.rows = 8, .vec = 16, .nvec = 1, .local = {4, 4}},
        .conv_nchw_thin = {.rows = 8, .vec = 8, .nvec = 2, .local = {4, 4}},
        .thin_k = 128,
        .dw_nchw = {.rows = 8, .vec = 8, .nvec = 1, .local = {16, 1}},
        .conv_nhwc = {.rows = 8, .vec = 16, .nvec = 1, .local = {4, 4}},
        .dw_nhwc = {.rows = 8, .vec = 8, .nvec = 1, .local = {4, 4}},
        .pad_local = 16}},
    {CL_DEVICE_TYPE_ALL, NULL, {
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

const gecl_tuning *gecl_tuning_for(const gecl_device_desc *dev)
{
    const size_t count = sizeof table / sizeof table[0];
    for (size_t i = 0; dev && i < count; i++) {
        const tuning_entry *e = &table[i];
        if (!(dev->type & e->type)) continue;
        if (e->name_part && !strstr(dev->name, e->name_part)) continue;
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

void gecl_tuning_grid(const unsigned local[2], const size_t extent[3], size_t global[3], size_t lsize[3])
{
    const size_t want0 = local[0] ? local[0] : 1, want1 = local[1] ? local[1] : 1;
    size_t l0 = want0 < extent[0] ? want0 : extent[0];
    if (l0 == 0) l0 = 1;
    size_t l1 = want1 * (want0 / l0);
    if (l1 > extent[1]) l1 = extent[1];
    if (l1 == 0) l1 = 1;
    lsize[0] = l0;
    lsize[1] = l1;
    lsize[2] = 1;
    global[0] = (extent[0] + l0 - 1) / l0 * l0;
    global[1] = (extent[1] + l1 - 1) / l1 * l1;
    global[2] = extent[2] ? extent[2] : 1;
}
