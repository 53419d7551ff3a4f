#!/usr/bin/env python3
"""make_loss_cases.py OUT_DIR [GECL]: ONNX backend-style cases (model.onnx + test_data_set_0) for paths of
cvt_loss.c that libonnx-testdata does not exercise (its 104 loss cases are float32 with int64
targets at opset 13, every input a graph input of known shape):
- float16 and float64 inputs (SoftmaxCrossEntropyLoss's log-softmax by ReduceLogSumExp there);
- int32 targets, opset 12, ignore_index far outside [0, C) (-100, C + 2) present in the target;
- a symbolic batch dim, and a loss on an intermediate tensor (another node's output);
- SoftmaxCrossEntropyLoss's log_prob with every reduction.
OUT_DIR/cases.txt lists the cases, OUT_DIR/float64.txt those in float64 (which a device without
cl_khr_fp64 refuses). Expected values: float32 / float64 from the ONNX package's own reference functions (the ones the
backend cases were made with); float16 from a reference that rounds to half where gecl's
composition stores half (each op's result), checked against the float64 reference as well.
With GECL (the CLI binary), models the converters must refuse (bad dtypes, ranks, shapes,
reduction) are written to OUT_DIR/bad too and `gecl info` must fail on each with its message (exit
status 1: no crash). Needs python3-onnx and numpy (Debian: python3-onnx)."""
import os
import subprocess
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper
from onnx.backend.test.case.node.negativeloglikelihoodloss import compute_negative_log_likelihood_loss as ref_nll
from onnx.backend.test.case.node.softmaxcrossentropy import softmaxcrossentropy as ref_sce

OUT = sys.argv[1]
rng = np.random.RandomState(7)
ONNX_TYPE = {np.float32: TensorProto.FLOAT, np.float16: TensorProto.FLOAT16, np.float64: TensorProto.DOUBLE,
             np.int64: TensorProto.INT64, np.int32: TensorProto.INT32}


CASES, FLOAT64 = [], []  # every case's name; those that compute in float64


def write(name, nodes, inputs, outputs, opset=13, dyn=None):
    """inputs / outputs: [(name, array)]; dyn: {input name: dims with symbols} for the model."""
    CASES.append(name)
    if any(a.dtype == np.float64 for _, a in inputs):
        FLOAT64.append(name)
    def vinfo(n, a, dims=None):
        return helper.make_tensor_value_info(n, ONNX_TYPE[a.dtype.type], dims if dims else list(a.shape))
    g = helper.make_graph(nodes, name, [vinfo(n, a, (dyn or {}).get(n)) for n, a in inputs],
                          [vinfo(n, a, (dyn or {}).get(n)) for n, a in outputs])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)], producer_name="make_loss_cases")
    m.ir_version = 7
    d = os.path.join(OUT, name)
    os.makedirs(d + "/test_data_set_0", exist_ok=True)
    open(d + "/model.onnx", "wb").write(m.SerializeToString())
    for kind, lst in (("input", inputs), ("output", outputs)):
        for i, (n, a) in enumerate(lst):
            open("%s/test_data_set_0/%s_%d.pb" % (d, kind, i), "wb").write(
                numpy_helper.from_array(np.asarray(a), n).SerializeToString())


def targets(shape, c, ii=None, dt=np.int64):
    t = rng.randint(0, c, size=shape)
    if ii is not None:
        t.flat[::3] = ii  # every third element ignored
    return t.astype(dt)


def loss_node(op, ins, outs, reduction, ii):
    attrs = {"reduction": reduction}
    if ii is not None:
        attrs["ignore_index"] = ii
    return helper.make_node(op, ins, outs, **attrs)


def nll_half(lp, t, w, reduction, ii):
    """NLL as gecl computes it for float16: each op's result rounded to half, sums in float."""
    h = np.float16
    safe = np.where(t == ii, 0, t) if ii is not None else t
    g = np.take_along_axis(lp, np.expand_dims(safe, 1), axis=1).squeeze(1).astype(h)
    l = -g
    wt = None
    if w is not None:
        wt = w[safe].astype(h)
        l = (l.astype(np.float32) * wt.astype(np.float32)).astype(h)
    if ii is not None:
        l = np.where(t == ii, h(0), l)
        wt = np.where(t == ii, h(0), wt if wt is not None else h(1)).astype(h)
    if reduction == "none":
        return l
    s = h(l.astype(np.float64).sum())
    if reduction == "sum":
        return s
    if wt is None:
        return h(l.astype(np.float64).mean())
    return h(np.float32(s) / np.float32(h(wt.astype(np.float64).sum())))


def log_softmax_half(x):
    xd = x.astype(np.float64)
    m = xd.max(axis=1, keepdims=True)
    lse = (m + np.log(np.exp(xd - m).sum(axis=1, keepdims=True))).astype(np.float16)
    return (x.astype(np.float32) - lse.astype(np.float32)).astype(np.float16)


