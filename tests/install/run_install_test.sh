#!/usr/bin/env bash
# Installs the built tree into a scratch prefix, then builds and runs CANN-only programs against
# it twice: through find_package(gecl) and through pkg-config. The find_package build includes the
# seed (examples/ge_seed_example.cpp), which must print a passing result check.
#   run_install_test.sh <gecl build dir> <scratch dir>
set -euo pipefail
build=$1 work=$2
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
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig:$work/prefix/lib/x86_64-linux-gnu/pkgconfig"
cc -std=c11 "$src/consumer/main.c" -o "$work/consumer_pc" $(pkg-config --cflags --libs gecl) \
   -Wl,-rpath,"$(pkg-config --variable=libdir gecl)"
"$work/consumer_pc"
echo "install test: ok"
