/* matmul.cl: MatMul, MatMulV2, BatchMatMul, BatchMatMulV2 as register-blocked GEMM.
 *
 * Shapes are baked in with -D (src/ops/matmul.c writes them). Each work-item owns a block of the
 * output held in registers and streams the whole K dimension through it; there are no barriers
 * and no local memory, which is what PoCL's CPU device runs fastest. Edge blocks are shifted back
 * so that they end at the matrix edge: every load stays in bounds and needs no guard, and the
 * rows/columns that overlap the previous block are computed twice but stored once.
 *
 * Tensors are stored as T and multiplied in ACC_T (prelude.cl); MatMul's inference admits float32
 * only for now. The program holds gemm_nn when MM_VW is defined, gemm_nt when MM_KV is. Common
 * macros:
 *   MM_M, MM_N, MM_K     the product C[M,N] = A[M,K] B[K,N] this launch computes
 *   MM_BIAS              a bias tensor follows B, one value per column of the launch's C; with MM_BIAS_ROW
 *                        one per row of the launch's C (Conv2D as GEMM: per output channel)
 *   MM_NBD, MM_BDIMS, MM_ASTR, MM_BSTR
 *                        batch: count of (merged) batch dims of the output, their sizes, and the
 *                        element strides of A's and B's matrices along them (0: broadcast)
 */

#ifndef MM_NBD
#define MM_NBD 0
#endif

#if MM_NBD > 0
__constant ulong mm_bdims[MM_NBD] = {MM_BDIMS};
__constant ulong mm_astr[MM_NBD] = {MM_ASTR};
__constant ulong mm_bstr[MM_NBD] = {MM_BSTR};
#endif

/* Output batch `b` -> element offsets of the A and B matrices it multiplies (numpy broadcast). */
inline void mm_batch_offsets(ulong b, ulong *oa, ulong *ob)
{
    ulong a = 0, c = 0;
#if MM_NBD > 0
    for (int d = MM_NBD - 1; d >= 0; --d) {
        const ulong i = b % mm_bdims[d];
        b /= mm_bdims[d];
        a += i * mm_astr[d];
        c += i * mm_bstr[d];
    }
#else
    (void)b;
#endif
    *oa = a;
    *ob = c;
}

/* Final value of C[m, n] of batch `bt`: bias, then the fused epilogue at the element's row-major
 * index in the output tensor. With MM_SWAP the launch computes C^T (see gemm_nn), so C's row is
 * the output's column. */
#ifdef MM_SWAP
#define MM_OUT_INDEX(bt, m, n) ((bt) * ((ulong)MM_M * MM_N) + (ulong)(n) * MM_M + (m))
#else
#define MM_OUT_INDEX(bt, m, n) ((bt) * ((ulong)MM_M * MM_N) + (ulong)(m) * MM_N + (n))
#endif
#if defined(MM_BIAS_ROW)
#define MM_BIAS_INDEX(m, n) (m)
#else
#define MM_BIAS_INDEX(m, n) (n)
#endif

/* ---- gemm_nn: B row-major [K, N]; work-item = MM_TM rows x MM_NV vectors of MM_VW columns ----
 * MM_TA: A is stored transposed ([K, M]). MM_SWAP: the output is C^T (used for
 * transpose_x1 && transpose_x2: C = A^T B^T = (B A)^T, so B is passed as A and A as B).
 * MM_NBN, MM_NBM: column and row block counts (the grid may be rounded up). */
#ifdef MM_VW
#define MM_VT VEC(ACC_T, MM_VW)
#ifndef MM_NV
#define MM_NV 1
#endif
#define MM_TN (MM_VW * MM_NV)
#ifdef MM_TA
#define MM_A(p, m, k) LOAD_T(1, (p) + (ulong)(k) * MM_M + (m))
#else
#define MM_A(p, m, k) LOAD_T(1, (p) + (ulong)(m) * MM_K + (k))
#endif

