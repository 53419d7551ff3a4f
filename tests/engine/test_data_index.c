/* test_data_index.c: graph inputs are numbered by CANN's rule (GE's GraphManager::ModifyDataIndex
 * at AddGraph, docs/graph.md "Graph inputs"):
 *
 *  - Data indexes that are exactly 0..n-1, each once, are kept, in whatever node order.
 *  - Otherwise (an index shared, missing, negative or past n-1) nothing is rejected: every Data
 *    node is numbered 0..n-1 in node order (the order gecl_graph_add_data was called), and the
 *    run's inputs follow that numbering.
 *  - gecl_graph_input and gecl_graph_validate answer by the same numbering.
 *
 * Each case builds y = a - 2 * b (a, b: Data; the order of the operands tells which input went
 * where) and runs it with inputs x0 = {10, 20, 30, 40}, x1 = {1, 2, 3, 4}.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gecl/gecl.h"

#define OK(call) assert_int_equal((call), GECL_SUCCESS)

enum { N = 4 };

static gecl_session session;
static uint32_t next_graph_id = 1;

static int setup(void **state)
{
    (void)state;
    if (gecl_initialize(0, NULL, NULL) != GECL_SUCCESS) return -1;
    return gecl_session_create(0, NULL, NULL, &session) == GECL_SUCCESS ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return gecl_session_destroy(session) == GECL_SUCCESS && gecl_finalize() == GECL_SUCCESS ? 0 : -1;
}

static gecl_tensor_desc vec_desc(void)
{
    gecl_tensor_desc d;
    memset(&d, 0, sizeof d);
    d.dtype = GECL_DT_FLOAT;
    d.format = GECL_FORMAT_ND;
    d.ndim = 1;
    d.dims[0] = N;
    return d;
}

/* y = a - 2 * b, with Data "a" added first (index ia), then Data "b" (index ib). When
 * `b_first`, "b" is added before "a". */
static gecl_graph *build(int64_t ia, int64_t ib, int b_first)
{
    gecl_graph *g = NULL;
    OK(gecl_graph_create("data_index", &g));
    const gecl_tensor_desc d = vec_desc();
    gecl_port a, b, two;
    if (b_first) OK(gecl_graph_add_data(g, "b", ib, &d, &b));
    OK(gecl_graph_add_data(g, "a", ia, &d, &a));
    if (!b_first) OK(gecl_graph_add_data(g, "b", ib, &d, &b));
    const float two_v = 2.0f;
    gecl_tensor_desc sd;
    memset(&sd, 0, sizeof sd);
    sd.dtype = GECL_DT_FLOAT;
    sd.format = GECL_FORMAT_ND;
    OK(gecl_graph_add_const(g, "two", &sd, &two_v, sizeof two_v, &two));
    int32_t mul, sub;
    const gecl_port mul_in[2] = {b, two};
    OK(gecl_graph_add_op(g, "mul", "Mul", 2, mul_in, &mul));
    const gecl_port sub_in[2] = {a, {mul, 0}};
    OK(gecl_graph_add_op(g, "sub", "Sub", 2, sub_in, &sub));
    const gecl_port out = {sub, 0};
    OK(gecl_graph_set_outputs(g, 1, &out));
    return g;
}

/* Runs g and checks that Data "a" received input `a_input` (the other input went to "b"). */
static void expect_a_is_input(gecl_graph *g, int a_input)
{
    float x[2][N] = {{10, 20, 30, 40}, {1, 2, 3, 4}}, y[N] = {0};
    gecl_tensor in[2], out;
    for (int k = 0; k < 2; k++) {
        in[k].desc = vec_desc();
        in[k].data = x[k];
        in[k].bytes = sizeof x[k];
        in[k].placement = GECL_ON_HOST;
    }
    out.desc = vec_desc();
    out.data = y;
    out.bytes = sizeof y;
    out.placement = GECL_ON_HOST;
    const uint32_t id = next_graph_id++;
    OK(gecl_graph_validate(g));
    OK(gecl_session_add_graph(session, id, g, 0, NULL, NULL));
    OK(gecl_session_run_graph(session, id, 2, in, 1, &out));
    for (int i = 0; i < N; i++) assert_float_equal(y[i], x[a_input][i] - 2.0f * x[1 - a_input][i], 0.0f);
    /* the input numbering as gecl_graph_input reports it, on the graph as built */
    const char *name = NULL;
    OK(gecl_graph_input(g, a_input, &name, NULL));
    assert_string_equal(name, "a");
    OK(gecl_graph_input(g, 1 - a_input, &name, NULL));
    assert_string_equal(name, "b");
    assert_int_equal(gecl_graph_input(g, 2, &name, NULL), GECL_PARAM_INVALID);
    OK(gecl_session_remove_graph(session, id));
    gecl_graph_destroy(g);
}

/* Valid indexes are kept, also when they are not in node order. */
static void test_valid_indexes_are_kept(void **state)
{
    (void)state;
    expect_a_is_input(build(0, 1, 0), 0);
    expect_a_is_input(build(1, 0, 0), 1);
    expect_a_is_input(build(1, 0, 1), 1);
}

/* A shared index: both Data nodes renumbered in node order. */
static void test_shared_index_numbers_by_node_order(void **state)
{
    (void)state;
    expect_a_is_input(build(0, 0, 0), 0);
    expect_a_is_input(build(0, 0, 1), 1);
    expect_a_is_input(build(1, 1, 1), 1);
}

/* Missing (GECL_DATA_INDEX_NONE), negative and out-of-range indexes: renumbered in node order. */
static void test_missing_or_out_of_range_numbers_by_node_order(void **state)
{
    (void)state;
    expect_a_is_input(build(GECL_DATA_INDEX_NONE, GECL_DATA_INDEX_NONE, 0), 0);
    expect_a_is_input(build(GECL_DATA_INDEX_NONE, 0, 1), 1);
    expect_a_is_input(build(-1, 0, 0), 0);
    expect_a_is_input(build(5, 7, 0), 0);
    expect_a_is_input(build(1, 2, 1), 1); /* a gap: {1, 2} is not {0, 1} */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_indexes_are_kept),
        cmocka_unit_test(test_shared_index_numbers_by_node_order),
        cmocka_unit_test(test_missing_or_out_of_range_numbers_by_node_order),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
