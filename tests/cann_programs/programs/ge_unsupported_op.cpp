// A graph with an operator the runtime cannot execute (AscendQuant, declared by quantize_ops.h as
// in CANN's IR-build sample). CANN's GE accepts such a graph at AddGraph and reports the problem
// when it compiles it: CompileGraph must fail with a status and a message naming the node and its
// type, LoadGraph and the compiled summary must fail too, and the session must stay usable: a
// runnable graph added next compiles and runs.
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "all_ops.h"
#include "ge/ge_api_v2.h"
#include "quantize_ops.h"

using namespace ge;

#define FAIL(...)                                                                                                     \
    do {                                                                                                              \
        std::fprintf(stderr, "[ERROR] " __VA_ARGS__);                                                                 \
        std::fprintf(stderr, "\n");                                                                                   \
        return 1;                                                                                                     \
    } while (0)

int main()
{
    std::map<AscendString, AscendString> config = {{"ge.exec.deviceId", "0"}};
    if (GEInitializeV2(config) != SUCCESS) FAIL("GEInitializeV2: %s", GEGetErrorMsgV3().GetString());
    int rc = 0;
    {
        std::map<AscendString, AscendString> options;
        GeSession session(options);
        TensorDesc desc(Shape({2, 8}), FORMAT_ND, DT_FLOAT);
        auto x = op::Data("x").set_attr_index(0);
        x.update_input_desc_x(desc);
        x.update_output_desc_y(desc);
        auto quant = op::AscendQuant("quant").set_input_x(x).set_attr_scale(2.0f).set_attr_offset(0.0f);
        Graph graph("quant_graph");
        graph.SetInputs({x}).SetOutputs({quant});

        Status st = session.AddGraph(1, graph);
        if (st != SUCCESS) FAIL("AddGraph of a graph with AscendQuant returned %u: %s", (unsigned)st,
                                GEGetErrorMsgV3().GetString());
        st = session.CompileGraph(1);
        const std::string msg = GEGetErrorMsgV3().GetString();
        std::printf("[INFO]  CompileGraph: status %u, \"%s\"\n", (unsigned)st, msg.c_str());
        if (st == SUCCESS) FAIL("CompileGraph of a graph with AscendQuant succeeded");
        if (msg.find("quant") == std::string::npos || msg.find("AscendQuant") == std::string::npos)
            FAIL("the CompileGraph message does not name the node 'quant' and its type AscendQuant");
        st = session.LoadGraph(1, {}, nullptr);
        if (st == SUCCESS) FAIL("LoadGraph of the graph that cannot compile succeeded");
        if (session.GetCompiledGraphSummary(1) != nullptr) FAIL("a summary for a graph that cannot compile");

        // The session still works.
        auto y = op::Data("y").set_attr_index(0);
        y.update_input_desc_x(desc);
        y.update_output_desc_y(desc);
        auto neg = op::Neg("neg").set_input_x(y);
        Graph good("neg_graph");
        good.SetInputs({y}).SetOutputs({neg});
        if (session.AddGraph(2, good) != SUCCESS || session.CompileGraph(2) != SUCCESS)
            FAIL("a runnable graph after the failed one: %s", GEGetErrorMsgV3().GetString());
        std::vector<float> in(16), out(16, 0.0f);
        for (int i = 0; i < 16; i++) in[i] = (float)i - 7.5f;
        std::vector<gert::Tensor> inputs, outputs;
        inputs.emplace_back(gert::StorageShape({2, 8}, {2, 8}), gert::StorageFormat(FORMAT_ND, FORMAT_ND, {}),
                            gert::kOnHost, DT_FLOAT, in.data(), nullptr);
        outputs.emplace_back(gert::StorageShape({2, 8}, {2, 8}), gert::StorageFormat(FORMAT_ND, FORMAT_ND, {}),
                             gert::kOnHost, DT_FLOAT, out.data(), nullptr);
        st = session.RunGraph(2, inputs, outputs);
        if (st != SUCCESS) FAIL("RunGraph of the runnable graph returned %u: %s", (unsigned)st,
                                GEGetErrorMsgV3().GetString());
        for (int i = 0; i < 16; i++)
            if (out[i] != -in[i]) { // negation is exact
                std::fprintf(stderr, "[ERROR] neg: y[%d] = %g, expected %g\n", i, out[i], -in[i]);
                rc = 1;
            }
    }
    if (GEFinalizeV2() != SUCCESS) FAIL("GEFinalizeV2: %s", GEGetErrorMsgV3().GetString());
    if (rc == 0) std::printf("[INFO]  run success\n");
    return rc;
}
