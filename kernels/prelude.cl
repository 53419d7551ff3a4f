/* prelude.cl: put before every graph kernel. Tensors arrive as (pointer, byte offset) pairs
 * because device pointers are (cl_mem, offset) (design.md decision 1). */
#define ADVANCE(p) ((p) += (p##_off) / sizeof(*(p)))

/* Epilogue hook of anchor kernels (Conv2D, MatMul): the compiler defines EPI_PARAMS, EPI_ARGS
 * and EPILOGUE when elementwise ops are fused after the kernel. */
#ifndef EPI_PARAMS
#define EPI_PARAMS
#define EPI_ARGS
#define EPILOGUE(v, i) (v)
#endif

/* Anchor kernels' stores: y[i0 + l] = EPILOGUE(t[l], i0 + l) for lanes l in [from, w), a run
 * of w consecutive output elements whose first `from` belong to the previous, overlapping tile.
 * from == 0, the usual case, is a fixed-length loop that the compiler unrolls and vectorizes.
 * (A macro: EPILOGUE may use the kernel's epilogue arguments; STORE_T is defined below.) */
#define STORE_RUN(w, t, i0, from)                                                                \
    do {                                                                                         \
        const ulong i0_ = (i0);                                                                  \
        if ((from) == 0) {                                                                       \
            for (int l = 0; l < (w); l++) STORE_T(1, EPILOGUE(t[l], i0_ + l), y + i0_ + l);      \
        } else {                                                                                 \
            for (int l = (from); l < (w); l++) STORE_T(1, EPILOGUE(t[l], i0_ + l), y + i0_ + l); \
        }                                                                                        \
    } while (0)

/* ---- Type-generic helpers: macros only, so a kernel that uses none of them pays nothing ----
 * One kernel body serves every storage type T (what tensors hold in memory) and accumulator
 * type ACC_T (what arithmetic runs in): float/float, half/float (float16 storage, float math;
 * needs no extension), half/half (cl_khr_fp16 compute). Kernels written for float alone keep
 * compiling because both default to float. Widths w are 1, 2, 3, 4, 8 or 16, and may be macros:
 * everything goes through GECL_CAT so that they expand before pasting. */
#ifndef T
#define T float
#endif
#ifndef ACC_T
#define ACC_T float
#endif

#define GECL_CAT_(a, b) a##b
#define GECL_CAT(a, b) GECL_CAT_(a, b)

/* VEC(float, 4) is float4; width 1 is the scalar itself (OpenCL has no "float1"). */
#define VEC(t, w) GECL_CAT(GECL_VEC_, w)(t)
#define GECL_VEC_1(t) t
#define GECL_VEC_2(t) GECL_CAT(t, 2)
#define GECL_VEC_3(t) GECL_CAT(t, 3)
#define GECL_VEC_4(t) GECL_CAT(t, 4)
#define GECL_VEC_8(t) GECL_CAT(t, 8)
#define GECL_VEC_16(t) GECL_CAT(t, 16)

/* w consecutive elements of p's own type, unaligned: vloadN/vstoreN, a plain access for w 1. */
#define VLOAD(w, p) GECL_CAT(GECL_VLOAD_, w)(p)
#define GECL_VLOAD_1(p) (*(p))
#define GECL_VLOAD_2(p) vload2(0, p)
#define GECL_VLOAD_3(p) vload3(0, p)
#define GECL_VLOAD_4(p) vload4(0, p)
#define GECL_VLOAD_8(p) vload8(0, p)
#define GECL_VLOAD_16(p) vload16(0, p)
#define VSTORE(w, v, p) GECL_CAT(GECL_VSTORE_, w)(v, p)
#define GECL_VSTORE_1(v, p) (*(p) = (v))
#define GECL_VSTORE_2(v, p) vstore2(v, 0, p)
#define GECL_VSTORE_3(v, p) vstore3(v, 0, p)
#define GECL_VSTORE_4(v, p) vstore4(v, 0, p)
#define GECL_VSTORE_8(v, p) vstore8(v, 0, p)
#define GECL_VSTORE_16(v, p) vstore16(v, 0, p)

