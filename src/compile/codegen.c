/* codegen.c: OpenCL source for fused elementwise groups, either as a kernel of its own or as
 * the epilogue of an anchor kernel (see launch.h for the EPI_PARAMS / EPILOGUE contract).
 * A kernel of its own takes its sizes and strides as arguments, so every shape with the same
 * pattern (rank after merging dims, which inputs broadcast where) shares one program; it runs
 * on a 2-D range (innermost merged dim x the rest), which keeps division out of the per-element
 * path. An epilogue lives in its anchor's program, which is built per shape anyway, so its
 * shapes are constants. */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ew_helpers.h"
#include "ge_error.h"
#include "plan.h"
#include "registry.h"
#include "sbuf.h"

#define WG 64

static const char *storage_type(gecl_dtype t)
{
    switch (t) {
    case GECL_DT_FLOAT: return "float";
    case GECL_DT_FLOAT16: return "half";
    case GECL_DT_BF16: return "ushort"; /* bfloat16 bits, converted by hand: OpenCL has no type */
    case GECL_DT_DOUBLE: return "double";
    case GECL_DT_INT8: return "char";
    case GECL_DT_UINT8: case GECL_DT_BOOL: return "uchar";
    case GECL_DT_INT16: return "short";
    case GECL_DT_UINT16: return "ushort";
    case GECL_DT_INT32: return "int";
    case GECL_DT_UINT32: return "uint";
    case GECL_DT_INT64: return "long";
    case GECL_DT_UINT64: return "ulong";
    case GECL_DT_COMPLEX64: return "float2"; /* (real, imaginary) */
    case GECL_DT_COMPLEX128: return "double2";
    default: return "uchar";
    }
}

/* Half and bfloat16 values are computed in float. */
static const char *compute_type(gecl_dtype t)
{
    return t == GECL_DT_FLOAT16 || t == GECL_DT_BF16 ? "float" : storage_type(t);
}

/* float -> bfloat16 bits, rounded to nearest even (fold.c rounds the same way). */
static const char BF16_STORE[] = "ushort gecl_to_bf16(float f)\n{\n    const uint u = as_uint(f);\n"
                                 "    if ((u & 0x7fffffffu) > 0x7f800000u) return (ushort)(u >> 16 | 0x40);\n"
                                 "    return (ushort)((u + 0x7fffu + (u >> 16 & 1)) >> 16);\n}\n";

typedef struct external {
    gecl_port port;
    gecl_dtype dtype;
    int64_t strides[GECL_MAX_DIMS];
} external;

/* A name_T helper an expression calls, for one compute type (emitted once per program). */
typedef struct helper_use {
    char name[32];
    const char *type;
} helper_use;
#define MAX_HELPERS 16

typedef struct group_gen {
    const gecl_graph *g;
    const gecl_lower *L;        /* NULL when only counting externals */
    const int32_t *group;
    int32_t final, anchor;
    const gecl_tensor_desc *out;
    external ext[GECL_LAUNCH_MAX_ARGS];
    int n_ext;
    int uses_double;
    helper_use helpers[MAX_HELPERS];
    int n_helpers;
    int by_args;        /* standalone: indexes from the merged shape below, sizes as arguments */
    int literals;       /* epilogue: one-element constants are written into the source */
    int rank;           /* merged output dims; dims[rank - 1] is the innermost */
    int64_t dims[GECL_MAX_DIMS];
    int64_t mstrides[GECL_LAUNCH_MAX_ARGS][GECL_MAX_DIMS]; /* per external, on the merged dims */
} group_gen;

static int find_external(group_gen *G, gecl_port p, const int64_t *strides, gecl_dtype dt)
{
    for (int e = 0; e < G->n_ext; e++)
        if (G->ext[e].port.node == p.node && G->ext[e].port.output == p.output &&
            memcmp(G->ext[e].strides, strides, G->out->ndim * sizeof *strides) == 0)
            return e;
    if (G->n_ext == GECL_LAUNCH_MAX_ARGS - 8) return -1;
    external *x = &G->ext[G->n_ext];
    x->port = p;
    x->dtype = dt;
    memcpy(x->strides, strides, sizeof x->strides);
    return G->n_ext++;
}

/* Index expression into external e for output element i (epilogue) or for (i0, its row's
 * offset o<e>) (standalone). */