def nll64(lp, t, w, reduction, ii):
    """NLL in float64 throughout (the ONNX reference functions compute in float32)."""
    ign = t == ii if ii is not None else np.zeros(t.shape, bool)
    safe = np.where(ign, 0, t)
    g = np.take_along_axis(lp, np.expand_dims(safe, 1), axis=1).squeeze(1)
    wt = np.where(ign, 0.0, w[safe] if w is not None else 1.0)
    l = np.where(ign, 0.0, -g * wt)
    if reduction == "none":
        return l
    return l.sum() if reduction == "sum" else l.sum() / wt.sum()


def log_softmax64(x):
    m = x.max(axis=1, keepdims=True)
    return x - (m + np.log(np.exp(x - m).sum(axis=1, keepdims=True)))


def check(got, want64):
    assert np.allclose(np.asarray(got, np.float64), want64, rtol=5e-3, atol=5e-3), (got, want64)


# ---- float16: NLL and SCE (log_prob too), weights, ignore_index outside [0, C) ----
for red in ("none", "sum", "mean"):
    x = rng.uniform(-2, 2, (3, 5, 4)).astype(np.float16)
    lp = log_softmax_half(x)
    t = targets((3, 4), 5, ii=-3)
    w = (rng.randint(1, 8, 5) * 0.25).astype(np.float16)
    want = nll_half(lp, t, w, red, -3)
    check(want, ref_nll(lp.astype(np.float64), t, w.astype(np.float64), red, -3))
    write("loss_nll_float16_weight_ii_" + red, [loss_node("NegativeLogLikelihoodLoss", ["x", "t", "w"], ["y"], red, -3)],
          [("x", lp), ("t", t), ("w", w)], [("y", np.asarray(want))])
    sce_want = nll_half(lp, t, w, red, -3)
    check(sce_want, ref_sce(x.astype(np.float64), t, w.astype(np.float64), red, -3))
    write("loss_sce_float16_weight_ii_log_prob_" + red,
          [loss_node("SoftmaxCrossEntropyLoss", ["x", "t", "w"], ["y", "lp"], red, -3)],
          [("x", x), ("t", t), ("w", w)], [("y", np.asarray(sce_want)), ("lp", lp)])
x = rng.uniform(-2, 2, (4, 3)).astype(np.float16)
t = targets((4,), 3)
write("loss_sce_float16_mean", [loss_node("SoftmaxCrossEntropyLoss", ["x", "t"], ["y"], "mean", None)],
      [("x", x), ("t", t)], [("y", np.asarray(nll_half(log_softmax_half(x), t, None, "mean", None)))])

# ---- float64 ----
x = rng.uniform(-3, 3, (2, 6, 3, 2))
t = targets((2, 3, 2), 6, ii=6)
w = rng.uniform(0.5, 2, 6)
want = nll64(x, t, w, "mean", 6)
check(want, ref_nll(x, t, w, "mean", 6))
write("loss_nll_float64_weight_ii_mean", [loss_node("NegativeLogLikelihoodLoss", ["x", "t", "w"], ["y"], "mean", 6)],
      [("x", x), ("t", t), ("w", w)], [("y", np.asarray(want))])
lp = log_softmax64(x)
want = nll64(lp, t, None, "none", 6)
check(want, ref_sce(x, t, None, "none", 6))
write("loss_sce_float64_ii_none_log_prob", [loss_node("SoftmaxCrossEntropyLoss", ["x", "t"], ["y", "lp"], "none", 6)],
      [("x", x), ("t", t)], [("y", want), ("lp", lp)])

# ---- int32 targets, opset 12, ignore_index -100 (PyTorch's) ----
x = rng.uniform(-3, 3, (4, 7, 3)).astype(np.float32)
t = targets((4, 3), 7, ii=-100, dt=np.int32)
write("loss_nll_int32_target_opset12_sum", [loss_node("NegativeLogLikelihoodLoss", ["x", "t"], ["y"], "sum", -100)],
      [("x", x), ("t", t)], [("y", np.asarray(ref_nll(x, t, None, "sum", -100)).astype(np.float32))], opset=12)
loss, lp = ref_sce(x, t, None, "mean", -100, get_log_prob=True)
write("loss_sce_int32_target_opset12_mean_log_prob",
      [loss_node("SoftmaxCrossEntropyLoss", ["x", "t"], ["y", "lp"], "mean", -100)],
      [("x", x), ("t", t)], [("y", np.asarray(loss).astype(np.float32)), ("lp", lp.astype(np.float32))], opset=12)

# an ignore_index no int32 can hold ignores nothing
x = rng.uniform(-3, 3, (3, 4)).astype(np.float32)
t = targets((3,), 4, dt=np.int32)
write("loss_nll_int32_target_ii_beyond_int32", [loss_node("NegativeLogLikelihoodLoss", ["x", "t"], ["y"], "mean", 1 << 32)],
      [("x", x), ("t", t)], [("y", np.asarray(ref_nll(x, t, None, "mean")).astype(np.float32))])

