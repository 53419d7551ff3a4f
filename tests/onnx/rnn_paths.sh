#!/bin/sh
# rnn_paths.sh PYTHON GECL OUT_DIR: writes make_rnn_cases.py's cases into OUT_DIR, runs them (each
# must pass), and imports each refused/ model, which must fail with the words its .txt holds.
set -u
py=$1 gecl=$2 out=$3
here=$(dirname "$0")
rm -rf "$out" && "$py" "$here/make_rnn_cases.py" "$out" || exit 1
"$gecl" test-onnx --jobs 2 $(ls -d "$out"/rnn_*) || exit 1
status=0
for model in "$out"/refused/*.onnx; do
  want=$(cat "${model%.onnx}.txt")
  if "$gecl" info "$model" >/dev/null 2>"$out/err"; then
    echo "FAIL $(basename "$model"): imported, expected a refusal ($want)"; status=1
  elif ! grep -q -F -- "$want" "$out/err"; then
    echo "FAIL $(basename "$model"): message lacks '$want': $(cat "$out/err")"; status=1
  else
    echo "REFUSED $(basename "$model"): $(cat "$out/err")"
  fi
done
exit $status
