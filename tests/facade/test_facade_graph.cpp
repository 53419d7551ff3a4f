/* test_facade_graph.cpp: graphs built with operator prototypes, converted to gecl graphs and
 * checked with gecl_graph_validate / gecl_graph_port_desc: conv + bias + relu, dynamic concat
 * inputs, formats, output selection, and the errors of broken graphs. */
#include "facade_test_util.h"

#include <vector>

#include "all_ops.h"
#include "graph/gecl_graph_build.h"

using namespace ge;

namespace {
/* Builds `g` into a gecl graph (the holder owns it). */
uint32_t Build(const Graph &g, gecl_detail::GeclGraphHolder &h, gecl_detail::BuildInfo *info = nullptr) {
    gecl_detail::BuildInfo local;
    return gecl_detail::GraphBuilder(g, std::map<int64_t, gecl_tensor_desc>(), "test")
        .Build(h, info != nullptr ? *info : local);
}

void ExpectDims(const gecl_graph *g, int32_t node, const std::vector<int64_t> &dims) {
    gecl_tensor_desc d;
    FT_OK(gecl_graph_port_desc(g, gecl_port{node, 0}, &d));
    assert_int_equal(d.ndim, dims.size());
    for (size_t i = 0; i < dims.size(); ++i) assert_int_equal(d.dims[i], dims[i]);
}

op::Data MakeData(const char *name, int64_t index, const std::vector<int64_t> &dims, Format f = FORMAT_ND,
                  DataType dt = DT_FLOAT) {
    op::Data d(name);
    d.set_attr_index(index);
    const TensorDesc desc(Shape(dims), f, dt);
    d.update_input_desc_x(desc);
    d.update_output_desc_y(desc);
    return d;
}

op::Const MakeConst(const char *name, const std::vector<int64_t> &dims, DataType dt, const void *bytes, size_t n) {
    Tensor t(TensorDesc(Shape(dims), FORMAT_ND, dt));
    t.SetData(static_cast<const uint8_t *>(bytes), n);
    return op::Const(name).set_attr_value(t);
}
}  // namespace

static void test_conv_bias_relu(void **state) {
    (void)state;
    auto data = MakeData("data", 0, {1, 1, 28, 28}, FORMAT_NCHW);
    std::vector<float> w(8 * 9, 0.5f), b(8, 1.0f);
    auto weight = MakeConst("w", {8, 1, 3, 3}, DT_FLOAT, w.data(), w.size() * sizeof(float));
    auto bias = MakeConst("b", {8}, DT_FLOAT, b.data(), b.size() * sizeof(float));
    auto conv = op::Conv2D("conv1")
                    .set_input_x(data)
                    .set_input_filter(weight)
                    .set_attr_strides({1, 1, 1, 1})
                    .set_attr_pads({1, 1, 1, 1})
                    .set_attr_data_format("NCHW");
    conv.update_input_desc_filter(TensorDesc(Shape(), FORMAT_NCHW, DT_FLOAT));
    auto bias_add = op::BiasAdd("bias_add").set_input_x(conv).set_input_bias(bias).set_attr_data_format("NCHW");
    auto relu = op::Relu("relu").set_input_x(bias_add);
    Graph g("conv_graph");
    g.SetInputs({data}).SetOutputs({relu});

    std::vector<AscendString> names;
    assert_int_equal(g.GetAllOpName(names), GRAPH_SUCCESS);
    const char *order[] = {"data", "w", "conv1", "b", "bias_add", "relu"};  // producers first
    assert_int_equal(names.size(), 6);
    for (size_t i = 0; i < names.size(); ++i) assert_string_equal(names[i].GetString(), order[i]);
    Operator found;
    assert_int_equal(g.FindOpByName("bias_add", found), GRAPH_SUCCESS);
    AscendString type;
    found.GetOpType(type);
    assert_string_equal(type.GetString(), "BiasAdd");
    assert_int_equal(g.FindOpByName("nope", found), GRAPH_FAILED);

    gecl_detail::GeclGraphHolder h;
    gecl_detail::BuildInfo info;
    FT_OK(Build(g, h, &info));
    assert_non_null(h.graph);
    assert_int_equal(info.data_descs.size(), 1);
    FT_OK(gecl_graph_validate(h.graph));
    ExpectDims(h.graph, 2, {1, 8, 28, 28});  // conv1
    ExpectDims(h.graph, 5, {1, 8, 28, 28});  // relu
}

