/* cvt_einsum.c: ONNX Einsum as CANN ops. Each operand's repeated labels become its diagonal (a
 * product with an identity matrix, summed over the second copy); each operand is then transposed
 * and reshaped onto one shared label order (the output's labels first, then those summed over,
 * size 1 where the operand lacks a label); the operands are multiplied with broadcasting and the
 * summed labels reduced. That covers every equation (explicit and implicit output, ellipsis,
 * diagonals, sums, transposes, products) in any dtype Mul and ReduceSum take; its cost is the
 * broadcast product, so contractions of large operands would want a MatMul path. Labels:
 * 'A'..'Z' are 0..25 and 'a'..'z' 26..51 (ASCII order, numpy's for the implicit output); the
 * ellipsis' dims are 52.., aligned from the right across operands as broadcasting aligns them. */
#include <stdlib.h>
#include <string.h>

#include "onnx_ops.h"

#define EIN_ELL 52
#define EIN_LABELS (EIN_ELL + GECL_MAX_DIMS)

typedef struct {
    const char *term; /* into the equation, without spaces */
    size_t len;
    int has_ell, letters;
} ein_term;

typedef struct {
    gecl_port port;
    gecl_tensor_desc desc; /* dims follow the labels as the operand is rewritten */
    int label[GECL_MAX_DIMS];
} ein_operand;

static int letter_id(char ch)
{
    if (ch >= 'A' && ch <= 'Z') return ch - 'A';
    if (ch >= 'a' && ch <= 'z') return 26 + ch - 'a';
    return -1;
}

/* Checks a term's characters: letters and at most one "...". */
static gecl_status scan_term(const onnx_conv *c, ein_term *t)
{
    t->has_ell = t->letters = 0;
    for (size_t i = 0; i < t->len; i++) {
        if (!strncmp(t->term + i, "...", 3) && i + 3 <= t->len && !t->has_ell) {
            t->has_ell = 1;
            i += 2;
        } else if (letter_id(t->term[i]) >= 0) {
            t->letters++;
        } else {
            return onnx_fail(c, "equation term '%.*s': '%c' is not a letter or one '...'", (int)t->len, t->term,
                             t->term[i]);
        }
    }
    return GECL_SUCCESS;
}

/* A term's labels, its ellipsis standing for `ell` dims, the last of the widest ellipsis' `ell_total`. */
static int term_labels(const ein_term *t, int ell, int ell_total, int *label)
{
    int n = 0;
    for (size_t i = 0; i < t->len; i++) {
        if (t->term[i] == '.') {
            for (int k = 0; k < ell; k++) label[n++] = EIN_ELL + ell_total - ell + k;
            i += 2;
        } else {
            label[n++] = letter_id(t->term[i]);
        }
    }
    return n;
}

/* Splits the equation (spaces dropped) into input terms and the output term (out->term NULL in
 * implicit mode). `eq` is a scratch copy the terms point into. */
static gecl_status split_equation(const onnx_conv *c, char *eq, ein_term *in, size_t n_in, ein_term *out)
{
    size_t w = 0;
    for (size_t r = 0; eq[r]; r++)
        if (eq[r] != ' ') eq[w++] = eq[r];
    eq[w] = '\0';
    char *arrow = strstr(eq, "->");
    out->term = arrow ? arrow + 2 : NULL;
    out->len = arrow ? strlen(arrow + 2) : 0;
    const char *end = arrow ? arrow : eq + w;
    const char *p = eq;
    size_t k = 0;
    for (;; k++) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        if (k < n_in) in[k] = (ein_term){p, (size_t)(stop - p), 0, 0};
        if (!comma) break;
        p = comma + 1;
    }
    if (k + 1 != n_in) return onnx_fail(c, "the equation has %zu input terms for %zu inputs", k + 1, n_in);
    return GECL_SUCCESS;
}

