/* pool_argmax.cl: MaxPool3DWithArgmaxV2 over float NCDHW tensors (src/ops/pool_argmax.c): the
 * maximum of each window and its flat position (d * H + h) * W + w in the (n, c) plane, as
 * PyTorch's max_pool*d_with_indices gives it: the first maximum wins, a NaN wins over numbers
 * (the last NaN of the window), padding never wins. One work-item per output element.
 *
 * -D: PA_D/H/W (input), PA_OD/OH/OW (output), PA_KD/KH/KW, PA_SD/SH/SW (strides), PA_PD/PH/PW
 * (padding before, as after), PA_DD/DH/DW (dilation), IDX_T (int or long).
 */
__kernel void gecl_pool_argmax(__global const float *x, ulong x_off, __global float *y, ulong y_off,
                               __global IDX_T *ix, ulong ix_off, const long total)
{
    const long i = get_global_id(0);
    if (i >= total) return;
    ADVANCE(x);
    ADVANCE(y);
    ADVANCE(ix);
    /* Coordinates in int: Mesa's llvmpipe (rusticl) got `d < PA_D` wrong for long d here. */
    long r = i;
    const int ow = (int)(r % PA_OW);
    r /= PA_OW;
    const int oh = (int)(r % PA_OH);
    r /= PA_OH;
    const int od = (int)(r % PA_OD);
    const long plane = r / PA_OD;
    __global const float *p = x + plane * ((long)PA_D * PA_H * PA_W);
    const int d0 = od * PA_SD - PA_PD, h0 = oh * PA_SH - PA_PH, w0 = ow * PA_SW - PA_PW;
    float best = -INFINITY;
    long at = -1;
    for (int kd = 0; kd < PA_KD; kd++) {
        const int d = d0 + kd * PA_DD;
        if (d < 0 || d >= PA_D) continue;
        for (int kh = 0; kh < PA_KH; kh++) {
            const int h = h0 + kh * PA_DH;
            if (h < 0 || h >= PA_H) continue;
            for (int kw = 0; kw < PA_KW; kw++) {
                const int w = w0 + kw * PA_DW;
                if (w < 0 || w >= PA_W) continue;
                const long k = ((long)d * PA_H + h) * PA_W + w;
                const float v = p[k];
                if (at < 0 || v > best || isnan(v)) {
                    best = v;
                    at = k;
                }
            }
        }
    }
    y[i] = best;
    ix[i] = (IDX_T)at;
}
