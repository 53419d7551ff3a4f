/* op_nn.c: the network layers: Convolution (2-D, NCHW: Conv2D with the bias fused), MaxPool
 * (MaxPoolV3), AvgPool2d (AvgPoolV2), AdaptiveAvgPool2d (AvgPoolV2 with the window the sizes
 * divide into), LayerNorm (LayerNorm; rstd from its variance) and BatchNorm in inference mode
 * (the running statistics, as one fused elementwise kernel). These kernels compute in float:
 * float16 and bfloat16 go through float, as in the matrix products. */
#include "op.h"

#include "aclnnop/aclnn_adaptive_avg_pool2d.h"
#include "aclnnop/aclnn_avgpool2d.h"
#include "aclnnop/aclnn_batch_norm.h"
#include "aclnnop/aclnn_convolution.h"
#include "aclnnop/aclnn_layer_norm.h"
#include "aclnnop/aclnn_max_pool.h"
#include "aclnnop/aclnn_max_pool2d_with_indices.h"

static aclnnStatus check_floatish(const aclTensor *t, const char *name)
{
    ACLNN_CHECK(t->dtype == ACL_FLOAT || t->dtype == ACL_FLOAT16 || t->dtype == ACL_BF16, "%s is %s; this operator "
                "takes ACL_FLOAT, ACL_FLOAT16 or ACL_BF16", name, aclnn_dtype_name(t->dtype));
    return ACLNN_SUCCESS;
}

static gecl_port in_float(aclnn_builder *b, const aclnn_request *r, size_t k)
{
    return ab_cast(b, b->in[k], r->in[k]->dtype, ACL_FLOAT);
}

/* A 2-entry window parameter: one value for both dims or two; `dflt` when the array is empty
 * (PyTorch's stride defaults to the kernel). */
static aclnnStatus pair(const aclIntArray *a, const char *name, const int64_t *dflt, int64_t min, int64_t out[2])
{
    if (!a || a->size == 0) {
        ACLNN_CHECK(dflt, "%s is empty", name);
        out[0] = dflt[0], out[1] = dflt[1];
    } else {
        ACLNN_CHECK(a->size == 1 || a->size == 2, "%s has %llu values; a 2-D window takes 1 or 2", name,
                    (unsigned long long)a->size);
        out[0] = a->values[0];
        out[1] = a->values[a->size - 1];
    }
    ACLNN_CHECK(out[0] >= min && out[1] >= min, "%s is [%lld,%lld]; its values must be at least %lld", name,
                (long long)out[0], (long long)out[1], (long long)min);
    return ACLNN_SUCCESS;
}

/* Output size of a window over `in` (PyTorch's rule; ceil mode: a last window must start inside
 * the input or its left padding). */
static int64_t window_out(int64_t in, int64_t k, int64_t s, int64_t pad_lo, int64_t pad_hi, int64_t d, int ceil)
{
    const int64_t span = in + pad_lo + pad_hi - d * (k - 1) - 1;
    if (span < 0) return 0;
    int64_t o = (ceil ? (span + s - 1) / s : span / s) + 1;
    if (ceil && (o - 1) * s >= in + pad_lo) o--;
    return o;
}

/* ---- Convolution ---- p.i[0..1] stride, [2..3] padding, [4..5] dilation, [6] groups, [7] bias */

static void build_conv(aclnn_builder *b, const aclnn_request *r)
{
    const int64_t *p = r->p.i;
    gecl_port x = in_float(b, r, 0), w = in_float(b, r, 1);
    gecl_port y = p[7] ? AB_OP(b, "Conv2D", x, w, in_float(b, r, 2)) : AB_OP(b, "Conv2D", x, w);
    ab_attr_ints(b, y, "strides", (const int64_t[]){1, 1, p[0], p[1]}, 4);
    ab_attr_ints(b, y, "pads", (const int64_t[]){p[2], p[2], p[3], p[3]}, 4);
    ab_attr_ints(b, y, "dilations", (const int64_t[]){1, 1, p[4], p[5]}, 4);
    ab_attr_int(b, y, "groups", p[6]);
    ab_attr_string(b, y, "data_format", "NCHW");
    ab_input_format(b, y, 1, GECL_FORMAT_NCHW); /* the weight is [out, in / groups, kh, kw] */
    b->out[0] = ab_cast(b, y, ACL_FLOAT, r->out[0]->dtype);
}