__kernel void gemm_nn(__global const T *a, ulong a_off, __global const T *b, ulong b_off,
#ifdef MM_BIAS
                      __global const T *bias, ulong bias_off,
#endif
                      __global T *y, ulong y_off EPI_PARAMS)
{
    ADVANCE(a);
    ADVANCE(b);
    ADVANCE(y);
#ifdef MM_BIAS
    ADVANCE(bias);
#endif
    const uint bn = get_global_id(0), bm = get_global_id(1);
    const ulong bt = get_global_id(2);
    if (bn >= MM_NBN || bm >= MM_NBM) return;
    const uint n_first = bn * MM_TN, m_first = bm * MM_TM;
    const uint n0 = min(n_first, (uint)(MM_N - MM_TN));
    const uint m0 = min(m_first, (uint)(MM_M - MM_TM));

    ulong oa, ob;
    mm_batch_offsets(bt, &oa, &ob);
    const __global T *pa = a + oa;
#ifdef MM_PACKED
    const __global T *pb = b + ob + (ulong)bn * MM_K * MM_TN; /* gemm_pack_b's panel bn */
#define MM_BROW MM_TN
#else
    const __global T *pb = b + ob + n0;
#define MM_BROW MM_N
#endif

    MM_VT acc[MM_TM][MM_NV];
#pragma unroll
    for (int i = 0; i < MM_TM; i++)
#pragma unroll
        for (int v = 0; v < MM_NV; v++) acc[i][v] = (MM_VT)(0.0f);

    for (uint k = 0; k < MM_K; k++) {
        MM_VT bv[MM_NV];
#pragma unroll
        for (int v = 0; v < MM_NV; v++) bv[v] = LOAD_T(MM_VW, pb + (ulong)k * MM_BROW + v * MM_VW);
#pragma unroll
        for (int i = 0; i < MM_TM; i++) {
            const MM_VT av = (MM_VT)(MM_A(pa, m0 + i, k));
#pragma unroll
            for (int v = 0; v < MM_NV; v++) acc[i][v] = MAD(av, bv[v], acc[i][v]);
        }
    }

#pragma unroll
    for (int i = 0; i < MM_TM; i++) {
        const uint m = m0 + i;
        if (m < m_first) continue;
        ACC_T t[MM_TN];
#pragma unroll
        for (int v = 0; v < MM_NV; v++) {
            MM_VT r = acc[i][v];
#if defined(MM_BIAS) && defined(MM_BIAS_ROW)
            r += (MM_VT)(LOAD_T(1, bias + m));
#elif defined(MM_BIAS)
            r += LOAD_T(MM_VW, bias + n0 + v * MM_VW);
#endif
            VSTORE(MM_VW, r, t + v * MM_VW);
        }
#ifdef MM_SWAP /* C's row is a column of the output: a strided run */
        for (int j = (int)(n_first - n0); j < MM_TN; j++) {
            const ulong idx = MM_OUT_INDEX(bt, m, n0 + j);
            STORE_T(1, EPILOGUE(t[j], idx), y + idx);
        }
#else
        STORE_RUN(MM_TN, t, MM_OUT_INDEX(bt, m, n0), (int)(n_first - n0));
#endif
    }
}

#endif /* MM_VW */

/* ---- gemm_pack_b: B [K, N] (or, with MM_PACK_T, B^T [N, K]) into panels [MM_NBN][K][MM_TN], panel bn holding B's columns
 * n0 .. n0 + MM_TN - 1 with gemm_nn's n0 (the last one shifted back to end at N). gemm_nn with
 * MM_PACKED then streams each work-item's B contiguously: with B read in place, a work-item steps
 * N * 4 bytes per k, a page or more once N >= 1024, where a CPU's prefetchers do not follow.
 * One work-item per (k, panel). */
#ifdef MM_PACK
__kernel void gemm_pack_b(__global const T *b, ulong b_off, __global T *bp, ulong bp_off)
{
    ADVANCE(b);
    ADVANCE(bp);
    const uint bn = get_global_id(0), k = get_global_id(1);
    if (bn >= MM_NBN || k >= MM_K) return;
    const uint n0 = min(bn * MM_TN, (uint)(MM_N - MM_TN));
    __global T *dst = bp + ((ulong)bn * MM_K + k) * MM_TN;
#ifdef MM_PACK_T /* B stored transposed, [N, K] */
    const __global T *src = b + (ulong)n0 * MM_K + k;
    for (int j = 0; j < MM_TN; j++) dst[j] = src[(ulong)j * MM_K];
#else
    const __global T *src = b + (ulong)k * MM_N + n0;
    for (int j = 0; j < MM_TN; j++) dst[j] = src[j];
#endif
}
#endif

