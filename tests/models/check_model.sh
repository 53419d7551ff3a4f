#!/usr/bin/env bash
# Runs one exported model through `gecl run` on its saved input and compares the output with
# PyTorch's (compare_output.py: max |gecl - torch| / max |torch| <= 1e-4).
#   check_model.sh <gecl> <python3> <models dir> <model name> <scratch dir>
set -euo pipefail
gecl=$1 python=$2 models=$3 name=$4 scratch=$5
here=$(cd "$(dirname "$0")" && pwd)
for f in "$name.onnx" "$name.input.npy" "$name.output.npy"; do
  [ -f "$models/$f" ] || { echo "$name: $models/$f is missing (built by target models_onnx)"; exit 1; }
done
rm -rf "$scratch" && mkdir -p "$scratch"
"$gecl" run "$models/$name.onnx" --input "input=$models/$name.input.npy" --output-dir "$scratch"
"$python" "$here/compare_output.py" "$name" "$scratch/output.npy" "$models/$name.output.npy"
