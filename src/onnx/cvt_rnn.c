/* cvt_rnn.c: ONNX RNN, GRU and LSTM, unrolled over the sequence at import time into CANN's
 * matrix and elementwise ops (gecl has no recurrent op: the sequence length is known when the
 * model is imported, so each time step becomes its own few ops; the compiler fuses the
 * elementwise ones of a step into a few kernels).
 *
 * Per direction: the input projection of every step at once, X W^T + Wb + Rb, one MatMulV2 over
 * [T * batch, input], split into the steps (SplitD); then per step the recurrent MatMulV2 of the
 * previous state, the gates (SplitD) and their activations as ONNX writes the equations. W, R, B
 * and P are sliced per direction and gate with StridedSliceV2, which folds at compile time when
 * they are initializers. A zero initial state is no tensor at all (its products are left out), so
 * nothing here needs the batch size. sequence_lens masks the steps at run time: a step at or past
 * a batch entry's length keeps that entry's state (SelectV2 of Less(t, length)) and writes 0 to
 * Y, so Y_h holds the state of its last valid step in either direction (the reverse direction
 * starts, for each entry, from its last valid step). Activations are consumed from activations
 * (all forward ones, then the reverse ones) with activation_alpha / activation_beta taken in
 * order by those that use them, as onnxruntime reads them; clip bounds every gate's input to its
 * activation; LSTM's input_forget couples the forget gate as 1 - input gate (onnxruntime's
 * reading). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cvt_nn.h"
#include "ir.h"
#include "onnx_ops.h"

typedef enum rnn_kind { RNN_PLAIN, RNN_GRU, RNN_LSTM } rnn_kind;

/* ---- activations ---- */

/* ONNX's activation names, the CANN op (NULL: built here), which of alpha / beta they take and
 * their defaults (those of the ONNX op of that name; NAN: the model must give it). */
static const struct rnn_fn {
    const char *name, *cann;
    int takes_alpha, takes_beta;
    float alpha, beta;
} fns[] = {
    {"Relu", "Relu", 0, 0, 0, 0},
    {"Tanh", "Tanh", 0, 0, 0, 0},
    {"Sigmoid", "Sigmoid", 0, 0, 0, 0},
    {"Softsign", "Softsign", 0, 0, 0, 0},
    {"Softplus", "Softplus", 0, 0, 0, 0},
    {"LeakyRelu", "LeakyRelu", 1, 0, 0.01f, 0},
    {"ThresholdedRelu", "ThresholdedRelu", 1, 0, 1.0f, 0},
    {"HardSigmoid", "HardSigmoid", 1, 1, 0.2f, 0.5f},
    {"Elu", "Elu", 1, 0, 1.0f, 0},
    {"Affine", NULL, 1, 1, 1.0f, 0.0f},     /* alpha * x + beta */
    {"ScaledTanh", NULL, 1, 1, NAN, NAN},  /* alpha * tanh(beta * x) */
};

typedef struct rnn_act {
    const struct rnn_fn *fn;
    float alpha, beta;
} rnn_act;

#define RNN_MAX_ACTS 3

/* One RNN / GRU / LSTM node being unrolled. A port with node -1 is absent (an input not given,
 * a state that is zero). */
typedef struct rnn {
    onnx_conv *c;
    rnn_kind kind;
    int gates, n_acts, dirs, reverse, layout, lbr, input_forget, has_clip;
    float clip;
    int64_t steps, hidden;
    gecl_dtype dt;
    rnn_act acts[2][RNN_MAX_ACTS];
    gecl_port x, w, r, b, lens, h0, c0, p;
    gecl_port lens_col;   /* sequence_lens as [batch, 1]; absent when no step is masked */
    gecl_dtype lens_dt;
} rnn;

static const gecl_port absent = {-1, 0};