/* The filter's declared format (HWCN) reaches gecl, so an NHWC conv sees [3,3,Cin,Cout]. */
static void test_input_format(void **state) {
    (void)state;
    auto data = MakeData("x", 0, {1, 10, 10, 2}, FORMAT_NHWC);
    std::vector<float> w(3 * 3 * 2 * 4, 0.0f);
    auto weight = MakeConst("w", {3, 3, 2, 4}, DT_FLOAT, w.data(), w.size() * sizeof(float));
    auto conv = op::Conv2D("conv")
                    .set_input_x(data)
                    .set_input_filter(weight)
                    .set_attr_strides({1, 2, 2, 1})
                    .set_attr_pads({0, 0, 0, 0});  // data_format defaults to NHWC
    conv.update_input_desc_filter(TensorDesc(Shape({3, 3, 2, 4}), FORMAT_HWCN, DT_FLOAT));
    Graph g("hwcn");
    g.SetOutputs({conv});
    gecl_detail::GeclGraphHolder h;
    FT_OK(Build(g, h));
    FT_OK(gecl_graph_validate(h.graph));
    ExpectDims(h.graph, 2, {1, 4, 4, 4});
}

static void test_dynamic_concat(void **state) {
    (void)state;
    auto a = MakeData("a", 0, {2, 3});
    auto b = MakeData("b", 1, {2, 4});
    auto c = MakeData("c", 2, {2, 5});
    const int32_t axis = 1;
    auto dim = MakeConst("axis", {}, DT_INT32, &axis, sizeof axis);
    auto v2 = op::ConcatV2("v2")
                  .create_dynamic_input_x(3)
                  .set_dynamic_input_x(0, a)
                  .set_dynamic_input_x(1, b)
                  .set_dynamic_input_x(2, c)
                  .set_input_concat_dim(dim)
                  .set_attr_N(3);
    auto v1 = op::Concat("v1")
                  .set_input_concat_dim(dim)
                  .create_dynamic_input_x(2)
                  .set_dynamic_input_x(0, a)
                  .set_dynamic_input_x(1, c)
                  .set_attr_N(2);
    auto d = op::ConcatD("d").create_dynamic_input_x(2).set_dynamic_input_x(0, b).set_dynamic_input_x(1, b);
    d.set_attr_concat_dim(1).set_attr_N(2);
    Graph g("concat");
    g.SetInputs({a, b, c}).SetOutputs({v2, v1, d});
    gecl_detail::GeclGraphHolder h;
    FT_OK(Build(g, h));
    FT_OK(gecl_graph_validate(h.graph));
    // order: a, b, c, axis, v2, v1, d
    ExpectDims(h.graph, 4, {2, 12});
    ExpectDims(h.graph, 5, {2, 8});
    ExpectDims(h.graph, 6, {2, 8});
}

/* Outputs selected by index list and by name; a raw Operator grows inputs as they are named. */
static void test_output_selection(void **state) {
    (void)state;
    auto x = MakeData("x", 0, {4});
    auto relu = op::Relu("relu").set_input_x(x);
    Operator neg("neg", "Neg");  // no prototype: SetInput creates the input
    neg.SetInput("x", relu);
    auto sig = op::Sigmoid("sig").set_input_x_by_name(relu, "y");
    Graph g("outputs");
    g.SetOutputs(std::vector<std::pair<Operator, std::vector<size_t>>>{{relu, {0}}, {neg, {}}});
    gecl_detail::GeclGraphHolder h;
    FT_OK(Build(g, h));
    FT_OK(gecl_graph_validate(h.graph));
    g.SetOutputs(std::vector<std::pair<Operator, AscendString>>{{sig, "y"}, {relu, "y"}});
    FT_OK(Build(g, h));
    FT_OK(gecl_graph_validate(h.graph));

    g.SetOutputs(std::vector<std::pair<Operator, std::vector<size_t>>>{{relu, {1}}});
    FT_ERR(GECL_PARAM_INVALID, Build(g, h));
    FT_MSG_HAS("output 1 was asked for");
    assert_null(h.graph);
    g.SetOutputs(std::vector<std::pair<Operator, AscendString>>{{relu, "z"}});
    FT_ERR(GECL_PARAM_INVALID, Build(g, h));
    FT_MSG_HAS("no output named 'z'");
}

