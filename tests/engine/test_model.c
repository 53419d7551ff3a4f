/* test_model.c: gecl's model format (gecl_graph_serialize / gecl_graph_deserialize, the bytes
 * behind GeSession::GetCompiledModel) and the C calls of the GeSession memory and task calls:
 *
 *  - a graph read back from its bytes is the same graph: serializing it again gives the same
 *    bytes (every attribute type, Data indexes as given, a dynamic output count, output names),
 *    and it runs to the same results, bit for bit, as the original (checked against a CPU
 *    reference computed here);
 *  - every truncation of the bytes, a byte too many, a foreign header or another version is
 *    GECL_PARAM_INVALID (and no read past the buffer: this test runs under ASan in CI);
 *  - gecl_session_graph_serialize, gecl_session_set_graph_memory and
 *    gecl_session_graph_tasks_json check their arguments and the graph's state.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "acl/acl.h"
#include "gecl/gecl.h"

#define OK(call) assert_int_equal((call), GECL_SUCCESS)

static gecl_session session;

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

static gecl_tensor_desc desc23(void)
{
    gecl_tensor_desc d;
    memset(&d, 0, sizeof d);
    d.dtype = GECL_DT_FLOAT;
    d.format = GECL_FORMAT_ND;
    d.ndim = 2;
    d.dims[0] = 2;
    d.dims[1] = 3;
    return d;
}

static const float kC[6] = {0.5f, -1.5f, 2.0f, 0.25f, -0.75f, 3.0f};

/* t = a + c; s = LeakyRelu(t, 0.1) - b; out0 "sum" = ReduceSumD(s, axes [1], keep_dims);
 * out1 "half" = SplitD(t, 0, 2):1. Data a has no index, b index 7: they are numbered 0, 1. */
static gecl_graph *build(void)
{
    gecl_graph *g = NULL;
    OK(gecl_graph_create("model", &g));
    const gecl_tensor_desc d = desc23();
    gecl_port a, b, c;
    OK(gecl_graph_add_data(g, "a", GECL_DATA_INDEX_NONE, &d, &a));
    OK(gecl_graph_add_data(g, "b", 7, &d, &b));
    OK(gecl_graph_add_const(g, "c", &d, kC, sizeof kC, &c));
    int32_t t, l, s, r, sp;
    gecl_port in2[2] = {a, c};
    OK(gecl_graph_add_op(g, "t", "Add", 2, in2, &t));
    gecl_port tp = {t, 0};
    OK(gecl_graph_add_op(g, "l", "LeakyRelu", 1, &tp, &l));
    OK(gecl_graph_set_attr_float(g, l, "negative_slope", 0.1f));
    gecl_port in_s[2] = {{l, 0}, b};
    OK(gecl_graph_add_op(g, "s", "Sub", 2, in_s, &s));
    gecl_port sp_in = {s, 0};
    OK(gecl_graph_add_op(g, "r", "ReduceSumD", 1, &sp_in, &r));
    const int64_t axes[1] = {1};
    OK(gecl_graph_set_attr_ints(g, r, "axes", axes, 1));
    OK(gecl_graph_set_attr_bool(g, r, "keep_dims", 1));
    OK(gecl_graph_add_op(g, "split", "SplitD", 1, &tp, &sp));
    OK(gecl_graph_set_attr_int(g, sp, "split_dim", 0));
    OK(gecl_graph_set_attr_int(g, sp, "num_split", 2));
    OK(gecl_graph_set_output_count(g, sp, 2));
    gecl_port outs[2] = {{r, 0}, {sp, 1}};
    OK(gecl_graph_set_outputs(g, 2, outs));
    const char *names[2] = {"sum", "half"};
    OK(gecl_graph_set_output_names(g, 2, names));
    return g;
}

/* A graph that is never run, with an attribute of every type on an op gecl does not know and
 * an input connected to a node added after it. */
static gecl_graph *build_attrs(void)
{
    gecl_graph *g = NULL;
    OK(gecl_graph_create("attrs", &g));
    const gecl_tensor_desc d = desc23();
    int32_t foo, bar;
    OK(gecl_graph_add_op(g, "foo", "Foo", 0, NULL, &foo));
    gecl_port x;
    OK(gecl_graph_add_data(g, "x", 0, &d, &x));
    OK(gecl_graph_set_input(g, foo, 1, x)); /* input 0 absent */
    OK(gecl_graph_set_input_format(g, foo, 1, GECL_FORMAT_NHWC));
    OK(gecl_graph_set_attr_int(g, foo, "i", -5));
    OK(gecl_graph_set_attr_float(g, foo, "f", 1.25f));
    OK(gecl_graph_set_attr_bool(g, foo, "b", 1));
    OK(gecl_graph_set_attr_string(g, foo, "s", "with \"quotes\""));
    OK(gecl_graph_set_attr_string(g, foo, "empty", ""));
    const int64_t ints[3] = {1, -2, INT64_MAX};
    const float floats[2] = {-0.0f, 3.5f};
    OK(gecl_graph_set_attr_ints(g, foo, "ints", ints, 3));
    OK(gecl_graph_set_attr_floats(g, foo, "floats", floats, 2));
    OK(gecl_graph_set_attr_ints(g, foo, "none", NULL, 0));
    gecl_port fp = {foo, 0};
    OK(gecl_graph_add_op(g, "bar", "Bar", 1, &fp, &bar));
    gecl_port out = {bar, 0};
    OK(gecl_graph_set_outputs(g, 1, &out));
    return g;
}