aclnnStatus aclnnConvolutionGetWorkspaceSize(const aclTensor *input, const aclTensor *weight, const aclTensor *bias,
                                             const aclIntArray *stride, const aclIntArray *padding,
                                             const aclIntArray *dilation, bool transposed,
                                             const aclIntArray *outputPadding, const int64_t groups, aclTensor *output,
                                             int8_t cubeMathType, uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    ACLNN_TRY(aclnn_check_tensor(input, "input"));
    ACLNN_TRY(aclnn_check_tensor(weight, "weight"));
    if (bias) ACLNN_TRY(aclnn_check_tensor(bias, "bias"));
    ACLNN_TRY(aclnn_check_int_array(stride, "stride"));
    ACLNN_TRY(aclnn_check_int_array(padding, "padding"));
    ACLNN_TRY(aclnn_check_int_array(dilation, "dilation"));
    if (outputPadding) ACLNN_TRY(aclnn_check_int_array(outputPadding, "outputPadding"));
    ACLNN_TRY(aclnn_check_tensor(output, "output"));
    ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor);
    ACLNN_CHECK(cubeMathType >= 0 && cubeMathType <= 3, "cubeMathType %d is not one of 0..3", (int)cubeMathType);
    ACLNN_CHECK(!transposed, "transposed convolution is not supported by gecl's aclnnConvolution yet");
    ACLNN_TRY(check_floatish(input, "input"));
    ACLNN_TRY(check_floatish(weight, "weight"));
    ACLNN_TRY(check_floatish(output, "output"));
    char a[160], c[160];
    ACLNN_CHECK(input->ndim == 4 && weight->ndim == 4, "input %s and weight %s: gecl's aclnnConvolution takes 2-D "
                "convolutions (4-D NCHW input, [out, in/groups, kh, kw] weight)", aclnn_shape_str(input, a, sizeof a),
                aclnn_shape_str(weight, c, sizeof c));
    ACLNN_CHECK(groups >= 1 && input->dims[1] % groups == 0 && weight->dims[0] % groups == 0 &&
                    input->dims[1] / groups == weight->dims[1],
                "input %s, weight %s and groups %lld do not match (input channels = weight dim 1 * groups)",
                aclnn_shape_str(input, a, sizeof a), aclnn_shape_str(weight, c, sizeof c), (long long)groups);
    aclnn_request r;
    aclnn_request_init(&r, ACLNN_OP_Convolution, build_conv);
    int64_t *p = r.p.i;
    ACLNN_TRY(pair(stride, "stride", NULL, 1, p));
    ACLNN_TRY(pair(padding, "padding", NULL, 0, p + 2));
    ACLNN_TRY(pair(dilation, "dilation", NULL, 1, p + 4));
    p[6] = groups;
    p[7] = bias != NULL;
    if (bias) {
        ACLNN_TRY(check_floatish(bias, "bias"));
        ACLNN_CHECK(bias->ndim == 1 && bias->dims[0] == weight->dims[0], "bias %s: expected [%lld], one value per "
                    "output channel", aclnn_shape_str(bias, a, sizeof a), (long long)weight->dims[0]);
    }
    const int64_t out_dims[4] = {input->dims[0], weight->dims[0],
                                 window_out(input->dims[2], weight->dims[2], p[0], p[2], p[2], p[4], 0),
                                 window_out(input->dims[3], weight->dims[3], p[1], p[3], p[3], p[5], 0)};
    ACLNN_CHECK(out_dims[2] > 0 && out_dims[3] > 0, "the window of weight %s does not fit input %s",
                aclnn_shape_str(weight, a, sizeof a), aclnn_shape_str(input, c, sizeof c));
    ACLNN_TRY(aclnn_check_shape(output, "output", out_dims, 4));
    ACLNN_TRY(aclnn_request_in(&r, input, "input"));
    ACLNN_TRY(aclnn_request_in(&r, weight, "weight"));
    if (bias) ACLNN_TRY(aclnn_request_in(&r, bias, "bias"));
    ACLNN_TRY(aclnn_request_out(&r, output, "output"));
    return aclnn_prepare(&r, workspaceSize, executor);
}