static void index_expr(sbuf *s, const group_gen *G, const external *x)
{
    if (G->by_args) {
        const int e = (int)(x - G->ext);
        const int64_t inner = G->mstrides[e][G->rank - 1];
        int outer = 0;
        for (int k = 0; k < G->rank - 1; k++) outer |= G->mstrides[e][k] != 0;
        sb_printf(s, "%s", outer ? "(ulong)o" : "");
        if (outer) sb_printf(s, "%d", e);
        if (inner == 1) sb_printf(s, "%si0", outer ? " + " : "");
        else if (inner != 0) sb_printf(s, "%si0 * s%d_%d", outer ? " + " : "", e, G->rank - 1);
        else if (!outer) sb_printf(s, "0");
        return;
    }
    const gecl_tensor_desc *o = G->out;
    int64_t os[GECL_MAX_DIMS];
    gecl_desc_strides(o, os);
    int identity = 1, terms = 0;
    for (uint32_t k = 0; k < o->ndim; k++) identity &= o->dims[k] == 1 || x->strides[k] == os[k];
    if (identity) {
        sb_printf(s, "i");
        return;
    }
    for (uint32_t k = 0; k < o->ndim; k++) {
        if (x->strides[k] == 0 || o->dims[k] == 1) continue;
        sb_printf(s, "%s(i / %lldUL %% %lldUL) * %lldUL", terms++ ? " + " : "", (long long)os[k],
                  (long long)o->dims[k], (long long)x->strides[k]);
    }
    if (!terms) sb_printf(s, "0");
}

static void emit_load(sbuf *s, const group_gen *G, int e)
{
    const external *x = &G->ext[e];
    sb_printf(s, "    const %s a%d = ", compute_type(x->dtype), e);
    if (x->dtype == GECL_DT_BF16) { /* the high half of a float */
        sb_printf(s, "as_float((uint)e%d[e%d_off / sizeof(ushort) + ", e, e);
        index_expr(s, G, x);
        sb_printf(s, "] << 16);\n");
    } else if (x->dtype == GECL_DT_FLOAT16) {
        sb_printf(s, "vload_half(e%d_off / 2 + ", e);
        index_expr(s, G, x);
        sb_printf(s, ", e%d);\n", e);
    } else {
        sb_printf(s, "e%d[e%d_off / sizeof(%s) + ", e, e, storage_type(x->dtype));
        index_expr(s, G, x);
        sb_printf(s, "];\n");
    }
}

/* Attribute value `v` as a literal of the compute type (float literals in float kernels: a
 * device without fp64 takes no double constant). Hex keeps every bit of the float attribute. */
static void emit_literal(sbuf *s, double v, int is_double)
{
    if (isnan(v)) sb_printf(s, "NAN");
    else if (isinf(v)) sb_printf(s, "%sINFINITY", v < 0 ? "(-" : "(");
    else sb_printf(s, "(%a%s)", v, is_double ? "" : "f");
    if (isinf(v)) sb_printf(s, ")");
}

/* Records that the kernel calls helper `name` (len chars) for type T; -1 when full. */
static int use_helper(group_gen *G, const char *name, size_t len, const char *T)
{
    for (int h = 0; h < G->n_helpers; h++)
        if (strlen(G->helpers[h].name) == len && !strncmp(G->helpers[h].name, name, len) && G->helpers[h].type == T)
            return 0;
    if (G->n_helpers == MAX_HELPERS || len >= sizeof G->helpers[0].name) return -1;
    memcpy(G->helpers[G->n_helpers].name, name, len);
    G->helpers[G->n_helpers].name[len] = 0;
    G->helpers[G->n_helpers++].type = T;
    return 0;
}

static int ident_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

static int needs_fp64(gecl_dtype t) { return t == GECL_DT_DOUBLE || t == GECL_DT_COMPLEX128; }

/* Complex products and quotients are not the vector types' componentwise * and /: they call
 * gecl_cmul / gecl_cdiv (ew_helpers.c). Sums, differences and negation are componentwise. */
static int emit_complex(group_gen *G, sbuf *s, const gecl_node *n, const char *T, const char *ops[3])
{
    const char *fn = n->op == GECL_OP_MUL ? "gecl_cmul" : n->op == GECL_OP_DIV || n->op == GECL_OP_REALDIV ? "gecl_cdiv" : NULL;
    if (!fn) return 1;
    if (use_helper(G, fn, strlen(fn), T)) return -1;
    sb_printf(s, "%s_%s(%s, %s)", fn, T, ops[0], ops[1]);
    return 0;
}