/* Serializes g, reads it back, serializes that: the bytes must be equal. Returns the copy. */
static gecl_graph *round_trip(const gecl_graph *g, void **bytes, size_t *size)
{
    OK(gecl_graph_serialize(g, bytes, size));
    gecl_graph *copy = NULL;
    OK(gecl_graph_deserialize(*bytes, *size, &copy));
    void *again = NULL;
    size_t again_size = 0;
    OK(gecl_graph_serialize(copy, &again, &again_size));
    assert_int_equal(again_size, *size);
    assert_memory_equal(again, *bytes, *size);
    gecl_free(again);
    return copy;
}

static void test_same_bytes(void **state)
{
    (void)state;
    gecl_graph *g = build_attrs();
    void *bytes = NULL;
    size_t size = 0;
    gecl_graph *copy = round_trip(g, &bytes, &size);
    assert_int_equal(gecl_graph_node_count(copy), 3);
    assert_string_equal(gecl_graph_node_type(copy, 0), "Foo");
    gecl_free(bytes);
    gecl_graph_destroy(copy);
    gecl_graph_destroy(g);
}

static void run(uint32_t id, const float *a, const float *b, float *sum, float *half)
{
    const gecl_tensor_desc d = desc23();
    gecl_tensor in[2] = {{d, (void *)a, sizeof(float) * 6, GECL_ON_HOST}, {d, (void *)b, sizeof(float) * 6, GECL_ON_HOST}};
    gecl_tensor out[2];
    memset(out, 0, sizeof out);
    out[0].desc.dtype = GECL_DT_UNDEFINED;
    out[0].data = sum;
    out[0].bytes = 2 * sizeof(float);
    out[0].placement = GECL_ON_HOST;
    out[1].desc.dtype = GECL_DT_UNDEFINED;
    out[1].data = half;
    out[1].bytes = 3 * sizeof(float);
    out[1].placement = GECL_ON_HOST;
    OK(gecl_session_run_graph(session, id, 2, in, 2, out));
}

static void test_runs_the_same(void **state)
{
    (void)state;
    gecl_graph *g = build();
    void *bytes = NULL;
    size_t size = 0;
    gecl_graph *copy = round_trip(g, &bytes, &size);
    OK(gecl_session_add_graph(session, 1, g, 0, NULL, NULL));
    OK(gecl_session_add_graph(session, 2, copy, 0, NULL, NULL));
    assert_string_equal(gecl_graph_output_name(copy, 0), "sum");
    assert_string_equal(gecl_graph_output_name(copy, 1), "half");
    const float a[6] = {1, -2, 3, -4, 5, -6}, b[6] = {0.5f, 1, 1.5f, 2, 2.5f, 3};
    float sum1[2], half1[3], sum2[2], half2[3];
    run(1, a, b, sum1, half1);
    run(2, a, b, sum2, half2);
    assert_memory_equal(sum1, sum2, sizeof sum1);
    assert_memory_equal(half1, half2, sizeof half1);
    for (int row = 0; row < 2; row++) { /* CPU reference */
        double want = 0;
        for (int j = 0; j < 3; j++) {
            const float t = a[3 * row + j] + kC[3 * row + j];
            want += (double)((t > 0 ? t : t * 0.1f) - b[3 * row + j]);
        }
        assert_true(fabs(sum1[row] - want) < 1e-5);
    }
    for (int j = 0; j < 3; j++) assert_true(half1[j] == a[3 + j] + kC[3 + j]);

    /* The session's model of graph 1 is the same graph. */
    void *model = NULL;
    size_t model_size = 0;
    OK(gecl_session_graph_serialize(session, 1, &model, &model_size));
    gecl_graph *from_session = NULL;
    OK(gecl_graph_deserialize(model, model_size, &from_session));
    OK(gecl_session_add_graph(session, 3, from_session, 0, NULL, NULL));
    float sum3[2], half3[3];
    run(3, a, b, sum3, half3);
    assert_memory_equal(sum1, sum3, sizeof sum1);
    assert_memory_equal(half1, half3, sizeof half1);
    gecl_free(model);
    gecl_graph_destroy(from_session);
    gecl_free(bytes);
    gecl_graph_destroy(copy);
    gecl_graph_destroy(g);
    for (uint32_t id = 1; id <= 3; id++) OK(gecl_session_remove_graph(session, id));
}