/* ---- pooling ---- p.i[0..1] kernel, [2..3] stride, [4..7] pads top, bottom, left, right,
 * [8] ceil mode, [9] average, [10] exclusive (not counting the padding), [11] divisor */

static void build_pool(aclnn_builder *b, const aclnn_request *r)
{
    const int64_t *p = r->p.i;
    gecl_port x = in_float(b, r, 0);
    const int squeeze = r->in[0]->ndim == 3; /* CHW: one sample */
    const aclTensor *t = r->in[0];
    if (squeeze) x = ab_reshape(b, x, (const int64_t[]){1, t->dims[0], t->dims[1], t->dims[2]}, 4);
    gecl_port y = AB_OP(b, p[9] ? "AvgPoolV2" : "MaxPoolV3", x);
    ab_attr_ints(b, y, "ksize", (const int64_t[]){1, 1, p[0], p[1]}, 4);
    ab_attr_ints(b, y, "strides", (const int64_t[]){1, 1, p[2], p[3]}, 4);
    ab_attr_ints(b, y, "pads", p + 4, 4);
    ab_attr_string(b, y, "padding_mode", "CALCULATED");
    ab_attr_string(b, y, "data_format", "NCHW");
    ab_attr_bool(b, y, "ceil_mode", (int)p[8]);
    if (p[9]) {
        ab_attr_bool(b, y, "exclusive", (int)p[10]);
        ab_attr_int(b, y, "divisor_override", p[11]);
    }
    if (squeeze) y = ab_reshape(b, y, r->out[0]->dims, 3);
    b->out[0] = ab_cast(b, y, ACL_FLOAT, r->out[0]->dtype);
}

static aclnnStatus pool(aclnn_request *r, const aclTensor *self, const aclTensor *out, uint64_t *workspaceSize,
                        aclOpExecutor **executor)
{
    const int64_t *p = r->p.i;
    char a[160];
    ACLNN_TRY(check_floatish(self, "self"));
    ACLNN_TRY(check_floatish(out, "out"));
    ACLNN_CHECK(self->ndim == 3 || self->ndim == 4, "self is %s; 2-D pooling takes [C,H,W] or [N,C,H,W]",
                aclnn_shape_str(self, a, sizeof a));
    ACLNN_CHECK(p[4] <= p[0] / 2 && p[5] <= p[0] / 2 && p[6] <= p[1] / 2 && p[7] <= p[1] / 2,
                "padding must be at most half the kernel (kernel [%lld,%lld])", (long long)p[0], (long long)p[1]);
    const uint64_t h = self->ndim - 2;
    int64_t dims[4];
    for (uint64_t k = 0; k < h; k++) dims[k] = self->dims[k];
    dims[h] = window_out(self->dims[h], p[0], p[2], p[4], p[5], 1, (int)p[8]);
    dims[h + 1] = window_out(self->dims[h + 1], p[1], p[3], p[6], p[7], 1, (int)p[8]);
    ACLNN_CHECK(dims[h] > 0 && dims[h + 1] > 0, "the window [%lld,%lld] does not fit self %s", (long long)p[0],
                (long long)p[1], aclnn_shape_str(self, a, sizeof a));
    ACLNN_TRY(aclnn_check_shape(out, "out", dims, self->ndim));
    ACLNN_TRY(aclnn_request_in(r, self, "self"));
    ACLNN_TRY(aclnn_request_out(r, out, "out"));
    return aclnn_prepare(r, workspaceSize, executor);
}

