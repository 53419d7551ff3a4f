/* shape_math.c: failures of checked shape arithmetic, and the sliding-window output size that
 * Conv2D and the pools share (shape_math.h). */
#include "shape_math.h"

#include <stdarg.h>
#include <stdio.h>

const char *gecl_term_str(const gecl_term *t, char *buf, size_t size)
{
    const long long v = (long long)t->v;
    switch (t->kind) {
    case GECL_TERM_DIM: snprintf(buf, size, "input %d (%s) dim %d=%lld", t->input, t->name, t->index, v); break;
    case GECL_TERM_VALUE: snprintf(buf, size, "input %d (%s) element %d=%lld", t->input, t->name, t->index, v); break;
    default:
        if (t->index >= 0) snprintf(buf, size, "attribute %s[%d]=%lld", t->name, t->index, v);
        else snprintf(buf, size, "attribute %s=%lld", t->name, v);
    }
    return buf;
}

gecl_status gecl_shape_fail(const gecl_node *n, const gecl_term *t, const char *fmt, ...)
{
    char what[160], text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    return gecl_node_fail(n, "%s %s", gecl_term_str(t, what, sizeof what), text);
}

static gecl_status check_ranges(const gecl_node *n, gecl_padding mode, const gecl_window *w)
{
    const gecl_term *const positive[] = {&w->k, &w->stride, &w->dilation};
    for (size_t i = 0; i < sizeof positive / sizeof positive[0]; i++)
        if (positive[i]->v < 1) return gecl_shape_fail(n, positive[i], "must be at least 1");
    if (mode != GECL_PADDING_EXPLICIT) return GECL_SUCCESS; /* SAME and VALID compute the pads */
    if (w->pad_before.v < 0) return gecl_shape_fail(n, &w->pad_before, "must not be negative");
    if (w->pad_after.v < 0) return gecl_shape_fail(n, &w->pad_after, "must not be negative");
    return GECL_SUCCESS;
}

/* The term to blame for a dilated window that is too large: the larger of window and dilation. */
static const gecl_term *window_term(const gecl_window *w)
{
    return w->dilation.v > w->k.v ? &w->dilation : &w->k;
}

/* SAME: the pads that make the output ceil(in / stride). Written so that nothing here overflows:
 * (out - 1) * stride < in, and the window minus a positive number stays an int64. */
static void same_pads(gecl_window *w, int64_t e)
{
    const int64_t in = w->in.v, s = w->stride.v, out = in / s + (in % s != 0);
    int64_t total = 0;
    if (out > 0) {
        const int64_t covered = (out - 1) * s; /* start of the last window */
        total = e - (in - covered);
        if (total < 0) total = 0;
    }
    w->pad_before.v = total / 2;
    w->pad_after.v = total - w->pad_before.v;
}

/* The pads' terms to blame: SAME pads come from the window. */
static const gecl_term *pad_term(gecl_padding mode, const gecl_window *w, const gecl_term *pad)
{
    return mode == GECL_PADDING_SAME ? window_term(w) : pad;
}

/* The term to blame for a padded extent that is too large: the largest of input and pads. */
static const gecl_term *extent_term(gecl_padding mode, const gecl_window *w)
{
    if (w->in.v >= w->pad_before.v && w->in.v >= w->pad_after.v) return &w->in;
    return pad_term(mode, w, w->pad_before.v >= w->pad_after.v ? &w->pad_before : &w->pad_after);
}

/* in + pads into *padded, at most GECL_MAX_WINDOW_EXTENT; blames the value that overflows it. */
static gecl_status padded_extent(const gecl_node *n, gecl_padding mode, const gecl_window *w, int64_t *padded)
{
    const long long in = (long long)w->in.v, before = (long long)w->pad_before.v, after = (long long)w->pad_after.v;
    int64_t head;
    const int over_before = gecl_dim_add(w->in.v, w->pad_before.v, &head);
    if (over_before || gecl_dim_add(head, w->pad_after.v, padded))
        return gecl_shape_fail(n, pad_term(mode, w, over_before ? &w->pad_before : &w->pad_after),
                               "overflows the output %s: the padded input %s (%lld + pads %lld + %lld) is not an "
                               "int64", w->axis, w->axis, in, before, after);
    if (*padded <= GECL_MAX_WINDOW_EXTENT) return GECL_SUCCESS;
    return gecl_shape_fail(n, extent_term(mode, w), "makes the padded input %s %lld (%lld + pads %lld + %lld), over %lld: gecl's "
                           "kernels index positions along an axis in 32 bits", w->axis, (long long)*padded, in,
                           before, after, (long long)GECL_MAX_WINDOW_EXTENT);
}

/* Strides and dilations reach the kernels as int literals. */
static gecl_status check_step(const gecl_node *n, const gecl_term *t)
{
    if (t->v <= GECL_MAX_WINDOW_EXTENT) return GECL_SUCCESS;
    return gecl_shape_fail(n, t, "is over %lld: gecl's kernels index positions along an axis in 32 bits",
                           (long long)GECL_MAX_WINDOW_EXTENT);
}

gecl_status gecl_window_extent(const gecl_node *n, gecl_padding mode, gecl_window *w, int64_t *out)
{
    gecl_status rc = check_ranges(n, mode, w);
    if (rc) return rc;
    int64_t e;
    if (gecl_dim_mul(w->k.v - 1, w->dilation.v, &e) || gecl_dim_add(e, 1, &e))
        return gecl_shape_fail(n, window_term(w), "overflows the output %s: the dilated window (%lld - 1) * %lld + 1 "
                               "is not an int64", w->axis, (long long)w->k.v, (long long)w->dilation.v);
    if (mode == GECL_PADDING_SAME) same_pads(w, e);
    if (mode == GECL_PADDING_VALID) w->pad_before.v = w->pad_after.v = 0;
    int64_t padded = 0;
    if ((rc = padded_extent(n, mode, w, &padded)) || (rc = check_step(n, &w->stride)) ||
        (rc = check_step(n, &w->dilation)))
        return rc;
    /* padded >= e >= 1 below, so span and steps + 1 are int64s; in + pad_before is too. */
    int64_t count = 0;
    if (padded >= e) {
        const int64_t span = padded - e, s = w->stride.v;
        const int ceil_mode = w->ceil_mode && mode == GECL_PADDING_EXPLICIT;
        const int64_t steps = span / s + (ceil_mode && span % s != 0);
        int64_t last;
        count = steps + 1;
        /* As in ONNX and PyTorch, the last window must start inside the input or the leading
         * padding, never in the trailing padding only. */
        if (ceil_mode && (gecl_dim_mul(steps, s, &last) || last >= w->in.v + w->pad_before.v)) count--;
    }
    if (count < 1)
        return gecl_node_fail(n, "output %s would be empty: the padded input %s (%lld + pads %lld + %lld) is "
                              "smaller than the window %lld (size %lld, dilation %lld)", w->axis, w->axis,
                              (long long)w->in.v, (long long)w->pad_before.v, (long long)w->pad_after.v, (long long)e,
                              (long long)w->k.v, (long long)w->dilation.v);
    *out = count;
    return GECL_SUCCESS;
}