/* The op's expression in OpenCL C, its tokens (op_table.h) replaced: x0..x2 by the operands,
 * a0.. by the attribute values, (T) by a cast to the compute type, name_T( by
 * name_<compute type>(. -1 on a token the op cannot fill (a gecl bug) or too many helpers. */
static int emit_expr(group_gen *G, sbuf *s, const gecl_node *n, const char *ops[3])
{
    const char *T = compute_type(n->outs[0].dtype);
    if (n->op == GECL_OP_CAST) {
        if (n->outs[0].dtype == GECL_DT_BOOL) sb_printf(s, "(uchar)(%s != 0)", ops[0]);
        else sb_printf(s, "(%s)(%s)", T, ops[0]);
        return 0;
    }
    if (gecl_dtype_is_complex(n->outs[0].dtype)) {
        const int rc = emit_complex(G, s, n, T, ops);
        if (rc <= 0) return rc;
    }
    const int n_ops = gecl_op_operands(n->op);
    double a[GECL_EW_MAX_ATTRS];
    const size_t n_attrs = gecl_ew_attr_values(n, a);
    for (const char *c = gecl_op_info_get(n->op)->expr; *c;) {
        if (strncmp(c, "(T)", 3) == 0) {
            sb_printf(s, "(%s)", T);
            c += 3;
            continue;
        }
        if (!ident_char(*c)) {
            sb_printf(s, "%c", *c++);
            continue;
        }
        const char *e = c;
        if (isdigit((unsigned char)*c)) { /* a number, exponent sign included: 1e-5 is one token */
            while (ident_char(*e) || *e == '.' || ((*e == '+' || *e == '-') && strchr("eEpP", e[-1]))) e++;
            sb_printf(s, "%.*s", (int)(e - c), c);
            c = e;
            continue;
        }
        while (ident_char(*e)) e++;
        const size_t len = (size_t)(e - c);
        const int k = len == 2 && isdigit((unsigned char)c[1]) ? c[1] - '0' : -1;
        if (c[0] == 'x' && k >= 0) {
            if (k >= n_ops) return -1;
            sb_printf(s, "%s", ops[k]);
        } else if (c[0] == 'a' && k >= 0) {
            if ((size_t)k >= n_attrs) return -1;
            emit_literal(s, a[k], !strcmp(T, "double"));
        } else if (len > 2 && !strncmp(e - 2, "_T", 2) && *e == '(') {
            if (use_helper(G, c, len - 2, T)) return -1;
            sb_printf(s, "%.*s_%s", (int)(len - 2), c, T);
        } else {
            sb_printf(s, "%.*s", (int)len, c);
        }
        c = e;
    }
    return 0;
}

/* Definitions of the helpers the expressions call, before the kernel or epilogue. */
static gecl_status emit_helpers(sbuf *s, const group_gen *G)
{
    for (int h = 0; h < G->n_helpers; h++)
        if (gecl_ew_helper_define(s, G->helpers[h].name, G->helpers[h].type))
            return gecl_ge_fail(GECL_FAILED, "internal: no %s for %s in generated kernels", G->helpers[h].name,
                                G->helpers[h].type);
    return GECL_SUCCESS;
}

static int is_member(const group_gen *G, int32_t m) { return G->group[m] == G->final && m != G->anchor; }

static size_t operand_count(const gecl_node *n) { return (size_t)gecl_op_operands(n->op); }

/* The external that input i of member n reads (added on first use), or -1 when the operand is
 * the anchor's value or another member's, or -2 when the kernel has no room for another. */
static int operand_external(group_gen *G, const gecl_node *n, size_t i)
{
    gecl_port p = n->inputs[i];
    if (p.node == G->anchor || is_member(G, p.node)) return -1;
    int64_t strides[GECL_MAX_DIMS] = {0};
    gecl_ew_input_strides(G->g, n, i, G->out, strides);
    int e = find_external(G, p, strides, gecl_port_desc(G->g, p)->dtype);
    return e < 0 ? -2 : e;
}

int gecl_group_externals(const gecl_graph *g, const int32_t *group, int32_t final, int32_t anchor)
{
    group_gen G = {.g = g, .group = group, .final = final, .anchor = anchor, .out = &g->nodes[final].outs[0]};
    for (size_t m = 0; m < g->n_nodes; m++) {
        if (!is_member(&G, (int32_t)m)) continue;
        for (size_t i = 0; i < operand_count(&g->nodes[m]); i++)
            if (operand_external(&G, &g->nodes[m], i) == -2) return INT_MAX;
    }
    return G.n_ext;
}