static int same_name(const char *a, const unsigned char *b, size_t len)
{
    if (strlen(a) != len) return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char x = (unsigned char)a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = (unsigned char)(y - 'A' + 'a');
        if (x != y) return 0;
    }
    return 1;
}

/* activations, activation_alpha, activation_beta: n_acts per direction (one list given for a
 * bidirectional node serves both directions). */
static gecl_status read_acts(rnn *s)
{
    onnx_conv *c = s->c;
    static const char *const defaults[3][RNN_MAX_ACTS] = {
        {"Tanh"}, {"Sigmoid", "Tanh"}, {"Sigmoid", "Tanh", "Tanh"}};
    const Onnx__AttributeProto *a = onnx_attr(c, "activations");
    const size_t given = a ? a->n_strings : 0;
    if (given && given != (size_t)s->n_acts && given != (size_t)(s->n_acts * s->dirs))
        return onnx_fail(c, "activations has %zu names; %s takes %d per direction (%d directions)", given,
                         c->node->op_type, s->n_acts, s->dirs);
    const float *alphas, *betas;
    const size_t n_alpha = onnx_attr_floats(c, "activation_alpha", &alphas);
    const size_t n_beta = onnx_attr_floats(c, "activation_beta", &betas);
    if (given == (size_t)s->n_acts && s->dirs == 2 && (n_alpha || n_beta))
        return onnx_unsupported(c, "activation_alpha / activation_beta with one direction's activations for a "
                                "bidirectional node (the list must name both directions' activations)");
    size_t ia = 0, ib = 0;
    for (int d = 0; d < s->dirs; d++)
        for (int k = 0; k < s->n_acts; k++) {
            const size_t at = given == (size_t)s->n_acts ? (size_t)k : (size_t)(d * s->n_acts + k);
            const unsigned char *name = (const unsigned char *)defaults[s->kind][k];
            size_t len = strlen(defaults[s->kind][k]);
            if (given) name = a->strings[at].data, len = a->strings[at].len;
            const struct rnn_fn *fn = NULL;
            for (size_t i = 0; i < sizeof fns / sizeof *fns && !fn; i++)
                if (same_name(fns[i].name, name, len)) fn = &fns[i];
            if (!fn) return onnx_unsupported(c, "activation '%.*s'", (int)len, (const char *)name);
            rnn_act *act = &s->acts[d][k];
            act->fn = fn;
            act->alpha = fn->takes_alpha && ia < n_alpha ? alphas[ia++] : fn->alpha;
            act->beta = fn->takes_beta && ib < n_beta ? betas[ib++] : fn->beta;
            if (isnan(act->alpha) || isnan(act->beta))
                return onnx_fail(c, "activation %s needs its activation_alpha and activation_beta", fn->name);
        }
    if (ia < n_alpha || ib < n_beta)
        return onnx_unsupported(c, "%zu activation_alpha and %zu activation_beta values for activations that take "
                                "%zu and %zu (they are read in order by the activations that use them)",
                                n_alpha, n_beta, ia, ib);
    return GECL_SUCCESS;
}

/* ---- building blocks ---- */

static gecl_port op2(onnx_conv *c, const char *type, gecl_port a, gecl_port b)
{
    const gecl_port in[2] = {a, b};
    return onnx_op1(c, type, 2, in);
}

/* a + b, either absent standing for zero. */
static gecl_port add_opt(onnx_conv *c, gecl_port a, gecl_port b)
{
    if (a.node == -1) return b;
    if (b.node == -1) return a;
    return op2(c, "Add", a, b);
}

/* a * b, absent when either is (a zero). */
static gecl_port mul_opt(onnx_conv *c, gecl_port a, gecl_port b)
{
    if (a.node == -1 || b.node == -1) return absent;
    return op2(c, "Mul", a, b);
}

static gecl_port scalar(rnn *s, double v) { return onnx_const_scalar(s->c, s->dt, v); }

