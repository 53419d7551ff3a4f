/* test_facade_data_index.cpp: how GeSession matches run inputs to Data operators, by CANN's
 * rule (GE's GraphManager::ModifyDataIndex at AddGraph; docs/graph.md "Graph inputs"):
 *
 *  - "index" attributes that are exactly 0..n-1, each once, decide, whatever the order of
 *    Graph::SetInputs.
 *  - Otherwise (Data operators left at the prototype's default index 0, a shared index, a gap)
 *    the Data operators are numbered in CANN's node order: those given to SetInputs first, in
 *    that order; then the others.
 *
 * Graph: y = a - 2 * b. Inputs x0 = {10, 20, 30, 40}, x1 = {1, 2, 3, 4}; the result shows which
 * input reached "a". */
#include "facade_test_util.h"

#include <vector>

#include "acl/acl.h"
#include "all_ops.h"

using namespace ge;

namespace {
const float kIn[2][4] = {{10, 20, 30, 40}, {1, 2, 3, 4}};

op::Data MakeData(const char *name) {
    op::Data d(name);
    d.update_output_desc_y(TensorDesc(Shape({4}), FORMAT_ND, DT_FLOAT));
    return d;
}

/* a - 2 * b with the Data operators' indexes as given (a negative value: left unset). */
Graph Build(int64_t ia, int64_t ib, bool list_b_first, bool list_both = true) {
    op::Data a = MakeData("a");
    op::Data b = MakeData("b");
    if (ia >= 0) a.set_attr_index(ia);
    if (ib >= 0) b.set_attr_index(ib);
    Tensor two_t(TensorDesc(Shape(std::vector<int64_t>{}), FORMAT_ND, DT_FLOAT));
    const float two_v = 2.0f;
    two_t.SetData(reinterpret_cast<const uint8_t *>(&two_v), sizeof two_v);
    auto two = op::Const("two").set_attr_value(two_t);
    auto mul = op::Mul("mul").set_input_x1(b).set_input_x2(two);
    auto sub = op::Sub("sub").set_input_x1(a).set_input_x2(mul);
    Graph g("data_index");
    std::vector<Operator> listed;
    if (list_both) {
        listed = list_b_first ? std::vector<Operator>{b, a} : std::vector<Operator>{a, b};
    } else {
        listed = {list_b_first ? Operator(b) : Operator(a)};
    }
    g.SetInputs(listed).SetOutputs({sub});
    return g;
}

gert::Tensor Input(const float *data) {
    return gert::Tensor(gert::StorageShape({4}, {4}), gert::StorageFormat(FORMAT_ND, FORMAT_ND, {}), gert::kOnHost,
                        DT_FLOAT, const_cast<float *>(data), nullptr);
}

void ExpectAIsInput(const Graph &g, int a_input) {
    GeSession session({});
    FT_OK(session.AddGraph(1, g));
    std::vector<gert::Tensor> inputs;
    inputs.push_back(Input(kIn[0]));
    inputs.push_back(Input(kIn[1]));
    std::vector<gert::Tensor> outputs;
    FT_OK(session.RunGraph(1, inputs, outputs));
    assert_int_equal(outputs.size(), 1);
    const float *y = outputs[0].GetData<float>();
    for (int i = 0; i < 4; ++i) assert_true(y[i] == kIn[a_input][i] - 2.0f * kIn[1 - a_input][i]);
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

/* Valid indexes decide; SetInputs' order does not. */
static void test_valid_indexes_decide(void **state) {
    (void)state;
    ExpectAIsInput(Build(0, 1, false), 0);
    ExpectAIsInput(Build(0, 1, true), 0);
    ExpectAIsInput(Build(1, 0, false), 1);
}

/* No index set: every Data has the prototype's default 0, so SetInputs' order decides. */
static void test_unset_indexes_follow_set_inputs(void **state) {
    (void)state;
    ExpectAIsInput(Build(-1, -1, false), 0);
    ExpectAIsInput(Build(-1, -1, true), 1);
}

/* Shared or out-of-range indexes: SetInputs' order decides. */
static void test_invalid_indexes_follow_set_inputs(void **state) {
    (void)state;
    ExpectAIsInput(Build(3, 3, true), 1);
    ExpectAIsInput(Build(1, 2, false), 0);
    ExpectAIsInput(Build(5, 0, true), 1);
}

/* A Data operator not given to SetInputs comes after the listed ones. */
static void test_unlisted_data_comes_last(void **state) {
    (void)state;
    ExpectAIsInput(Build(-1, -1, true, false), 1);  /* only b listed: b is 0, a is 1 */
    ExpectAIsInput(Build(-1, -1, false, false), 0); /* only a listed */
}

int main(void) {
    ft_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_indexes_decide),
        cmocka_unit_test(test_unset_indexes_follow_set_inputs),
        cmocka_unit_test(test_invalid_indexes_follow_set_inputs),
        cmocka_unit_test(test_unlisted_data_comes_last),
    };
    return cmocka_run_group_tests(tests, GroupSetup, GroupTeardown);
}