/* A one-element float, double, int32 or int64 Const as a literal of its own type in buf; 0 when p
 * is anything else. In an epilogue a load of it would happen per output element, after the
 * anchor's stores, which the compiler cannot move it above (they may alias): MobileNetV2's
 * depthwise convs took twice as long with Clip(0, 6) read that way as with Relu. Epilogues only:
 * their program is built per shape anyway, while a standalone kernel's is shared across values. */
static int scalar_literal(const group_gen *G, gecl_port p, char *buf, size_t size)
{
    if (p.node < 0 || p.output != 0) return 0;
    const gecl_node *c = &G->g->nodes[p.node];
    if (c->op != GECL_OP_CONST || !c->data || gecl_desc_numel(&c->outs[0]) != 1) return 0;
    sbuf s = {0};
    switch (c->outs[0].dtype) {
    case GECL_DT_FLOAT: emit_literal(&s, *(const float *)c->data, 0); break;
    case GECL_DT_DOUBLE: emit_literal(&s, *(const double *)c->data, 1); break;
    case GECL_DT_INT32: sb_printf(&s, "((int)%d)", *(const int32_t *)c->data); break;
    case GECL_DT_INT64: /* INT64_MIN has no literal: its magnitude does not fit a long */
        if (*(const int64_t *)c->data != INT64_MIN) sb_printf(&s, "((long)%lldL)", (long long)*(const int64_t *)c->data);
        break;
    default: break;
    }
    const int ok = s.buf && !s.oom && strlen(s.buf) < size;
    if (ok) memcpy(buf, s.buf, strlen(s.buf) + 1);
    free(s.buf);
    return ok;
}

/* Loads and statements computing t<final> from v (the anchor's value) and the externals. */
static gecl_status emit_body(sbuf *body, group_gen *G)
{
    const gecl_graph *g = G->g;
    sbuf stmts = {0};
    for (size_t k = 0; k < g->n_nodes; k++) {
        int32_t m = g->order[k];
        const gecl_node *n = &g->nodes[m];
        if (!is_member(G, m)) continue;
        char names[3][32];
        const char *ops[3] = {names[0], names[1], names[2]};
        int doubles = needs_fp64(n->outs[0].dtype);
        for (size_t i = 0; i < operand_count(n); i++) {
            const int32_t src = n->inputs[i].node;
            if (G->literals && scalar_literal(G, n->inputs[i], names[i], sizeof names[i])) {
                doubles |= needs_fp64(gecl_input_desc(g, n, i)->dtype);
                continue;
            }
            const int e = operand_external(G, n, i);
            if (e == -2) {
                free(stmts.buf);
                return gecl_node_fail(n, "too many inputs in one fused kernel");
            }
            if (e >= 0) snprintf(names[i], sizeof names[i], "a%d", e);
            else if (src == G->anchor) snprintf(names[i], sizeof names[i], "v");
            else snprintf(names[i], sizeof names[i], "t%d", src);
            doubles |= needs_fp64(gecl_input_desc(g, n, i)->dtype);
        }
        gecl_status rc = doubles && G->L ? gecl_lower_need_fp64(G->L, n) : GECL_SUCCESS;
        if (rc) {
            free(stmts.buf);
            return rc;
        }
        G->uses_double |= doubles;
        sb_printf(&stmts, "    const %s t%d = ", compute_type(n->outs[0].dtype), m);
        if (emit_expr(G, &stmts, n, ops)) {
            free(stmts.buf);
            return gecl_node_fail(n, "internal: cannot generate its expression (operands, attributes or helpers)");
        }
        sb_printf(&stmts, ";\n");
    }
    for (int e = 0; e < G->n_ext; e++) {
        emit_load(body, G, e);
        G->uses_double |= needs_fp64(G->ext[e].dtype);
    }
    sb_printf(body, "%s", stmts.buf ? stmts.buf : "");
    int oom = stmts.oom;
    free(stmts.buf);
    return oom || body->oom ? gecl_ge_oom() : GECL_SUCCESS;
}

