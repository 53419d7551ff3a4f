#!/usr/bin/python3
"""The one benchmark command: gecl next to its peers on the same device and cores.

    /usr/bin/python3 bench/run_all.py [--build build] [--out bench/results] [--sections peak,gemm,conv,models,overhead,load]
                                      [--rounds 3] [--runs 20] [--threads 2] [--ort /tmp/ort/node_modules] [--quick]

Sections (each prints a table of absolute figures and ratios; all go to OUT/results.json, and the
ratios to OUT/ratios.png when python3-matplotlib is installed; the models, inputs and references it
makes go to OUT/work):
  peak      clpeak: the device's peak GFLOP/s and memory bandwidth (the yardstick of the GFLOP/s figures)
  gemm      bench_gemm (MatMulV2 vs OpenBLAS vs CLBlast, interleaved in one process) plus torch.mm
  conv      every distinct Conv2D layer of ResNet-18 and MobileNetV2 at 224x224 as a one-node ONNX
            model: `gecl bench` vs ONNX Runtime vs torch conv2d (each layer's gecl output checked
            against torch's first)
  models    ResNet-18, MobileNetV2, SqueezeNet 1.1 at batch 1 and 8: `gecl bench` vs ONNX Runtime
            (bench/ort_bench.js) vs PyTorch, ms per inference
  overhead  bench_overhead (100 one-launch nodes vs raw clEnqueue) and a one-Add model through
            `gecl bench` vs ORT's session.run
  load      ResNet-18's open (GE up, model parsed) and load (compile + load + first run) with warm
            caches, cold (empty GECL_CACHE_DIR and POCL_CACHE_DIR) and warm again, and the same
            with GECL_DISK_CACHE=0 (PoCL's own cache only)

Contestants are interleaved: each round runs gecl, ONNX Runtime and PyTorch in turn, and a figure is
the median over rounds of each round's median. A peer that is not installed (onnxruntime-node,
torch, OpenBLAS, CLBlast) is reported as missing. Ratios are gecl's time over the peer's (< 1:
gecl faster). Nothing here fails on speed; it exits 1 only when a contestant fails or gecl's output
disagrees with PyTorch's.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = ["resnet18", "mobilenet_v2", "squeezenet1_1"]
failures = []


def run(cmd, env=None, timeout=3600):
    """Runs cmd, returns stdout; a failure is recorded and returns None."""
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
    if p.returncode != 0:
        failures.append(f"{' '.join(cmd)}: exit {p.returncode}: {(p.stderr or p.stdout).strip()[-400:]}")
        return None
    return p.stdout


def last_json(text):
    for line in reversed((text or "").strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return None


class Peers:
    def __init__(self, args):
        self.args = args
        self.gecl = os.path.join(args.build, "bin", "gecl")
        self.ort = args.ort if os.path.isdir(os.path.join(args.ort, "onnxruntime-node")) else None
        try:
            import torch
            torch.set_num_threads(args.threads)
            self.torch = torch
        except ImportError:
            self.torch = None

    def gecl_bench(self, model, runs, env=None):
        out = run([self.gecl, "bench", model, "--runs", str(runs), "--warmup", "3", "--json"], env=env)
        return last_json(out)

    def ort_bench(self, model, x_npy, y_npy, runs):
        if not self.ort:
            return None
        env = dict(os.environ, NODE_PATH=self.ort)
        out = run(["node", os.path.join(HERE, "ort_bench.js"), model, x_npy, y_npy, str(runs), "3",
                   str(self.args.threads), "json"], env=env)
        return last_json(out)

    def torch_ms(self, fn, runs):
        if not self.torch:
            return None
        with self.torch.no_grad():
            for _ in range(3):
                fn()
            ms = []
            for _ in range(runs):
                t0 = time.perf_counter()
                fn()
                ms.append((time.perf_counter() - t0) * 1e3)
        return statistics.median(ms)


def interleaved(peers, rounds, contestants):
    """contestants: name -> callable returning ms or None. Median over rounds, None when missing."""
    got = {name: [] for name in contestants}
    for _ in range(rounds):
        for name, fn in contestants.items():
            ms = fn()
            if ms is not None:
                got[name].append(ms)
    return {name: (statistics.median(v) if v else None) for name, v in got.items()}


def ratio(a, b):
    return a / b if a and b else None


def fmt(v, spec="%.3f"):
    return spec % v if v is not None else "missing"


def print_table(title, rows, cols):
    print(f"\n[{title}]")
    print("  ".join(f"{c:>14}" if i else f"{c:<34}" for i, c in enumerate(cols)))
    for r in rows:
        cells = [r.get(c) for c in cols]
        print("  ".join((f"{fmt(v):>14}" if not isinstance(v, str) else f"{v:>14}") if i else f"{v:<34}"
                        for i, v in enumerate(cells)))


# ---- sections ------------------------------------------------------------------------------

def section_gemm(peers, args):
    exe = os.path.join(args.build, "bin", "bench_gemm")
    if not os.path.exists(exe):
        print("\n[gemm] bench_gemm missing (OpenBLAS not found at configure time)")
        return []
    tmp = os.path.join(args.work, "gemm.json")
    cmd = [exe, "--json", tmp, "--threads", str(args.threads)] + (["--quick"] if args.quick else [])
    if run(cmd, env=dict(os.environ, OPENBLAS_CORETYPE=args.openblas_core) if args.openblas_core else None) is None:
        return []
    cases = json.load(open(tmp))["cases"]
    rows = []
    for c in cases:
        row = {"case": c["name"], "gecl_ms": c.get("gecl_ms"), "openblas_ms": c.get("openblas_ms"),
               "clblast_ms": c.get("clblast_ms"), "gecl_gflops": c.get("gecl_gflops"),
               "openblas_gflops": c.get("openblas_gflops")}
        if peers.torch:
            t = peers.torch
            a = t.randn(c["m"], c["k"])
            b = t.randn(c["k"], c["n"])
            row["torch_ms"] = statistics.median(peers.torch_ms(lambda: t.mm(a, b), args.runs) for _ in range(args.rounds))
        else:
            row["torch_ms"] = None
        for p in ("openblas", "clblast", "torch"):
            row[f"gecl/{p}"] = ratio(row["gecl_ms"], row[f"{p}_ms"])
        rows.append(row)
    print_table("gemm: ms per MatMulV2 (bench_gemm interleaves gecl, OpenBLAS, CLBlast; torch.mm after)", rows,
                ["case", "gecl_ms", "openblas_ms", "clblast_ms", "torch_ms", "gecl/openblas", "gecl/clblast",
                 "gecl/torch"])
    return rows


def conv_layers(torch, torchvision):
    """Distinct Conv2d layers of ResNet-18 and MobileNetV2 on a 224x224 input."""
    seen, layers = set(), []
    for name, ctor in (("resnet18", torchvision.models.resnet18), ("mobilenet_v2", torchvision.models.mobilenet_v2)):
        model = ctor(weights=None).eval()
        hooks = []

        def hook(m, inp, out, name=name):
            x = inp[0]
            key = (m.in_channels, m.out_channels, m.kernel_size[0], m.stride[0], m.padding[0], m.groups, x.shape[2])
            if key not in seen:
                seen.add(key)
                layers.append((name, key))

        for m in model.modules():
            if isinstance(m, torch.nn.Conv2d):
                hooks.append(m.register_forward_hook(hook))
        with torch.no_grad():
            model(torch.zeros(1, 3, 224, 224))
        for h in hooks:
            h.remove()
    return layers


def conv_model(torch, key, path):
    import onnx
    from onnx import helper, numpy_helper, TensorProto
    ci, co, k, s, p, g, hw = key
    gen = torch.Generator().manual_seed(hash(key) & 0xffff)
    w = torch.randn(co, ci // g, k, k, generator=gen) * (2.0 / (ci // g * k * k)) ** 0.5
    b = torch.randn(co, generator=gen) * 0.1
    x = torch.randn(1, ci, hw, hw, generator=gen)
    node = helper.make_node("Conv", ["x", "w", "b"], ["y"], kernel_shape=[k, k], strides=[s, s], pads=[p] * 4, group=g)
    y = torch.nn.functional.conv2d(x, w, b, stride=s, padding=p, groups=g)
    graph = helper.make_graph([node], "conv", [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x.shape))],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, list(y.shape))],
                              [numpy_helper.from_array(w.numpy(), "w"), numpy_helper.from_array(b.numpy(), "b")])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), path + ".onnx")
    np.save(path + ".input.npy", x.numpy())
    np.save(path + ".output.npy", y.numpy())
    return x, w, b, 2.0 * co * (ci // g) * k * k * y.shape[2] * y.shape[3]


def check_gecl(peers, model, x_npy, y_npy, what):
    out_dir = tempfile.mkdtemp()
    try:
        if run([peers.gecl, "run", model, "--input", f"{_input_name(model)}={x_npy}", "--output-dir", out_dir]) is None:
            return None
        got = np.load(os.path.join(out_dir, os.listdir(out_dir)[0]))
        want = np.load(y_npy)
        err = float(np.abs(got - want).max() / max(np.abs(want).max(), 1e-30))
        if not np.isfinite(err) or err > 1e-4:
            failures.append(f"{what}: gecl's output differs from PyTorch's: {err:.2e}")
        return err
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


def _input_name(model):
    import onnx
    m = onnx.load(model, load_external_data=False)
    inits = {i.name for i in m.graph.initializer}
    return next(i.name for i in m.graph.input if i.name not in inits)


def section_conv(peers, args):
    if not peers.torch:
        print("\n[conv] missing: PyTorch (python3-torch) builds the layers")
        return []
    import torchvision
    t = peers.torch
    d = os.path.join(args.work, "conv")
    os.makedirs(d, exist_ok=True)
    rows = []
    for net, key in conv_layers(t, torchvision):
        ci, co, k, s, p, g, hw = key
        name = f"{net} {ci}->{co} {k}x{k}/{s}{' dw' if g > 1 else ''} @{hw}"
        path = os.path.join(d, "conv_%d_%d_%d_%d_%d_%d_%d" % key)
        x, w, b, flops = conv_model(t, key, path)
        m, xn, yn = path + ".onnx", path + ".input.npy", path + ".output.npy"
        err = check_gecl(peers, m, xn, yn, name)
        f = t.nn.functional.conv2d
        res = interleaved(peers, args.rounds, {
            "gecl": lambda: (peers.gecl_bench(m, args.runs) or {}).get("median_ms"),
            "ort": lambda: (peers.ort_bench(m, xn, yn, args.runs) or {}).get("median_ms"),
            "torch": lambda: peers.torch_ms(lambda: f(x, w, b, stride=s, padding=p, groups=g), args.runs)})
        row = {"case": name, "gecl_ms": res["gecl"], "ort_ms": res["ort"], "torch_ms": res["torch"],
               "gecl_gflops": flops / res["gecl"] / 1e6 if res["gecl"] else None, "err": err}
        row["gecl/ort"] = ratio(row["gecl_ms"], row["ort_ms"])
        row["gecl/torch"] = ratio(row["gecl_ms"], row["torch_ms"])
        rows.append(row)
    print_table("conv: ms per Conv2D layer (+bias), batch 1; ORT = ONNX Runtime CPU EP; torch = conv2d (oneDNN)", rows,
                ["case", "gecl_ms", "ort_ms", "torch_ms", "gecl_gflops", "gecl/ort", "gecl/torch"])
    print("  im2col + CLBlast for 3x3 convolutions: build/bin/bench_graph (docs/bench.md)")
    return rows


def section_models(peers, args):
    d = os.path.join(args.work, "models")
    os.makedirs(d, exist_ok=True)
    rows = []
    for batch in (1, 8):
        if not peers.torch:
            print("\n[models] missing: PyTorch (python3-torch, python3-torchvision) exports the models")
            return rows
        for name in MODELS:
            stem = name if batch == 1 else f"{name}.b{batch}"
            base = os.path.join(d, stem)
            if not os.path.exists(base + ".onnx"):
                if run(["/usr/bin/python3", os.path.join(HERE, "export_models.py"), d, "--models", name, "--batch",
                        str(batch)]) is None:
                    continue
            m, xn, yn = base + ".onnx", base + ".input.npy", base + ".output.npy"
            err = check_gecl(peers, m, xn, yn, stem)
            import torchvision
            t = peers.torch
            net = getattr(torchvision.models, name)(weights=None).eval()
            x = t.from_numpy(np.load(xn))
            res = interleaved(peers, args.rounds, {
                "gecl": lambda: (peers.gecl_bench(m, args.runs) or {}).get("median_ms"),
                "ort": lambda: (peers.ort_bench(m, xn, yn, args.runs) or {}).get("median_ms"),
                "torch": lambda: peers.torch_ms(lambda: net(x), args.runs)})
            row = {"case": f"{name} batch {batch}", "gecl_ms": res["gecl"], "ort_ms": res["ort"],
                   "torch_ms": res["torch"], "err": err}
            row["gecl/ort"] = ratio(row["gecl_ms"], row["ort_ms"])
            row["gecl/torch"] = ratio(row["gecl_ms"], row["torch_ms"])
            rows.append(row)
    print_table("models: ms per inference (median), %d threads each" % args.threads, rows,
                ["case", "gecl_ms", "ort_ms", "torch_ms", "gecl/ort", "gecl/torch"])
    return rows


def section_overhead(peers, args):
    rows = []
    exe = os.path.join(args.build, "bin", "bench_overhead")
    j = os.path.join(args.work, "overhead.json")
    if run([exe, "--json", j]) is not None:
        r = json.load(open(j))
        rows.append({"case": "100 one-launch nodes vs raw clEnqueue", "gecl_ms": r["gecl_ms"], "peer_ms": r["raw_ms"],
                     "gecl/peer": r["ratio"]})
    import onnx
    from onnx import helper, numpy_helper, TensorProto
    base = os.path.join(args.work, "tiny_add")
    g = helper.make_graph([helper.make_node("Add", ["a", "b"], ["y"])], "tiny",
                          [helper.make_tensor_value_info("a", TensorProto.FLOAT, [1, 1024])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 1024])],
                          [numpy_helper.from_array(np.ones((1, 1024), np.float32), "b")])
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), base + ".onnx")
    a = np.random.default_rng(1).standard_normal((1, 1024)).astype(np.float32)
    np.save(base + ".input.npy", a)
    np.save(base + ".output.npy", a + 1)
    m = base + ".onnx"
    res = interleaved(peers, args.rounds, {
        "gecl": lambda: (peers.gecl_bench(m, 200) or {}).get("median_ms"),
        "ort": lambda: (peers.ort_bench(m, base + ".input.npy", base + ".output.npy", 200) or {}).get("median_ms")})
    rows.append({"case": "one Add (1024 floats): RunGraph vs ORT run", "gecl_ms": res["gecl"], "peer_ms": res["ort"],
                 "gecl/peer": ratio(res["gecl"], res["ort"])})
    print_table("overhead: ms per run", rows, ["case", "gecl_ms", "peer_ms", "gecl/peer"])
    return rows


def section_load(peers, args):
    m = os.path.join(args.work, "models", "resnet18.onnx")
    if not os.path.exists(m) and run(["/usr/bin/python3", os.path.join(HERE, "export_models.py"),
                                      os.path.dirname(m), "--models", "resnet18"]) is None:
        return []
    rows = []
    # Cold: both caches empty but on, as on a fresh CI machine (PoCL's cache off instead would also
    # leave gecl's stored binaries without the kernels PoCL compiles at the first launch). Then the
    # same without gecl's disk cache: on PoCL, storing a binary makes PoCL generate every kernel a
    # second time (for any local size), and PoCL's own cache then serves the warm loads.
    dirs = [tempfile.mkdtemp(prefix="gecl-cold-") for _ in range(3)]
    try:
        both = dict(os.environ, GECL_CACHE_DIR=dirs[0], POCL_CACHE_DIR=dirs[1])
        pocl_only = dict(os.environ, GECL_DISK_CACHE="0", POCL_CACHE_DIR=dirs[2])
        for what, env in (("cold", both), ("warm", both), ("warm (again)", both),
                          ("cold, GECL_DISK_CACHE=0", pocl_only), ("warm, GECL_DISK_CACHE=0", pocl_only)):
            t0 = time.perf_counter()
            r = peers.gecl_bench(m, 1, env=env)
            wall = (time.perf_counter() - t0) * 1e3
            if r:
                rows.append({"case": f"resnet18 {what}", "open_ms": r["open_ms"], "load_ms": r["load_ms"],
                             "process_ms": wall})
    finally:
        for d in dirs:
            shutil.rmtree(d, ignore_errors=True)
    if peers.ort:
        r = peers.ort_bench(m, m.replace(".onnx", ".input.npy"), m.replace(".onnx", ".output.npy"), 1)
        if r:
            rows.append({"case": "resnet18 ONNX Runtime", "open_ms": None, "load_ms": r["load_ms"], "process_ms": None})
    print_table("load: ResNet-18 (open = GE up + model parsed; load = compile + load + first run)", rows,
                ["case", "open_ms", "load_ms", "process_ms"])
    return rows


def section_peak(peers, args):
    """The device's peak single-precision GFLOP/s and global-memory GB/s as clpeak measures them
    (best vector width of each), the yardsticks for the GFLOP/s columns."""
    exe = shutil.which("clpeak")
    if not exe:
        print("\n[peak] missing: clpeak (Debian: clpeak)")
        return []
    out = run([exe, "-p", str(args.clpeak_platform), "-d", "0", "--compute-sp", "--global-bandwidth"]) or ""
    best, section = {}, None
    for line in out.splitlines():
        if "(GFLOPS)" in line or "(GBPS)" in line:
            section = "sp_gflops" if "GFLOPS" in line else "global_gbps"
        elif section and ":" in line:
            try:
                best[section] = max(best.get(section, 0.0), float(line.split(":")[1].split()[0]))
            except (ValueError, IndexError):
                pass
    rows = [{"case": "clpeak", "sp_gflops": best.get("sp_gflops"), "global_gbps": best.get("global_gbps")}]
    print_table("peak: clpeak on the benchmarked device", rows, ["case", "sp_gflops", "global_gbps"])
    return rows


SECTIONS = {"peak": section_peak, "gemm": section_gemm, "conv": section_conv, "models": section_models, "overhead": section_overhead,
            "load": section_load}


def chart(results, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print(f"(no chart: python3-matplotlib is not installed)")
        return
    bars = []
    for sec, rows in results["sections"].items():
        for r in rows:
            for k, v in r.items():
                if k.startswith("gecl/") and v:
                    bars.append((f"{sec}: {r['case']} / {k[5:]}", v))
    if not bars:
        return
    fig, ax = plt.subplots(figsize=(10, max(3, 0.22 * len(bars))))
    ax.barh([b[0] for b in bars], [b[1] for b in bars], color=["tab:green" if b[1] <= 1 else "tab:red" for b in bars])
    ax.axvline(1.0, color="black", lw=0.8)
    ax.set_xscale("log")
    ax.set_xlabel("gecl time / peer time (log scale; < 1: gecl faster)")
    ax.invert_yaxis()
    ax.tick_params(axis="y", labelsize=6)
    ax.set_title(results["device"])
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"chart: {path}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    ap.add_argument("--sections", default=",".join(SECTIONS))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--threads", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--ort", default="/tmp/ort/node_modules", help="node_modules holding onnxruntime-node")
    ap.add_argument("--openblas-core", default="", help="OPENBLAS_CORETYPE for bench_gemm (e.g. SkylakeX)")
    ap.add_argument("--clpeak-platform", type=int, default=0, help="clpeak's platform number of the device")
    ap.add_argument("--quick", action="store_true", help="1 round of 5 runs: a smoke run, not figures")
    args = ap.parse_args()
    if args.quick:
        args.rounds, args.runs = 1, 5
    args.out = os.path.abspath(args.out)
    args.work = os.path.join(args.out, "work")  # models, inputs, references: not results
    os.makedirs(args.work, exist_ok=True)
    peers = Peers(args)
    if not os.path.exists(peers.gecl):
        sys.exit(f"run_all.py: {peers.gecl} not found: build first (--build DIR)")
    devices = run([peers.gecl, "devices"]) or ""
    named = [l.split(":", 1)[1].strip() for l in devices.splitlines() if l.startswith("device 0:")]
    results = {"device": named[0] if named else "?", "threads": args.threads,
               "rounds": args.rounds, "runs": args.runs,
               "peers": {"onnxruntime": bool(peers.ort), "torch": peers.torch.__version__ if peers.torch else None},
               "sections": {}}
    print(f"device: {results['device']}; {args.threads} threads; {args.rounds} rounds of {args.runs} runs")
    for sec in [s for s in args.sections.split(",") if s]:
        if sec not in SECTIONS:
            sys.exit(f"run_all.py: unknown section {sec}; known: {', '.join(SECTIONS)}")
        results["sections"][sec] = SECTIONS[sec](peers, args)
    # Yardsticks for the GFLOP/s figures: clpeak's single-precision peak, and the best rate OpenBLAS
    # reached in this run (on PoCL, clpeak's dependent multiply-add chains run one work-item at a
    # time and report far below what the cores do: see docs/bench.md).
    peaks = {"clpeak": (results["sections"].get("peak") or [{}])[0].get("sp_gflops"),
             "openblas": max((r.get("openblas_gflops") or 0 for r in results["sections"].get("gemm", [])), default=0)}
    results["peaks_gflops"] = peaks
    for name, peak in peaks.items():
        if not peak:
            continue
        print(f"\n[gecl's GFLOP/s as a fraction of {name}'s {peak:.0f}]")
        for sec, rows in results["sections"].items():
            for r in rows:
                if r.get("gecl_gflops"):
                    r[f"gecl_of_{name}_peak"] = r["gecl_gflops"] / peak
                    print(f"{sec + ': ' + r['case']:<50} {r['gecl_gflops']:8.1f} GFLOP/s  {r['gecl_gflops'] / peak:7.1%}")
    results["failures"] = failures
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    print(f"\nresults: {os.path.join(args.out, 'results.json')}")
    chart(results, os.path.join(args.out, "ratios.png"))
    for f in failures:
        print("FAILED:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
