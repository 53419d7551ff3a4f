/* test_facade_model.cpp: GeSession::GetCompiledModel and CANN's offline-model calls with gecl's
 * model (its serialized graph):
 *   - the model of a compiled graph, loaded with Graph::LoadFromMem in another session after the
 *     first is gone, runs and gives the same results; its kernels come from the program cache
 *     (no program is compiled from source);
 *   - aclgrphBuildModel + aclgrphSaveModel write "<name>.om"; Graph::LoadFromFile reads it back;
 *   - a truncated or foreign buffer is refused with a message, an unknown graph has no model.
 * Needs an OpenCL device (PoCL in CI). */
#include "facade_test_util.h"

#include <cstdio>
#include <unistd.h>
#include <vector>

#include "acl/acl.h"
#include "all_ops.h"
#include "gecl/gecl_rt.h"

using namespace ge;

namespace {
const float kX[6] = {1, -2, 3, -4, 5, -6};
const float kC[6] = {0.25f, 0.5f, 0.75f, 1.25f, 1.5f, 1.75f};

/* A Const, attributes (SplitD's split_dim / num_split), a dynamic output count and two graph
 * outputs: what the model has to carry. out0 = relu(x + c) rows 0, out1 = (x + c) row 1 squared. */
Graph ModelGraph() {
    op::Data x("x");
    x.set_attr_index(0);
    x.update_output_desc_y(TensorDesc(Shape({2, 3}), FORMAT_ND, DT_FLOAT));
    TensorDesc cd(Shape({2, 3}), FORMAT_ND, DT_FLOAT);
    auto c = op::Const("c").set_attr_value(Tensor(cd, reinterpret_cast<const uint8_t *>(kC), sizeof kC));
    auto t = op::Add("t").set_input_x1(x).set_input_x2(c);
    auto split = op::SplitD("split").set_input_x(t).set_attr_split_dim(0).set_attr_num_split(2);
    split.create_dynamic_output_y(2);
    auto relu = op::Relu("relu").set_input_x(split, 0);
    auto sq = op::Square("sq").set_input_x(split, 1);
    Graph g("model_graph");
    g.SetInputs({x}).SetOutputs({relu, sq});
    return g;
}

void RunAndCheck(GeSession &s, uint32_t id) {
    std::vector<gert::Tensor> in, out;
    in.emplace_back(gert::StorageShape({2, 3}, {2, 3}), gert::StorageFormat(FORMAT_ND, FORMAT_ND, {}), gert::kOnHost,
                    DT_FLOAT, const_cast<float *>(kX), nullptr);
    FT_OK(s.RunGraph(id, in, out));
    assert_int_equal(out.size(), 2);
    const float *r = out[0].GetData<float>(), *q = out[1].GetData<float>();
    for (int i = 0; i < 3; ++i) {
        const float t0 = kX[i] + kC[i], t1 = kX[3 + i] + kC[3 + i];
        assert_true(r[i] == (t0 > 0 ? t0 : 0.0f));
        assert_true(q[i] == t1 * t1);
    }
}

gecl_program_cache_stats Stats() {
    gecl_program_cache_stats st;
    std::memset(&st, 0, sizeof st);
    assert_int_equal(gecl_rt_program_cache_stats(&st), ACL_SUCCESS);
    return st;
}

int GroupSetup(void **state) {
    (void)state;
    if (aclInit(nullptr) != ACL_SUCCESS || aclrtSetDevice(0) != ACL_SUCCESS) return -1;
    return GEInitializeV2({{"ge.exec.deviceId", "0"}}) == SUCCESS ? 0 : -1;
}

int GroupTeardown(void **state) {
    (void)state;
    const int fin = GEFinalizeV2() != SUCCESS;
    aclrtResetDevice(0);
    aclFinalize();
    return fin ? -1 : 0;
}
}  // namespace