static void ext_params(sbuf *s, const group_gen *G)
{
    for (int e = 0; e < G->n_ext; e++)
        sb_printf(s, ", __global const %s *e%d, ulong e%d_off", storage_type(G->ext[e].dtype), e, e);
}

/* Drops size-1 dims and merges neighbours that every external walks contiguously (or
 * broadcasts over both), so most groups become 1-D or 2-D whatever the tensors' rank. */
static void merge_dims(group_gen *G)
{
    const gecl_tensor_desc *o = G->out;
    G->rank = 0;
    for (uint32_t k = 0; k < o->ndim; k++) {
        const int64_t d = o->dims[k];
        if (d == 1) continue;
        int r = G->rank, merge = r > 0;
        for (int e = 0; merge && e < G->n_ext; e++) merge = G->mstrides[e][r - 1] == G->ext[e].strides[k] * d;
        if (merge) {
            G->dims[r - 1] *= d;
            for (int e = 0; e < G->n_ext; e++) G->mstrides[e][r - 1] = G->ext[e].strides[k];
            continue;
        }
        G->dims[r] = d;
        for (int e = 0; e < G->n_ext; e++) G->mstrides[e][r] = G->ext[e].strides[k];
        G->rank++;
    }
    if (G->rank == 0) { /* one element (or none): a 1-D range of it */
        G->rank = 1;
        G->dims[0] = gecl_desc_numel(o);
        for (int e = 0; e < G->n_ext; e++) G->mstrides[e][0] = 0;
    }
}

/* Parameters and prologue of a standalone kernel: the sizes, the strides the pattern does not
 * fix, and each external's row offset o<e> from the row index by division (once per row). */
static void range_params(sbuf *s, const group_gen *G)
{
    sb_printf(s, ", const long d, const long rows");
    for (int k = 0; k < G->rank - 1; k++) sb_printf(s, ", const long c%d", k);
    for (int e = 0; e < G->n_ext; e++)
        for (int k = 0; k < G->rank; k++) {
            const int64_t st = G->mstrides[e][k];
            if (k < G->rank - 1 ? st != 0 : st > 1) sb_printf(s, ", const long s%d_%d", e, k);
        }
}

static void range_prologue(sbuf *s, const group_gen *G)
{
    sb_printf(s, "{\n    const long i0 = get_global_id(0), r = get_global_id(1);\n"
                 "    if (i0 >= d || r >= rows) return;\n    const ulong i = (ulong)r * d + i0;\n");
    if (G->rank < 2) return;
    for (int e = 0; e < G->n_ext; e++) sb_printf(s, "    long o%d = 0;\n", e);
    sb_printf(s, "    long q = r, x;\n");
    for (int k = G->rank - 2; k >= 0; k--) {
        if (k) sb_printf(s, "    x = q %% c%d; q /= c%d;\n", k, k);
        else sb_printf(s, "    x = q;\n");
        for (int e = 0; e < G->n_ext; e++)
            if (G->mstrides[e][k]) sb_printf(s, "    o%d += x * s%d_%d;\n", e, e, k);
    }
}

static void range_scalars(gecl_launch *l, const group_gen *G)
{
    int64_t rows = 1;
    for (int k = 0; k < G->rank - 1; k++) rows *= G->dims[k];
    gecl_launch_scalar(l, G->dims[G->rank - 1]);
    gecl_launch_scalar(l, rows);
    for (int k = 0; k < G->rank - 1; k++) gecl_launch_scalar(l, G->dims[k]);
    for (int e = 0; e < G->n_ext; e++)
        for (int k = 0; k < G->rank; k++) {
            const int64_t st = G->mstrides[e][k];
            if (k < G->rank - 1 ? st != 0 : st > 1) gecl_launch_scalar(l, st);
        }
}

/* A 2-D range: WG work-items per group, along the innermost dim first. */
static void range_size(gecl_launch *l, const group_gen *G)
{
    int64_t d = G->dims[G->rank - 1], rows = 1;
    for (int k = 0; k < G->rank - 1; k++) rows *= G->dims[k];
    size_t l0 = WG;
    while (l0 > 1 && (int64_t)(l0 / 2) >= d) l0 /= 2;
    size_t l1 = WG / l0;
    l->work_dim = 2;
    l->local[0] = l0;
    l->local[1] = l1;
    l->global[0] = d > 0 ? ((size_t)d + l0 - 1) / l0 * l0 : l0;
    l->global[1] = rows > 0 ? ((size_t)rows + l1 - 1) / l1 * l1 : l1;
}

