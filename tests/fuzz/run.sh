#!/usr/bin/env bash
# Runs every fuzz target with libFuzzer for a bounded time: tests/fuzz/run.sh [SECONDS] [TARGET...]
#   SECONDS   per target (default 60)
#   TARGET    some of fuzz_onnx fuzz_npy fuzz_tensorproto fuzz_acl_json fuzz_ge_options
#             fuzz_graph_build (default: all, one after the other)
# Environment: GECL_FUZZ_BUILD, the build folder (default build-fuzz, configured here with clang and
# GECL_FUZZ=ON); GECL_FUZZ_CORPUS, where the corpora grow (default <build>/corpus: seeds are
# copied in once from the project's tests, Debian's libonnx-testdata and regress/<target>).
# Prints each target's final libFuzzer stats line and exits non-zero on any crash, leak, timeout
# or out-of-memory; the input that caused it is left as <build>/artifacts/<target>-*. A finding
# is fixed in src/ and its input checked in under tests/fuzz/regress/<target>/ (replayed by
# CTest's fuzz_*_regress in every build).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_onnx fuzz_npy fuzz_tensorproto fuzz_acl_json fuzz_ge_options fuzz_graph_build)
build="${GECL_FUZZ_BUILD:-build-fuzz}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac
corpus="${GECL_FUZZ_CORPUS:-$build/corpus}"
onnx_data=/usr/share/libonnx-testdata/data

CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DGECL_FUZZ=ON -DGECL_WERROR=ON -DGECL_BUILD_BENCH=OFF > /dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}"

# Seeds, once per corpus folder: regress/<target> always; models and tensors for the ONNX ones.
seed() { # target, then files to copy in (named by content, so duplicates collapse)
    local t="$1" f
    shift
    mkdir -p "$corpus/$t"
    for f in "$@"; do
        [ -f "$f" ] && cp "$f" "$corpus/$t/seed-$(sha1sum < "$f" | cut -c1-16)"
    done
    return 0
}
for t in "${targets[@]}"; do
    [ -d "$corpus/$t" ] && continue
    seed "$t" "$here/regress/$t"/*
    case "$t" in
    fuzz_onnx)
        # gecl's own cases, and every 16th of the ONNX test data's: libFuzzer runs all seeds before
        # it mutates, and a cold program cache costs PoCL compiles for each.
        mapfile -t models < <(find "$root/tests/onnx" "$root/tests/models" -name '*.onnx' -size -64k 2>/dev/null;
                              find "$onnx_data" -name '*.onnx' -size -64k 2>/dev/null | sort | awk 'NR % 16 == 1')
        seed "$t" "${models[@]}" ;;
    fuzz_tensorproto)
        mapfile -t pbs < <(find "$root/tests/onnx" "$onnx_data/node" -name '*.pb' -size -16k 2>/dev/null | sort | awk 'NR % 4 == 1')
        seed "$t" "${pbs[@]}" ;;
    esac
done

# As the sanitizer stage of tests/run_all.sh: PoCL alone, driver leaks suppressed.
export OCL_ICD_VENDORS=/etc/OpenCL/vendors/pocl.icd
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export GECL_CACHE_DIR="$build/fuzz-program-cache"
mkdir -p "$build/artifacts" "$build/fuzz-logs" "$build/fuzz-cwd"

failed=()
for t in "${targets[@]}"; do
    case "$t" in
    fuzz_onnx) dict=onnx.dict max_len=65536 timeout=60 ;;
    fuzz_tensorproto) dict=onnx.dict max_len=16384 timeout=10 ;;
    fuzz_npy) dict=npy.dict max_len=4096 timeout=10 ;;
    fuzz_acl_json) dict=json.dict max_len=4096 timeout=10 ;;
    fuzz_ge_options) dict=options.dict max_len=1024 timeout=30 ;;
    *) dict="" max_len=1024 timeout=30 ;;
    esac
    log="$build/fuzz-logs/$t.log"
    echo "== $t: ${seconds} s =="
    # In an empty folder: ONNX external data is looked up in the current directory.
    if (cd "$build/fuzz-cwd" && "$build/bin/$t" -max_total_time="$seconds" -max_len="$max_len" \
            -timeout="$timeout" -rss_limit_mb=4096 -malloc_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$build/artifacts/$t-" ${dict:+-dict="$here/$dict"} \
            "$corpus/$t" > "$log" 2>&1); then
        grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || tail -3 "$log"
    else
        echo "$t FAILED (log: $log):"
        grep -E 'ERROR: |SUMMARY: |runtime error|Test unit written' "$log" | head -10 || tail -20 "$log"
        failed+=("$t")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found problems in: ${failed[*]}"
    exit 1
fi
echo "fuzzing: no findings in ${targets[*]}"