/* The constant of x's dtype holding an identity matrix along dims p and q (n x n), size 1 elsewhere. */
static gecl_port identity(onnx_conv *c, const ein_operand *x, int p, int q)
{
    const int64_t n = x->desc.dims[p];
    gecl_tensor_desc d = {x->desc.dtype, GECL_FORMAT_ND, x->desc.ndim, {0}};
    for (uint32_t k = 0; k < d.ndim; k++) d.dims[k] = (int)k == p || (int)k == q ? n : 1;
    size_t size;
    switch (d.dtype) {
    case GECL_DT_FLOAT: case GECL_DT_INT32: size = 4; break;
    case GECL_DT_DOUBLE: case GECL_DT_INT64: size = 8; break;
    default: onnx_unsupported(c, "a diagonal of dtype %d (float, double, int32, int64 are)", (int)d.dtype);
             return (gecl_port){-2, 0};
    }
    unsigned char *v = calloc((size_t)(n * n), size);
    if (!v) {
        onnx_fail(c, "out of memory for a %lld x %lld identity", (long long)n, (long long)n);
        return (gecl_port){-2, 0};
    }
    for (int64_t i = 0; i < n; i++) {
        unsigned char *at = v + (size_t)(i * n + i) * size;
        if (d.dtype == GECL_DT_FLOAT) *(float *)at = 1.0f;
        else if (d.dtype == GECL_DT_DOUBLE) *(double *)at = 1.0;
        else if (d.dtype == GECL_DT_INT32) *(int32_t *)at = 1;
        else *(int64_t *)at = 1;
    }
    gecl_port k = onnx_const(c, &d, v, (size_t)(n * n) * size);
    free(v);
    return k;
}

static gecl_port reduce_sum(onnx_conv *c, gecl_port x, const int64_t *axes, size_t n)
{
    const gecl_port in[2] = {x, onnx_const_ints(c, axes, n)};
    const int32_t op = onnx_op(c, "ReduceSum", 2, in);
    onnx_set_bool(c, op, "keep_dims", 0);
    return (gecl_port){op < 0 ? -2 : op, 0};
}

/* Replaces each label the operand repeats by its diagonal. */
static gecl_status take_diagonals(onnx_conv *c, ein_operand *x)
{
    for (int q = 1; q < (int)x->desc.ndim; q++) {
        int p = 0;
        while (p < q && x->label[p] != x->label[q]) p++;
        if (p == q) continue;
        if (x->desc.dims[p] != x->desc.dims[q])
            return onnx_fail(c, "a repeated label spans dims of sizes %lld and %lld", (long long)x->desc.dims[p],
                             (long long)x->desc.dims[q]);
        const gecl_port in[2] = {x->port, identity(c, x, p, q)};
        const int64_t axis = q;
        x->port = reduce_sum(c, onnx_op1(c, "Mul", 2, in), &axis, 1);
        for (int k = q; k + 1 < (int)x->desc.ndim; k++) {
            x->label[k] = x->label[k + 1];
            x->desc.dims[k] = x->desc.dims[k + 1];
        }
        x->desc.ndim--;
        q--;
    }
    return onnx_status(c);
}

/* Transposes and reshapes x onto `order` (n labels): its own labels in that order, 1 for the others. */
static gecl_port align(onnx_conv *c, const ein_operand *x, const int *order, int n)
{
    int64_t perm[GECL_MAX_DIMS], shape[EIN_LABELS];
    size_t np = 0;
    for (int k = 0; k < n; k++) {
        shape[k] = 1;
        for (uint32_t d = 0; d < x->desc.ndim; d++)
            if (x->label[d] == order[k]) perm[np++] = d, shape[k] = x->desc.dims[d];
    }
    gecl_port y = x->port;
    int identity_perm = 1;
    for (size_t k = 0; k < np; k++) identity_perm &= perm[k] == (int64_t)k;
    if (!identity_perm) {
        const int32_t t = onnx_op(c, "TransposeD", 1, &y);
        onnx_set_ints(c, t, "perm", perm, np);
        y = (gecl_port){t < 0 ? -2 : t, 0};
    }
    if ((size_t)n == np) return y;
    const gecl_port in[2] = {y, onnx_const_ints(c, shape, (size_t)n)};
    return onnx_op1(c, "Reshape", 2, in);
}

/* Reads the operands' descriptions and labels; *ell_total: the widest ellipsis. */
static gecl_status read_operands(onnx_conv *c, const ein_term *terms, ein_operand *ops, int *ell_total)
{
    int ell[ONNX_MAX_IO];
    *ell_total = 0;
    for (size_t i = 0; i < c->n_in; i++) {
        if (c->in[i].node < 0) return onnx_fail(c, "input %zu is missing", i);
        ops[i].port = c->in[i];
        if (onnx_desc(c, c->in[i], &ops[i].desc)) return onnx_status(c);
        for (uint32_t d = 0; d < ops[i].desc.ndim; d++)
            if (ops[i].desc.dims[d] < 0) return onnx_unsupported(c, "input %zu has a dim of unknown size", i);
        ell[i] = (int)ops[i].desc.ndim - terms[i].letters;
        if (ell[i] < 0 || (!terms[i].has_ell && ell[i]))
            return onnx_fail(c, "term '%.*s' has %d labels for input %zu's %u dims", (int)terms[i].len, terms[i].term,
                             terms[i].letters, i, ops[i].desc.ndim);
        if (ell[i] > *ell_total) *ell_total = ell[i];
    }
    for (size_t i = 0; i < c->n_in; i++) term_labels(&terms[i], ell[i], *ell_total, ops[i].label);
    return GECL_SUCCESS;
}

