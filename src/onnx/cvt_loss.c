/* cvt_loss.c: ONNX's losses as compositions of CANN ops. CANN's own loss ops (NLLLoss,
 * SoftmaxCrossEntropyWithLogits) take [N, C] scores only and have no ignore_index, so the ONNX
 * ops are spelled out of gathers, selects and reductions, along the lines of their function
 * bodies in the ONNX spec.
 *
 * NegativeLogLikelihoodLoss(input [N, C, d1..dk], target [N, d1..dk], weight [C]?):
 *   t       = Unsqueeze(target, axis 1)                              [N, 1, d1..dk]
 *   ignored = Equal(t, ignore_index); t = SelectV2(ignored, 0, t)    (with ignore_index only)
 *   w       = GatherV2(weight, t, 0), or 1 without weights; 0 where ignored
 *   l       = -GatherElements(input, t, dim 1) * w; 0 where ignored
 * An ignored target may be any value (negative, or C and above): it is replaced by 0 before
 * either gather reads with it. `none` squeezes axis 1 away; `sum` is ReduceSum over every axis;
 * `mean` is sum(l) / sum(w), the weights applied (ONNX's definition, not the element count), or
 * ReduceMean when there are neither weights nor ignore_index (every w is 1).
 *
 * SoftmaxCrossEntropyLoss(scores, labels, weights?): log_prob = LogSoftmax(scores) along axis 1
 * (its optional second output), then the loss above on log_prob. LogSoftmaxV2 computes float32
 * only; float16 and float64 scores take log_prob = x - ReduceLogSumExp(x, axis 1), which the
 * reduction kernel computes stably (max first) in float / double.
 *
 * Scores / input in float32, float16 or float64 (the last where the device has cl_khr_fp64, as
 * every float64 op), targets int32 or int64. */
#include <string.h>

#include "cvt_nn.h"
#include "ir.h"
#include "onnx_ops.h"

typedef enum { RED_NONE, RED_SUM, RED_MEAN } reduction;

static gecl_status read_reduction(onnx_conv *c, reduction *r)
{
    const char *s = onnx_attr_string(c, "reduction", "mean");
    if (!strcmp(s, "none")) *r = RED_NONE;
    else if (!strcmp(s, "sum")) *r = RED_SUM;
    else if (!strcmp(s, "mean")) *r = RED_MEAN;
    else return onnx_fail(c, "reduction '%s' is none of none, sum, mean", s);
    return GECL_SUCCESS;
}

/* A reduction of x over every axis to a scalar. */
static gecl_port reduce_all(onnx_conv *c, const char *type, gecl_port x)
{
    static const int64_t none[1] = {0};
    const gecl_port in[2] = {x, onnx_const_ints(c, none, 0)}; /* empty axes: all of them */
    int32_t op = onnx_op(c, type, 2, in);
    onnx_set_bool(c, op, "keep_dims", 0);
    onnx_set_bool(c, op, "noop_with_empty_axes", 0);
    return (gecl_port){op < 0 ? -2 : op, 0};
}

static gecl_port sel(onnx_conv *c, gecl_port cond, gecl_port a, gecl_port b)
{
    const gecl_port in[3] = {cond, a, b};
    return onnx_op1(c, "SelectV2", 3, in);
}

static gecl_port binary(onnx_conv *c, const char *type, gecl_port a, gecl_port b)
{
    const gecl_port in[2] = {a, b};
    return onnx_op1(c, type, 2, in);
}

/* What is known of p's shape without running anything: its dtype and rank (in a graph with
 * unknown input dims too, nn_rank), the dims where known (-1 elsewhere). */
static gecl_status shape_of(onnx_conv *c, gecl_port p, gecl_tensor_desc *d)
{
    const gecl_node *n = &c->graph->nodes[p.node];
    if ((n->op == GECL_OP_CONST || n->op == GECL_OP_DATA) && !gecl_desc_unknown_rank(&n->outs[0])) {
        *d = n->outs[0];
        return GECL_SUCCESS;
    }
    if (!gecl_graph_dynamic(c->graph)) return onnx_desc(c, p, d);
    int rank;
    if (nn_rank(c, p, &rank, &d->dtype)) return onnx_status(c);
    d->ndim = (uint32_t)rank;
    for (int k = 0; k < rank; k++) d->dims[k] = -1;
    return GECL_SUCCESS;
}

static int dims_differ(int64_t a, int64_t b) { return a >= 0 && b >= 0 && a != b; }

/* Checks input x [N, C, d1..dk] (float32 / float16 / float64), target [N, d1..dk] (int32 /
 * int64) and weight [C] (x's dtype), as far as their shapes are known; *dt, *tt: x's and the
 * target's dtypes. */
