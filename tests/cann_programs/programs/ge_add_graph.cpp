// The graph-mode sample's shape: build a graph from operator prototypes (two Data inputs, Add,
// Relu), GEInitialize, a Session, AddGraph, RunGraph with host tensors, check the result against
// the host's arithmetic, GEFinalize.
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "all_ops.h"
#include "ge_api.h"

using namespace ge;

#define CHECK_GE(expr)                                                                  \
    do {                                                                                \
        Status st_ = (expr);                                                            \
        if (st_ != SUCCESS) {                                                           \
            std::fprintf(stderr, "[ERROR] %s failed: %u\n", #expr, (unsigned)st_);      \
            return 1;                                                                   \
        }                                                                               \
    } while (0)

int main()
{
    std::map<AscendString, AscendString> config = {{"ge.exec.deviceId", "0"}, {"ge.graphRunMode", "0"}};
    CHECK_GE(GEInitialize(config));

    const std::vector<int64_t> dims = {2, 3, 4};
    TensorDesc desc(Shape(dims), FORMAT_ND, DT_FLOAT);
    auto x1 = op::Data("x1").set_attr_index(0);
    x1.update_input_desc_x(desc);
    x1.update_output_desc_y(desc);
    auto x2 = op::Data("x2").set_attr_index(1);
    x2.update_input_desc_x(desc);
    x2.update_output_desc_y(desc);
    auto add = op::Add("add").set_input_x1(x1).set_input_x2(x2);
    auto relu = op::Relu("relu").set_input_x(add);
    Graph graph("add_relu_graph");
    graph.SetInputs({x1, x2}).SetOutputs({relu});

    std::map<AscendString, AscendString> options;
    Session session(options);
    const uint32_t graphId = 1;
    CHECK_GE(session.AddGraph(graphId, graph));

    const size_t n = 2 * 3 * 4;
    std::vector<float> a(n), b(n);
    for (size_t i = 0; i < n; i++) {
        a[i] = 0.25f * (float)i - 2.0f;
        b[i] = 1.0f - 0.125f * (float)(i % 7);
    }
    std::vector<Tensor> inputs = {
        Tensor(desc, reinterpret_cast<const uint8_t *>(a.data()), n * sizeof(float)),
        Tensor(desc, reinterpret_cast<const uint8_t *>(b.data()), n * sizeof(float))};
    std::vector<Tensor> outputs;
    CHECK_GE(session.RunGraph(graphId, inputs, outputs));

    if (outputs.size() != 1 || outputs[0].GetSize() != n * sizeof(float)) {
        std::fprintf(stderr, "[ERROR] expected one output of %zu bytes, got %zu outputs\n", n * sizeof(float),
                     outputs.size());
        return 1;
    }
    const float *y = reinterpret_cast<const float *>(outputs[0].GetData());
    size_t wrong = 0;
    for (size_t i = 0; i < n; i++) {
        const float sum = a[i] + b[i];
        const float want = sum > 0.0f ? sum : 0.0f;
        if (std::memcmp(&y[i], &want, sizeof want) != 0) wrong++;
    }
    std::vector<int64_t> got = outputs[0].GetTensorDesc().GetShape().GetDims();
    std::printf("[INFO]  relu(x1 + x2): output shape [%lld,%lld,%lld], %zu of %zu elements wrong\n",
                (long long)got.at(0), (long long)got.at(1), (long long)got.at(2), wrong, n);
    if (wrong != 0 || got != dims) return 1;

    CHECK_GE(session.RemoveGraph(graphId));
    CHECK_GE(GEFinalize());
    std::printf("[INFO]  run success\n");
    return 0;
}
