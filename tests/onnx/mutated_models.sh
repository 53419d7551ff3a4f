#!/usr/bin/env bash
# Damaged models through `gecl info` and `gecl run` (issue 14): mutate_models.py writes COUNT
# variants of the ONNX node cases (bytes flipped, the model cut short, fields dropped or repeated,
# dims and attributes changed); each must end with output (exit 0) or a clear error (exit 1 with
# a message) within TIMEOUT seconds: never a signal (exit > 128), a hang, or a sanitizer report
# (with a sanitizer build of gecl: ASan, UBSan and LeakSanitizer write "ERROR: ..." or
# "runtime error"). Prints one line per failure and the totals; exit 1 when any failed.
#   tests/onnx/mutated_models.sh GECL_BINARY COUNT [SEED=14] [SCRATCH=/tmp/gecl-mutated] [TIMEOUT=120]
set -u
gecl=$1 count=$2 seed=${3:-14} dir=${4:-/tmp/gecl-mutated} limit=${5:-120}
here="$(cd "$(dirname "$0")" && pwd)"
python=$(command -v /usr/bin/python3 || command -v python3)
rm -rf "$dir" && mkdir -p "$dir"
"$python" "$here/mutate_models.py" "$count" "$seed" "$dir/models" || exit 2
export GECL_CACHE_DIR="${GECL_CACHE_DIR:-$dir/program-cache}"
ok=0 refused=0 failed=0
check() { # case, what, command...: classifies one command's end
  local c=$1 what=$2; shift 2
  local out rc
  out=$(timeout "$limit" "$@" 2>&1); rc=$?
  if [ "$rc" -ge 124 ] || grep -qE "ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|Sanitizer has encountered" <<<"$out"; then
    echo "FAIL $c ($(cat "$dir/models/$c/mutation")): $what -> exit $rc"; grep -m3 -E "ERROR|runtime error|SUMMARY" <<<"$out"
    failed=$((failed + 1))
  elif [ "$rc" -eq 0 ]; then
    ok=$((ok + 1))
  elif [ "$rc" -eq 1 ] && [ -n "$out" ]; then
    refused=$((refused + 1))
  else
    echo "FAIL $c ($(cat "$dir/models/$c/mutation")): $what -> exit $rc without a message"
    failed=$((failed + 1))
  fi
}
for m in "$dir"/models/*/; do
  c=$(basename "$m")
  check "$c" info "$gecl" info "$m/model.onnx"
  args=()
  while IFS= read -r pair; do [ -n "$pair" ] && args+=(--input "$pair"); done < "$m/inputs"
  check "$c" run "$gecl" run "$m/model.onnx" "${args[@]}" --output-dir "$m/out"
done
echo "mutated models: $count models, $((ok + refused + failed)) commands: $ok with output, $refused refused with a message, $failed failed"
[ "$failed" -eq 0 ]