aclnnStatus aclnnMaxPoolGetWorkspaceSize(const aclTensor *self, const aclIntArray *kernelShape,
                                         const aclIntArray *strides, const int64_t autoPad, const aclIntArray *pads,
                                         const aclIntArray *dilations, const int64_t ceilMode, aclTensor *out,
                                         uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    ACLNN_TRY(aclnn_check_tensor(self, "self"));
    ACLNN_TRY(aclnn_check_int_array(kernelShape, "kernelShape"));
    if (strides) ACLNN_TRY(aclnn_check_int_array(strides, "strides"));
    if (pads) ACLNN_TRY(aclnn_check_int_array(pads, "pads"));
    if (dilations) ACLNN_TRY(aclnn_check_int_array(dilations, "dilations"));
    ACLNN_TRY(aclnn_check_tensor(out, "out"));
    ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor);
    ACLNN_CHECK(autoPad == 0, "autoPad %lld: only 0 (explicit pads) is supported", (long long)autoPad);
    ACLNN_CHECK(ceilMode == 0 || ceilMode == 1, "ceilMode is %lld; 0 or 1", (long long)ceilMode);
    aclnn_request r;
    aclnn_request_init(&r, ACLNN_OP_MaxPool, build_pool);
    int64_t *p = r.p.i;
    ACLNN_TRY(pair(kernelShape, "kernelShape", NULL, 1, p));
    ACLNN_TRY(pair(strides, "strides", p, 1, p + 2));
    if (dilations)
        for (uint64_t k = 0; k < dilations->size; k++)
            ACLNN_CHECK(dilations->values[k] == 1, "dilations[%llu] is %lld: only 1 is supported",
                        (unsigned long long)k, (long long)dilations->values[k]);
    /* ONNX's order [top, left, bottom, right] */
    if (pads && pads->size) {
        ACLNN_CHECK(pads->size == 4, "pads has %llu values; expected 4 (top, left, bottom, right)",
                    (unsigned long long)pads->size);
        for (int k = 0; k < 4; k++) ACLNN_CHECK(pads->values[k] >= 0, "pads[%d] is negative", k);
        p[4] = pads->values[0], p[5] = pads->values[2], p[6] = pads->values[1], p[7] = pads->values[3];
    }
    p[8] = ceilMode;
    return pool(&r, self, out, workspaceSize, executor);
}

/* ---- MaxPool2dWithIndices ---- p.i[0..1] kernel, [2..3] stride, [4..5] padding (both sides),
 * [6..7] dilation, [8] ceil mode, [9] the indices' dtype. MaxPool3DWithArgmaxV2 with depth 1:
 * its argmax, h * W + w in the (n, c) plane, is PyTorch's index. */

static void build_pool_indices(aclnn_builder *b, const aclnn_request *r)
{
    const int64_t *p = r->p.i;
    const aclTensor *t = r->in[0];
    const int chw = t->ndim == 3;
    const int64_t n = chw ? 1 : t->dims[0], c = t->dims[chw ? 0 : 1];
    gecl_port x = ab_reshape(b, in_float(b, r, 0), (const int64_t[]){n, c, 1, t->dims[t->ndim - 2],
                                                                       t->dims[t->ndim - 1]}, 5);
    gecl_port y = AB_OP(b, "MaxPool3DWithArgmaxV2", x);
    ab_attr_ints(b, y, "ksize", (const int64_t[]){1, p[0], p[1]}, 3);
    ab_attr_ints(b, y, "strides", (const int64_t[]){1, p[2], p[3]}, 3);
    ab_attr_ints(b, y, "pads", (const int64_t[]){0, p[4], p[5]}, 3);
    ab_attr_ints(b, y, "dilation", (const int64_t[]){1, p[6], p[7]}, 3);
    ab_attr_bool(b, y, "ceil_mode", (int)p[8]);
    ab_attr_int(b, y, "dtype", p[9]);
    const gecl_port ix = {y.node, 1};
    b->out[0] = ab_cast(b, ab_reshape(b, y, r->out[0]->dims, r->out[0]->ndim), ACL_FLOAT, r->out[0]->dtype);
    b->out[1] = ab_reshape(b, ix, r->out[1]->dims, r->out[1]->ndim);
}

