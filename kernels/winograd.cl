/* winograd.cl: the transforms of Conv2D as Winograd F(4x4, 3x3) (Lavin and Gray's algorithm,
 * interpolation points 0, +-1, +-2, infinity), NCHW data, OIHW filter, stride and dilation 1.
 * Each 4x4 output tile is A^T [(G g G^T) .* (B^T d B)] A for a 6x6 input tile d; summed over
 * input channels, the 36 elementwise products become 36 GEMMs (src/ops/conv_winograd.c):
 *   wino_filter   U[36][CO][CI]       = G g G^T            (an init launch: once per load)
 *   wino_input    V[N][36][CI][T]     = B^T d B            (T = tiles per image, row-major)
 *   (gemm_nn)     M[N][36][CO][T]     = U[p] V[n][p]
 *   wino_output   y[N][CO][OH][OW]    = A^T M A + bias, then the fused epilogue
 * Sizes come as `long` arguments, so one program serves every layer. The tile index is the
 * work-item's dim 0: consecutive work-items read and write consecutive V and M elements. */

/* o = B^T z for the 6 values z0..z5 */
#define WINO_BT(o, z0, z1, z2, z3, z4, z5)           \
    do {                                             \
        o[0] = 4.0f * (z0) - 5.0f * (z2) + (z4);     \
        o[1] = -4.0f * ((z1) + (z2)) + (z3) + (z4);  \
        o[2] = 4.0f * ((z1) - (z2)) - (z3) + (z4);   \
        o[3] = 2.0f * ((z3) - (z1)) - (z2) + (z4);   \
        o[4] = 2.0f * ((z1) - (z3)) - (z2) + (z4);   \
        o[5] = 4.0f * (z1) - 5.0f * (z3) + (z5);     \
    } while (0)

/* o = A^T z: 4 values from 6 */
#define WINO_AT(o, z0, z1, z2, z3, z4, z5)                      \
    do {                                                        \
        const __typeof__((z1) + (z2)) s12 = (z1) + (z2), d12 = (z1) - (z2); \
        const __typeof__((z3) + (z4)) s34 = (z3) + (z4), d34 = (z3) - (z4); \
        o[0] = (z0) + s12 + s34;                                \
        o[1] = d12 + 2.0f * d34;                                \
        o[2] = s12 + 4.0f * s34;                                \
        o[3] = d12 + 8.0f * d34 + (z5);                         \
    } while (0)

/* o = G z: 6 values from 3 */
#define WINO_G(o, z0, z1, z2)                                          \
    do {                                                               \
        o[0] = (z0) * 0.25f;                                           \
        o[1] = ((z0) + (z1) + (z2)) * (-1.0f / 6.0f);                  \
        o[2] = ((z0) - (z1) + (z2)) * (-1.0f / 6.0f);                  \
        o[3] = (z0) * (1.0f / 24.0f) + (z1) * (1.0f / 12.0f) + (z2) * (1.0f / 6.0f); \
        o[4] = (z0) * (1.0f / 24.0f) - (z1) * (1.0f / 12.0f) + (z2) * (1.0f / 6.0f); \
        o[5] = (z2);                                                   \
    } while (0)

/* Grid: dim 0 = input channel, dim 1 = output channel. */
__kernel void wino_filter(__global const T *w, ulong w_off, __global T *u, ulong u_off, long nco, long nci)
{
    ADVANCE(w);
    ADVANCE(u);
    const long ci = get_global_id(0), co = get_global_id(1);
    if (ci >= nci || co >= nco) return;
    const __global T *g = w + (co * nci + ci) * 9;
    float t[6][3], col[6], row[6];
#pragma unroll
    for (int j = 0; j < 3; j++) {
        WINO_G(col, LOAD_T(1, g + j), LOAD_T(1, g + 3 + j), LOAD_T(1, g + 6 + j));
#pragma unroll
        for (int i = 0; i < 6; i++) t[i][j] = col[i];
    }
#pragma unroll
    for (int i = 0; i < 6; i++) {
        WINO_G(row, t[i][0], t[i][1], t[i][2]);
#pragma unroll
        for (int k = 0; k < 6; k++) STORE_T(1, row[k], u + ((i * 6 + k) * nco + co) * nci + ci);
    }
}

/* A work-item takes WG_V = 4 tiles side by side in one tile row: every value below is a float4
 * whose lane k belongs to tile k (PoCL runs a work-item's vectors as SIMD; it cannot vectorise
 * the strided tiles across work-items). The last group of a row is shifted back to end at the
 * row's last tile (tile rows have at least 4 tiles); its first lanes repeat the previous group's
 * tiles and are not stored again. Grid: dim 0 = tile row x group (ng groups a row), dim 1 =
 * channel, dim 2 = image. */
#define WG_V 4

/* The first tile of group d0 and how many of its lanes the previous group already covers. */
inline long wg_group(long d0, long ng, long tw, int *skip)
{
    const long th = d0 / ng, first = d0 % ng * WG_V, tc = min(first, tw - WG_V);
    *skip = (int)(first - tc);
    return th * tw + tc;
}

/* Lanes k = 0..3 of the input columns 4k + c, c = 0..5, from 18 consecutive values a, b. */
#define WG_COLS(o, a, b)                                                   \
    do {                                                                   \
        o[0] = (a).s048c;                                                  \
        o[1] = (a).s159d;                                                  \
        o[2] = (a).s26ae;                                                  \
        o[3] = (a).s37bf;                                                  \
        o[4] = (float4)((a).s48c, (b).s0);                                 \
        o[5] = (float4)((a).s59d, (b).s1);                                 \
    } while (0)

