#!/usr/bin/env bash
# `gecl run` / `info` / `bench` on good and bad input: each bad case must exit non-zero with a
# message naming what is wrong (and never crash: exit codes above 128 are signals).
# Usage: cli_errors.sh GECL_BINARY CASES_DIR SCRATCH_DIR
set -u
gecl=$1 cases=$2 tmp=$3
rm -rf "$tmp" && mkdir -p "$tmp"
failures=0
add=$cases/test_add/model.onnx

# expect CODE TEXT -- command...: the exit status is CODE and stderr+stdout mention TEXT.
expect() {
  local code=$1 text=$2; shift 3
  local out; out=$("$@" 2>&1); local rc=$?
  if [ "$rc" -ne "$code" ] || ! grep -qF -- "$text" <<<"$out"; then
    echo "FAIL: $* -> exit $rc (want $code), output:"; echo "$out" | head -5; echo "  (wanted it to mention: $text)"
    failures=$((failures + 1))
  else
    echo "ok: $*"
  fi
}

# An .npy of `descr` and `shape` filled with zeros (no numpy needed).
npy() { /usr/bin/python3 - "$@" <<'PY'
import struct, sys
path, descr, shape = sys.argv[1], sys.argv[2], [int(d) for d in sys.argv[3].split(",")]
size = {"<f4": 4, "<i8": 8}[descr]
n = 1
for d in shape: n *= d
head = "{'descr': '%s', 'fortran_order': False, 'shape': (%s, ), }" % (descr, ", ".join(map(str, shape)))
head += " " * ((64 - (10 + len(head) + 1) % 64) % 64) + "\n"
open(path, "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(head)) + head.encode() + bytes(n * size))
PY
}
npy "$tmp/x_ok.npy" "<f4" 3,4,5
npy "$tmp/x_int.npy" "<i8" 3,4,5
npy "$tmp/x_shape.npy" "<f4" 3,4,6
head -c 40 "$add" > "$tmp/truncated.onnx"

expect 0 "sum: DT_FLOAT [3, 4, 5]" -- "$gecl" run "$add" --input x="$tmp/x_ok.npy" --output-dir "$tmp/out"
[ -s "$tmp/out/sum.npy" ] || { echo "FAIL: run wrote no $tmp/out/sum.npy"; failures=$((failures + 1)); }
# an output folder whose parents do not exist yet is made with them
expect 0 "sum: DT_FLOAT [3, 4, 5]" -- "$gecl" run "$add" --input x="$tmp/x_ok.npy" --output-dir "$tmp/new/deeper"
[ -s "$tmp/new/deeper/sum.npy" ] || { echo "FAIL: run wrote no $tmp/new/deeper/sum.npy"; failures=$((failures + 1)); }
expect 1 "no model input of that name" -- "$gecl" run "$add" --input nope="$tmp/x_ok.npy"
expect 1 "is DT_FLOAT [3,4,5] in the model; the file holds DT_INT64" -- "$gecl" run "$add" --input x="$tmp/x_int.npy"
expect 1 "the file holds DT_FLOAT [3,4,6]" -- "$gecl" run "$add" --input y="$tmp/x_shape.npy"
expect 1 "cannot open" -- "$gecl" run "$add" --input x="$tmp/missing.npy"
expect 1 "not a .npy file" -- "$gecl" run "$add" --input x="$add"
expect 1 "truncated or corrupted" -- "$gecl" run "$tmp/truncated.onnx"
expect 1 "cannot open model file" -- "$gecl" info "$tmp/none.onnx"
expect 1 "gecl does not support" -- "$gecl" info "$cases/test_nonmaxsuppression_center_point_box_format/model.onnx"
expect 0 "ops after import: 1" -- "$gecl" info "$add"
expect 0 '"runs": 3' -- "$gecl" bench "$add" --runs 3 --warmup 1 --json
expect 2 "usage" -- "$gecl" bench "$add" --runs 0
# GECL_PROFILE=1: the load's run, 1 warm-up and 3 timed runs, each with the graph's one launch.
expect 0 'graph "test_add", 5 runs, 1 launches' -- env GECL_PROFILE=1 "$gecl" bench "$add" --runs 3 --warmup 1
expect 0 'Add:sum/Add_0' -- env GECL_PROFILE=1 "$gecl" bench "$add" --runs 1 --warmup 0
expect 0 'ms/run between launches' -- env GECL_PROFILE=1 "$gecl" bench "$add" --runs 1 --warmup 0
expect 2 "usage" -- "$gecl" run

# gecl tune: a quick table written where --out says and read back by a later load of a model
# with a convolution (GECL_LOG=info names the table); a bad table ignored with a warning naming
# its line; bad arguments refused before anything is measured.
conv=$cases/test_basic_conv_with_padding/model.onnx
expect 0 "wrote $tmp/tune.txt" -- "$gecl" tune --quick --rounds 1 --out "$tmp/tune.txt"
grep -q "^gemm " "$tmp/tune.txt" || { echo "FAIL: $tmp/tune.txt has no gemm line"; failures=$((failures + 1)); }
expect 0 "tuning table $tmp/tune.txt for device" -- env GECL_TUNING_FILE="$tmp/tune.txt" GECL_LOG=info "$gecl" bench "$conv" --runs 1
printf 'gemm 6 8 2 1 64\nbogus 1\n' > "$tmp/bad_tune.txt"
expect 0 "line 2: unknown field 'bogus'; using the built-in table" -- env GECL_TUNING_FILE="$tmp/bad_tune.txt" GECL_LOG=warning "$gecl" bench "$conv" --runs 1
expect 2 "usage" -- "$gecl" tune --rounds 0
expect 2 "usage" -- "$gecl" tune --bogus
expect 1 "ge.exec.deviceId=99" -- "$gecl" tune --device 99 --quick
expect 1 "cannot write" -- "$gecl" tune --quick --out "$tmp/no/such/folder/tune.txt"
echo "$failures failure(s)"
[ "$failures" -eq 0 ]