aclnnStatus aclnnMaxPool2dWithIndicesGetWorkspaceSize(const aclTensor *self, const aclIntArray *kernelSize,
                                                      const aclIntArray *stride, const aclIntArray *padding,
                                                      const aclIntArray *dilation, bool ceilMode, aclTensor *out,
                                                      aclTensor *indices, uint64_t *workspaceSize,
                                                      aclOpExecutor **executor)
{
    GECL_ENTER();
    ACLNN_TRY(aclnn_check_tensor(self, "self"));
    ACLNN_TRY(aclnn_check_int_array(kernelSize, "kernelSize"));
    if (stride) ACLNN_TRY(aclnn_check_int_array(stride, "stride"));
    ACLNN_TRY(aclnn_check_int_array(padding, "padding"));
    ACLNN_TRY(aclnn_check_int_array(dilation, "dilation"));
    ACLNN_TRY(aclnn_check_tensor(out, "out"));
    ACLNN_TRY(aclnn_check_tensor(indices, "indices"));
    ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor);
    ACLNN_TRY(check_floatish(self, "self"));
    ACLNN_CHECK(out->dtype == self->dtype, "out is %s but self is %s; they must match", aclnn_dtype_name(out->dtype),
                aclnn_dtype_name(self->dtype));
    ACLNN_CHECK(indices->dtype == ACL_INT32 || indices->dtype == ACL_INT64, "indices is %s; it must be ACL_INT32 or "
                "ACL_INT64", aclnn_dtype_name(indices->dtype));
    char a[160];
    ACLNN_CHECK(self->ndim == 3 || self->ndim == 4, "self is %s; 2-D pooling takes [C,H,W] or [N,C,H,W]",
                aclnn_shape_str(self, a, sizeof a));
    aclnn_request r;
    aclnn_request_init(&r, ACLNN_OP_MaxPool2dWithIndices, build_pool_indices);
    int64_t *p = r.p.i;
    ACLNN_TRY(pair(kernelSize, "kernelSize", NULL, 1, p));
    ACLNN_TRY(pair(stride, "stride", p, 1, p + 2));
    ACLNN_TRY(pair(padding, "padding", NULL, 0, p + 4));
    ACLNN_TRY(pair(dilation, "dilation", NULL, 1, p + 6));
    ACLNN_CHECK(p[4] <= p[0] / 2 && p[5] <= p[1] / 2, "padding [%lld,%lld] must be at most half of kernelSize "
                "[%lld,%lld]", (long long)p[4], (long long)p[5], (long long)p[0], (long long)p[1]);
    p[8] = ceilMode;
    p[9] = indices->dtype;
    const uint64_t h = self->ndim - 2;
    int64_t dims[4];
    for (uint64_t k = 0; k < h; k++) dims[k] = self->dims[k];
    dims[h] = window_out(self->dims[h], p[0], p[2], p[4], p[4], p[6], ceilMode);
    dims[h + 1] = window_out(self->dims[h + 1], p[1], p[3], p[5], p[5], p[7], ceilMode);
    ACLNN_CHECK(dims[h] > 0 && dims[h + 1] > 0, "the window [%lld,%lld] does not fit self %s", (long long)p[0],
                (long long)p[1], aclnn_shape_str(self, a, sizeof a));
    ACLNN_TRY(aclnn_check_shape(out, "out", dims, self->ndim));
    ACLNN_TRY(aclnn_check_shape(indices, "indices", dims, self->ndim));
    ACLNN_TRY(aclnn_request_in(&r, self, "self"));
    ACLNN_TRY(aclnn_request_out(&r, out, "out"));
    ACLNN_TRY(aclnn_request_out(&r, indices, "indices"));
    return aclnn_prepare(&r, workspaceSize, executor);
}

aclnnStatus aclnnAvgPool2dGetWorkspaceSize(const aclTensor *self, const aclIntArray *kernelSize,
                                           const aclIntArray *strides, const aclIntArray *paddings, const bool ceilMode,
                                           const bool countIncludePad, const int64_t divisorOverride,
                                           const int8_t cubeMathType, aclTensor *out, uint64_t *workspaceSize,
                                           aclOpExecutor **executor)
{
    GECL_ENTER();
    ACLNN_TRY(aclnn_check_tensor(self, "self"));
    ACLNN_TRY(aclnn_check_int_array(kernelSize, "kernelSize"));
    if (strides) ACLNN_TRY(aclnn_check_int_array(strides, "strides"));
    ACLNN_TRY(aclnn_check_int_array(paddings, "paddings"));
    ACLNN_TRY(aclnn_check_tensor(out, "out"));
    ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor);
    ACLNN_CHECK(cubeMathType >= 0 && cubeMathType <= 3, "cubeMathType %d is not one of 0..3", (int)cubeMathType);
    ACLNN_CHECK(divisorOverride >= 0, "divisorOverride is %lld; 0 (count the window) or positive",
                (long long)divisorOverride);
    aclnn_request r;
    aclnn_request_init(&r, ACLNN_OP_AvgPool2d, build_pool);
    int64_t *p = r.p.i, pad[2] = {0, 0};
    ACLNN_TRY(pair(kernelSize, "kernelSize", NULL, 1, p));
    ACLNN_TRY(pair(strides, "strides", p, 1, p + 2));
    const int64_t zero[2] = {0, 0};
    ACLNN_TRY(pair(paddings, "paddings", zero, 0, pad));
    p[4] = p[5] = pad[0];
    p[6] = p[7] = pad[1];
    p[8] = ceilMode;
    p[9] = 1;
    p[10] = !countIncludePad;
    p[11] = divisorOverride;
    return pool(&r, self, out, workspaceSize, executor);
}

