/* test_onnx_parser.cpp: CANN's parser API (parser/onnx_parser.h) over gecl's importer: a model
 * parsed with aclgrphParseONNX / FromMem runs through GeSession and gives the ONNX test case's
 * expected output; malformed input (missing, truncated, corrupted files, unknown ops, bad
 * parser_params, missing external data, cycles, out_nodes naming no node) fails with a message saying what and where. The
 * models are ONNX's own backend cases (GECL_ONNX_CASES, libonnx-testdata) plus a few built here
 * by tests/onnx/make_bad_models.py (GECL_BAD_MODELS). */
#include <fstream>
#include <iterator>
#include <vector>

#include "../facade/facade_test_util.h"

#include "acl/acl.h"
#include "onnx_parser.h"

using namespace ge;

static std::string CasePath(const char *name, const char *file) {
    return std::string(GECL_ONNX_CASES) + "/" + name + "/" + file;
}
static std::string BadPath(const char *file) { return std::string(GECL_BAD_MODELS) + "/" + file; }

static std::vector<char> ReadAll(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<char>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct HostTensor {
    gecl_tensor_desc desc;
    void *data = nullptr;
    size_t bytes = 0;
    ~HostTensor() { std::free(data); }
};

static void ReadTensor(const std::string &path, HostTensor &t) {
    assert_int_equal(gecl_onnx_read_tensor(path.c_str(), &t.desc, &t.data, &t.bytes, nullptr, 0), GECL_SUCCESS);
}

/* test_relu: parse, AddGraph, RunGraph with the case's input, compare with its output. */
static void RunRelu(Graph &graph) {
    HostTensor x, y;
    ReadTensor(CasePath("test_relu", "test_data_set_0/input_0.pb"), x);
    ReadTensor(CasePath("test_relu", "test_data_set_0/output_0.pb"), y);
    GeSession session({});
    FT_OK(session.AddGraph(1, graph));
    /* test_relu's x is float [3, 4, 5] */
    assert_int_equal(x.desc.ndim, 3);
    assert_true(x.desc.dims[0] == 3 && x.desc.dims[1] == 4 && x.desc.dims[2] == 5);
    std::vector<gert::Tensor> in, out;
    in.emplace_back(gert::StorageShape({3, 4, 5}, {3, 4, 5}), gert::StorageFormat(FORMAT_ND, FORMAT_ND, {}), gert::kOnHost,
                    DT_FLOAT, x.data, nullptr);
    FT_OK(session.RunGraph(1, in, out));
    assert_int_equal(out.size(), 1);
    assert_int_equal(out[0].GetSize(), y.bytes);
    assert_memory_equal(out[0].GetData<float>(), y.data, y.bytes);
    FT_OK(session.RemoveGraph(1));
}

static void test_parse_file_and_run(void **state) {
    (void)state;
    Graph graph;
    FT_OK(aclgrphParseONNX(CasePath("test_relu", "model.onnx").c_str(), {}, graph));
    RunRelu(graph);
}

static void test_parse_mem_and_run(void **state) {
    (void)state;
    const std::vector<char> bytes = ReadAll(CasePath("test_relu", "model.onnx"));
    Graph graph;
    FT_OK(aclgrphParseONNXFromMem(bytes.data(), bytes.size(), {{"input_format", "ND"}}, graph));
    RunRelu(graph);
}

static void test_malformed_files(void **state) {
    (void)state;
    Graph graph;
    FT_ERR(GECL_PARAM_INVALID, aclgrphParseONNX("/nonexistent/model.onnx", {}, graph));
    FT_MSG_HAS("/nonexistent/model.onnx");
    std::vector<char> bytes = ReadAll(CasePath("test_conv_with_strides_padding", "model.onnx"));
    assert_true(bytes.size() > 16);
    FT_ERR(GECL_PARAM_INVALID, aclgrphParseONNXFromMem(bytes.data(), bytes.size() / 2, {}, graph));
    FT_MSG_HAS("truncated or corrupted");
    for (size_t i = 0; i < bytes.size(); i += 7) bytes[i] = static_cast<char>(0xff);
    FT_ERR(GECL_PARAM_INVALID, aclgrphParseONNXFromMem(bytes.data(), bytes.size(), {}, graph));
    FT_ERR(GECL_PARAM_INVALID, aclgrphParseONNXFromMem(nullptr, 10, {}, graph));
    FT_ERR(GECL_PARAM_INVALID, aclgrphParseONNX(CasePath("test_relu", "model.onnx").c_str(),
                                                {{"no_such_param", "1"}}, graph));
    FT_MSG_HAS("no_such_param");
}

static void test_bad_models(void **state) {
    (void)state;
    Graph graph;
    FT_ERR(GECL_PARAM_INVALID, aclgrphParseONNX(BadPath("unknown_ops.onnx").c_str(), {}, graph));
    FT_MSG_HAS("FrobnicateA");  // every unsupported op is named, not just the first
    FT_MSG_HAS("FrobnicateB");
    FT_ERR(GECL_PARAM_INVALID, aclgrphParseONNX(BadPath("cycle.onnx").c_str(), {}, graph));
    FT_MSG_HAS("topological order");
    FT_ERR(GECL_PARAM_INVALID, aclgrphParseONNX(BadPath("missing_external.onnx").c_str(), {}, graph));
    FT_MSG_HAS("weights.bin");
    FT_ERR(GECL_PARAM_INVALID, aclgrphParseONNX(BadPath("external_escape.onnx").c_str(), {}, graph));
    FT_MSG_HAS("inside the model's folder");
    /* external data present: parses, and the weights come from the file */
    FT_OK(aclgrphParseONNX(BadPath("external_ok.onnx").c_str(), {}, graph));
}

/* x = [-3 .. 2] through two_steps.onnx (t = -x, y = relu(t)) with these out_nodes: the outputs'
 * values, in order. */
static void RunTwoSteps(const char *out_nodes, const std::vector<std::vector<float>> &want) {
    Graph graph;
    FT_OK(aclgrphParseONNX(BadPath("two_steps.onnx").c_str(), {{"out_nodes", out_nodes}}, graph));
    GeSession session({});
    FT_OK(session.AddGraph(1, graph));
    float x[6] = {-3, -2, -1, 0, 1, 2};
    std::vector<gert::Tensor> in, out;
    in.emplace_back(gert::StorageShape({2, 3}, {2, 3}), gert::StorageFormat(FORMAT_ND, FORMAT_ND, {}), gert::kOnHost,
                    DT_FLOAT, x, nullptr);
    FT_OK(session.RunGraph(1, in, out));
    assert_int_equal(out.size(), want.size());
    for (size_t o = 0; o < want.size(); o++) {
        assert_int_equal(out[o].GetSize(), 6 * sizeof(float));
        for (size_t i = 0; i < 6; i++) assert_true(out[o].GetData<float>()[i] == want[o][i]);
    }
}

static void test_out_nodes(void **state) {
    (void)state;
    const std::vector<float> neg = {3, 2, 1, 0, -1, -2}, relu = {3, 2, 1, 0, 0, 0};
    RunTwoSteps("neg:0", {neg});
    RunTwoSteps("relu:0;neg:0", {relu, neg});
    Graph graph;
    FT_ERR(GECL_PARAM_INVALID, aclgrphParseONNX(BadPath("two_steps.onnx").c_str(), {{"out_nodes", "nosuch:0"}}, graph));
    FT_MSG_HAS("no node named 'nosuch'");
    FT_ERR(GECL_PARAM_INVALID, aclgrphParseONNX(BadPath("two_steps.onnx").c_str(), {{"out_nodes", "neg:1"}}, graph));
    FT_MSG_HAS("has no output 1");
    FT_ERR(GECL_PARAM_INVALID, aclgrphParseONNX(BadPath("two_steps.onnx").c_str(), {{"out_nodes", "neg"}}, graph));
    FT_MSG_HAS("node_name:output_index");
    FT_ERR(GECL_PARAM_INVALID, aclgrphParseONNX(BadPath("two_steps.onnx").c_str(), {{"out_nodes", "neg:0;"}}, graph));
}

int main(void) {
    ft_apply_filter();
    if (aclInit(nullptr) != ACL_SUCCESS || GEInitializeV2({{"ge.exec.deviceId", "0"}}) != SUCCESS) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_file_and_run),
        cmocka_unit_test(test_parse_mem_and_run),
        cmocka_unit_test(test_malformed_files),
        cmocka_unit_test(test_bad_models),
        cmocka_unit_test(test_out_nodes),
    };
    const int failed = cmocka_run_group_tests(tests, NULL, NULL);
    GEFinalizeV2();
    aclFinalize();
    return failed;
}