/* x [rows, k] times w [n, k] transposed (+ bias [n] when given): [rows, n]. Absent x: absent. */
static gecl_port matmul_t(onnx_conv *c, gecl_port x, gecl_port w, gecl_port bias)
{
    if (x.node == -1) return bias;
    const gecl_port in[3] = {x, w, bias};
    const int32_t id = onnx_op(c, "MatMulV2", bias.node == -1 ? 2 : 3, in);
    onnx_set_bool(c, id, "transpose_x2", 1);
    return (gecl_port){id < 0 ? -2 : id, 0};
}

/* x[begin:end] along `axis`. */
static gecl_port slice(onnx_conv *c, gecl_port x, int64_t axis, int64_t begin, int64_t end)
{
    const gecl_port in[4] = {x, onnx_const_ints(c, &begin, 1), onnx_const_ints(c, &end, 1), onnx_const_ints(c, &axis, 1)};
    return onnx_op1(c, "StridedSliceV2", 4, in);
}

/* Entry `at` of dim `axis` of x, that dim dropped (x itself when the dim has one entry). */
static gecl_port entry(onnx_conv *c, gecl_port x, int64_t axis, int64_t at, int64_t count)
{
    if (x.node == -1) return absent;
    return nn_drop_ones(c, count == 1 ? x : slice(c, x, axis, at, at + 1), axis, 1);
}

/* x split into n equal parts along `axis` (out[n]). */
static void split(onnx_conv *c, gecl_port x, int64_t axis, int64_t n, gecl_port *out)
{
    if (n == 1) {
        out[0] = x;
        return;
    }
    const int32_t id = onnx_op(c, "SplitD", 1, &x);
    onnx_set_int(c, id, "split_dim", axis);
    onnx_set_int(c, id, "num_split", n);
    if (id >= 0 && gecl_graph_set_output_count(c->graph, id, (size_t)n)) {
        onnx_fail(c, "setting %lld outputs: %s", (long long)n, gecl_last_error());
        for (int64_t k = 0; k < n; k++) out[k] = (gecl_port){-2, 0};
        return;
    }
    for (int64_t k = 0; k < n; k++) out[k] = (gecl_port){id < 0 ? -2 : id, (int32_t)k};
}

/* act(x). */
static gecl_port apply(rnn *s, const rnn_act *a, gecl_port x)
{
    onnx_conv *c = s->c;
    const struct rnn_fn *fn = a->fn;
    if (!strcmp(fn->name, "Affine")) return op2(c, "Add", op2(c, "Mul", x, scalar(s, a->alpha)), scalar(s, a->beta));
    if (!strcmp(fn->name, "ScaledTanh")) {
        gecl_port t = onnx_op1(c, "Tanh", 1, (gecl_port[]){op2(c, "Mul", x, scalar(s, a->beta))});
        return op2(c, "Mul", t, scalar(s, a->alpha));
    }
    const int32_t id = onnx_op(c, fn->cann, 1, &x);
    if (!strcmp(fn->name, "LeakyRelu")) onnx_set_float(c, id, "negative_slope", a->alpha);
    if (!strcmp(fn->name, "ThresholdedRelu") || !strcmp(fn->name, "Elu") || !strcmp(fn->name, "HardSigmoid"))
        onnx_set_float(c, id, "alpha", a->alpha);
    if (!strcmp(fn->name, "HardSigmoid")) onnx_set_float(c, id, "beta", a->beta);
    return (gecl_port){id < 0 ? -2 : id, 0};
}

/* act(clip(x)): clip bounds the gates' inputs (not LSTM's cell state before h). */
static gecl_port activate(rnn *s, const rnn_act *a, gecl_port x)
{
    if (s->has_clip) {
        const gecl_port in[3] = {x, scalar(s, -s->clip), scalar(s, s->clip)};
        x = onnx_op1(s->c, "ClipByValue", 3, in);
    }
    return apply(s, a, x);
}