/* ---- gemm_nt: A [M, K] and B^T [N, K], both row-major: dot products along K ----
 * Work-item = MM_TM rows of A x MM_TN rows of B^T, K consumed in chunks of MM_KV, then a
 * scalar tail. MM_NBN, MM_NBM: block counts of B^T rows and A rows. */
#ifdef MM_KV
#define MM_KT VEC(ACC_T, MM_KV)
#define MM_KCHUNKS (MM_K / MM_KV)

inline ACC_T mm_hsum(MM_KT v)
{
#if MM_KV == 16
    const VEC(ACC_T, 8) h = v.lo + v.hi;
    const VEC(ACC_T, 4) q = h.lo + h.hi;
    return q.x + q.y + q.z + q.w;
#elif MM_KV == 8
    const VEC(ACC_T, 4) q = v.lo + v.hi;
    return q.x + q.y + q.z + q.w;
#elif MM_KV == 4
    return v.x + v.y + v.z + v.w;
#elif MM_KV == 3
    return v.x + v.y + v.z;
#elif MM_KV == 2
    return v.x + v.y;
#else
    return v;
#endif
}

__kernel void gemm_nt(__global const T *a, ulong a_off, __global const T *b, ulong b_off,
#ifdef MM_BIAS
                      __global const T *bias, ulong bias_off,
#endif
                      __global T *y, ulong y_off EPI_PARAMS)
{
    ADVANCE(a);
    ADVANCE(b);
    ADVANCE(y);
#ifdef MM_BIAS
    ADVANCE(bias);
#endif
    const uint bn = get_global_id(0), bm = get_global_id(1);
    const ulong bt = get_global_id(2);
    if (bn >= MM_NBN || bm >= MM_NBM) return;
    const uint n_first = bn * MM_TN, m_first = bm * MM_TM;
    const uint n0 = min(n_first, (uint)(MM_N - MM_TN));
    const uint m0 = min(m_first, (uint)(MM_M - MM_TM));

    ulong oa, ob;
    mm_batch_offsets(bt, &oa, &ob);
    const __global T *pa = a + oa + (ulong)m0 * MM_K;
    const __global T *pb = b + ob + (ulong)n0 * MM_K;

    MM_KT acc[MM_TM][MM_TN];
#pragma unroll
    for (int i = 0; i < MM_TM; i++)
#pragma unroll
        for (int j = 0; j < MM_TN; j++) acc[i][j] = (MM_KT)(0.0f);

    for (uint c = 0; c < MM_KCHUNKS; c++) {
        const uint k = c * MM_KV;
        MM_KT av[MM_TM], bv[MM_TN];
#pragma unroll
        for (int i = 0; i < MM_TM; i++) av[i] = LOAD_T(MM_KV, pa + (ulong)i * MM_K + k);
#pragma unroll
        for (int j = 0; j < MM_TN; j++) bv[j] = LOAD_T(MM_KV, pb + (ulong)j * MM_K + k);
#pragma unroll
        for (int i = 0; i < MM_TM; i++)
#pragma unroll
            for (int j = 0; j < MM_TN; j++) acc[i][j] = MAD(av[i], bv[j], acc[i][j]);
    }

#pragma unroll
    for (int i = 0; i < MM_TM; i++) {
        const uint m = m0 + i;
        if (m < m_first) continue;
#pragma unroll
        for (int j = 0; j < MM_TN; j++) {
            const uint n = n0 + j;
            if (n < n_first) continue;
            ACC_T v = mm_hsum(acc[i][j]);
            for (uint k = MM_KCHUNKS * MM_KV; k < MM_K; k++)
                v = MAD(LOAD_T(1, pa + (ulong)i * MM_K + k), LOAD_T(1, pb + (ulong)j * MM_K + k), v);
#ifdef MM_BIAS
            v += LOAD_T(1, bias + MM_BIAS_INDEX(m, n));
#endif
            const ulong idx = MM_OUT_INDEX(bt, m, n);
            STORE_T(1, EPILOGUE(v, idx), y + idx);
        }
    }
}
#endif /* MM_KV */