static gecl_status standalone(gecl_lower *L, group_gen *G, const gecl_node *fn)
{
    sbuf body = {0}, src = {0};
    gecl_status rc = emit_body(&body, G); /* finds the externals, which merge_dims needs */
    if (rc) goto out;
    merge_dims(G);
    free(body.buf);
    body = (sbuf){0};
    G->n_ext = 0; /* found again in the same order, now indexing the merged dims */
    G->n_helpers = 0;
    G->by_args = 1;
    if ((rc = emit_body(&body, G))) goto out;
    gecl_dtype ot = fn->outs[0].dtype;
    if (G->uses_double) sb_printf(&src, "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
    if ((rc = emit_helpers(&src, G))) goto out;
    if (ot == GECL_DT_BF16) sb_printf(&src, "%s", BF16_STORE);
    sb_printf(&src, "__kernel void gecl_ew(__global %s *y, ulong y_off", storage_type(ot));
    ext_params(&src, G);
    range_params(&src, G);
    sb_printf(&src, ")\n");
    range_prologue(&src, G);
    sb_printf(&src, "%s", body.buf ? body.buf : "");
    if (ot == GECL_DT_FLOAT16) sb_printf(&src, "    vstore_half(t%d, y_off / 2 + i, y);\n}\n", G->final);
    else if (ot == GECL_DT_BF16) sb_printf(&src, "    y[y_off / 2 + i] = gecl_to_bf16(t%d);\n}\n", G->final);
    else sb_printf(&src, "    y[y_off / sizeof(%s) + i] = t%d;\n}\n", storage_type(ot), G->final);
    gecl_launch *l = src.oom ? NULL : gecl_lower_add(L, fn, NULL, "gecl_ew");
    if (!l) {
        rc = gecl_ge_oom();
        goto out;
    }
    l->body = src.buf;
    src.buf = NULL;
    range_size(l, G);
    gecl_launch_arg(l, gecl_node_port(G->g, fn), 1);
    for (int e = 0; e < G->n_ext; e++) gecl_launch_arg(l, G->ext[e].port, 0);
    range_scalars(l, G);
out:
    free(body.buf);
    free(src.buf);
    return rc;
}

static gecl_status epilogue(group_gen *G, gecl_launch *al)
{
    sbuf body = {0}, src = {0};
    G->literals = 1;
    gecl_status rc = emit_body(&body, G);
    if (rc) goto out;
    if (G->uses_double) sb_printf(&src, "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
    if ((rc = emit_helpers(&src, G))) goto out;
    sb_printf(&src, "#define EPI_PARAMS ");
    ext_params(&src, G);
    sb_printf(&src, "\n#define EPI_ARGS ");
    for (int e = 0; e < G->n_ext; e++) sb_printf(&src, ", e%d, e%d_off", e, e);
    sb_printf(&src, "\n#define EPILOGUE(v, i) gecl_epilogue((v), (i) EPI_ARGS)\n");
    sb_printf(&src, "float gecl_epilogue(float v, ulong i EPI_PARAMS)\n{\n%s    return t%d;\n}\n",
              body.buf ? body.buf : "", G->final);
    if (src.oom || al->n_args + (size_t)G->n_ext > GECL_LAUNCH_MAX_ARGS) {
        rc = gecl_ge_fail(GECL_FAILED, "cannot generate the epilogue of node %d", G->final);
        goto out;
    }
    for (size_t a = 0; a < al->n_args; a++)
        if (al->args[a].is_output) al->args[a].port = gecl_node_port(G->g, &G->g->nodes[G->final]);
    for (int e = 0; e < G->n_ext; e++) gecl_launch_arg(al, G->ext[e].port, 0);
    free(al->prelude);
    al->prelude = src.buf;
    src.buf = NULL;
out:
    free(body.buf);
    free(src.buf);
    return rc;
}

gecl_status gecl_codegen_group(gecl_lower *L, const int32_t *group, int32_t final, int32_t anchor,
                               gecl_launch *anchor_launch)
{
    const gecl_graph *g = gecl_lower_graph(L);
    group_gen G = {.g = g, .L = L, .group = group, .final = final, .anchor = anchor, .out = &g->nodes[final].outs[0]};
    return anchor_launch ? epilogue(&G, anchor_launch) : standalone(L, &G, &g->nodes[final]);
}
