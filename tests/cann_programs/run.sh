#!/usr/bin/env bash
# Installs gecl from a build tree into a scratch prefix, then configures, builds and runs the
# CANN-style programs of this folder against the installed package. The OpenCL platform is the
# caller's (GECL_PLATFORM / RUSTICL_ENABLE in the environment).
#   run.sh <gecl build dir> <scratch dir>
set -euo pipefail
build=$1 work=$2
src=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
cmake -S "$src" -B "$work/programs" -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/configure.log"
cmake --build "$work/programs" -j2 > "$work/build.log" || { cat "$work/build.log"; exit 1; }
ctest --test-dir "$work/programs" --output-on-failure
