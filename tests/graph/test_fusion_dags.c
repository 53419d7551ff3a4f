/*
 * test_fusion_dags.c: the compiler's elementwise passes (inference, folding, fusion, code
 * generation, memory planning) against a CPU evaluation of the same graph, on graphs built to
 * stress them: wide trees (one fused kernel reading many tensors), and random DAGs with shared
 * inputs, nodes read by several consumers, intermediate graph outputs, broadcasting, constants
 * and a three-input op (ClipByValue).
 *
 * Random graphs are seeded: graph k of a run uses seed GG_DAG_SEED + k (default base 1), and a
 * failure prints its seed and structure; GG_DAGS=<n> sets how many (default 200), so
 *   GG_DAG_SEED=137 GG_DAGS=1 GG_VERBOSE=1 ./bin/test_fusion_dags
 * replays graph 137 alone.
 *
 * Tolerance: every node carries a magnitude bound m (inputs |x|; a + b, a - b: ma + mb; a * b:
 * ma * mb; max/min and ClipByValue: the largest operand bound; the unary ops: ma). Each float operation adds at most ~1 ulp of
 * its result (5 ulp for tanh, sigmoid), bounded by eps * m, and the errors of operands pass
 * through scaled by at most the bounds above, so a node d operations deep errs by at most
 * ~5 d eps m. 1e-5 m (84 eps) covers the 14 nodes of these graphs; 1e-6 absolute covers results
 * that cancel to ~0. Values whose bound passes 1e30 (float overflow) are not compared.
 */
#include "graph_util.h"

#include <math.h>

/* ---- a tiny DAG and its CPU evaluation ---- */

enum { MAX_VALUES = 48, MAX_RANK = 3, MAX_ELEMS = 7 * 7 * 7 };

typedef enum dag_op { OP_INPUT, OP_CONST, OP_ADD, OP_SUB, OP_MUL, OP_MAX, OP_MIN, OP_RELU, OP_NEG, OP_ABS, OP_TANH,
                      OP_SIGMOID, OP_CLIP, OP_COUNT } dag_op;

static const char *const OP_TYPE[OP_COUNT] = {"Data", "Const", "Add", "Sub", "Mul", "Maximum", "Minimum",
                                              "Relu", "Neg", "Abs", "Tanh", "Sigmoid", "ClipByValue"};

typedef struct dag_value {
    dag_op op;
    int a, b, c;                  /* operand values (-1: none) */
    int rank;
    int64_t dims[MAX_RANK];
    double v[MAX_ELEMS], m[MAX_ELEMS]; /* reference value and magnitude bound */
    float host[MAX_ELEMS];        /* inputs and constants */
    gecl_port port;
} dag_value;

typedef struct dag {
    int n;
    dag_value val[MAX_VALUES];
} dag;

static int is_binary(dag_op op) { return (op >= OP_ADD && op <= OP_MIN) || op == OP_CLIP; }

static size_t numel(const dag_value *x) { return (size_t)ref_numel(x->dims, x->rank); }

/* Numpy broadcasting of a's and b's shapes into out. */
static void broadcast_shape(const dag_value *a, const dag_value *b, dag_value *out)
{
    out->rank = a->rank > b->rank ? a->rank : b->rank;
    for (int k = 0; k < out->rank; k++) {
        int ka = k - (out->rank - a->rank), kb = k - (out->rank - b->rank);
        int64_t da = ka >= 0 ? a->dims[ka] : 1, db = kb >= 0 ? b->dims[kb] : 1;
        out->dims[k] = da > db ? da : db;
    }
}

/* Flat index into x of output element i of shape out (x broadcast to out). */
static size_t source_index(const dag_value *x, const dag_value *out, size_t i)
{
    size_t idx = 0, stride = 1;
    for (int k = out->rank - 1; k >= 0; k--) {
        size_t coord = i % (size_t)out->dims[k];
        i /= (size_t)out->dims[k];
        int kx = k - (out->rank - x->rank);
        if (kx < 0) continue;
        if (x->dims[kx] != 1) idx += coord * stride;
        stride *= (size_t)x->dims[kx];
    }
    return idx;
}

static void evaluate(dag *d, int id)
{
    dag_value *o = &d->val[id];
    const dag_value *a = &d->val[o->a], *b = o->b >= 0 ? &d->val[o->b] : NULL, *c = o->c >= 0 ? &d->val[o->c] : NULL;
    for (size_t i = 0; i < numel(o); i++) {
        size_t ia = source_index(a, o, i), ib = b ? source_index(b, o, i) : 0, ic = c ? source_index(c, o, i) : 0;
        double x = a->v[ia], mx = a->m[ia], y = b ? b->v[ib] : 0, my = b ? b->m[ib] : 0, r, m;
        double z = c ? c->v[ic] : 0, mz = c ? c->m[ic] : 0;
        switch (o->op) {
        case OP_ADD: r = x + y; m = mx + my; break;
        case OP_SUB: r = x - y; m = mx + my; break;
        case OP_MUL: r = x * y; m = mx * my; break;
        case OP_MAX: r = x > y ? x : y; m = mx > my ? mx : my; break;
        case OP_MIN: r = x < y ? x : y; m = mx > my ? mx : my; break;
        case OP_RELU: r = x > 0 ? x : 0; m = mx; break;
        case OP_NEG: r = -x; m = mx; break;
        case OP_ABS: r = fabs(x); m = mx; break;
        case OP_TANH: r = tanh(x); m = mx; break;
        case OP_CLIP: r = fmin(fmax(x, y), z); m = fmax(mx, fmax(my, mz)); break;
        default: r = 1 / (1 + exp(-x)); m = mx; break; /* OP_SIGMOID */
        }
        o->v[i] = r;
        o->m[i] = m;
    }
}