# ---- a symbolic batch dim; the loss of an intermediate tensor ----
x = rng.uniform(-3, 3, (5, 4, 2)).astype(np.float32)
t = targets((5, 2), 4, ii=9)
w = rng.uniform(0.5, 2, 4).astype(np.float32)
loss, lp = ref_sce(x, t, w, "mean", 9, get_log_prob=True)
write("loss_sce_dynamic_batch_weight_ii_mean",
      [loss_node("SoftmaxCrossEntropyLoss", ["x", "t", "w"], ["y", "lp"], "mean", 9)],
      [("x", x), ("t", t), ("w", w)], [("y", np.asarray(loss).astype(np.float32)), ("lp", lp.astype(np.float32))],
      dyn={"x": ["N", 4, 2], "t": ["N", 2], "lp": ["N", 4, 2]})
two = helper.make_tensor("two", TensorProto.FLOAT, [], [2.0])
nodes = [helper.make_node("Constant", [], ["k"], value=two), helper.make_node("Mul", ["x", "k"], ["x2"]),
         helper.make_node("LogSoftmax", ["x2"], ["l"], axis=1),
         loss_node("NegativeLogLikelihoodLoss", ["l", "t"], ["y"], "none", None)]
l = ref_sce(2 * x.astype(np.float64), t % 4, None, "none", None)
write("loss_nll_intermediate_none", nodes, [("x", x), ("t", t % 4)], [("y", l.astype(np.float32))])
x = rng.uniform(-3, 3, (3, 5, 2)).astype(np.float32)
t = targets((3, 2), 5, ii=-1)
nodes = [helper.make_node("Identity", ["t"], ["t1"]), helper.make_node("Relu", ["x"], ["xr"]),
         loss_node("SoftmaxCrossEntropyLoss", ["xr", "t1"], ["y"], "sum", -1)]
write("loss_sce_dynamic_intermediate_sum", nodes, [("x", x), ("t", t)],
      [("y", np.asarray(ref_sce(np.maximum(x, 0), t, None, "sum", -1)).astype(np.float32))],
      dyn={"x": ["N", 5, "D"], "t": ["N", "D"]})

# Lists for `gecl test-onnx --expect cases.txt [--except float64.txt]`: every case must pass, but
# for the float64 ones on a device without cl_khr_fp64 (Mesa's llvmpipe), where they are refused.
open(OUT + "/cases.txt", "w").write("".join(n + "\n" for n in CASES))
open(OUT + "/float64.txt", "w").write("# computes in float64: refused without cl_khr_fp64\n" + "".join(n + "\n" for n in FLOAT64))

# ---- models to refuse: (name, op, [(input, type, dims)], attrs, what the message says) ----
BAD = [
    ("reduction", "NegativeLogLikelihoodLoss", [("x", 1, [3, 5]), ("t", 7, [3])], {"reduction": "avg"}, "reduction 'avg'"),
    ("int_input", "NegativeLogLikelihoodLoss", [("x", 6, [3, 5]), ("t", 7, [3])], {}, "input 0 of DT_INT32"),
    ("float_target", "SoftmaxCrossEntropyLoss", [("x", 1, [3, 5]), ("t", 1, [3])], {}, "the target is DT_FLOAT"),
    ("rank1", "SoftmaxCrossEntropyLoss", [("x", 1, [5]), ("t", 7, [])], {}, "input 0 has 1 dims"),
    ("target_shape", "NegativeLogLikelihoodLoss", [("x", 1, [3, 5, 2]), ("t", 7, [3, 4])], {}, "the target's shape"),
    ("target_rank", "SoftmaxCrossEntropyLoss", [("x", 1, ["N", 5, 2]), ("t", 7, ["N"])], {}, "the target's shape"),
    ("weight_dtype", "NegativeLogLikelihoodLoss", [("x", 1, [3, 5]), ("t", 7, [3]), ("w", 10, [5])], {},
     "the weight is DT_FLOAT16"),
    ("weight_shape", "SoftmaxCrossEntropyLoss", [("x", 1, [3, 5]), ("t", 7, [3]), ("w", 1, [5, 2])], {},
     "the weight must be 1-D"),
    ("weight_classes", "NegativeLogLikelihoodLoss", [("x", 1, [3, 5]), ("t", 7, [3]), ("w", 1, [4])], {},
     "the weight must be 1-D"),
]
if len(sys.argv) > 2:
    failures = 0
    os.makedirs(OUT + "/bad", exist_ok=True)
    for name, op, ins, attrs, text in BAD:
        vi = [helper.make_tensor_value_info(n, t, d) for n, t, d in ins]
        out = [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)]
        g = helper.make_graph([helper.make_node(op, [i[0] for i in ins], ["y"], **attrs)], name, vi, out)
        m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
        m.ir_version = 7
        path = "%s/bad/%s.onnx" % (OUT, name)
        open(path, "wb").write(m.SerializeToString())
        r = subprocess.run([sys.argv[2], "info", path], capture_output=True, text=True)
        ok = r.returncode == 1 and text in r.stdout + r.stderr
        print("%s bad/%s: exit %d %s" % ("ok" if ok else "FAIL", name, r.returncode, (r.stdout + r.stderr).strip()))
        failures += not ok
    sys.exit(1 if failures else 0)