aclnnStatus aclnnAdaptiveAvgPool2dGetWorkspaceSize(const aclTensor *self, const aclIntArray *outputSize,
                                                   aclTensor *out, uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    ACLNN_TRY(aclnn_check_tensor(self, "self"));
    ACLNN_TRY(aclnn_check_int_array(outputSize, "outputSize"));
    ACLNN_TRY(aclnn_check_tensor(out, "out"));
    ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor);
    char a[160];
    ACLNN_CHECK(self->ndim == 3 || self->ndim == 4, "self is %s; 2-D pooling takes [C,H,W] or [N,C,H,W]",
                aclnn_shape_str(self, a, sizeof a));
    int64_t o[2];
    ACLNN_TRY(pair(outputSize, "outputSize", NULL, 1, o));
    const int64_t H = self->dims[self->ndim - 2], W = self->dims[self->ndim - 1];
    /* Equal windows: the output size divides the input's. Other sizes make windows of two widths,
     * which the pooling kernel has no form for. */
    ACLNN_CHECK(H % o[0] == 0 && W % o[1] == 0, "outputSize [%lld,%lld] does not divide self's [%lld,%lld]: gecl's "
                "aclnnAdaptiveAvgPool2d takes sizes that make equal windows", (long long)o[0], (long long)o[1],
                (long long)H, (long long)W);
    aclnn_request r;
    aclnn_request_init(&r, ACLNN_OP_AdaptiveAvgPool2d, build_pool);
    int64_t *p = r.p.i;
    p[0] = p[2] = H / o[0];
    p[1] = p[3] = W / o[1];
    p[9] = 1;
    p[10] = 1;
    return pool(&r, self, out, workspaceSize, executor);
}

/* ---- LayerNorm ---- p.i[0]: first normalised axis, [1] weight given, [2] bias given,
 * [3] mean wanted, [4] rstd wanted; p.f[0]: eps */

static void build_layer_norm(aclnn_builder *b, const aclnn_request *r)
{
    const int64_t *p = r->p.i;
    const aclTensor *x = r->in[0];
    const int64_t *nd = x->dims + p[0];
    const size_t nn = x->ndim - (size_t)p[0];
    size_t k = 1;
    gecl_port g = p[1] ? in_float(b, r, k++) : ab_fill_f(b, ACL_FLOAT, nd, nn, 1.0);
    gecl_port be = p[2] ? in_float(b, r, k++) : ab_fill_f(b, ACL_FLOAT, nd, nn, 0.0);
    gecl_port y = AB_OP(b, "LayerNorm", in_float(b, r, 0), g, be);
    ab_attr_int(b, y, "begin_norm_axis", p[0]);
    ab_attr_int(b, y, "begin_params_axis", p[0]);
    ab_attr_float(b, y, "epsilon", (float)r->p.f[0]);
    size_t j = 0;
    b->out[j] = ab_cast(b, y, ACL_FLOAT, r->out[j]->dtype);
    j++;
    if (p[3]) {
        b->out[j] = ab_cast(b, (gecl_port){y.node, 1}, ACL_FLOAT, r->out[j]->dtype);
        j++;
    }
    if (p[4]) {
        gecl_port var = {y.node, 2};
        gecl_port rstd = AB_OP(b, "Rsqrt", AB_OP(b, "Add", var, ab_scalar_f(b, ACL_FLOAT, r->p.f[0])));
        b->out[j] = ab_cast(b, rstd, ACL_FLOAT, r->out[j]->dtype);
    }
}

