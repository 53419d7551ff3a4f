/* conv2d_transpose.cl: Conv2DTranspose (src/ops/conv2d_transpose.c), float32. One work-item per
 * output element gathers what the forward convolution would have scattered there: output row oh
 * takes input row ih through tap kh when oh + pad_top = ih * stride + kh * dilation (and so for
 * columns), over the input channels of the output channel's group:
 *   y[n, co, oh, ow] = bias[co] + sum x[n, g * cig + ci, ih, iw] * f[g * cig + ci, co % cog, kh, kw]
 * f is [in channels, out channels per group, kh, kw] in any layout (its strides are arguments),
 * and x and y are NCHW or NHWC (strides for x; CT_NHWC orders y's index). Every size is an
 * argument; CT_BIAS and CT_NHWC are the only definitions. */
__kernel void gecl_conv2d_transpose(__global const float *x, ulong x_off, __global const float *f, ulong f_off,
#ifdef CT_BIAS
                                    __global const float *bias, ulong bias_off,
#endif
                                    __global float *y, ulong y_off, const long total, const long co_n,
                                    const long oh_n, const long ow_n, const long cig, const long cog,
                                    const long ih_n, const long iw_n, const long kh_n, const long kw_n,
                                    const long sh, const long sw, const long dh, const long dw, const long pt,
                                    const long pl, const long xs_n, const long xs_c, const long xs_h,
                                    const long xs_w, const long fs_i, const long fs_o, const long fs_h,
                                    const long fs_w)
{
    const long i = (long)get_global_id(0);
    if (i >= total) return;
    ADVANCE(x);
    ADVANCE(f);
    ADVANCE(y);
#ifdef CT_NHWC
    const long co = i % co_n, ow = i / co_n % ow_n, oh = i / co_n / ow_n % oh_n, n = i / co_n / ow_n / oh_n;
#else
    const long ow = i % ow_n, oh = i / ow_n % oh_n, co = i / ow_n / oh_n % co_n, n = i / ow_n / oh_n / co_n;
#endif
    const long g = co / cog, ci0 = g * cig;
    __global const float *xn = x + n * xs_n + ci0 * xs_c;
    __global const float *fg = f + ci0 * fs_i + (co % cog) * fs_o;
    float acc = 0.0f;
    for (long kh = 0; kh < kh_n; kh++) {
        const long th = oh + pt - kh * dh;
        if (th < 0 || th % sh) continue;
        const long ih = th / sh;
        if (ih >= ih_n) continue;
        for (long kw = 0; kw < kw_n; kw++) {
            const long tw = ow + pl - kw * dw;
            if (tw < 0 || tw % sw) continue;
            const long iw = tw / sw;
            if (iw >= iw_n) continue;
            __global const float *xp = xn + ih * xs_h + iw * xs_w;
            __global const float *fp = fg + kh * fs_h + kw * fs_w;
            for (long ci = 0; ci < cig; ci++) acc = mad(xp[ci * xs_c], fp[ci * fs_i], acc);
        }
    }
#ifdef CT_BIAS
    ADVANCE(bias);
    acc += bias[co];
#endif
    y[i] = acc;
}