/* The output's labels: the output term's, or (implicit mode) the ellipsis then the labels seen once. */
static gecl_status output_labels(onnx_conv *c, const ein_term *out, int ell_total, const int *count, int *label, int *n)
{
    if (!out->term) {
        *n = 0;
        for (int k = 0; k < ell_total; k++) label[(*n)++] = EIN_ELL + k;
        for (int l = 0; l < EIN_ELL; l++) {
            if (count[l] != 1) continue;
            if (*n == GECL_MAX_DIMS) return onnx_unsupported(c, "an output of more than %d dims", GECL_MAX_DIMS);
            label[(*n)++] = l;
        }
        return GECL_SUCCESS;
    }
    ein_term t = *out;
    gecl_status rc = scan_term(c, &t);
    if (rc) return rc;
    if (t.letters + (t.has_ell ? ell_total : 0) > GECL_MAX_DIMS)
        return onnx_unsupported(c, "an output of more than %d dims", GECL_MAX_DIMS);
    *n = term_labels(&t, t.has_ell ? ell_total : 0, ell_total, label);
    for (int k = 0; k < *n; k++) {
        if (label[k] < EIN_ELL && !count[label[k]])
            return onnx_fail(c, "output label '%c' is in no input", t.term[k]);
        for (int j = 0; j < k; j++)
            if (label[j] == label[k]) return onnx_fail(c, "output label '%c' is repeated", t.term[k]);
    }
    if (!t.has_ell && ell_total) return onnx_fail(c, "the inputs have '...' dims the output drops");
    return GECL_SUCCESS;
}

gecl_status onnx_cvt_einsum(onnx_conv *c)
{
    if (c->n_in < 1 || c->n_in > ONNX_MAX_IO) return onnx_fail(c, "takes 1 to %d inputs, not %zu", ONNX_MAX_IO, c->n_in);
    const char *equation = onnx_attr_string(c, "equation", NULL);
    if (!equation) return onnx_fail(c, "attribute equation is missing");
    char *eq = strdup(equation);
    if (!eq) return onnx_fail(c, "out of memory");
    ein_term terms[ONNX_MAX_IO], out;
    ein_operand ops[ONNX_MAX_IO];
    int ell_total = 0, count[EIN_LABELS] = {0}, order[EIN_LABELS], n_out = 0;
    gecl_status rc = split_equation(c, eq, terms, c->n_in, &out);
    for (size_t i = 0; !rc && i < c->n_in; i++) rc = scan_term(c, &terms[i]);
    if (!rc) rc = read_operands(c, terms, ops, &ell_total);
    for (size_t i = 0; !rc && i < c->n_in; i++)
        for (uint32_t d = 0; d < ops[i].desc.ndim; d++) count[ops[i].label[d]]++;
    if (!rc) rc = output_labels(c, &out, ell_total, count, order, &n_out);
    free(eq);
    for (size_t i = 0; !rc && i < c->n_in; i++) rc = take_diagonals(c, &ops[i]);
    if (rc) return rc;
    /* the summed labels follow the output's, in order of first appearance */
    int n = n_out;
    for (size_t i = 0; i < c->n_in; i++)
        for (uint32_t d = 0; d < ops[i].desc.ndim; d++) {
            int seen = 0;
            for (int k = 0; k < n; k++) seen |= order[k] == ops[i].label[d];
            if (!seen) order[n++] = ops[i].label[d];
        }
    if (n > GECL_MAX_DIMS) return onnx_unsupported(c, "%d distinct labels (at most %d)", n, GECL_MAX_DIMS);
    gecl_port y = align(c, &ops[0], order, n);
    for (size_t i = 1; i < c->n_in; i++) {
        const gecl_port in[2] = {y, align(c, &ops[i], order, n)};
        y = onnx_op1(c, "Mul", 2, in);
    }
    if (n > n_out) {
        int64_t axes[GECL_MAX_DIMS];
        for (int k = n_out; k < n; k++) axes[k - n_out] = k;
        y = reduce_sum(c, y, axes, (size_t)(n - n_out));
    }
    if (y.node == c->in[0].node && y.output == c->in[0].output) y = onnx_op1(c, "Identity", 1, &y); /* "ij->ij" */
    c->out[0] = y;
    return onnx_status(c);
}
