# Third-party packages (Debian 12 names in cmake/install-deps.sh):
#   OpenCL ICD loader + headers : the only way to reach devices
#   cJSON                       : parses aclInit's JSON configuration file
#   OpenSSL libcrypto           : SHA-256 keys of the on-disk program cache
#   protobuf-c + protoc-c       : the ONNX reader, generated at build time from onnx.proto
#   onnx.proto (libonnx-dev)    : the ONNX model format, GECL_ONNX_PROTO
#   cmocka (tests only)         : unit-test framework run under CTest
set(CL_TARGET_OPENCL_VERSION 300 CACHE STRING "OpenCL API version the headers expose")
add_compile_definitions(CL_TARGET_OPENCL_VERSION=${CL_TARGET_OPENCL_VERSION})
find_package(OpenCL REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_path(CJSON_INCLUDE_DIR cjson/cJSON.h REQUIRED)
find_library(CJSON_LIBRARY cjson REQUIRED)
add_library(gecl_cjson INTERFACE)
target_include_directories(gecl_cjson INTERFACE ${CJSON_INCLUDE_DIR})
target_link_libraries(gecl_cjson INTERFACE ${CJSON_LIBRARY})

# ONNX: protoc-c generates the C reader of onnx.proto into the build tree (src/CMakeLists.txt).
find_program(PROTOC_C protoc-c REQUIRED)
find_path(PROTOBUF_C_INCLUDE_DIR protobuf-c/protobuf-c.h REQUIRED)
find_library(PROTOBUF_C_LIBRARY protobuf-c REQUIRED)
set(GECL_ONNX_PROTO /usr/include/onnx/onnx.proto CACHE FILEPATH "onnx.proto the ONNX reader is generated from")
if(NOT EXISTS ${GECL_ONNX_PROTO})
  message(FATAL_ERROR "onnx.proto not found at ${GECL_ONNX_PROTO} (Debian: libonnx-dev)")
endif()
