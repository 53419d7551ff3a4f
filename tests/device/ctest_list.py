"""Writes the CTest list of a build tree as lines name|env|command|timeout for tests/device/run.sh.

Tests labelled rusticl or install are left out (no Mesa there; the install test needs the
source tree's toolchain). The build tree's paths become @B@/bin (the carried programs) and
@B@/tree (per-test scratch on the device); the source tree's become @R@.
"""
import json
import subprocess
import sys


def cmake_home(build):
    with open(build + "/CMakeCache.txt") as cache:
        for line in cache:
            if line.startswith("CMAKE_HOME_DIRECTORY:"):
                return line.split("=", 1)[1].strip()
    raise SystemExit(build + "/CMakeCache.txt names no CMAKE_HOME_DIRECTORY")


def main(build, out_path):
    listing = json.loads(subprocess.check_output(["ctest", "--test-dir", build, "--show-only=json-v1"]))
    source = cmake_home(build)
    rows = []
    for test in listing["tests"]:
        props = {p["name"]: p["value"] for p in test.get("properties", [])}
        if {"rusticl", "install"} & set(props.get("LABELS", [])):
            continue

        def fix(s):
            return s.replace(build + "/bin", "@B@/bin").replace(build, "@B@/tree").replace(source, "@R@")

        env = ";".join(props.get("ENVIRONMENT", []))
        rows.append("|".join([test["name"], fix(env), fix(" ".join(test["command"])), str(props.get("TIMEOUT", 300))]))
    with open(out_path, "w") as f:
        f.write("\n".join(rows) + "\n")
    print(len(rows), "tests listed in", out_path)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
