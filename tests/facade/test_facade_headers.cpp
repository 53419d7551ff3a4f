/* test_facade_headers.cpp: every facade header under the include spellings CANN programs use,
 * compiled as C++11, C++14 and C++17 with the project's warnings (see CMakeLists.txt), plus a
 * user-defined prototype written the way CANN's samples write them. */
#include "ge_api_v2.h"
#include "ge/ge_api_v2.h"
#include "ge_api.h"
#include "ge/ge_api.h"
#include "ge_api_error_codes.h"
#include "ge_api_types.h"
#include "ge_error_codes.h"
#include "ge_graph_compile_summary.h"
#include "ge_ir_build.h"
#include "ge_allocator.h"
#include "graph.h"
#include "graph/graph.h"
#include "graph/ascend_string.h"
#include "graph/c_types.h"
#include "graph/error_codes.h"
#include "graph/operator.h"
#include "graph/operator_factory.h"
#include "graph/operator_reg.h"
#include "graph/tensor.h"
#include "graph/types.h"
#include "tensor.h"
#include "types.h"
#include "exe_graph/runtime/runtime_tensor.h"
#include "exe_graph/runtime/tensor.h"
#include "exe_graph/runtime/tensor_data.h"
#include "exe_graph/runtime/shape.h"
#include "exe_graph/runtime/storage_shape.h"
#include "exe_graph/runtime/storage_format.h"
#include "exe_graph/runtime/expand_dims_type.h"
#include "all_ops.h"
#include "ops_proto_legacy.h"
#include "ops_proto_math.h"
#include "ops_proto_nn.h"
#include "array_ops.h"
#include "elewise_calculation_ops.h"
#include "image_ops.h"
#include "matrix_calculation_ops.h"
#include "nn_calculation_ops.h"
#include "nn_norm_ops.h"
#include "nn_pooling_ops.h"
#include "nonlinear_fuc_ops.h"
#include "reduce_ops.h"
#include "selection_ops.h"
#include "split_combination_ops.h"
#include "transformation_ops.h"
/* The rest of CANN's op prototype header set (include/ops), each on its own. */
#include "aipp.h"
#include "audio.h"
#include "audio_ops.h"
#include "avg_pool_1d_ops.h"
#include "batch_ops.h"
#include "bitwise_ops.h"
#include "boosted_trees.h"
#include "boosted_trees_ops.h"
#include "candidate_sampling_ops.h"
#include "case_condition_ops.h"
#include "cast.h"
#include "cluster.h"
#include "condtake_ops.h"
#include "control_flow.h"
#include "control_flow_ops.h"
#include "coordinates_1d_to_2d_ops.h"
#include "correlation.h"
#include "ctc_ops.h"
#include "data_flow_ops.h"
#include "deep_md.h"
#include "encoding_ops.h"
#include "experiment_ops.h"
#include "functional_ops.h"
#include "fusion_ops.h"
#include "get_data_ops.h"
#include "hcom_ops.h"
#include "hpc.h"
#include "hvd_ops.h"
#include "image.h"
#include "index_to_addr_ops.h"
#include "internal_ops.h"
#include "ldpc.h"
#include "linalg_ops.h"
#include "list_ops.h"
#include "logging_ops.h"
#include "lookup.h"
#include "lookup_ops.h"
#include "map_ops.h"
#include "math_ops.h"
#include "nn.h"
#include "nn_batch_norm_ops.h"
#include "nn_detect.h"
#include "nn_detect_ops.h"
#include "nn_list.h"
#include "nn_map.h"
#include "nn_math.h"
#include "nn_norm.h"
#include "nn_ops.h"
#include "nn_optimizer.h"
#include "nn_other.h"
#include "nn_quantize.h"
#include "nn_recurrent.h"
#include "nn_set.h"
#include "nn_string.h"
#include "nn_training_ops.h"
#include "no_op.h"
#include "npu_loss_scale_ops.h"
#include "ocr.h"
#include "ocr_ops.h"
#include "ordered_map.h"
#include "outfeed_ops.h"
#include "pad_ops.h"
#include "parsing_ops.h"
#include "quantize_ops.h"
#include "ragged_array_ops.h"
#include "ragged_conversion_ops.h"
#include "ragged_math_ops.h"
#include "random.h"
#include "random_ops.h"
#include "randomdsa_ops.h"
#include "resource_variable_ops.h"
#include "rnn.h"
#include "rpn_ops.h"
#include "save_ops.h"
#include "sdca_ops.h"
#include "selection.h"
#include "set_ops.h"
#include "slice_write_ops.h"
#include "sparse_ops.h"
#include "spectral_ops.h"
#include "stack.h"
#include "state_ops.h"
#include "stateful_random_ops.h"
#include "stateless_random_ops.h"
#include "string_ops.h"
#include "swap_co_ops.h"
#include "system.h"
#include "target_crop_and_resize.h"
#include "tensor_array.h"
#include "transformation.h"
#include "vector_search.h"
#include "warp_perspective_ops.h"
#include "acl.h"
#include "acl/acl.h"
#include "acl_rt.h"