static gecl_status check_inputs(onnx_conv *c, gecl_port weight, gecl_dtype *dt, gecl_dtype *tt)
{
    if (c->n_in < 2 || c->in[0].node < 0 || c->in[1].node < 0) return onnx_fail(c, "it needs inputs 0 and 1");
    gecl_tensor_desc x, t, w;
    if (shape_of(c, c->in[0], &x) || shape_of(c, c->in[1], &t)) return onnx_status(c);
    if (x.dtype != GECL_DT_FLOAT && x.dtype != GECL_DT_FLOAT16 && x.dtype != GECL_DT_DOUBLE)
        return onnx_unsupported(c, "input 0 of %s (float32, float16 and float64 are)", gecl_dtype_name(x.dtype));
    if (t.dtype != GECL_DT_INT64 && t.dtype != GECL_DT_INT32)
        return onnx_fail(c, "the target is %s; it must be int32 or int64", gecl_dtype_name(t.dtype));
    if (x.ndim < 2) return onnx_fail(c, "input 0 has %u dims; it must be [N, C] or [N, C, d1, ...]", x.ndim);
    int bad = t.ndim + 1 != x.ndim;
    for (uint32_t k = 0; !bad && k < t.ndim; k++) bad = dims_differ(t.dims[k], x.dims[k ? k + 1 : 0]);
    if (bad) return onnx_fail(c, "the target's shape is not input 0's without dim 1 (the classes)");
    if (weight.node >= 0) {
        if (shape_of(c, weight, &w)) return onnx_status(c);
        if (w.dtype != x.dtype)
            return onnx_fail(c, "the weight is %s, input 0 %s", gecl_dtype_name(w.dtype), gecl_dtype_name(x.dtype));
        if (w.ndim != 1 || dims_differ(w.dims[0], x.dims[1]))
            return onnx_fail(c, "the weight must be 1-D with one value per class (input 0's dim 1)");
    }
    *dt = x.dtype;
    *tt = t.dtype;
    return GECL_SUCCESS;
}

/* The loss of log-probabilities x [N, C, d...] (dtype dt) against target [N, d...] (dtype tt),
 * whose inputs check_inputs accepted. */
static gecl_status nll(onnx_conv *c, gecl_port x, gecl_dtype dt, gecl_port target, gecl_dtype tt, gecl_port weight,
                       gecl_port *loss)
{
    reduction red = RED_MEAN;
    gecl_status rc = read_reduction(c, &red);
    if (rc) return rc;

    const int64_t axis1 = 1;
    int32_t op = onnx_op(c, "Unsqueeze", 1, &target);
    onnx_set_ints(c, op, "axes", &axis1, 1);
    gecl_port t = {op < 0 ? -2 : op, 0};

    gecl_port ignored = {-1, 0};
    const int64_t ii = onnx_attr_int(c, "ignore_index", 0);
    /* An ignore_index an int32 target cannot hold ignores nothing. */
    if (onnx_attr(c, "ignore_index") && (tt == GECL_DT_INT64 || (ii >= INT32_MIN && ii <= INT32_MAX))) {
        ignored = binary(c, "Equal", t, onnx_const_scalar(c, tt, (double)ii));
        t = sel(c, ignored, onnx_const_scalar(c, tt, 0), t);
    }

    const gecl_port gin[2] = {x, t};
    op = onnx_op(c, "GatherElements", 2, gin);
    onnx_set_int(c, op, "dim", 1);
    gecl_port l = onnx_op1(c, "Neg", 1, &(gecl_port){op < 0 ? -2 : op, 0});

    gecl_port w = {-1, 0}; /* the weight of each element; none: 1 */
    if (weight.node >= 0) {
        const gecl_port win[3] = {weight, t, onnx_const_scalar(c, GECL_DT_INT64, 0)};
        w = onnx_op1(c, "GatherV2", 3, win);
        l = binary(c, "Mul", l, w);
    }
    if (ignored.node >= 0) {
        const gecl_port zero = onnx_const_scalar(c, dt, 0);
        /* selected rather than multiplied by w = 0: the gathered log-probability may be -inf */
        l = sel(c, ignored, zero, l);
        w = sel(c, ignored, zero, w.node >= 0 ? w : onnx_const_scalar(c, dt, 1));
    }

    if (red == RED_NONE) {
        op = onnx_op(c, "Squeeze", 1, &l);
        onnx_set_ints(c, op, "axis", &axis1, 1);
        *loss = (gecl_port){op < 0 ? -2 : op, 0};
    } else if (red == RED_SUM) {
        *loss = reduce_all(c, "ReduceSum", l);
    } else if (w.node < 0) {
        *loss = reduce_all(c, "ReduceMean", l);
    } else {
        *loss = binary(c, "RealDiv", reduce_all(c, "ReduceSum", l), reduce_all(c, "ReduceSum", w));
    }
    return onnx_status(c);
}

static gecl_port weight_input(const onnx_conv *c) { return c->n_in > 2 ? c->in[2] : (gecl_port){-1, 0}; }

gecl_status onnx_cvt_nll_loss(onnx_conv *c)
{
    gecl_dtype dt = GECL_DT_UNDEFINED, tt = GECL_DT_UNDEFINED;
    gecl_status rc = check_inputs(c, weight_input(c), &dt, &tt);
    return rc ? rc : nll(c, c->in[0], dt, c->in[1], tt, weight_input(c), &c->out[0]);
}

gecl_status onnx_cvt_softmax_cross_entropy_loss(onnx_conv *c)
{
    gecl_dtype dt = GECL_DT_UNDEFINED, tt = GECL_DT_UNDEFINED;
    gecl_status rc = check_inputs(c, weight_input(c), &dt, &tt);
    if (rc) return rc;
    const int64_t axis1 = 1;
    gecl_port log_prob;
    if (dt == GECL_DT_FLOAT) {
        int32_t op = onnx_op(c, "LogSoftmaxV2", 1, c->in);
        onnx_set_ints(c, op, "axes", &axis1, 1);
        log_prob = (gecl_port){op < 0 ? -2 : op, 0};
    } else {
        const gecl_port rin[2] = {c->in[0], onnx_const_ints(c, &axis1, 1)};
        int32_t op = onnx_op(c, "ReduceLogSumExp", 2, rin);
        onnx_set_bool(c, op, "keep_dims", 1);
        log_prob = binary(c, "Sub", c->in[0], (gecl_port){op < 0 ? -2 : op, 0});
    }
    rc = nll(c, log_prob, dt, c->in[1], tt, weight_input(c), &c->out[0]);
    if (!rc && nn_output_used(c, 1)) c->out[1] = log_prob;
    return rc;
}