/* Where the step is masked (at or past a batch entry's sequence length), `keep` instead of
 * `value` (absent keep: zero). No mask: value. */
static gecl_port masked(rnn *s, gecl_port mask, gecl_port value, gecl_port keep)
{
    if (mask.node == -1) return value;
    const gecl_port in[3] = {mask, value, keep.node == -1 ? scalar(s, 0) : keep};
    return onnx_op1(s->c, "SelectV2", 3, in);
}

/* ---- one direction ---- */

/* What a direction's steps read: its weights, sliced out of the node's inputs. */
typedef struct rnn_dir {
    gecl_port r, r_zr, r_h;   /* R [G*H, H]; GRU: its z and r rows, its h rows */
    gecl_port rb_h;           /* GRU with linear_before_reset: Rbh (absent without B) */
    gecl_port p[3];           /* LSTM peepholes i, o, f [H] */
    const rnn_act *act;
} rnn_dir;

/* Steps' input projections X W^T + Wb + Rb: out[t] [batch, G*H] for every t. For a GRU whose
 * reset gate applies after the recurrent product (linear_before_reset), Rbh stays out. */
static void project(rnn *s, int d, gecl_port *xw, rnn_dir *dir)
{
    onnx_conv *c = s->c;
    const int64_t gh = s->gates * s->hidden, h = s->hidden;
    *dir = (rnn_dir){.r = absent, .r_zr = absent, .r_h = absent, .rb_h = absent, .p = {absent, absent, absent},
                     .act = s->acts[d]};
    const gecl_port w = entry(c, s->w, 0, d, s->dirs);
    gecl_port bias = absent;
    if (s->b.node != -1) {
        const gecl_port b = entry(c, s->b, 0, d, s->dirs);
        gecl_port rb = slice(c, b, 0, gh, 2 * gh);
        if (s->kind == RNN_GRU && s->lbr) {
            dir->rb_h = slice(c, rb, 0, 2 * h, 3 * h);
            /* Rb with its h part zeroed: the z and r biases join the projection */
            float *keep = malloc((size_t)gh * sizeof *keep);
            if (!keep) {
                onnx_fail(c, "out of memory");
                for (int64_t t = 0; t < s->steps; t++) xw[t] = (gecl_port){-2, 0};
                return;
            }
            for (int64_t k = 0; k < gh; k++) keep[k] = k < 2 * h ? 1.0f : 0.0f;
            const gecl_tensor_desc kd = {GECL_DT_FLOAT, GECL_FORMAT_ND, 1, {gh}};
            rb = op2(c, "Mul", rb, onnx_const(c, &kd, keep, (size_t)gh * sizeof *keep));
            free(keep);
        }
        bias = op2(c, "Add", slice(c, b, 0, 0, gh), rb);
    }
    /* [T, batch, I] (layout 1: [batch, T, I]) as rows of I, projected, back to 3-D, split */
    static const int64_t rows = -1;
    const gecl_port x2 = nn_reshape_range(c, s->x, 0, 2, &rows, 1);
    const int64_t t_axis = s->layout ? 1 : 0;
    const int64_t shape[2] = {s->layout ? -1 : s->steps, s->layout ? s->steps : -1};
    const gecl_port y3 = nn_reshape_range(c, matmul_t(c, x2, w, bias), 0, 1, shape, 2);
    split(c, y3, t_axis, s->steps, xw);
    for (int64_t t = 0; t < s->steps; t++) xw[t] = nn_drop_ones(c, xw[t], t_axis, 1);

    dir->r = entry(c, s->r, 0, d, s->dirs);
    if (s->kind == RNN_GRU) {
        dir->r_zr = slice(c, dir->r, 0, 0, 2 * h);
        dir->r_h = slice(c, dir->r, 0, 2 * h, 3 * h);
    }
    if (s->kind == RNN_LSTM && s->p.node != -1) {
        const gecl_port p = entry(c, s->p, 0, d, s->dirs);
        for (int k = 0; k < 3; k++) dir->p[k] = slice(c, p, 0, k * h, (k + 1) * h);
    }
}