/* A leaf: Data (fed at the run) or Const, of a shape that broadcasts to `base`. */
static void add_leaf(dag *d, dag_op op, const dag_value *base)
{
    assert_true(d->n < MAX_VALUES);
    dag_value *x = &d->val[d->n++];
    x->op = op;
    x->a = x->b = x->c = -1;
    x->rank = base->rank - (int)(gg_uniform(0, 1) < 0.3 ? gg_uniform(0, base->rank) : 0);
    for (int k = 0; k < x->rank; k++) {
        int64_t full = base->dims[k + base->rank - x->rank];
        x->dims[k] = gg_uniform(0, 1) < 0.3 ? 1 : full;
    }
    for (size_t i = 0; i < numel(x); i++) {
        x->host[i] = (float)gg_uniform(-1.5, 1.5);
        x->v[i] = x->host[i];
        x->m[i] = fabs(x->v[i]);
    }
}

/* A random DAG: leaves, then elementwise nodes whose operands are any earlier values (so inputs
 * are shared and nodes have several consumers). */
static void make_dag(dag *d, uint64_t seed)
{
    gg_seed(seed);
    memset(d, 0, sizeof *d);
    dag_value base = {.rank = 1 + (int)gg_uniform(0, MAX_RANK)};
    for (int k = 0; k < base.rank; k++) base.dims[k] = 1 + (int64_t)gg_uniform(0, 7);
    int leaves = 1 + (int)gg_uniform(0, 6), nodes = 3 + (int)gg_uniform(0, 12); /* at most 20 values */
    for (int i = 0; i < leaves; i++) add_leaf(d, gg_uniform(0, 1) < 0.2 ? OP_CONST : OP_INPUT, &base);
    for (int i = 0; i < nodes; i++) {
        dag_value *o = &d->val[d->n];
        o->op = (dag_op)(OP_ADD + (int)gg_uniform(0, OP_COUNT - OP_ADD));
        /* Prefer recent values: deep chains and trees, not only shallow fans. */
        o->a = d->n - 1 - (int)(gg_uniform(0, 1) * gg_uniform(0, d->n));
        o->b = is_binary(o->op) ? (int)gg_uniform(0, d->n) : -1;
        o->c = o->op == OP_CLIP ? (int)gg_uniform(0, d->n) : -1;
        if (o->c >= 0) {
            dag_value ab = {0};
            broadcast_shape(&d->val[o->a], &d->val[o->b], &ab);
            broadcast_shape(&ab, &d->val[o->c], o);
        } else if (o->b >= 0) broadcast_shape(&d->val[o->a], &d->val[o->b], o);
        else {
            o->rank = d->val[o->a].rank;
            memcpy(o->dims, d->val[o->a].dims, sizeof o->dims);
        }
        evaluate(d, d->n++);
    }
}

static void describe(const dag *d, char *buf, size_t cap)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int i = 0; i < d->n && at < cap; i++) {
        const dag_value *x = &d->val[i];
        char s[48], args[32] = "";
        gg_shape_str(x->dims, x->rank, s, sizeof s);
        if (x->c >= 0) snprintf(args, sizeof args, "(v%d,v%d,v%d)", x->a, x->b, x->c);
        else if (x->b >= 0) snprintf(args, sizeof args, "(v%d,v%d)", x->a, x->b);
        else if (x->a >= 0) snprintf(args, sizeof args, "(v%d)", x->a);
        at += (size_t)snprintf(buf + at, cap - at, "v%d=%s%s%s ", i, OP_TYPE[x->op], args, s);
    }
}

