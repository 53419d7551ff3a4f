/*
 * test_schema.c: op_attrs.h as the one source of attribute facts. Every default parses as its
 * type, an op's rows are all found, reads without a value give the schema's default, and
 * validation refuses what the schema rules out (a required attribute unset, a FIXED one at another
 * value, a value of the wrong type, an input dtype the kernels do not compute) with a message
 * naming the node and the attribute or dtype.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "op_attrs.h"
#include "registry.h"

#define OK(call) assert_int_equal((call), GECL_SUCCESS)

static void test_defaults_parse(void **state)
{
    (void)state;
    OK(gecl_attr_schema_check());
}

/* gecl_op_attrs finds as many rows per op as op_attrs.h holds, in any order of the list. */
static void test_rows_found(void **state)
{
    (void)state;
    size_t written[GECL_OP_COUNT] = {0}, found = 0, total = 0;
#define COUNT_ROW(id, nm, ty, us, def) written[GECL_OP_##id]++, total++;
    GECL_ATTR_LIST(COUNT_ROW)
#undef COUNT_ROW
    for (int op = 0; op < GECL_OP_COUNT; op++) {
        size_t n;
        const gecl_attr_schema *a = gecl_op_attrs((gecl_op)op, &n);
        assert_int_equal(n, written[op]);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(a[i].op, op);
            for (size_t j = 0; j < i; j++) assert_string_not_equal(a[i].name, a[j].name);
        }
        found += n;
    }
    assert_int_equal(found, total);
}

/* A node without attributes reads each of its op's defaults. */
static void test_reads_default(void **state)
{
    (void)state;
    gecl_node n = {.name = "c", .type = "Conv2D", .op = GECL_OP_CONV2D};
    assert_int_equal(gecl_node_int(&n, "groups"), 1);
    assert_string_equal(gecl_node_string(&n, "data_format"), "NHWC");
    size_t count;
    const int64_t *d = gecl_node_ints(&n, "dilations", &count);
    assert_int_equal(count, 4);
    for (size_t i = 0; i < 4; i++) assert_int_equal(d[i], 1);
    assert_null(gecl_node_ints(&n, "strides", &count)); /* required: no default */
    assert_int_equal(count, 0);
    gecl_node e = {.name = "e", .type = "Exp", .op = GECL_OP_EXP};
    assert_true(gecl_node_float(&e, "base") == -1.0f);
}

/* Builds x -> op(x[, w]) and expects validation to fail mentioning `needle`. */
static void expect_refused(const char *type, gecl_dtype dt, int with_w, void (*set)(gecl_graph *, int32_t),
                           const char *needle)
{
    gecl_graph *g;
    OK(gecl_graph_create("schema", &g));
    gecl_tensor_desc d = {dt, GECL_FORMAT_NCHW, 4, {1, 2, 4, 4}};
    gecl_port in[2];
    OK(gecl_graph_add_data(g, "x", 0, &d, &in[0]));
    OK(gecl_graph_add_data(g, "w", 1, &d, &in[1]));
    int32_t op;
    OK(gecl_graph_add_op(g, "probe", type, with_w ? 2 : 1, in, &op));
    set(g, op);
    gecl_port out = {op, 0};
    OK(gecl_graph_set_outputs(g, 1, &out));
    assert_int_equal(gecl_graph_validate(g), GECL_PARAM_INVALID);
    const char *msg = gecl_last_error();
    if (!strstr(msg, needle) || !strstr(msg, "probe")) fail_msg("message \"%s\" lacks \"%s\" or the node", msg, needle);
    gecl_graph_destroy(g);
}

static void conv_attrs(gecl_graph *g, int32_t op)
{
    OK(gecl_graph_set_attr_ints(g, op, "strides", (const int64_t[]){1, 1, 1, 1}, 4));
    OK(gecl_graph_set_attr_ints(g, op, "pads", (const int64_t[]){0, 0, 0, 0}, 4));
    OK(gecl_graph_set_attr_string(g, op, "data_format", "NCHW"));
}
static void no_attrs(gecl_graph *g, int32_t op) { (void)g, (void)op; }
static void exp_base_two(gecl_graph *g, int32_t op) { OK(gecl_graph_set_attr_float(g, op, "base", 2.0f)); }
static void flag_as_string(gecl_graph *g, int32_t op) { OK(gecl_graph_set_attr_string(g, op, "transpose_x1", "yes")); }

static void test_validation_refuses(void **state)
{
    (void)state;
    expect_refused("Conv2D", GECL_DT_FLOAT, 1, no_attrs, "strides");      /* required, unset */
    expect_refused("Exp", GECL_DT_FLOAT, 0, exp_base_two, "base");        /* FIXED at -1 */
    expect_refused("MatMul", GECL_DT_FLOAT, 1, flag_as_string, "transpose_x1"); /* wrong type */
    expect_refused("Conv2D", GECL_DT_INT16, 1, conv_attrs, "DT_INT16");  /* dtype not computed (float16: via float) */
    expect_refused("SoftmaxV2", GECL_DT_INT32, 0, no_attrs, "DT_INT32");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_defaults_parse), cmocka_unit_test(test_rows_found),
                                       cmocka_unit_test(test_reads_default),
                                       cmocka_unit_test(test_validation_refuses)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