/* One step: state *h (and *cell) from the step's projection xw. */
static void step(rnn *s, const rnn_dir *dir, gecl_port xw, gecl_port *h, gecl_port *cell)
{
    onnx_conv *c = s->c;
    const gecl_port hp = *h;
    if (s->kind == RNN_PLAIN) {
        *h = activate(s, &dir->act[0], add_opt(c, xw, matmul_t(c, hp, dir->r, absent)));
        return;
    }
    if (s->kind == RNN_GRU) {
        gecl_port x3[3], hzr[2] = {absent, absent};
        split(c, xw, 1, 3, x3);
        if (hp.node != -1) split(c, matmul_t(c, hp, dir->r_zr, absent), 1, 2, hzr);
        const gecl_port z = activate(s, &dir->act[0], add_opt(c, x3[0], hzr[0]));
        const gecl_port r = activate(s, &dir->act[0], add_opt(c, x3[1], hzr[1]));
        /* linear_before_reset: r * (H Rh^T + Rbh); else (r * H) Rh^T (Rbh is in xw) */
        const gecl_port rec = s->lbr ? mul_opt(c, r, matmul_t(c, hp, dir->r_h, dir->rb_h))
                                     : matmul_t(c, mul_opt(c, r, hp), dir->r_h, absent);
        const gecl_port hh = activate(s, &dir->act[1], add_opt(c, x3[2], rec));
        /* (1 - z) * hh + z * H */
        *h = add_opt(c, op2(c, "Mul", op2(c, "Sub", scalar(s, 1), z), hh), mul_opt(c, z, hp));
        return;
    }
    /* LSTM: gates i, o, f, c */
    gecl_port g[4];
    split(c, add_opt(c, xw, matmul_t(c, hp, dir->r, absent)), 1, 4, g);
    const gecl_port cp = *cell;
    const gecl_port i = activate(s, &dir->act[0], add_opt(c, g[0], mul_opt(c, dir->p[0], cp)));
    const gecl_port f = s->input_forget ? op2(c, "Sub", scalar(s, 1), i)
                                        : activate(s, &dir->act[0], add_opt(c, g[2], mul_opt(c, dir->p[2], cp)));
    const gecl_port cc = activate(s, &dir->act[1], g[3]);
    const gecl_port cn = add_opt(c, mul_opt(c, f, cp), op2(c, "Mul", i, cc));
    const gecl_port o = activate(s, &dir->act[0], add_opt(c, g[1], mul_opt(c, dir->p[1], cn)));
    *cell = cn;
    *h = op2(c, "Mul", o, apply(s, &dir->act[2], cn));
}

/* ---- the node ---- */

/* The description of p when the graph holds it without inference: a Const, or a Data node of
 * known rank (its unknown dims -1). */
static int known_desc(const onnx_conv *c, gecl_port p, gecl_tensor_desc *d)
{
    if (p.node < 0 || (size_t)p.node >= c->graph->n_nodes) return 0;
    const gecl_node *n = &c->graph->nodes[p.node];
    if ((n->op != GECL_OP_CONST && n->op != GECL_OP_DATA) || gecl_desc_unknown_rank(&n->outs[0])) return 0;
    *d = n->outs[0];
    return 1;
}

/* "2, 3, ?" for dims {2, 3, -1}. */
static void dims_text(const int64_t *dims, int n, char *out, size_t size)
{
    size_t at = 0;
    out[0] = '\0';
    for (int k = 0; k < n && at < size; k++) {
        const int w = dims[k] < 0 ? snprintf(out + at, size - at, "%s?", k ? ", " : "")
                                  : snprintf(out + at, size - at, "%s%lld", k ? ", " : "", (long long)dims[k]);
        if (w < 0) break;
        at += (size_t)w;
    }
}