#include <cstdio>

using namespace ge;

/* A custom prototype as CANN's tests write them: outside namespace ge (which `using namespace
 * ge` makes work), with an inference function registered by type. */
namespace custom {
REG_OP(GeclTestSplit2)
    .INPUT(x, TensorType::ALL())
    .OUTPUT(y1, TensorType::ALL())
    .OUTPUT(y2, TensorType::ALL())
    .DYNAMIC_OUTPUT(z, TensorType({DT_FLOAT}))
    .ATTR(axis, Int, 0)
    .ATTR(names, ListString, {"a", "b"})
    .REQUIRED_ATTR(kind, String)
    .ATTR(dt, Type, DT_FLOAT)
    .INFER_SHAPE_AND_TYPE()
    .OP_END_FACTORY_REG(GeclTestSplit2);

IMPLEMT_INFERFUNC(GeclTestSplit2, GeclTestSplit2Infer) {
    TensorDesc d = op.GetInputDescByName("x");
    (void)op.UpdateOutputDesc("y1", d);
    return GRAPH_SUCCESS;
}
INFER_FUNC_REG(GeclTestSplit2, GeclTestSplit2Infer);
COMMON_INFER_FUNC_REG(Relu, ELMTWISE_INFER_SHAPEANDTYPE("x", "y"));
}  // namespace custom

/* A prototype already defined by all_ops.h, guarded the way CANN's headers guard them. */
namespace ge {
#ifndef OPS_PROTO_DEF_RELU
REG_OP(Relu).INPUT(x, TensorType::ALL()).OUTPUT(y, TensorType::ALL()).OP_END_FACTORY_REG(Relu)
#endif
}  // namespace ge

int main() {
    custom::op::GeclTestSplit2 split("split");
    split.set_attr_kind("k").set_attr_names(std::vector<AscendString>{"c"}).create_dynamic_output_z(2);
    split.update_input_desc_x(TensorDesc(Shape({4}), FORMAT_ND, DT_INT32));
    std::vector<AscendString> names;
    split.get_attr_names(names);
    AscendString kind;
    int failures = 0;
    failures += split.get_attr_kind(kind) != GRAPH_SUCCESS || kind != "k";
    failures += names.size() != 1U;
    failures += split.InferShapeAndType() != GRAPH_SUCCESS;
    failures += split.get_output_desc_y1().GetDataType() != DT_INT32;
    failures += split.GetOutputsSize() != 4U;
    failures += split.get_attr_dt() != DT_FLOAT;
    auto relu = ge::op::Relu("relu").set_input_x(split, 1U);  // output y2 by index
    relu.update_input_desc_x(TensorDesc(Shape({2, 2}), FORMAT_ND, DT_FLOAT));
    failures += relu.InferShapeAndType() != GRAPH_SUCCESS;
    failures += relu.get_output_desc_y().GetShape().GetDim(1) != 2;
    auto sig = ge::op::Sigmoid("sig").set_input_x_by_name(split, "z1");
    (void)sig;
    std::map<AscendString, AscendString> cfg = {{"ge.exec.deviceId", "0"}, {"ge.graphRunMode", "0"}};
    failures += cfg.size() != 2U;
    if (failures != 0) std::printf("facade headers: %d check(s) failed\n", failures);
    return failures == 0 ? 0 : 1;
}