aclnnStatus aclnnLayerNormGetWorkspaceSize(const aclTensor *input, const aclIntArray *normalizedShape,
                                           const aclTensor *weightOptional, const aclTensor *biasOptional, double eps,
                                           aclTensor *out, aclTensor *meanOutOptional, aclTensor *rstdOutOptional,
                                           uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    ACLNN_TRY(aclnn_check_tensor(input, "input"));
    ACLNN_TRY(aclnn_check_int_array(normalizedShape, "normalizedShape"));
    if (weightOptional) ACLNN_TRY(aclnn_check_tensor(weightOptional, "weightOptional"));
    if (biasOptional) ACLNN_TRY(aclnn_check_tensor(biasOptional, "biasOptional"));
    ACLNN_TRY(aclnn_check_tensor(out, "out"));
    if (meanOutOptional) ACLNN_TRY(aclnn_check_tensor(meanOutOptional, "meanOutOptional"));
    if (rstdOutOptional) ACLNN_TRY(aclnn_check_tensor(rstdOutOptional, "rstdOutOptional"));
    ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor);
    ACLNN_TRY(check_floatish(input, "input"));
    ACLNN_TRY(check_floatish(out, "out"));
    char a[160], c[160];
    const uint64_t n = normalizedShape->size;
    ACLNN_CHECK(n >= 1 && n <= input->ndim, "normalizedShape has %llu dims, input has %llu", (unsigned long long)n,
                (unsigned long long)input->ndim);
    const uint64_t first = input->ndim - n;
    for (uint64_t k = 0; k < n; k++)
        ACLNN_CHECK(normalizedShape->values[k] == input->dims[first + k], "normalizedShape %s is not the trailing "
                    "dims of input %s", aclnn_dims_str(normalizedShape->values, n, a, sizeof a),
                    aclnn_shape_str(input, c, sizeof c));
    ACLNN_CHECK(eps > 0, "eps is %g; it must be positive", eps);
    ACLNN_TRY(aclnn_check_shape(out, "out", input->dims, input->ndim));
    const aclTensor *params[2] = {weightOptional, biasOptional};
    const char *pnames[2] = {"weightOptional", "biasOptional"};
    for (int k = 0; k < 2; k++)
        if (params[k]) {
            ACLNN_TRY(check_floatish(params[k], pnames[k]));
            ACLNN_TRY(aclnn_check_shape(params[k], pnames[k], normalizedShape->values, n));
        }
    int64_t stat[ACLNN_MAX_DIMS];
    for (uint64_t k = 0; k < input->ndim; k++) stat[k] = k < first ? input->dims[k] : 1;
    const aclTensor *stats[2] = {meanOutOptional, rstdOutOptional};
    const char *snames[2] = {"meanOutOptional", "rstdOutOptional"};
    for (int k = 0; k < 2; k++)
        if (stats[k]) {
            ACLNN_TRY(check_floatish(stats[k], snames[k]));
            ACLNN_TRY(aclnn_check_shape(stats[k], snames[k], stat, input->ndim));
        }
    aclnn_request r;
    aclnn_request_init(&r, ACLNN_OP_LayerNorm, build_layer_norm);
    ACLNN_TRY(aclnn_request_in(&r, input, "input"));
    if (weightOptional) ACLNN_TRY(aclnn_request_in(&r, weightOptional, "weightOptional"));
    if (biasOptional) ACLNN_TRY(aclnn_request_in(&r, biasOptional, "biasOptional"));
    ACLNN_TRY(aclnn_request_out(&r, out, "out"));
    if (meanOutOptional) ACLNN_TRY(aclnn_request_out(&r, meanOutOptional, "meanOutOptional"));
    if (rstdOutOptional) ACLNN_TRY(aclnn_request_out(&r, rstdOutOptional, "rstdOutOptional"));
    r.p.i[0] = (int64_t)first;
    r.p.i[1] = weightOptional != NULL;
    r.p.i[2] = biasOptional != NULL;
    r.p.i[3] = meanOutOptional != NULL;
    r.p.i[4] = rstdOutOptional != NULL;
    r.p.f[0] = eps;
    return aclnn_prepare(&r, workspaceSize, executor);
}

/* ---- BatchNorm (inference) ---- inputs: input, runningMean, runningVar, weight?, bias?;
 * p.i[0]: weight given, [1] bias given; p.f[0]: eps */

