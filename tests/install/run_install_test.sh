#!/usr/bin/env bash
# Installs the built tree into a scratch prefix, then builds and runs CANN-only programs against
# it twice: through find_package(gecl) and through pkg-config. The find_package build includes the
# seed (examples/ge_seed_example.cpp), which must print a passing result check. Given the folder
# of bench/export_models.py's models (tests/models), it also builds onnx_consumer/ (the seed's call
# sequence on ResNet-18 parsed with aclgrphParseONNX) and checks its output against PyTorch's;
# without it, that part says it is skipped.
#   run_install_test.sh <gecl build dir> <scratch dir> [<models dir>]
set -euo pipefail
build=$1 work=$2 models=${3:-}
src=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
cmake -S "$src/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DGECL_EXAMPLES_DIR="$src/../../examples" > "$work/configure.log"
cmake --build "$work/consumer" > "$work/build.log"
"$work/consumer/consumer_c"
"$work/consumer/consumer_cxx"
"$work/consumer/consumer_static"
"$work/consumer/consumer_ge_seed"
"$work/consumer/consumer_aclnn"
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig:$work/prefix/lib/x86_64-linux-gnu/pkgconfig"
cc -std=c11 "$src/consumer/main.c" -o "$work/consumer_pc" $(pkg-config --cflags --libs gecl) \
   -Wl,-rpath,"$(pkg-config --variable=libdir gecl)"
"$work/consumer_pc"
if [ -n "$models" ] && [ -f "$models/resnet18.onnx" ]; then
  cmake -S "$src/onnx_consumer" -B "$work/onnx_consumer" -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/onnx_configure.log"
  cmake --build "$work/onnx_consumer" > "$work/onnx_build.log"
  "$work/onnx_consumer/onnx_consumer" "$models/resnet18.onnx" "$models/resnet18.input.npy" \
    "$models/resnet18.output.npy" "$src/../../examples/acl.json"
elif [ -n "$models" ]; then
  echo "install test: onnx_consumer FAILED: $models/resnet18.onnx is missing (target models_onnx builds it)"
  exit 1
else
  echo "install test: onnx_consumer SKIPPED: no exported models (python3-torch and python3-torchvision" \
       "were not importable when CMake configured; see tests/models/CMakeLists.txt)"
fi
echo "install test: ok"
