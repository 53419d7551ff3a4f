// How a graph's inputs are numbered, as CANN's GE numbers them: a run's input i feeds the Data
// operator whose index is i when the indexes are exactly 0..n-1 (in any order); otherwise (an
// index shared by two Data operators, none set, or a gap) GE renumbers the Data operators
// 0..n-1 in graph order, which for a ge::Graph starts with the operators given to SetInputs.
// Each case builds out = (a - b) * c, whose inputs cannot be swapped unnoticed, runs it with
// three distinct host tensors and checks which tensor fed which Data operator.
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "all_ops.h"
#include "ge_api.h"

using namespace ge;

static const int64_t kN = 8;

struct Case {
    const char *name;
    int64_t ia, ib, ic;  // the index attributes of a, b, c; -1: not set
    int fa, fb, fc;      // which run input (0..2) must feed a, b, c
};

static op::Data MakeData(const char *name, int64_t index, const TensorDesc &desc)
{
    op::Data d(name);
    if (index >= 0) d.set_attr_index(index);
    d.update_input_desc_x(desc);
    d.update_output_desc_y(desc);
    return d;
}

static int RunCase(Session &session, uint32_t graphId, const Case &c)
{
    TensorDesc desc(Shape({kN}), FORMAT_ND, DT_FLOAT);
    // Made in the order c, b, a so that creation order is not the order SetInputs gives.
    op::Data dc = MakeData("c", c.ic, desc), db = MakeData("b", c.ib, desc), da = MakeData("a", c.ia, desc);
    auto sub = op::Sub("sub").set_input_x1(da).set_input_x2(db);
    auto mul = op::Mul("mul").set_input_x1(sub).set_input_x2(dc);
    Graph graph(c.name);
    graph.SetInputs({da, db, dc}).SetOutputs({mul});
    Status st = session.AddGraph(graphId, graph);
    if (st != SUCCESS) {
        std::fprintf(stderr, "[ERROR] %s: AddGraph returned %u: %s\n", c.name, (unsigned)st, GEGetErrorMsgV3().GetString());
        return 1;
    }
    std::vector<float> in[3];
    for (int k = 0; k < 3; k++)
        for (int64_t i = 0; i < kN; i++) in[k].push_back((float)((k + 1) * 10 + i)); // 10.., 20.., 30..
    std::vector<Tensor> inputs;
    for (int k = 0; k < 3; k++)
        inputs.emplace_back(desc, reinterpret_cast<const uint8_t *>(in[k].data()), kN * sizeof(float));
    std::vector<Tensor> outputs;
    st = session.RunGraph(graphId, inputs, outputs);
    if (st != SUCCESS || outputs.size() != 1 || outputs[0].GetSize() != kN * sizeof(float)) {
        std::fprintf(stderr, "[ERROR] %s: RunGraph returned %u with %zu outputs: %s\n", c.name, (unsigned)st,
                     outputs.size(), GEGetErrorMsgV3().GetString());
        return 1;
    }
    const float *y = reinterpret_cast<const float *>(outputs[0].GetData());
    int wrong = 0;
    for (int64_t i = 0; i < kN; i++) {
        // Small integers: every step is exact in float, so the comparison is exact.
        const float want = (in[c.fa][i] - in[c.fb][i]) * in[c.fc][i];
        if (y[i] != want) {
            if (wrong == 0)
                std::fprintf(stderr, "[ERROR] %s: y[%lld] = %g, expected %g (a=input %d, b=input %d, c=input %d)\n",
                             c.name, (long long)i, y[i], want, c.fa, c.fb, c.fc);
            wrong++;
        }
    }
    std::printf("[INFO]  %-34s indexes (%lld,%lld,%lld): a, b, c fed by inputs %d, %d, %d: %s\n", c.name,
                (long long)c.ia, (long long)c.ib, (long long)c.ic, c.fa, c.fb, c.fc, wrong ? "WRONG" : "ok");
    return wrong ? 1 : 0;
}

int main()
{
    std::map<AscendString, AscendString> config = {{"ge.exec.deviceId", "0"}, {"ge.graphRunMode", "0"}};
    if (GEInitialize(config) != SUCCESS) {
        std::fprintf(stderr, "[ERROR] GEInitialize: %s\n", GEGetErrorMsgV3().GetString());
        return 1;
    }
    const Case cases[] = {
        {"no_index_set", -1, -1, -1, 0, 1, 2},            // all share the default 0: SetInputs order
        {"indexes_0_to_n_permuted", 2, 0, 1, 2, 0, 1},    // a valid numbering is kept
        {"indexes_shared", 1, 1, 0, 0, 1, 2},             // 1 used twice: renumbered
        {"indexes_with_gap", 0, 5, 1, 0, 1, 2},           // 5 is past n-1: renumbered
        {"indexes_in_order", 0, 1, 2, 0, 1, 2},
    };
    int failed = 0;
    {
        std::map<AscendString, AscendString> options;
        Session session(options);
        uint32_t id = 1;
        for (const Case &c : cases) failed += RunCase(session, id++, c);
    }
    if (GEFinalize() != SUCCESS) failed++;
    if (failed != 0) {
        std::fprintf(stderr, "[ERROR] %d case(s) failed\n", failed);
        return 1;
    }
    std::printf("[INFO]  run success\n");
    return 0;
}
