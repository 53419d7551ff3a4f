/*
 * ge_api_types.h: GE option keys (for GEInitializeV2, the GeSession constructor, AddGraph and
 * LoadGraph), run modes and the run callback types. Keys keep CANN's spelling and C++ type
 * (const char * or std::string), so options[ge::OPTION_EXEC_DEVICE_ID] and
 * ge::PRECISION_MODE.c_str() both work as in CANN. gecl accepts every key; those it does not
 * implement are reported through GEGetWarningMsgV3.
 */
#ifndef INC_EXTERNAL_GE_GE_API_TYPES_H_
#define INC_EXTERNAL_GE_GE_API_TYPES_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "exe_graph/runtime/runtime_tensor.h"
#include "graph/tensor.h"
#include "graph/types.h"

namespace ge {
/* ---- global / session keys ---- */
const char_t *const OPTION_GRAPH_RUN_MODE = "ge.graphRunMode";
const char_t *const OPTION_DEVICE_TYPE = "ge.deviceType";
const char_t *const OPTION_EXEC_SESSION_ID = "ge.exec.sessionId";
const char_t *const OPTION_EXEC_DEVICE_ID = "ge.exec.deviceId";
const char_t *const OPTION_EXEC_JOB_ID = "ge.exec.jobId";
const char_t *const OPTION_EXEC_IS_USEHCOM = "ge.exec.isUseHcom";
const char_t *const OPTION_EXEC_RANK_ID = "ge.exec.rankId";
const char_t *const OPTION_EXEC_RANK_TABLE_FILE = "ge.exec.rankTableFile";
const char_t *const OPTION_EXEC_ENABLE_DUMP = "ge.exec.enableDump";
const char_t *const OPTION_EXEC_DUMP_PATH = "ge.exec.dumpPath";
const char_t *const OPTION_EXEC_DUMP_STEP = "ge.exec.dumpStep";
const char_t *const OPTION_EXEC_DUMP_MODE = "ge.exec.dumpMode";
const char_t *const OPTION_EXEC_ENABLE_DUMP_DEBUG = "ge.exec.enableDumpDebug";
const char_t *const OPTION_EXEC_ENABLE_EXCEPTION_DUMP = "ge.exec.enable_exception_dump";
const char_t *const OPTION_EXEC_PROFILING_MODE = "ge.exec.profilingMode";
const char_t *const OPTION_EXEC_PROFILING_OPTIONS = "ge.exec.profilingOptions";
const char_t *const OPTION_EXEC_DISABLE_REUSED_MEMORY = "ge.exec.disableReuseMemory";
const char_t *const OPTION_EXEC_DYNAMIC_INPUT = "ge.exec.dynamicInput";
const char_t *const OPTION_EXEC_DYNAMIC_EXECUTE_MODE = "ge.exec.dynamicGraphExecuteMode";
const char_t *const OPTION_EXEC_DATA_INPUTS_SHAPE_RANGE = "ge.exec.dataInputsShapeRange";
const char_t *const OPTION_EXEC_GRAPH_EXEC_TIMEOUT = "ge.exec.graphExecTimeout";
const char_t *const GRAPH_MEMORY_MAX_SIZE = "ge.graphMemoryMaxSize";
const char_t *const VARIABLE_MEMORY_MAX_SIZE = "ge.variableMemoryMaxSize";
const char_t *const OPTION_EXEC_REUSE_ZERO_COPY_MEMORY = "ge.exec.reuseZeroCopyMemory";
const char_t *const OPTION_INPUT_REUSE_MEM_INDEXES = "ge.exec.inputReuseMemIndexes";
const char_t *const OPTION_OUTPUT_REUSE_MEM_INDEXES = "ge.exec.outputReuseMemIndexes";
const char_t *const OPTION_OUTPUT_REUSE_INPUT_MEM_INDEXES = "ge.exec.outputReuseInputMemIndexes";
const char_t *const OPTION_EXEC_HOST_INPUT_INDEXES = "ge.exec.hostInputIndexes";
const std::string ATOMIC_CLEAN_POLICY = "ge.exec.atomicCleanPolicy";
const std::string MEMORY_OPTIMIZATION_POLICY = "ge.exec.memoryOptimizationPolicy";
const std::string STATIC_MEMORY_POLICY = "ge.exec.staticMemoryPolicy";
const char_t *const OPTION_FEATURE_BASE_REFRESHABLE = "ge.featureBaseRefreshable";
const char_t *const OPTION_CONST_LIFECYCLE = "ge.constLifecycle";
const char_t *const OPTION_EXEC_INPUT_FUSION_SIZE = "ge.exec.input_fusion_size";
const std::string OPTION_EXEC_STREAM_SYNC_TIMEOUT = "stream_sync_timeout";
const std::string OPTION_EXEC_EVENT_SYNC_TIMEOUT = "event_sync_timeout";
const char_t *const OPTION_GRAPH_COMPILER_CACHE_DIR = "ge.graph_compiler_cache_dir";
const char_t *const OPTION_GRAPH_KEY = "ge.graph_key";
const char_t *const OPTION_DISABLE_OPTIMIZATIONS = "ge.disableOptimizations";
const char_t *const OPTION_SESSION_DEVICE_ID = "ge.session_device_id";
const char_t *const OPTION_HOST_SCHEDULING_MAX_THRESHOLD = "ge.exec.hostSchedulingMaxThreshold";
const char_t *const OPTION_EXTERNAL_WEIGHT_DIR = "ge.externalWeightDir";
const char_t *const OPTION_H2D_OVERLAPPED_WITH_COMPUTE = "ge.compile.h2dOverlappedWithCompute";
const char_t *const OPTION_STATIC_MODEL_OPS_LOWER_LIMIT = "ge.exec.static_model_ops_lower_limit";
const char_t *const OPTION_EXPORT_COMPILE_STAT = "ge.exportCompileStat";
const char_t *const OPTIMIZATION_SWITCH = "ge.optimizationSwitch";
const char_t *const OPTION_ALLOW_MULTI_GRAPH_PARALLEL_COMPILE = "ge.AllowMultiGraphParallelCompile";
const char_t *const OPTION_AUTO_MULTISTREAM_PARALLEL_MODE = "ge.autoMultistreamParallelMode";
const char_t *const OPTION_SCREEN_PRINT_MODE = "ge.screen_print_mode";
const char_t *const INPUT_FORMAT = "input_format";
const char_t *const INPUT_SHAPE_RANGE = "input_shape_range";
const char_t *const DEBUG_DIR = "ge.debugDir";
const char_t *const OP_COMPILER_CACHE_DIR = "ge.op_compiler_cache_dir";
const char_t *const OP_COMPILER_CACHE_MODE = "ge.op_compiler_cache_mode";
const char_t *const BUILD_INNER_MODEL = "ge.build_inner_model";
const char_t *const ENABLE_SINGLE_STREAM = "ge.enableSingleStream";
const char_t *const OO_LEVEL = "ge.oo.level";
const char_t *const OO_CONSTANT_FOLDING = "ge.oo.constantFolding";
const char_t *const OO_DEAD_CODE_ELIMINATION = "ge.oo.deadCodeElimination";
const char_t *const kDynamicBatchSize = "ge.dynamicBatchSize";
const char_t *const kDynamicImageSize = "ge.dynamicImageSize";
const char_t *const kDynamicDims = "ge.dynamicDims";

const std::string STREAM_NUM = "ge.streamNum";
const std::string HEAD_STREAM = "ge.headStream";
const std::string AC_PARALLEL_ENABLE = "ac_parallel_enable";
const std::string PERF_LEVEL = "ge.perfLevel";
const std::string FRAMEWORK_TYPE = "ge.frameworkType";
const std::string INSERT_OP_FILE = "ge.insertOpFile";
const std::string OUTPUT_NODE_NAME = "ge.outputNodeName";
const std::string PRECISION_MODE = "ge.exec.precision_mode";
const std::string PRECISION_MODE_V2 = "ge.exec.precision_mode_v2";
const std::string TUNE_DEVICE_IDS = "ge.exec.tuneDeviceIds";
const std::string SINGLE_OP_FLAG = "ge.exec.single_op";
const std::string TRAIN_FLAG = "ge.trainFlag";
const std::string RUN_FLAG = "ge.runFlag";
const std::string OUTPUT_DATATYPE = "ge.outputDatatype";
const std::string OP_SELECT_IMPL_MODE = "ge.opSelectImplmode";
const std::string OPTYPELIST_FOR_IMPLMODE = "ge.optypelistForImplmode";
const std::string INPUT_SHAPE = "ge.inputShape";
const std::string DYNAMIC_NODE_TYPE = "ge.dynamicNodeType";
const std::string AUTO_TUNE_MODE = "ge.autoTuneMode";
const std::string SOC_VERSION = "ge.socVersion";
const std::string VIRTUAL_TYPE = "ge.virtual_type";
const std::string CORE_TYPE = "ge.engineType";
const std::string AICORE_NUM = "ge.aicoreNum";
const std::string BUFFER_OPTIMIZE = "ge.bufferOptimize";
const std::string ENABLE_SMALL_CHANNEL = "ge.enableSmallChannel";
const std::string ENABLE_COMPRESS_WEIGHT = "ge.enableCompressWeight";
const std::string ENABLE_SPARSE_MATRIX_WEIGHT = "ge.enableSparseMatrixWeight";
const std::string FUSION_SWITCH_FILE = "ge.fusionSwitchFile";
const std::string COMPRESSION_OPTIMIZE_CONF = "ge.compressionOptimizeConf";
const std::string CUSTOMIZE_DTYPES = "ge.customizeDtypes";
const std::string OP_DEBUG_CONFIG = "op_debug_config";
const std::string INPUT_FP16_NODES = "ge.INPUT_NODES_SET_FP16";
const std::string OP_DEBUG_LEVEL = "ge.opDebugLevel";
const std::string PERFORMANCE_MODE = "ge.performance_mode";
const std::string SHAPE_GENERALIZED_BUILD_MODE = "ge.shape_generalized_build_mode";
const std::string JIT_COMPILE = "ge.jit_compile";
const std::string MODIFY_MIXLIST = "ge.exec.modify_mixlist";
const std::string OP_PRECISION_MODE = "ge.exec.op_precision_mode";
const std::string ALLOW_HF32 = "ge.exec.allow_hf32";
const std::string EXTERNAL_WEIGHT = "ge.externalWeight";
const std::string DETERMINISTIC = "ge.deterministic";
const std::string DETERMINISTIC_LEVEL = "ge.deterministicLevel";
const std::string TILING_SCHEDULE_OPTIMIZE = "ge.tiling_schedule_optimize";
const std::string GRAPH_MAX_PARALLEL_MODEL_NUM = "ge.graphMaxParallelModelNum";

enum GraphRunMode : std::int32_t { PREDICTION = 0, TRAIN };

/* Legacy Session IO descriptions. */
struct InputTensorInfo {
    uint32_t data_type;
    std::vector<int64_t> dims;
    void *data;
    int64_t length;
};

struct OutputTensorInfo {
    uint32_t data_type{};
    std::vector<int64_t> dims;
    std::unique_ptr<uint8_t[]> data;
    int64_t length{};
    OutputTensorInfo() : dims({}), data(nullptr) {}
    OutputTensorInfo(OutputTensorInfo &&out) noexcept = default;
    OutputTensorInfo &operator=(OutputTensorInfo &&out) & noexcept {
        if (this != &out) {
            data_type = out.data_type;
            dims = out.dims;
            data = std::move(out.data);
            length = out.length;
        }
        return *this;
    }
    OutputTensorInfo(const OutputTensorInfo &) = delete;
    OutputTensorInfo &operator=(const OutputTensorInfo &) & = delete;
};

enum class MemoryType : std::int64_t {
    MEMORY_TYPE_DEFAULT,
    MEMORY_TYPE_P2P
};

using Status = uint32_t;
using RunAsyncCallback = std::function<void(Status, std::vector<ge::Tensor> &)>;
using RunAsyncCallbackV2 = std::function<void(Status, std::vector<gert::Tensor> &)>;

/* Keys of the IR build and parser APIs. */
namespace ir_option {
static const char_t *const INPUT_FORMAT = "input_format";
static const char_t *const INPUT_SHAPE = "input_shape";
static const char_t *const INPUT_SHAPE_RANGE = ge::INPUT_SHAPE_RANGE;
static const char_t *const OP_NAME_MAP = "op_name_map";
static const char_t *const IS_DYNAMIC_INPUT = "is_dynamic_input";
static const char_t *const IS_INPUT_ADJUST_HW_LAYOUT = "is_input_adjust_hw_layout";
static const char_t *const IS_OUTPUT_ADJUST_HW_LAYOUT = "is_output_adjust_hw_layout";
static const char_t *const ENABLE_SCOPE_FUSION_PASSES = "enable_scope_fusion_passes";
static const char_t *const OUTPUT = "output";
static const char_t *const DYNAMIC_BATCH_SIZE = kDynamicBatchSize;
static const char_t *const DYNAMIC_IMAGE_SIZE = kDynamicImageSize;
static const char_t *const DYNAMIC_DIMS = kDynamicDims;
static const char_t *const INSERT_OP_FILE = "ge.insertOpFile";
static const char_t *const PRECISION_MODE = "ge.exec.precision_mode";
static const char_t *const PRECISION_MODE_V2 = "ge.exec.precision_mode_v2";
static const char_t *const EXEC_DISABLE_REUSED_MEMORY = ge::OPTION_EXEC_DISABLE_REUSED_MEMORY;
static const char_t *const SOC_VERSION = "ge.socVersion";
static const char_t *const CORE_TYPE = "ge.engineType";
static const char_t *const AICORE_NUM = "ge.aicoreNum";
static const char_t *const OUTPUT_TYPE = "ge.outputDatatype";
static const char_t *const OUT_NODES = "ge.outputNodeName";
static const char_t *const INPUT_FP16_NODES = "ge.INPUT_NODES_SET_FP16";
static const char_t *const LOG_LEVEL = "log";
static const char_t *const DEBUG_DIR = ge::DEBUG_DIR;
static const char_t *const OP_COMPILER_CACHE_DIR = ge::OP_COMPILER_CACHE_DIR;
static const char_t *const OP_COMPILER_CACHE_MODE = ge::OP_COMPILER_CACHE_MODE;
static const char_t *const ENABLE_SINGLE_STREAM = ge::ENABLE_SINGLE_STREAM;
static const char_t *const DETERMINISTIC = "ge.deterministic";
}  // namespace ir_option
}  // namespace ge

#endif
