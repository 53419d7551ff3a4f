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
