#!/usr/bin/env bash
# Builds gecl and runs every test (the README's test command; .ci/run calls it):
#   1. gcc, -Werror: the whole CTest suite on the default device (PoCL's CPU device where there is
#      no GPU), on Mesa rusticl (llvmpipe) as a second OpenCL implementation, and the install test;
#   2. clang, -Werror, AddressSanitizer + UndefinedBehaviorSanitizer + LeakSanitizer: the suite
#      again on PoCL alone (the ICD loader is pointed at PoCL's ICD only: Mesa's drivers deadlock
#      in libgcc's unwinder under ASan). Driver leaks are suppressed by library in tests/lsan.supp;
#   3. clang, libFuzzer + ASan + UBSan: every target of tests/fuzz for GECL_FUZZ_SECONDS (60) each
#      (tests/fuzz/run.sh: ONNX models, .npy, TensorProto, aclInit JSON, GE options, graph building).
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/install-deps.sh
jobs=$(nproc)

echo "== gcc build, tests on every OpenCL implementation =="
cmake -S . -B build -DGECL_WERROR=ON > /dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== clang build with AddressSanitizer, UndefinedBehaviorSanitizer and LeakSanitizer =="
CC=clang CXX=clang++ cmake -S . -B build-san -DGECL_WERROR=ON -DGECL_BUILD_BENCH=OFF \
  -DGECL_SANITIZE=address,undefined > /dev/null
cmake --build build-san -j"$jobs"
export OCL_ICD_VENDORS=/etc/OpenCL/vendors/pocl.icd
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# LeakSanitizer's own tracer occasionally crashes at process exit after every test of an
# executable has passed ("Tracer caught signal 11 ... LeakSanitizer has encountered a fatal
# error"; seen in session_finalize under CI load, not reproduced alone). That is not a finding:
# only in that case are the failed tests run once more, and they must pass then.
if ! ctest --test-dir build-san --output-on-failure -j"$jobs" -LE "nosan|rusticl" 2>&1 | tee build-san/stage2.log; then
  grep -q "LeakSanitizer has encountered a fatal error" build-san/stage2.log || exit 1
  echo "== LeakSanitizer's tracer crashed (above): running the failed tests once more =="
  ctest --test-dir build-san --output-on-failure --rerun-failed -LE "nosan|rusticl"
fi

echo "== libFuzzer: each fuzz target for ${GECL_FUZZ_SECONDS:-60} s =="
GECL_FUZZ_BUILD=build-fuzz bash tests/fuzz/run.sh "${GECL_FUZZ_SECONDS:-60}"
