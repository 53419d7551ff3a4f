#!/usr/bin/env bash
# Runs on the device machine, from the repository root, after tests/device/prepare.sh filled .gpu/
# here and the device tool carried it: NVIDIA's OpenCL through the Debian ICD loader, the README
# main job's programs, every CTest test of .gpu/tests.tsv (8 at a time), then both benchmarks.
# Logs go to $OUT (main.log via tee, tests.log, summary.txt, bench_*.txt).
#   TESTS=<regex>   runs only the tests whose line matches (also useful here, against PoCL)
set -u
R=$PWD; G=$R/.gpu; P=/tmp/pfx; B=$G/build
OUT=${OUT:-/tmp/out}
mkdir -p "$P" /tmp/logs "$OUT"
for f in "$G"/debs/*.deb; do dpkg -x "$f" "$P"; done

# The driver's OpenCL library sits in the read-only driver mount; no ICD file names it.
NV=$(ls /usr/local/nvidia/lib64/libnvidia-opencl.so.1 /usr/lib/x86_64-linux-gnu/libnvidia-opencl.so.1 2>/dev/null | head -1)
[ -z "$NV" ] && NV=$(find /usr /lib /opt -name 'libnvidia-opencl.so*' 2>/dev/null | head -1)
echo "nvidia opencl library: ${NV:-none}"
[ -n "$NV" ] && mkdir -p /etc/OpenCL/vendors && echo "$NV" > /etc/OpenCL/vendors/nvidia.icd
export LD_LIBRARY_PATH=$B/lib:$P/usr/lib/x86_64-linux-gnu${NV:+:$(dirname "$NV")}
export OCL_ICD_VENDORS=${OCL_ICD_VENDORS:-/etc/OpenCL/vendors}
head -1 /etc/os-release; nvidia-smi -L 2>/dev/null
"$P"/usr/bin/clinfo | grep -E "Platform Name|Device Name|Driver Version|Device Version|Max compute units" | cut -c1-160
"$B"/bin/gecl devices

echo "== README main job programs =="
# ge_seed_example reads the acl.json its build named (the source tree of the build machine).
seed_cfg=$(grep -aom1 '/[[:print:]]*/examples/acl.json' "$B"/bin/ge_seed_example || true)
[ -n "$seed_cfg" ] && [ ! -e "$seed_cfg" ] && mkdir -p "$(dirname "$seed_cfg")" && cp "$R"/examples/acl.json "$seed_cfg"
export GECL_CACHE_DIR=/tmp/cache-main
for p in runtime_example graph_c_example ge_seed_example; do
  echo "-- $p"; (cd "$R"/examples && timeout 120 "$B"/bin/$p); echo "rc=$?"
done

echo "== tests =="
run_one() {
  local name env cmd to
  IFS='|' read -r name env cmd to <<<"$1"
  cmd=${cmd//@B@/$B}; cmd=${cmd//@R@/$R}
  env=${env//@B@\/tree/\/tmp\/tree\/$name}; env=${env//@B@/$B}; env=${env//@R@/$R}
  local s e rc
  s=$(date +%s.%N)
  ( IFS=';'; for kv in $env; do export "$kv"; done
    mkdir -p /tmp/tree/"$name"; cd /tmp/tree/"$name" && timeout "${to%.*}" $cmd ) > /tmp/logs/"$name".log 2>&1
  rc=$?; e=$(date +%s.%N)
  printf "%-34s rc=%-3s %6.1f s\n" "$name" "$rc" "$(awk "BEGIN{print $e - $s}")" >> /tmp/logs/summary
}
export -f run_one; export B R
grep -E "${TESTS:-.}" "$G"/tests.tsv | tr '\n' '\0' | xargs -0 -P 8 -I{} bash -c 'run_one "$@"' _ {}
sort /tmp/logs/summary
echo "failed: $(grep -vc 'rc=0 ' /tmp/logs/summary) of $(wc -l < /tmp/logs/summary)"
for f in /tmp/logs/*.log; do echo "######## $f"; cat "$f"; done > "$OUT"/tests.log
cp /tmp/logs/summary "$OUT"/summary.txt

echo "== bench_runtime =="; timeout 120 "$B"/bin/bench_runtime 2>&1 | tee "$OUT"/bench_runtime.txt
echo "== bench_graph =="; GECL_CACHE_DIR=/tmp/bench-cache timeout 180 "$B"/bin/bench_graph 2>&1 | tee "$OUT"/bench_graph.txt
