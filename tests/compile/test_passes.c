/*
 * test_passes.c: the compiler passes checked from inside (linked against the static library, so
 * the internal functions are reachable): on seeded random elementwise DAGs and wide Add trees
 * (every other seed), after inference,
 * liveness, fusion and the whole compile, the invariants each pass promises hold:
 *   fuse:    every live computing node is in a group whose root is its own root; a group is a
 *            tree (every member but the root has exactly one reader, inside the group, and is
 *            no graph output); it reads at most GECL_MAX_GROUP_EXTERNALS tensors;
 *   plan:    every launch argument has storage; every value a launch writes or reads lives in
 *            the arena, the constants, an input or an output; arena values whose lifetimes
 *            overlap do not overlap in memory; the arena is no larger than the sum of them.
 * Numerics of the same kind of graphs are checked end to end by graph_fusion_dags.
 *   GG_DAG_SEED / GG_DAGS as there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ir.h"
#include "plan.h"
#include "registry.h"

static uint64_t g_state;
static uint32_t rnd(uint32_t n) /* splitmix64, reduced */
{
    uint64_t z = (g_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return (uint32_t)((z ^ (z >> 31)) % n);
}

#define OK(call) assert_int_equal((call), GECL_SUCCESS)

static const char *const BINARY[] = {"Add", "Sub", "Mul", "Maximum", "Minimum"};
static const char *const UNARY[] = {"Relu", "Neg", "Abs", "Tanh", "Sigmoid"};

/* A random DAG over one shape [2, 3, 4] with some broadcast leaves, of unary, binary and
 * three-input ops; returns it with outputs set. */
static gecl_graph *random_dag(uint64_t seed)
{
    g_state = seed;
    gecl_graph *g;
    OK(gecl_graph_create("passes", &g));
    gecl_port vals[40];
    /* Up to 14 leaves: wide groups that fusion must stop growing (GECL_MAX_GROUP_EXTERNALS). */
    int n = 0, leaves = 1 + (int)rnd(14), nodes = 3 + (int)rnd(20);
    static const float zeros[24];
    int64_t data = 0;
    for (int i = 0; i < leaves; i++) {
        gecl_tensor_desc d = {GECL_DT_FLOAT, GECL_FORMAT_ND, 3, {2, 3, 4}};
        if (rnd(3) == 0) d.dims[rnd(3)] = 1;
        char name[32];
        snprintf(name, sizeof name, "in%d", i);
        if (rnd(5) == 0) OK(gecl_graph_add_const(g, name, &d, zeros, gecl_desc_bytes(&d), &vals[n]));
        else OK(gecl_graph_add_data(g, name, data++, &d, &vals[n]));
        n++;
    }
    for (int i = 0; i < nodes; i++) {
        char name[32];
        snprintf(name, sizeof name, "n%d", i);
        const uint32_t kind = rnd(6); /* 0-2 binary, 3-4 unary, 5 three inputs (ClipByValue) */
        gecl_port in[3] = {vals[n - 1 - (int)rnd((uint32_t)(n < 4 ? n : 4))], vals[rnd((uint32_t)n)],
                           vals[rnd((uint32_t)n)]};
        const char *type = kind == 5 ? "ClipByValue" : kind < 3 ? BINARY[rnd(5)] : UNARY[rnd(5)];
        int32_t id;
        OK(gecl_graph_add_op(g, name, type, kind == 5 ? 3 : kind < 3 ? 2 : 1, in, &id));
        vals[n++] = (gecl_port){id, 0};
    }
    gecl_port outs[3] = {vals[n - 1], vals[rnd((uint32_t)n)], vals[rnd((uint32_t)n)]};
    OK(gecl_graph_set_outputs(g, 1 + rnd(3), outs));
    return g;
}

/* Two to four chains of Adds over distinct inputs (widths 1..8), joined by Adds: trees wider than
 * one kernel may read, which fusion must cut without splitting what it absorbed before. */
static gecl_graph *wide_tree(uint64_t seed)
{
    g_state = seed;
    gecl_graph *g;
    OK(gecl_graph_create("wide", &g));
    gecl_tensor_desc d = {GECL_DT_FLOAT, GECL_FORMAT_ND, 2, {3, 5}};
    int64_t data = 0;
    int32_t id;
    char name[32];
    gecl_port acc = {-1, 0};
    for (int c = 0, chains = 2 + (int)rnd(3); c < chains; c++) {
        gecl_port chain = {-1, 0};
        for (int w = 0, width = 1 + (int)rnd(8); w < width; w++) {
            gecl_port leaf;
            snprintf(name, sizeof name, "x%lld", (long long)data);
            OK(gecl_graph_add_data(g, name, data++, &d, &leaf));
            if (chain.node < 0) { chain = leaf; continue; }
            gecl_port in[2] = {chain, leaf};
            snprintf(name, sizeof name, "c%d_%d", c, w);
            OK(gecl_graph_add_op(g, name, "Add", 2, in, &id));
            chain = (gecl_port){id, 0};
        }
        if (acc.node < 0) { acc = chain; continue; }
        gecl_port in[2] = {acc, chain};
        snprintf(name, sizeof name, "join%d", c);
        OK(gecl_graph_add_op(g, name, "Add", 2, in, &id));
        acc = (gecl_port){id, 0};
    }
    OK(gecl_graph_set_outputs(g, 1, &acc));
    return g;
}

static int is_output(const gecl_graph *g, int32_t node)
{
    for (size_t j = 0; j < g->n_outputs; j++)
        if (g->outputs[j].node == node) return 1;
    return 0;
}

static void check_fusion(const gecl_graph *g, uint64_t seed)
{
    char *live = malloc(g->n_nodes + 1);
    int32_t *group = malloc((g->n_nodes + 1) * sizeof *group);
    assert_non_null(live);
    assert_non_null(group);
    gecl_mark_live(g, live);
    gecl_fuse(g, live, group);
    for (size_t i = 0; i < g->n_nodes; i++) {
        const gecl_op_kind k = gecl_op_info_get(g->nodes[i].op)->kind;
        if (!live[i] || k == GECL_KIND_SOURCE || k == GECL_KIND_VIEW) continue;
        const int32_t root = group[i];
        if (root < 0 || group[root] != root) fail_msg("seed %llu: node %zu in group %d, not a root", (unsigned long long)seed, i, root);
        if (root == (int32_t)i) {
            int ext = gecl_group_externals(g, group, root, -1);
            if (ext > GECL_MAX_GROUP_EXTERNALS)
                fail_msg("seed %llu: group %d reads %d tensors", (unsigned long long)seed, root, ext);
            continue;
        }
        /* A member: read once, inside its group, and not a graph output. */
        int readers = 0, inside = 0;
        for (size_t m = 0; m < g->n_nodes; m++)
            for (size_t k2 = 0; live[m] && k2 < g->nodes[m].n_inputs; k2++)
                if (g->nodes[m].inputs[k2].node == (int32_t)i) {
                    readers++;
                    inside += group[m] == root;
                }
        if (readers != 1 || inside != 1 || is_output(g, (int32_t)i))
            fail_msg("seed %llu: member %zu of group %d has %d readers (%d inside)%s", (unsigned long long)seed, i, root,
                     readers, inside, is_output(g, (int32_t)i) ? " and is an output" : "");
    }
    free(live);
    free(group);
}

static void check_plan(const gecl_plan *p, uint64_t seed)
{
    size_t sum = 0;
    for (size_t s = 0; s < p->n_launches; s++)
        for (size_t a = 0; a < p->launches[s].n_args; a++) {
            const int v = gecl_plan_root(p, gecl_plan_value(p, p->launches[s].args[a].port));
            if (v < 0 || p->values[v].store == GECL_STORE_NONE)
                fail_msg("seed %llu: launch %zu argument %zu has no storage", (unsigned long long)seed, s, a);
        }
    for (size_t i = 0; i < p->n_values; i++) {
        const gecl_value *a = &p->values[i];
        if (a->store != GECL_STORE_ARENA || a->first < 0) continue;
        sum += gecl_align_up(a->bytes ? a->bytes : 1);
        for (size_t j = i + 1; j < p->n_values; j++) {
            const gecl_value *b = &p->values[j];
            if (b->store != GECL_STORE_ARENA || b->first < 0) continue;
            const int live_together = a->first <= b->last && b->first <= a->last;
            const int share = a->offset < b->offset + b->bytes && b->offset < a->offset + a->bytes;
            if (live_together && share && a->bytes && b->bytes)
                fail_msg("seed %llu: values %zu and %zu are live together and overlap in the arena",
                         (unsigned long long)seed, i, j);
        }
    }
    if (p->arena_bytes > sum) fail_msg("seed %llu: arena %zu > sum of its values %zu", (unsigned long long)seed, p->arena_bytes, sum);
}

static void test_pass_invariants(void **state)
{
    (void)state;
    const char *n_env = getenv("GG_DAGS"), *seed_env = getenv("GG_DAG_SEED");
    const int count = n_env ? atoi(n_env) : 500;
    const uint64_t base = seed_env ? (uint64_t)strtoull(seed_env, NULL, 10) : 1;
    gecl_device_desc cpu;
    memset(&cpu, 0, sizeof cpu);
    cpu.type = CL_DEVICE_TYPE_CPU;
    cpu.max_work_group = 4096;
    for (int k = 0; k < count; k++) {
        const uint64_t seed = base + (uint64_t)k;
        gecl_graph *g = k % 2 ? wide_tree(seed) : random_dag(seed);
        gecl_graph *inferred = gecl_graph_clone(g);
        assert_non_null(inferred);
        OK(gecl_graph_infer(inferred));
        check_fusion(inferred, seed);
        gecl_plan *p = NULL;
        OK(gecl_compile(g, &cpu, &p));
        check_plan(p, seed);
        gecl_plan_free(p);
        gecl_graph_destroy(inferred);
        gecl_graph_destroy(g);
    }
}

static void expect_dims(const gecl_graph *g, int32_t node, uint32_t ndim, int64_t d0, int64_t d1)
{
    gecl_tensor_desc d;
    OK(gecl_graph_port_desc(g, (gecl_port){node, 0}, &d));
    assert_int_equal(d.ndim, ndim);
    assert_int_equal(d.dims[0], d0);
    if (ndim > 1) assert_int_equal(d.dims[1], d1);
}

/* Queries answer from one inferred copy of the graph, which every change must drop. */
static void test_queries_follow_changes(void **state)
{
    (void)state;
    gecl_graph *g;
    OK(gecl_graph_create("queries", &g));
    gecl_tensor_desc dx = {GECL_DT_FLOAT, GECL_FORMAT_ND, 2, {2, 3}}, dy = {GECL_DT_FLOAT, GECL_FORMAT_ND, 1, {4}};
    gecl_port x, y;
    OK(gecl_graph_add_data(g, "x", 0, &dx, &x));
    int32_t t;
    OK(gecl_graph_add_op(g, "t", "TransposeD", 1, &x, &t));
    OK(gecl_graph_set_attr_ints(g, t, "perm", (const int64_t[]){0, 1}, 2));
    gecl_port tp = {t, 0};
    OK(gecl_graph_set_outputs(g, 1, &tp));
    expect_dims(g, t, 2, 2, 3);
    OK(gecl_graph_set_attr_ints(g, t, "perm", (const int64_t[]){1, 0}, 2)); /* an attribute */
    expect_dims(g, t, 2, 3, 2);
    OK(gecl_graph_set_attr_ints(g, t, "perm", (const int64_t[]){1, 1}, 2));
    assert_int_equal(gecl_graph_validate(g), GECL_PARAM_INVALID); /* now invalid ... */
    OK(gecl_graph_set_attr_ints(g, t, "perm", (const int64_t[]){1, 0}, 2));
    OK(gecl_graph_validate(g)); /* ... and valid again */
    OK(gecl_graph_add_data(g, "y", 1, &dy, &y)); /* a new node, then a new input */
    int32_t r;
    OK(gecl_graph_add_op(g, "r", "Relu", 1, &x, &r));
    expect_dims(g, r, 2, 2, 3);
    OK(gecl_graph_set_input(g, r, 0, y));
    expect_dims(g, r, 1, 4, 0);
    gecl_graph_destroy(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_pass_invariants),
                                       cmocka_unit_test(test_queries_follow_changes)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