static void build_batch_norm(aclnn_builder *b, const aclnn_request *r)
{
    const aclTensor *x = r->in[0];
    int64_t shape[ACLNN_MAX_DIMS];
    for (uint64_t k = 0; k < x->ndim; k++) shape[k] = k == 1 ? x->dims[1] : 1;
    size_t k = 3;
    /* per channel, as [1, C, 1, ...] so that it broadcasts over x */
    gecl_port mean = ab_reshape(b, in_float(b, r, 1), shape, x->ndim);
    gecl_port var = ab_reshape(b, in_float(b, r, 2), shape, x->ndim);
    gecl_port inv = AB_OP(b, "Rsqrt", AB_OP(b, "Add", var, ab_scalar_f(b, ACL_FLOAT, r->p.f[0])));
    gecl_port y = AB_OP(b, "Mul", AB_OP(b, "Sub", in_float(b, r, 0), mean), inv);
    if (r->p.i[0]) y = AB_OP(b, "Mul", y, ab_reshape(b, in_float(b, r, k++), shape, x->ndim));
    if (r->p.i[1]) y = AB_OP(b, "Add", y, ab_reshape(b, in_float(b, r, k++), shape, x->ndim));
    b->out[0] = ab_cast(b, y, ACL_FLOAT, r->out[0]->dtype);
}

aclnnStatus aclnnBatchNormGetWorkspaceSize(const aclTensor *input, const aclTensor *weight, const aclTensor *bias,
                                           aclTensor *runningMean, aclTensor *runningVar, bool training,
                                           double momentum, double eps, aclTensor *output, aclTensor *saveMean,
                                           aclTensor *saveInvstd, uint64_t *workspaceSize, aclOpExecutor **executor)
{
    GECL_ENTER();
    (void)momentum; /* updates running statistics in training only */
    ACLNN_TRY(aclnn_check_tensor(input, "input"));
    if (weight) ACLNN_TRY(aclnn_check_tensor(weight, "weight"));
    if (bias) ACLNN_TRY(aclnn_check_tensor(bias, "bias"));
    ACLNN_TRY(aclnn_check_tensor(runningMean, "runningMean"));
    ACLNN_TRY(aclnn_check_tensor(runningVar, "runningVar"));
    ACLNN_TRY(aclnn_check_tensor(output, "output"));
    if (saveMean) ACLNN_TRY(aclnn_check_tensor(saveMean, "saveMean"));
    if (saveInvstd) ACLNN_TRY(aclnn_check_tensor(saveInvstd, "saveInvstd"));
    ACLNN_CHECK_PHASE1_OUTS(workspaceSize, executor);
    ACLNN_CHECK(!training, "training is true: gecl's aclnnBatchNorm computes inference (the running statistics) "
                "only");
    ACLNN_CHECK(eps > 0, "eps is %g; it must be positive", eps);
    ACLNN_TRY(check_floatish(input, "input"));
    ACLNN_TRY(check_floatish(output, "output"));
    char a[160];
    ACLNN_CHECK(input->ndim >= 2, "input is %s; BatchNorm takes [N, C, ...]", aclnn_shape_str(input, a, sizeof a));
    ACLNN_TRY(aclnn_check_shape(output, "output", input->dims, input->ndim));
    const int64_t c[1] = {input->dims[1]};
    const aclTensor *per[4] = {runningMean, runningVar, weight, bias};
    const char *names[4] = {"runningMean", "runningVar", "weight", "bias"};
    for (int k = 0; k < 4; k++)
        if (per[k]) {
            ACLNN_TRY(check_floatish(per[k], names[k]));
            ACLNN_TRY(aclnn_check_shape(per[k], names[k], c, 1));
        }
    aclnn_request r;
    aclnn_request_init(&r, ACLNN_OP_BatchNorm, build_batch_norm);
    ACLNN_TRY(aclnn_request_in(&r, input, "input"));
    ACLNN_TRY(aclnn_request_in(&r, runningMean, "runningMean"));
    ACLNN_TRY(aclnn_request_in(&r, runningVar, "runningVar"));
    if (weight) ACLNN_TRY(aclnn_request_in(&r, weight, "weight"));
    if (bias) ACLNN_TRY(aclnn_request_in(&r, bias, "bias"));
    ACLNN_TRY(aclnn_request_out(&r, output, "output"));
    r.p.i[0] = weight != NULL;
    r.p.i[1] = bias != NULL;
    r.p.f[0] = eps;
    return aclnn_prepare(&r, workspaceSize, executor);
}