/* Input `name` (port p) against the shape ONNX gives it (-1: any size), where it is known now;
 * inference checks the rest. */
static gecl_status check_shape(const rnn *s, gecl_port p, const char *name, int n, const int64_t *want)
{
    gecl_tensor_desc d;
    if (p.node == -1 || !known_desc(s->c, p, &d)) return GECL_SUCCESS;
    int ok = d.ndim == (uint32_t)n;
    for (int k = 0; ok && k < n; k++) ok = want[k] < 0 || d.dims[k] < 0 || d.dims[k] == want[k];
    if (ok) return GECL_SUCCESS;
    char got[160], exp[160];
    dims_text(d.dims, (int)d.ndim, got, sizeof got);
    dims_text(want, n, exp, sizeof exp);
    return onnx_fail(s->c, "input %s is [%s], expected [%s]", name, got, exp);
}

/* The sequence length (dim 0 of X, dim 1 with layout 1), which unrolling needs at import. */
static gecl_status read_steps(rnn *s)
{
    onnx_conv *c = s->c;
    gecl_tensor_desc d;
    if (!known_desc(c, s->x, &d) && onnx_desc(c, s->x, &d)) return onnx_status(c);
    if (d.ndim != 3) return onnx_fail(c, "X has %u dims, expected 3", d.ndim);
    s->dt = d.dtype;
    s->steps = d.dims[s->layout ? 1 : 0];
    if (s->steps < 0)
        return onnx_unsupported(c, "an unknown sequence length (dim %d of X): the sequence is unrolled at import",
                                s->layout ? 1 : 0);
    if (s->steps < 1) return onnx_unsupported(c, "an empty sequence (dim %d of X is 0)", s->layout ? 1 : 0);
    if (s->steps > GECL_MAX_NODE_OUTPUTS)
        return onnx_unsupported(c, "a sequence of %lld steps (at most %d are unrolled)", (long long)s->steps,
                                GECL_MAX_NODE_OUTPUTS);
    if (s->dt != GECL_DT_FLOAT) return onnx_unsupported(c, "X of %s (computed in float32 only)", gecl_dtype_name(s->dt));
    return GECL_SUCCESS;
}

/* sequence_lens: a constant whose lengths are all the sequence masks nothing; otherwise each
 * step compares its index with the lengths at run time. */
static gecl_status read_lens(rnn *s)
{
    onnx_conv *c = s->c;
    s->lens_col = absent;
    if (s->lens.node == -1) return GECL_SUCCESS;
    s->lens_dt = onnx_dtype_of(c, s->lens);
    if (s->lens_dt != GECL_DT_INT32 && s->lens_dt != GECL_DT_INT64)
        return onnx_status(c) ? onnx_status(c)
                              : onnx_fail(c, "sequence_lens is %s, expected int32", gecl_dtype_name(s->lens_dt));
    enum { CAP = 4096 };
    int64_t *v = malloc(CAP * sizeof *v);
    if (!v) return onnx_fail(c, "out of memory");
    const int n = onnx_const_values(c, s->lens, v, CAP);
    int full = n >= 0;
    for (int k = 0; k < n; k++) {
        if (v[k] < 0 || v[k] > s->steps) {
            const long long bad = (long long)v[k];
            free(v);
            return onnx_fail(c, "sequence_lens[%d] = %lld is outside [0, %lld]", k, bad, (long long)s->steps);
        }
        full = full && v[k] == s->steps;
    }
    free(v);
    if (!full) s->lens_col = nn_insert_ones(c, s->lens, 1, 1);
    return onnx_status(c);
}

/* ports[0..n) concatenated along `axis` (one: itself). */
static gecl_port concat(onnx_conv *c, const gecl_port *ports, int64_t n, int64_t axis)
{
    if (n == 1) return ports[0];
    const int32_t id = onnx_op(c, "ConcatD", (size_t)n, ports);
    onnx_set_int(c, id, "concat_dim", axis);
    onnx_set_int(c, id, "N", n);
    return (gecl_port){id < 0 ? -2 : id, 0};
}

