#!/usr/bin/env bash
# Installs the Debian 12 packages that gecl's build, tests and main job need, when missing; does
# nothing when they are all there. Run as root, or as a user with sudo.
#   gcc g++ make cmake pkg-config    the build (CMake + CTest)
#   ocl-icd-opencl-dev opencl-headers the OpenCL ICD loader and headers
#   pocl-opencl-icd                   PoCL: the CPU device, the default where there is no GPU
#   mesa-opencl-icd                   Mesa rusticl (llvmpipe): the second OpenCL implementation in CI
#   clinfo                            to see what the ICD loader finds when something is off
#   libclblast-dev                    CLBlast: the GEMM baseline of bench/bench_graph and bench_gemm
#   libopenblas-dev                   OpenBLAS: the host GEMM baseline of bench/bench_gemm
#   libcjson-dev                      parses aclInit's JSON configuration file
#   libssl-dev                        SHA-256 (libcrypto) for the program cache keys
#   libprotobuf-c-dev protobuf-c-compiler the ONNX reader, generated at build time by protoc-c
#   libonnx-dev                       onnx.proto, the schema that reader is generated from
#   libonnx-testdata                  ONNX's backend conformance cases (test onnx_conformance)
#   python3-onnx                      builds the small malformed/edge-case models of tests/onnx
#   python3-torch python3-torchvision exports the models of tests/models (bench/export_models.py)
#   python3-matplotlib                draws bench/run_all.py's chart of ratios
#   libcmocka-dev                     the unit-test framework
#   clang libclang-rt-14-dev valgrind sanitizer and leak-check runs of the tests
set -euo pipefail

packages=(gcc g++ make cmake pkg-config ocl-icd-opencl-dev opencl-headers pocl-opencl-icd
          mesa-opencl-icd clinfo libclblast-dev libopenblas-dev libcjson-dev libssl-dev libcmocka-dev
          libprotobuf-c-dev protobuf-c-compiler libonnx-dev libonnx-testdata python3-onnx
          python3-torch python3-torchvision python3-matplotlib clang libclang-rt-14-dev valgrind)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