static void test_broken_graphs(void **state) {
    (void)state;
    auto x = MakeData("x", 0, {4});
    gecl_detail::GeclGraphHolder h;

    auto lonely = op::Relu("lonely");
    Graph missing("missing");
    missing.SetOutputs({lonely});
    FT_ERR(GECL_PARAM_INVALID, Build(missing, h));
    FT_MSG_HAS("node 'lonely' (Relu): input 'x' is not connected");

    auto a1 = op::Add("a1");
    auto a2 = op::Add("a2").set_input_x1(a1).set_input_x2(x);
    a1.set_input_x1(a2).set_input_x2(x);
    Graph cycle("cycle");
    cycle.SetOutputs({a2});
    FT_OK(Build(cycle, h));  // the C++ side cannot order it; gecl's validation reports it
    FT_ERR(GECL_PARAM_INVALID, gecl_graph_validate(h.graph));
    FT_MSG_HAS("cycle");
    a1.BreakConnect();  // releases the reference cycle between a1 and a2

    auto by_name = op::Relu("by_name").set_input_x_by_name(x, "nope");
    Graph bad_name("bad_name");
    bad_name.SetOutputs({by_name});
    FT_ERR(GECL_PARAM_INVALID, Build(bad_name, h));
    FT_MSG_HAS("no output named 'nope'");

    auto pool = op::MaxPool("pool").set_input_x(x).set_attr_ksize({1, 2, 2, 1}).set_attr_strides({1, 2, 2, 1});
    Graph no_attr("no_attr");
    no_attr.SetOutputs({pool});
    FT_ERR(GECL_PARAM_INVALID, Build(no_attr, h));
    FT_MSG_HAS("required attribute 'padding'");

    auto twin = op::Relu("x").set_input_x(x);
    Graph dup("dup");
    dup.SetOutputs({twin});
    FT_ERR(GECL_PARAM_INVALID, Build(dup, h));
    FT_MSG_HAS("two operators are named 'x'");

    auto wrong = op::Relu("wrong");
    wrong.SetInput("features", x);  // Relu's input is "x"
    FT_MSG_HAS("has no input named 'features'");
    Graph wrong_graph("wrong");
    wrong_graph.SetOutputs({wrong});
    FT_ERR(GECL_PARAM_INVALID, Build(wrong_graph, h));
    FT_MSG_HAS("has no input named 'features'");

    auto half = op::ConcatD("half").create_dynamic_input_x(2).set_dynamic_input_x(0, x).set_attr_concat_dim(0);
    Graph half_graph("half");
    half_graph.SetOutputs({half});
    FT_ERR(GECL_PARAM_INVALID, Build(half_graph, h));
    FT_MSG_HAS("input 'x1' is not connected");

    auto empty_value = op::Const("empty_value");
    auto use = op::Relu("use").set_input_x(empty_value);
    Graph no_value("no_value");
    no_value.SetOutputs({use});
    FT_ERR(GECL_PARAM_INVALID, Build(no_value, h));
    FT_MSG_HAS("has no value");
}

static void test_special_graphs(void **state) {
    (void)state;
    gecl_detail::GeclGraphHolder h;
    Graph unnamed;  // default-constructed: an empty graph (the seed program adds one)
    assert_false(unnamed.IsValid());
    FT_OK(Build(unnamed, h));
    FT_OK(gecl_graph_validate(h.graph));

    op::Data shapeless("shapeless");
    auto relu = op::Relu("r").set_input_x(shapeless);
    Graph waiting("waiting");
    waiting.SetOutputs({relu});
    gecl_detail::BuildInfo info;
    FT_OK(Build(waiting, h, &info));
    assert_true(info.missing_data_desc);
    assert_string_equal(info.missing_data.c_str(), "shapeless");
    assert_null(h.graph);

    auto x = MakeData("x", 0, {2});
    auto extra = op::Abs("extra").set_input_x(x);
    auto out = op::Neg("out").set_input_x(x);
    Graph g("added");
    g.SetOutputs({out});
    assert_int_equal(g.AddOp(extra), GRAPH_SUCCESS);
    std::vector<AscendString> names;
    g.GetAllOpName(names);
    assert_int_equal(names.size(), 3);
    Graph copy;
    assert_int_equal(copy.CopyFrom(g), GRAPH_SUCCESS);
    AscendString name;
    copy.GetName(name);
    assert_string_equal(name.GetString(), "added");
    FT_OK(Build(copy, h));
    FT_OK(gecl_graph_validate(h.graph));
}

int main(void) {
    ft_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conv_bias_relu),   cmocka_unit_test(test_input_format),
        cmocka_unit_test(test_dynamic_concat),   cmocka_unit_test(test_output_selection),
        cmocka_unit_test(test_broken_graphs),    cmocka_unit_test(test_special_graphs),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