/* Every direction over every step; the outputs asked for. */
static gecl_status unroll(rnn *s)
{
    onnx_conv *c = s->c;
    const int64_t T = s->steps;
    const int want_y = nn_output_used(c, 0);
    gecl_port *xw = calloc((size_t)T, sizeof *xw), *ys = calloc((size_t)(2 * T), sizeof *ys);
    if (!xw || !ys) {
        free(xw);
        free(ys);
        return onnx_fail(c, "out of memory");
    }
    gecl_port last_h[2], last_c[2];
    const int64_t state_axis = s->layout ? 1 : 0;   /* of initial_h / initial_c */
    for (int d = 0; d < s->dirs && !onnx_status(c); d++) {
        const int rev = s->dirs == 2 ? d == 1 : s->reverse;
        rnn_dir dir;
        project(s, d, xw, &dir);
        gecl_port h = entry(c, s->h0, state_axis, d, s->dirs), cell = entry(c, s->c0, state_axis, d, s->dirs);
        for (int64_t k = 0; k < T && !onnx_status(c); k++) {
            const int64_t t = rev ? T - 1 - k : k;
            const gecl_port mask = s->lens_col.node == -1 ? absent
                                   : op2(c, "Less", onnx_const_scalar(c, s->lens_dt, (double)t), s->lens_col);
            const gecl_port hp = h, cp = cell;
            step(s, &dir, xw[t], &h, &cell);
            if (want_y) ys[d * T + t] = nn_insert_ones(c, masked(s, mask, h, absent), s->layout ? 1 : 0, 2);
            h = masked(s, mask, h, hp);
            if (s->kind == RNN_LSTM) cell = masked(s, mask, cell, cp);
        }
        last_h[d] = nn_insert_ones(c, h, state_axis, 1);
        last_c[d] = s->kind == RNN_LSTM ? nn_insert_ones(c, cell, state_axis, 1) : absent;
    }
    /* Y [T, D, batch, H] (layout 1: [batch, T, D, H]); Y_h, Y_c [D, batch, H] ([batch, D, H]) */
    if (want_y && !onnx_status(c)) {
        gecl_port per_dir[2];
        for (int d = 0; d < s->dirs; d++) per_dir[d] = concat(c, ys + d * T, T, s->layout ? 1 : 0);
        c->out[0] = concat(c, per_dir, s->dirs, s->layout ? 2 : 1);
    }
    free(xw);
    free(ys);
    if (onnx_status(c)) return onnx_status(c);
    if (nn_output_used(c, 1)) c->out[1] = concat(c, last_h, s->dirs, state_axis);
    if (s->kind == RNN_LSTM && nn_output_used(c, 2)) c->out[2] = concat(c, last_c, s->dirs, state_axis);
    return onnx_status(c);
}

static gecl_port opt_input(const onnx_conv *c, size_t i) { return i < c->n_in ? c->in[i] : absent; }

/* A 0 / 1 attribute. */
static gecl_status flag(onnx_conv *c, const char *name, int *v)
{
    const int64_t a = onnx_attr_int(c, name, 0);
    if (a != 0 && a != 1) return onnx_fail(c, "attribute %s is %lld, expected 0 or 1", name, (long long)a);
    *v = (int)a;
    return GECL_SUCCESS;
}

