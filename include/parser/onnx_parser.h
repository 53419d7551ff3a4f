/*
 * onnx_parser.h: CANN's ONNX parser API (GE inc/parser/external/parser/onnx_parser.h):
 * aclgrphParseONNX reads an ONNX model file, aclgrphParseONNXFromMem a model in memory, and
 * either fills `graph`, which then goes through GeSession (AddGraph -> CompileGraph -> ...)
 * unchanged. gecl imports through its C API (gecl_onnx_parse_file / _mem, src/onnx); the graph
 * holds the imported graph as it is (its operators are not listed as ge::Operator objects).
 * parser_params: "input_shape" ("data:1,3,224,224;other:8") fixes symbolic dims; "input_format"
 * and "output" are accepted without effect; other keys are refused with GRAPH_FAILED.
 */
#ifndef GECL_PARSER_ONNX_PARSER_H_
#define GECL_PARSER_ONNX_PARSER_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gecl/gecl.h"
#include "graph/ascend_string.h"
#include "graph/error_codes.h"
#include "graph/graph.h"

#ifndef PARSER_FUNC_VISIBILITY
#define PARSER_FUNC_VISIBILITY
#endif

namespace ge {
namespace gecl_detail {
/* Keys and values of parser_params as C strings (valid while `params` lives). */
inline void ParserParams(const std::map<AscendString, AscendString> &params, std::vector<const char *> &keys,
                         std::vector<const char *> &values) {
    for (const auto &kv : params) {
        keys.push_back(kv.first.GetString());
        values.push_back(kv.second.GetString());
    }
}

/* `graph` becomes a graph named after the imported one, holding it. */
inline graphStatus AdoptImported(gecl_status st, gecl_graph *imported, Graph &graph) {
    if (st != GECL_SUCCESS) return FromGecl(st);
    graph = Graph("onnx");
    GraphAccess::Impl(graph)->imported = std::shared_ptr<::gecl_graph>(imported, gecl_graph_destroy);
    return GRAPH_SUCCESS;
}
}  // namespace gecl_detail

PARSER_FUNC_VISIBILITY inline graphStatus aclgrphParseONNX(const char *model_file,
                                                           const std::map<AscendString, AscendString> &parser_params,
                                                           Graph &graph) {
    std::vector<const char *> keys, values;
    gecl_detail::ParserParams(parser_params, keys, values);
    gecl_graph *g = nullptr;
    const gecl_status st = gecl_onnx_parse_file(model_file, keys.size(), keys.data(), values.data(), &g);
    return gecl_detail::AdoptImported(st, g, graph);
}

PARSER_FUNC_VISIBILITY inline graphStatus aclgrphParseONNXFromMem(
    const char *buffer, size_t size, const std::map<AscendString, AscendString> &parser_params, Graph &graph) {
    std::vector<const char *> keys, values;
    gecl_detail::ParserParams(parser_params, keys, values);
    gecl_graph *g = nullptr;
    const gecl_status st = gecl_onnx_parse_mem(buffer, size, keys.size(), keys.data(), values.data(), &g);
    return gecl_detail::AdoptImported(st, g, graph);
}
}  // namespace ge

#endif