/* Builds d as a gecl graph and runs it with outputs `outs`; 1 when every output matches. */
static int run_dag(dag *d, const int *outs, int n_out, const char *name)
{
    gg_graph *g = gg_new(name);
    for (int i = 0; i < d->n; i++) {
        dag_value *x = &d->val[i];
        char nm[16];
        snprintf(nm, sizeof nm, "v%d", i);
        gecl_tensor_desc desc = gg_desc(GECL_DT_FLOAT, GECL_FORMAT_ND, x->rank, x->dims);
        if (x->op == OP_INPUT) x->port = gg_data(g, nm, desc, x->host);
        else if (x->op == OP_CONST) x->port = gg_const(g, nm, desc, x->host);
        else if (x->b < 0) x->port = gg_port(GG_OP(g, nm, OP_TYPE[x->op], d->val[x->a].port));
        else if (x->c < 0) x->port = gg_port(GG_OP(g, nm, OP_TYPE[x->op], d->val[x->a].port, d->val[x->b].port));
        else
            x->port = gg_port(
                GG_OP(g, nm, OP_TYPE[x->op], d->val[x->a].port, d->val[x->b].port, d->val[x->c].port));
    }
    gecl_port ports[4];
    gecl_tensor res[4];
    for (int j = 0; j < n_out; j++) ports[j] = d->val[outs[j]].port;
    if (!gg_try_run(g, (size_t)n_out, ports, res)) return 0;
    int ok = 1;
    for (int j = 0; j < n_out && ok; j++) {
        const dag_value *x = &d->val[outs[j]];
        size_t n = numel(x);
        double ref[MAX_ELEMS], mag[MAX_ELEMS];
        int skip = 0;
        for (size_t i = 0; i < n; i++) {
            ref[i] = x->v[i];
            mag[i] = x->m[i];
            skip |= !(mag[i] < 1e30);
        }
        char what[64];
        snprintf(what, sizeof what, "%s output %d (v%d)", name, j, outs[j]);
        ok = gg_shape_is(what, &res[j], GECL_DT_FLOAT, x->rank, x->dims) &&
             (skip || gg_close(what, &res[j], ref, mag, n, 1e-5, 1e-6));
    }
    return ok;
}

/* ---- wide trees: one fused kernel reading many tensors (the undo of an over-wide merge) ---- */

/* `chains` chains of Adds, chain c summing widths[c] inputs, joined by Adds into one output. */
static int run_wide_tree(const int *widths, int chains)
{
    static dag d;
    memset(&d, 0, sizeof d);
    gg_seed(1000 + (uint64_t)chains * 16 + (uint64_t)widths[0]);
    dag_value base = {.rank = 2, .dims = {3, 5}};
    int roots[4];
    for (int c = 0; c < chains; c++) {
        int acc = -1;
        for (int w = 0; w < widths[c]; w++) {
            add_leaf(&d, OP_INPUT, &base);
            int leaf = d.n - 1;
            if (acc < 0) { acc = leaf; continue; }
            dag_value *o = &d.val[d.n];
            *o = (dag_value){.op = OP_ADD, .a = acc, .b = leaf, .c = -1};
            broadcast_shape(&d.val[acc], &d.val[leaf], o);
            evaluate(&d, d.n++);
            acc = d.n - 1;
        }
        roots[c] = acc;
    }
    int acc = roots[0];
    for (int c = 1; c < chains; c++) {
        dag_value *o = &d.val[d.n];
        *o = (dag_value){.op = OP_ADD, .a = acc, .b = roots[c], .c = -1};
        broadcast_shape(&d.val[acc], &d.val[roots[c]], o);
        evaluate(&d, d.n++);
        acc = d.n - 1;
    }
    char name[96];
    snprintf(name, sizeof name, "wide tree %d chains of %d..%d inputs", chains, widths[0], widths[chains - 1]);
    gg_log("case %s", name);
    const int out = d.n - 1;
    return run_dag(&d, &out, 1, name);
}

static void test_wide_trees(void **state)
{
    (void)state;
    static const int cases[][4] = {
        {4, 4, 0, 0}, {5, 5, 0, 0}, {8, 8, 0, 0}, {9, 1, 0, 0}, {3, 7, 0, 0},
        {5, 5, 5, 0}, {2, 6, 6, 2}, {8, 7, 1, 0},
    };
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int chains = cases[i][2] ? (cases[i][3] ? 4 : 3) : 2;
        failures += !run_wide_tree(cases[i], chains);
    }
    GG_NO_FAILURES(failures);
}

/* ---- random DAGs ---- */

static void test_random_dags(void **state)
{
    (void)state;
    const char *n_env = getenv("GG_DAGS"), *seed_env = getenv("GG_DAG_SEED");
    const int count = n_env ? atoi(n_env) : 200;
    const uint64_t base = seed_env ? (uint64_t)strtoull(seed_env, NULL, 10) : 1;
    static dag d;
    int failures = 0;
    for (int k = 0; k < count; k++) {
        const uint64_t seed = base + (uint64_t)k;
        make_dag(&d, seed);
        /* Outputs: the last node, and sometimes an intermediate node or a leaf as well. */
        int outs[3], n_out = 1;
        outs[0] = d.n - 1;
        if (gg_uniform(0, 1) < 0.4) outs[n_out++] = (int)gg_uniform(0, d.n - 1);
        if (gg_uniform(0, 1) < 0.2) outs[n_out++] = (int)gg_uniform(0, d.n - 1);
        char name[64], shape[4096];
        snprintf(name, sizeof name, "random DAG seed %llu", (unsigned long long)seed);
        describe(&d, shape, sizeof shape);
        gg_log("case %s: %s", name, shape);
        if (!run_dag(&d, outs, n_out, name)) {
            print_error("    the graph: %s\n", shape);
            failures++;
        }
        gg_release(); /* one graph's buffers at a time */
    }
    GG_NO_FAILURES(failures);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        GG_TEST(test_wide_trees),
        GG_TEST(test_random_dags),
    };
    return GG_RUN_GROUP(tests);
}
