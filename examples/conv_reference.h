/* conv_reference.h: the examples' CPU reference for Data -> Conv2D(NCHW, OIHW, stride 1, pad 1)
 * -> BiasAdd -> Relu, in double precision, and the data they feed it. */
#ifndef GECL_EXAMPLES_CONV_REFERENCE_H
#define GECL_EXAMPLES_CONV_REFERENCE_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

enum { EX_N = 1, EX_C = 16, EX_H = 56, EX_W = 56, EX_K = 32, EX_R = 3 };

static inline void example_fill(float *v, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        v[i] = (float)((seed >> 8) & 0xFFFF) / 32768.0f - 1.0f;
    }
}

static inline double example_conv_at(const float *x, const float *w, const float *b, int n, int k, int oh, int ow)
{
    double acc = b[k];
    for (int c = 0; c < EX_C; c++)
        for (int r = 0; r < EX_R; r++)
            for (int s = 0; s < EX_R; s++) {
                int ih = oh + r - 1, iw = ow + s - 1;
                if (ih < 0 || ih >= EX_H || iw < 0 || iw >= EX_W) continue;
                acc += (double)x[((n * EX_C + c) * EX_H + ih) * EX_W + iw] * w[((k * EX_C + c) * EX_R + r) * EX_R + s];
            }
    return acc > 0 ? acc : 0;
}

/* Number of outputs off by more than 1e-4 * (1 + |ref|). */
static inline size_t example_check(const float *x, const float *w, const float *b, const float *y)
{
    size_t bad = 0;
    for (int n = 0; n < EX_N; n++)
        for (int k = 0; k < EX_K; k++)
            for (int h = 0; h < EX_H; h++)
                for (int q = 0; q < EX_W; q++) {
                    double ref = example_conv_at(x, w, b, n, k, h, q);
                    double got = y[((n * EX_K + k) * EX_H + h) * EX_W + q];
                    bad += fabs(got - ref) > 1e-4 * (1 + fabs(ref));
                }
    return bad;
}

#endif