/* Lane numbers 0, 1, ..., w - 1 as a VEC(int, w), for masks and gathers. */
#define IOTA(w) GECL_CAT(GECL_IOTA_, w)
#define GECL_IOTA_1 0
#define GECL_IOTA_2 ((int2)(0, 1))
#define GECL_IOTA_3 ((int3)(0, 1, 2))
#define GECL_IOTA_4 ((int4)(0, 1, 2, 3))
#define GECL_IOTA_8 ((int8)(0, 1, 2, 3, 4, 5, 6, 7))
#define GECL_IOTA_16 ((int16)(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))

/* fma where the device has it in hardware (the lowering knows: GECL_FMA), else mad lets the
 * compiler choose; a software fma would cost more than the rounding it saves. */
#ifdef GECL_FMA
#define MAD(a, b, c) fma(a, b, c)
#else
#define MAD(a, b, c) mad(a, b, c)
#endif

/* LOAD_T(w, p): w elements of storage T at p as a VEC(ACC_T, w); STORE_T(w, v, p) the reverse.
 * All reads and writes of T tensors go through them, because a half pointer without cl_khr_fp16
 * may only be read through vload_half (which widens to float) and written through vstore_half
 * (which rounds to nearest even). The types are told apart in #if by pasting them onto
 * GECL_TYPE_ (an unknown name counts as 0). */
#define GECL_TYPE_float 1
#define GECL_TYPE_half 2
#define GECL_TYPE_ID(t) GECL_CAT(GECL_TYPE_, t)
#if GECL_TYPE_ID(ACC_T) == GECL_TYPE_half
#pragma OPENCL EXTENSION cl_khr_fp16 : enable
#endif
#if defined(GECL_T_BF16)
/* bfloat16 storage (T ushort: the high half of a float32 bit pattern, OpenCL has no type),
 * float arithmetic: a load widens exactly; a store rounds to nearest even, as CANN's cast does,
 * and keeps a NaN a NaN (rounding could carry a NaN's low payload into infinity). */
#define LOAD_T(w, p) GECL_CAT(as_, VEC(float, w))(GECL_CAT(convert_, VEC(uint, w))(VLOAD(w, p)) << 16)
#define GECL_BF16_BITS(w, v) GECL_CAT(as_, VEC(uint, w))(v)
#define GECL_BF16_ROUND(w, v)                                                                    \
    ((GECL_BF16_BITS(w, v) + (0x7FFFu + ((GECL_BF16_BITS(w, v) >> 16) & 1u))) >> 16)
#define STORE_T(w, v, p)                                                                         \
    VSTORE(w,                                                                                    \
           GECL_CAT(convert_, VEC(ushort, w))(select(GECL_BF16_ROUND(w, v),                      \
                                                     (GECL_BF16_BITS(w, v) >> 16) | 0x40u,        \
                                                     GECL_CAT(convert_, VEC(uint, w))(isnan(v) != 0))), \
           p)
#elif GECL_TYPE_ID(T) == GECL_TYPE_ID(ACC_T)
#define LOAD_T(w, p) VLOAD(w, p)
#define STORE_T(w, v, p) VSTORE(w, v, p)
#elif GECL_TYPE_ID(T) == GECL_TYPE_half && GECL_TYPE_ID(ACC_T) == GECL_TYPE_float
#define LOAD_T(w, p) GECL_CAT(GECL_VLOAD_HALF_, w)(p)
#define GECL_VLOAD_HALF_1(p) vload_half(0, p)
#define GECL_VLOAD_HALF_2(p) vload_half2(0, p)
#define GECL_VLOAD_HALF_3(p) vload_half3(0, p)
#define GECL_VLOAD_HALF_4(p) vload_half4(0, p)
#define GECL_VLOAD_HALF_8(p) vload_half8(0, p)
#define GECL_VLOAD_HALF_16(p) vload_half16(0, p)
#define STORE_T(w, v, p) GECL_CAT(GECL_VSTORE_HALF_, w)(v, p)
#define GECL_VSTORE_HALF_1(v, p) vstore_half(v, 0, p)
#define GECL_VSTORE_HALF_2(v, p) vstore_half2(v, 0, p)
#define GECL_VSTORE_HALF_3(v, p) vstore_half3(v, 0, p)
#define GECL_VSTORE_HALF_4(v, p) vstore_half4(v, 0, p)
#define GECL_VSTORE_HALF_8(v, p) vstore_half8(v, 0, p)
#define GECL_VSTORE_HALF_16(v, p) vstore_half16(v, 0, p)
#else
#error "prelude.cl: no LOAD_T/STORE_T for this storage type T and accumulator type ACC_T"
#endif