/* Pads and the image's far edges are read as zeros. */
__kernel void wino_input(__global const T *x, ulong x_off, __global T *v, ulong v_off, long nci, long h, long w,
                         long pt, long pl, long tw, long ng, long nt)
{
    ADVANCE(x);
    ADVANCE(v);
    const long d0 = get_global_id(0), ci = get_global_id(1), n = get_global_id(2);
    if (d0 >= nt / tw * ng || ci >= nci) return;
    int skip;
    const long t = wg_group(d0, ng, tw, &skip);
    const long ih0 = t / tw * 4 - pt, iw0 = t % tw * 4 - pl;
    const __global T *plane = x + (n * nci + ci) * h * w;
    const int cols_inside = iw0 >= 0 && iw0 + 17 < w;
    float4 d[6][6], m[6][6], o[6];
#pragma unroll
    for (int r = 0; r < 6; r++) {
        const long ih = ih0 + r;
        float16 a = 0.0f;
        float2 b = 0.0f;
        if (ih >= 0 && ih < h && cols_inside) {
            a = LOAD_T(16, plane + ih * w + iw0);
            b = LOAD_T(2, plane + ih * w + iw0 + 16);
        } else if (ih >= 0 && ih < h) { /* the image's left or right edge */
            float row[18];
#pragma unroll
            for (int c = 0; c < 18; c++) {
                const long iw = iw0 + c;
                row[c] = iw >= 0 && iw < w ? LOAD_T(1, plane + ih * w + iw) : 0.0f;
            }
            a = vload16(0, row);
            b = vload2(0, row + 16);
        }
        WG_COLS(d[r], a, b);
    }
#pragma unroll
    for (int c = 0; c < 6; c++) {
        WINO_BT(o, d[0][c], d[1][c], d[2][c], d[3][c], d[4][c], d[5][c]);
#pragma unroll
        for (int r = 0; r < 6; r++) m[r][c] = o[r];
    }
    __global T *dst = v + (n * 36 * nci + ci) * nt + t;
#pragma unroll
    for (int r = 0; r < 6; r++) {
        WINO_BT(o, m[r][0], m[r][1], m[r][2], m[r][3], m[r][4], m[r][5]);
#pragma unroll
        for (int c = 0; c < 6; c++) {
            __global T *p = dst + (r * 6 + c) * nci * nt;
            if (!skip) {
                STORE_T(4, o[c], p);
            } else {
                float q[4];
                vstore4(o[c], 0, q);
#pragma unroll
                for (int k = skip; k < 4; k++) STORE_T(1, q[k], p + k);
            }
        }
    }
}

/* WG_BIAS: a bias [CO] follows M. Grid as wino_input's, dim 1 = output channel. */
__kernel void wino_output(__global const T *m, ulong m_off,
#ifdef WG_BIAS
                          __global const T *bias, ulong bias_off,
#endif
                          __global T *y, ulong y_off EPI_PARAMS, long nco, long oh, long ow, long tw, long ng,
                          long nt)
{
    ADVANCE(m);
    ADVANCE(y);
#ifdef WG_BIAS
    ADVANCE(bias);
#endif
    const long d0 = get_global_id(0), co = get_global_id(1), n = get_global_id(2);
    if (d0 >= nt / tw * ng || co >= nco) return;
    int skip;
    const long t = wg_group(d0, ng, tw, &skip);
    const __global T *src = m + (n * 36 * nco + co) * nt + t;
    float4 a[6][6], r[4][6], o[4];
#pragma unroll
    for (int i = 0; i < 36; i++) a[i / 6][i % 6] = LOAD_T(4, src + i * nco * nt);
#pragma unroll
    for (int c = 0; c < 6; c++) {
        WINO_AT(o, a[0][c], a[1][c], a[2][c], a[3][c], a[4][c], a[5][c]);
#pragma unroll
        for (int i = 0; i < 4; i++) r[i][c] = o[i];
    }
#ifdef WG_BIAS
    const float b = LOAD_T(1, bias + co);
#else
    const float b = 0.0f;
#endif
    const long oy0 = t / tw * 4, ox0 = t % tw * 4;
    const ulong plane = (ulong)(n * nco + co) * (ulong)(oh * ow);
    const int full = ox0 + 16 <= ow;
#pragma unroll
    for (int i = 0; i < 4 && oy0 + i < oh; i++) {
        WINO_AT(o, r[i][0], r[i][1], r[i][2], r[i][3], r[i][4], r[i][5]);
        /* Lane k of o[j] is output column 4k + j of the row. */
        const float16 row = (float16)(o[0].s0, o[1].s0, o[2].s0, o[3].s0, o[0].s1, o[1].s1, o[2].s1, o[3].s1,
                                      o[0].s2, o[1].s2, o[2].s2, o[3].s2, o[0].s3, o[1].s3, o[2].s3, o[3].s3) + b;
        float q[16];
        vstore16(row, 0, q);
        const ulong i0 = plane + (ulong)((oy0 + i) * ow + ox0);
        if (full) {
            STORE_RUN(16, q, i0, skip * 4);
        } else {
#pragma unroll
            for (int l = skip * 4; l < 16 && ox0 + l < ow; l++) STORE_T(1, EPILOGUE(q[l], i0 + l), y + i0 + l);
        }
    }
}
