/* test_facade_protos.cpp: CANN's op prototype headers as CANN's samples use them.
 *
 *  - The ops repositories' test_geir_*.cpp include array_ops.h, experiment_ops.h and nn_other.h
 *    and then declare their operator themselves (their own op_graph/<op>_proto.h). Such a
 *    program compiles against gecl's headers even where gecl's headers declare the same operator:
 *    op::Add is then the program's class, and OperatorFactory creates the program's prototype.
 *  - An operator that a header declares but gecl has no kernel for (AscendQuant, BatchNorm,
 *    FlattenV2, the IR-build samples' operators) can be put in a graph and added; CompileGraph
 *    (and a run) fails with PARAM_INVALID and a message "op <type> is not supported" naming the
 *    node. */
#include "facade_test_util.h"

#include <type_traits>
#include <vector>

#include "acl/acl.h"
#include "array_ops.h"
#include "experiment_ops.h"
#include "nn_other.h"
#include "all_ops.h"

/* A sample's own prototype of Add (as ops-math's op_graph/add_proto.h declares it), with one
 * attribute more, so the test can tell which prototype the factory creates. */
namespace ge {
REG_OP(Add)
    .INPUT(x1, TensorType({DT_BOOL, DT_FLOAT, DT_INT32, DT_INT64, DT_FLOAT16, DT_BF16, DT_INT16, DT_INT8, DT_UINT8,
                           DT_DOUBLE, DT_COMPLEX128, DT_COMPLEX64, DT_STRING, DT_COMPLEX32}))
    .INPUT(x2, TensorType({DT_BOOL, DT_FLOAT, DT_INT32, DT_INT64, DT_FLOAT16, DT_BF16, DT_INT16, DT_INT8, DT_UINT8,
                           DT_DOUBLE, DT_COMPLEX128, DT_COMPLEX64, DT_STRING, DT_COMPLEX32}))
    .OUTPUT(y, TensorType({DT_BOOL, DT_FLOAT, DT_INT32, DT_INT64, DT_FLOAT16, DT_BF16, DT_INT16, DT_INT8, DT_UINT8,
                           DT_DOUBLE, DT_COMPLEX128, DT_COMPLEX64, DT_STRING, DT_COMPLEX32}))
    .ATTR(sample_marker, Int, 7)
    .OP_END_FACTORY_REG(Add)
}  // namespace ge

using namespace ge;

static_assert(!std::is_same<ge::op::Add, ge::gecl_proto::op::Add>::value, "op::Add must be the program's own class");
static_assert(std::is_same<ge::op::Relu, ge::gecl_proto::op::Relu>::value, "op::Relu is gecl's prototype");

namespace {
op::Data MakeData(const char *name, int64_t index, const std::vector<int64_t> &dims, DataType dt = DT_FLOAT) {
    op::Data d(name);
    d.set_attr_index(index);
    d.update_output_desc_y(TensorDesc(Shape(dims), FORMAT_ND, dt));
    return d;
}

int GroupSetup(void **state) {
    (void)state;
    if (aclInit(nullptr) != ACL_SUCCESS || aclrtSetDevice(0) != ACL_SUCCESS) return -1;
    return GEInitializeV2({{"ge.exec.deviceId", "0"}}) == SUCCESS ? 0 : -1;
}

int GroupTeardown(void **state) {
    (void)state;
    const int ret = GEFinalizeV2() == SUCCESS ? 0 : -1;
    aclrtResetDevice(0);
    aclFinalize();
    return ret;
}
}  // namespace

/* The program's Add is the one its code and the factory use, and gecl runs it by type. */
static void test_own_prototype_wins(void **state) {
    (void)state;
    int64_t marker = 0;
    op::Add direct("direct");
    assert_int_equal(direct.GetAttr("sample_marker", marker), GRAPH_SUCCESS);
    assert_int_equal(marker, 7);
    Operator made = OperatorFactory::CreateOperator("made", "Add");
    marker = 0;
    assert_int_equal(made.GetAttr("sample_marker", marker), GRAPH_SUCCESS);
    assert_int_equal(marker, 7);

    auto x = MakeData("x", 0, {3});
    auto y = MakeData("y", 1, {3});
    auto add = op::Add("add").set_input_x1(x).set_input_x2(y);
    Graph g("own_add");
    g.SetInputs({x, y}).SetOutputs({add});
    GeSession session({});
    FT_OK(session.AddGraph(1, g));
    const float a[3] = {1, 2, 3}, b[3] = {10, 20, 30};
    std::vector<gert::Tensor> inputs;
    for (const float *p : {a, b})
        inputs.emplace_back(gert::StorageShape({3}, {3}), gert::StorageFormat(FORMAT_ND, FORMAT_ND, {}), gert::kOnHost,
                            DT_FLOAT, const_cast<float *>(p), nullptr);
    std::vector<gert::Tensor> outputs;
    FT_OK(session.RunGraph(1, inputs, outputs));
    const float *sum = outputs[0].GetData<float>();
    for (int i = 0; i < 3; ++i) assert_true(sum[i] == a[i] + b[i]);
}

