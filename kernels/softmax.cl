/* softmax.cl: SoftmaxV2 and LogSoftmaxV2 over float32 (src/ops/softmax.c). The tensor is
 * (outer, r, inner) and each (outer, inner) line of r elements is normalised: max, then
 * exp(x - max) stored with its sum, then a scale by 1 / sum; with SM_LOG (LogSoftmaxV2) the sum
 * of exp(x - max) alone, then x - max - log(sum), which stays exact where softmax underflows.
 * One work-item owns whole lines, so no barrier.
 * - gecl_softmax_rows (inner == 1): one contiguous row per work-item, SM_VEC lanes of it
 *   per vector (lanes combined at the end);
 * - gecl_softmax_cols: SM_VEC adjacent lines per work-item (each lane its own line), so
 *   neighbouring work-items read neighbouring elements.
 * r, inner and items (work-items with work) are arguments: one program per kernel and width.
 */
#define SM_CAT_(a, b) a##b
#define SM_CAT(a, b) SM_CAT_(a, b)

#if SM_VEC == 1
typedef float sm_t;
#define SM_LOAD(p) (*(p))
#define SM_STORE(v, p) (*(p) = (v))
#else
typedef SM_CAT(float, SM_VEC) sm_t;
#define SM_LOAD(p) SM_CAT(vload, SM_VEC)(0, p)
#define SM_STORE(v, p) SM_CAT(vstore, SM_VEC)(v, 0, p)
#endif

/* Lane reductions by halving: v.lo and v.hi are the two halves of a vector. */
#if SM_VEC >= 16
#define SM_H16(op, v) SM_H8(op, op((v).lo, (v).hi))
#else
#define SM_H16(op, v) SM_H8(op, v)
#endif
#if SM_VEC >= 8
#define SM_H8(op, v) SM_H4(op, op((v).lo, (v).hi))
#else
#define SM_H8(op, v) SM_H4(op, v)
#endif
#if SM_VEC >= 4
#define SM_H4(op, v) SM_H2(op, op((v).lo, (v).hi))
#else
#define SM_H4(op, v) SM_H2(op, v)
#endif
#if SM_VEC >= 2
#define SM_H2(op, v) op((v).lo, (v).hi)
#else
#define SM_H2(op, v) (v)
#endif
#define SM_ADD(a, b) ((a) + (b))

__kernel void gecl_softmax_rows(__global const float *x, ulong x_off, __global float *y, ulong y_off, const long r,
                                const long inner, const long items)
{
    size_t i = get_global_id(0);
    if (i >= (size_t)items) return;
    ADVANCE(x);
    ADVANCE(y);
    x += i * r;
    y += i * r;
    sm_t m = (sm_t)(-INFINITY);
    for (long k = 0; k < r; k += SM_VEC) m = fmax(m, SM_LOAD(x + k));
    float mx = SM_H16(fmax, m);
    sm_t s = (sm_t)0.0f;
#ifdef SM_LOG
    for (long k = 0; k < r; k += SM_VEC) s += exp(SM_LOAD(x + k) - mx);
    float ls = log(SM_H16(SM_ADD, s));
    for (long k = 0; k < r; k += SM_VEC) SM_STORE(SM_LOAD(x + k) - mx - ls, y + k);
#else
    for (long k = 0; k < r; k += SM_VEC) {
        sm_t e = exp(SM_LOAD(x + k) - mx);
        SM_STORE(e, y + k);
        s += e;
    }
    float inv = 1.0f / SM_H16(SM_ADD, s);
    for (long k = 0; k < r; k += SM_VEC) SM_STORE(SM_LOAD(y + k) * inv, y + k);
#endif
}

__kernel void gecl_softmax_cols(__global const float *x, ulong x_off, __global float *y, ulong y_off, const long r,
                                const long inner, const long items)
{
    size_t i = get_global_id(0);
    if (i >= (size_t)items) return;
    ADVANCE(x);
    ADVANCE(y);
    const size_t lines = (size_t)inner / SM_VEC;
    size_t base = (i / lines) * ((size_t)r * inner) + (i % lines) * SM_VEC;
    x += base;
    y += base;
    sm_t m = (sm_t)(-INFINITY);
    for (long k = 0; k < r; k++) m = fmax(m, SM_LOAD(x + (size_t)k * inner));
    sm_t s = (sm_t)0.0f;
#ifdef SM_LOG
    for (long k = 0; k < r; k++) s += exp(SM_LOAD(x + (size_t)k * inner) - m);
    sm_t ls = log(s);
    for (long k = 0; k < r; k++) SM_STORE(SM_LOAD(x + (size_t)k * inner) - m - ls, y + (size_t)k * inner);
#else
    for (long k = 0; k < r; k++) {
        sm_t e = exp(SM_LOAD(x + (size_t)k * inner) - m);
        SM_STORE(e, y + (size_t)k * inner);
        s += e;
    }
    sm_t inv = (sm_t)1.0f / s;
    for (long k = 0; k < r; k++) SM_STORE(SM_LOAD(y + (size_t)k * inner) * inv, y + (size_t)k * inner);
#endif
}
