#!/usr/bin/env bash
# Prepares .gpu/ (git-ignored) for a run on the workplace's device machine, which reaches no
# package registry: a Release build's stripped programs and libgecl, the Debian 12 packages the
# programs need there (ICD loader, cmocka, cJSON, CLBlast, clinfo), and the CTest list with the
# build tree's paths made relative. Then: the device tool's run with carry [".gpu"] and the
# command `bash tests/device/run.sh 2>&1 | tee $OUT/main.log`. See docs/devices.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
grep -qx "/.gpu/" .git/info/exclude 2>/dev/null || echo "/.gpu/" >> .git/info/exclude
cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build-gpu -j"$(nproc)"
rm -rf .gpu/build && mkdir -p .gpu/build/bin .gpu/build/lib .gpu/debs
cp build-gpu/bin/* .gpu/build/bin/
cp -a build-gpu/lib/libgecl.so* .gpu/build/lib/
strip .gpu/build/bin/* .gpu/build/lib/libgecl.so.*.*.*
(cd .gpu/debs && apt-get download ocl-icd-libopencl1 libcmocka0 libcjson1 libclblast1 clinfo)
python3 tests/device/ctest_list.py "$root/build-gpu" .gpu/tests.tsv
du -sh .gpu