static void test_damaged_bytes(void **state)
{
    (void)state;
    gecl_graph *g = build();
    void *bytes = NULL;
    size_t size = 0;
    OK(gecl_graph_serialize(g, &bytes, &size));
    gecl_graph *copy = (gecl_graph *)1;
    for (size_t len = 0; len < size; len++) {
        assert_int_equal(gecl_graph_deserialize(bytes, len, &copy), GECL_PARAM_INVALID);
        assert_null(copy);
    }
    unsigned char *more = malloc(size + 1);
    assert_non_null(more);
    memcpy(more, bytes, size);
    more[size] = 0;
    assert_int_equal(gecl_graph_deserialize(more, size + 1, &copy), GECL_PARAM_INVALID);
    assert_non_null(strstr(gecl_last_error(), "follow the graph"));
    more[8] = 99; /* the version */
    assert_int_equal(gecl_graph_deserialize(more, size, &copy), GECL_PARAM_INVALID);
    assert_non_null(strstr(gecl_last_error(), "format version 99"));
    more[0] = 'X';
    assert_int_equal(gecl_graph_deserialize(more, size, &copy), GECL_PARAM_INVALID);
    assert_non_null(strstr(gecl_last_error(), "not a gecl model"));
    /* A count far past the data is refused, not allocated. */
    memcpy(more, bytes, size);
    const size_t n_nodes_at = 8 + 8 + 8 + strlen("model");
    memset(more + n_nodes_at, 0x7f, 8);
    assert_int_equal(gecl_graph_deserialize(more, size, &copy), GECL_PARAM_INVALID);
    assert_int_equal(gecl_graph_deserialize(NULL, 0, &copy), GECL_PARAM_INVALID);
    assert_int_equal(gecl_graph_serialize(g, NULL, &size), GECL_PARAM_INVALID);
    free(more);
    gecl_free(bytes);
    gecl_graph_destroy(g);
}

static void test_session_calls(void **state)
{
    (void)state;
    void *model = NULL;
    size_t size = 0;
    char *json = NULL;
    assert_int_equal(gecl_session_graph_serialize(session, 42, &model, &size), GECL_PARAM_INVALID);
    gecl_graph *g = build();
    OK(gecl_session_add_graph(session, 5, g, 0, NULL, NULL));
    gecl_graph_destroy(g);
    assert_int_equal(gecl_session_graph_serialize(session, 5, NULL, &size), GECL_PARAM_INVALID);
    assert_int_equal(gecl_session_set_graph_memory(session, 5, (gecl_graph_memory)9, NULL, 0), GECL_PARAM_INVALID);
    assert_int_equal(gecl_session_set_graph_memory(session, 5, GECL_GRAPH_MEMORY_CONST, NULL, 0), GECL_FAILED);
    assert_non_null(strstr(gecl_last_error(), "not compiled"));
    OK(gecl_session_compile_graph(session, 5));
    gecl_graph_summary sum;
    OK(gecl_session_graph_summary(session, 5, &sum));
    assert_true(sum.const_memory_size >= sizeof kC);
    assert_int_equal(gecl_session_set_graph_memory(session, 5, GECL_GRAPH_MEMORY_CONST, NULL, 0), GECL_PARAM_INVALID);
    assert_int_equal(gecl_session_graph_tasks_json(session, 5, 0, &json), GECL_FAILED); /* not loaded */
    assert_null(json);
    OK(gecl_session_load_graph(session, 5, 0, NULL, NULL, NULL));
    assert_int_equal(gecl_session_graph_tasks_json(session, 5, 2, &json), GECL_PARAM_INVALID);
    assert_int_equal(gecl_session_graph_tasks_json(session, 5, 0, NULL), GECL_PARAM_INVALID);
    OK(gecl_session_graph_tasks_json(session, 5, 0, &json));
    assert_non_null(strstr(json, "\"node\":\"r\""));      /* the ReduceSumD's launch */
    assert_non_null(strstr(json, "\"op_type\":\"SplitD\""));
    gecl_free(json);
    /* Memory that is not from aclrtMalloc is refused; the graph still runs in its own. */
    static float host[64] __attribute__((aligned(64)));
    assert_int_equal(gecl_session_set_graph_memory(session, 5, GECL_GRAPH_MEMORY_CONST, host, sizeof host),
                     GECL_PARAM_INVALID);
    const float a[6] = {0}, b[6] = {0};
    float s[2], h[3];
    run(5, a, b, s, h);
    for (int j = 0; j < 3; j++) assert_true(h[j] == kC[3 + j]);
    OK(gecl_session_remove_graph(session, 5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_bytes),
        cmocka_unit_test(test_runs_the_same),
        cmocka_unit_test(test_damaged_bytes),
        cmocka_unit_test(test_session_calls),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