static gecl_status convert(onnx_conv *c, rnn_kind kind)
{
    rnn s = {.c = c, .kind = kind};
    s.gates = kind == RNN_PLAIN ? 1 : kind == RNN_GRU ? 3 : 4;
    s.n_acts = kind == RNN_PLAIN ? 1 : kind == RNN_GRU ? 2 : 3;
    const size_t max_in = kind == RNN_LSTM ? 8 : 6;
    if (c->n_in < 3 || c->n_in > max_in)
        return onnx_fail(c, "%zu inputs, expected 3 to %zu", c->n_in, max_in);
    if (c->n_out > (kind == RNN_LSTM ? 3u : 2u)) return onnx_fail(c, "%zu outputs, expected at most %d", c->n_out, kind == RNN_LSTM ? 3 : 2);
    for (int k = 0; k < 3; k++)
        if (c->in[k].node < 0) return onnx_fail(c, "input %d (%s) is required", k, k == 0 ? "X" : k == 1 ? "W" : "R");
    s.x = c->in[0], s.w = c->in[1], s.r = c->in[2];
    s.b = opt_input(c, 3), s.lens = opt_input(c, 4), s.h0 = opt_input(c, 5);
    s.c0 = kind == RNN_LSTM ? opt_input(c, 6) : absent;
    s.p = kind == RNN_LSTM ? opt_input(c, 7) : absent;

    const char *direction = onnx_attr_string(c, "direction", "forward");
    if (!strcmp(direction, "forward")) s.dirs = 1;
    else if (!strcmp(direction, "reverse")) s.dirs = 1, s.reverse = 1;
    else if (!strcmp(direction, "bidirectional")) s.dirs = 2;
    else return onnx_fail(c, "direction '%s' is none of forward, reverse, bidirectional", direction);
    gecl_status rc;
    if (c->opset >= 14 && (rc = flag(c, "layout", &s.layout))) return rc;
    if (kind == RNN_GRU && (rc = flag(c, "linear_before_reset", &s.lbr))) return rc;
    if (kind == RNN_LSTM && (rc = flag(c, "input_forget", &s.input_forget))) return rc;
    const Onnx__AttributeProto *clip = onnx_attr(c, "clip");
    if (clip && clip->has_f) {
        if (!(clip->f >= 0)) return onnx_fail(c, "clip is %g, expected a threshold of 0 or more", (double)clip->f);
        s.has_clip = 1, s.clip = clip->f;
    }
    if ((rc = read_steps(&s))) return rc;

    s.hidden = onnx_attr_int(c, "hidden_size", -1);
    if (s.hidden < 0) {
        gecl_tensor_desc r;
        if (!known_desc(c, s.r, &r) && onnx_desc(c, s.r, &r)) return onnx_status(c);
        if (r.ndim != 3 || r.dims[2] < 1) return onnx_fail(c, "no hidden_size, and R's shape does not give it");
        s.hidden = r.dims[2];
    }
    if (s.hidden < 1) return onnx_fail(c, "hidden_size is %lld", (long long)s.hidden);
    if ((rc = read_acts(&s))) return rc;

    const int64_t D = s.dirs, H = s.hidden, GH = s.gates * H;
    const int64_t w[3] = {D, GH, -1}, r[3] = {D, GH, H}, b[2] = {D, 2 * GH}, p[2] = {D, 3 * H};
    const int64_t st[3] = {s.layout ? -1 : D, s.layout ? D : -1, H};
    if ((rc = check_shape(&s, s.w, "W", 3, w)) || (rc = check_shape(&s, s.r, "R", 3, r)) ||
        (rc = check_shape(&s, s.b, "B", 2, b)) || (rc = check_shape(&s, s.p, "P", 2, p)) ||
        (rc = check_shape(&s, s.h0, "initial_h", 3, st)) || (rc = check_shape(&s, s.c0, "initial_c", 3, st)))
        return rc;
    if ((rc = read_lens(&s))) return rc;
    return unroll(&s);
}

gecl_status onnx_cvt_rnn(onnx_conv *c) { return convert(c, RNN_PLAIN); }
gecl_status onnx_cvt_gru(onnx_conv *c) { return convert(c, RNN_GRU); }
gecl_status onnx_cvt_lstm(onnx_conv *c) { return convert(c, RNN_LSTM); }