static void test_compiled_model_round_trip(void **state) {
    (void)state;
    ModelBufferData model;
    {
        GeSession a({});
        FT_OK(a.AddGraph(1, ModelGraph()));
        RunAndCheck(a, 1);  // builds the kernels
        FT_OK(a.GetCompiledModel(1, model));
        FT_ERR(PARAM_INVALID, a.GetCompiledModel(9, model));
        FT_MSG_HAS("graph 9 was not added");
    }
    assert_non_null(model.data.get());
    assert_true(model.length > sizeof kC);

    const gecl_program_cache_stats before = Stats();
    Graph loaded;
    FT_OK(loaded.LoadFromMem(model.data.get(), model.length));
    GeSession b({});
    FT_OK(b.AddGraph(7, loaded));
    RunAndCheck(b, 7);
    assert_int_equal(Stats().source_builds, before.source_builds);  // kernels from the cache
    CompiledGraphSummaryPtr sum = b.GetCompiledGraphSummary(7);
    std::vector<Shape> shapes;
    FT_OK(sum->GetOutputShapes(shapes));
    assert_int_equal(shapes.size(), 2);
    assert_int_equal(shapes[1].GetDim(0), 1);
    assert_int_equal(shapes[1].GetDim(1), 3);

    Graph again;  // LoadFromSerializedModelArray reads the same bytes
    FT_OK(again.LoadFromSerializedModelArray(model.data.get(), static_cast<size_t>(model.length)));
    FT_OK(b.AddGraph(8, again));
    RunAndCheck(b, 8);
}

static void test_build_save_load_file(void **state) {
    (void)state;
    std::map<AscendString, AscendString> opts;
    FT_OK(aclgrphBuildInitialize(opts));
    ModelBufferData model;
    FT_OK(aclgrphBuildModel(ModelGraph(), opts, model));
    char name[] = "/tmp/gecl_model_XXXXXX";
    const int fd = mkstemp(name);
    assert_true(fd >= 0);
    close(fd);
    FT_OK(aclgrphSaveModel(name, model));
    aclgrphBuildFinalize();
    const std::string om = std::string(name) + ".om";
    Graph g;
    FT_OK(g.LoadFromFile(om.c_str()));
    GeSession s({});
    FT_OK(s.AddGraph(2, g));
    RunAndCheck(s, 2);
    std::remove(om.c_str());
    std::remove(name);
    FT_ERR(GRAPH_FAILED, g.LoadFromFile(om.c_str()));  // gone
    FT_MSG_HAS("cannot read");
}

static void test_bad_models(void **state) {
    (void)state;
    ModelBufferData model;
    FT_OK(aclgrphBuildModel(ModelGraph(), {}, model));
    Graph g;
    for (size_t len = 0; len < model.length; len += 7) {  // every truncation is refused
        FT_ERR(GRAPH_FAILED, g.LoadFromMem(model.data.get(), len));
    }
    FT_MSG_HAS("Graph::LoadFromMem");
    const uint8_t foreign[16] = {'P', 'K', 3, 4};
    FT_ERR(GRAPH_FAILED, g.LoadFromMem(foreign, sizeof foreign));
    FT_MSG_HAS("not a gecl model");
    FT_ERR(GRAPH_FAILED, g.LoadFromMem(nullptr, 0));

    // A graph that cannot compile has no model.
    GeSession s({});
    op::Data x("x");
    x.set_attr_index(0);
    x.update_output_desc_y(TensorDesc(Shape({2}), FORMAT_ND, DT_FLOAT));
    auto bn = op::AscendQuant("quant").set_input_x(x).set_attr_scale(1.0f).set_attr_offset(0.0f);
    Graph bad("bad");
    bad.SetInputs({x}).SetOutputs({bn});
    FT_OK(s.AddGraph(3, bad));
    FT_ERR(PARAM_INVALID, s.GetCompiledModel(3, model));
    FT_MSG_HAS("not supported");
}

int main(void) {
    ft_apply_filter();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compiled_model_round_trip),
        cmocka_unit_test(test_build_save_load_file),
        cmocka_unit_test(test_bad_models),
    };
    return cmocka_run_group_tests(tests, GroupSetup, GroupTeardown);
}