/* Declared, not runnable: AddGraph accepts the graph, CompileGraph and runs name the node. */
static void expect_not_supported(Graph &g, const char *node, const char *type) {
    GeSession session({});
    FT_OK(session.AddGraph(7, g));
    FT_ERR(PARAM_INVALID, session.CompileGraph(7));
    FT_MSG_HAS(node);
    FT_MSG_HAS((std::string("op ") + type + " is not supported").c_str());
    std::vector<gert::Tensor> inputs, outputs;
    FT_ERR(PARAM_INVALID, session.RunGraph(7, inputs, outputs));
    FT_MSG_HAS((std::string("op ") + type + " is not supported").c_str());
    assert_null(session.GetCompiledGraphSummary(7).get());
}

static void test_unsupported_ops_fail_at_compile(void **state) {
    (void)state;
    {
        auto x = MakeData("x", 0, {1, 1, 4, 4}, DT_FLOAT16);
        auto quant = op::AscendQuant("quant").set_input_x(x).set_attr_scale(1.0f).set_attr_offset(0.0f);
        Graph g("quant");
        g.SetInputs({x}).SetOutputs({quant});
        expect_not_supported(g, "quant", "AscendQuant");
    }
    {
        auto x = MakeData("x", 0, {1, 2, 4, 4});
        auto flat = op::FlattenV2("flat").set_input_x(x);
        auto relu = op::Relu("relu").set_input_x(flat);
        Graph g("flatten_v2");
        g.SetInputs({x}).SetOutputs({relu});
        expect_not_supported(g, "flat", "FlattenV2");
    }
    {
        auto x = MakeData("x", 0, {1, 2, 4, 4});
        auto c = MakeData("c", 1, {2});
        auto bn = op::BatchNorm("bn").set_input_x(x).set_input_scale(c).set_input_offset(c).set_attr_is_training(false);
        Graph g("batch_norm");
        g.SetInputs({x, c}).SetOutputs({bn});
        expect_not_supported(g, "bn", "BatchNorm");
    }
}

/* The C API says the same, and gecl_graph_validate too (it compiles nothing, but validates). */
static void test_unsupported_op_c_api(void **state) {
    (void)state;
    gecl_graph *g = nullptr;
    assert_int_equal(gecl_graph_create("c_unsupported", &g), GECL_SUCCESS);
    gecl_tensor_desc d;
    std::memset(&d, 0, sizeof d);
    d.dtype = GECL_DT_FLOAT;
    d.ndim = 1;
    d.dims[0] = 4;
    gecl_port x;
    assert_int_equal(gecl_graph_add_data(g, "x", 0, &d, &x), GECL_SUCCESS);
    int32_t node = -1;
    assert_int_equal(gecl_graph_add_op(g, "mystery", "NoSuchOpType", 1, &x, &node), GECL_SUCCESS);
    const gecl_port out = {node, 0};
    assert_int_equal(gecl_graph_set_outputs(g, 1, &out), GECL_SUCCESS);
    assert_int_equal(gecl_graph_validate(g), GECL_PARAM_INVALID);
    assert_non_null(std::strstr(gecl_last_error(), "node 'mystery' (NoSuchOpType): op NoSuchOpType is not supported"));
    gecl_session s = nullptr;
    assert_int_equal(gecl_session_create(0, nullptr, nullptr, &s), GECL_SUCCESS);
    assert_int_equal(gecl_session_add_graph(s, 3, g, 0, nullptr, nullptr), GECL_SUCCESS);
    assert_int_equal(gecl_session_compile_graph(s, 3), GECL_PARAM_INVALID);
    assert_non_null(std::strstr(gecl_last_error(), "node 'mystery' (NoSuchOpType): op NoSuchOpType is not supported"));
    assert_int_equal(gecl_session_load_graph(s, 3, 0, nullptr, nullptr, nullptr), GECL_PARAM_INVALID);
    assert_int_equal(gecl_session_remove_graph(s, 3), GECL_SUCCESS);
    assert_int_equal(gecl_session_destroy(s), GECL_SUCCESS);
    gecl_graph_destroy(g);
}

int main(void) {
    ft_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_own_prototype_wins),
        cmocka_unit_test(test_unsupported_ops_fail_at_compile),
        cmocka_unit_test(test_unsupported_op_c_api),
    };
    return cmocka_run_group_tests(tests, GroupSetup, GroupTeardown);
}
