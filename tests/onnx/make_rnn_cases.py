#!/usr/bin/env python3
"""make_rnn_cases.py OUT_DIR: ONNX backend-style cases (model.onnx + test_data_set_0) for the paths
of cvt_rnn.c that libonnx-testdata's twelve RNN / GRU / LSTM cases miss: reverse and bidirectional
directions, layout 1, sequence_lens as a graph input with mixed lengths (and as an initializer),
initial states, Y_c, clip, GRU's linear_before_reset, LSTM's input_forget and peepholes, other
activations with activation_alpha / beta, weights as initializers (folded), opset 7 and a dynamic
batch. Expected outputs come from a numpy reference written from the ONNX operator equations,
in double precision; each batch entry runs over its own sequence_lens steps (the reverse direction
from its last valid step), Y is 0 past them and Y_h / Y_c hold the last valid state.
Needs python3-onnx and numpy (Debian's /usr/bin/python3)."""
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]
rng = np.random.default_rng(20240917)


def act(name, x, alpha, beta):
    n = name.lower()
    if n == "relu":
        return np.maximum(x, 0)
    if n == "tanh":
        return np.tanh(x)
    if n == "sigmoid":
        return 1 / (1 + np.exp(-x))
    if n == "leakyrelu":
        return np.where(x >= 0, x, alpha * x)
    if n == "thresholdedrelu":
        return np.where(x > alpha, x, 0)
    if n == "hardsigmoid":
        return np.clip(alpha * x + beta, 0, 1)
    if n == "elu":
        return np.where(x >= 0, x, alpha * (np.exp(x) - 1))
    if n == "softsign":
        return x / (1 + np.abs(x))
    if n == "softplus":
        return np.log1p(np.exp(x))
    if n == "affine":
        return alpha * x + beta
    if n == "scaledtanh":
        return alpha * np.tanh(beta * x)
    raise ValueError(name)


TAKES = {"leakyrelu": (1, 0, 0.01, 0), "thresholdedrelu": (1, 0, 1.0, 0), "hardsigmoid": (1, 1, 0.2, 0.5),
         "elu": (1, 0, 1.0, 0), "affine": (1, 1, 1.0, 0.0), "scaledtanh": (1, 1, None, None)}
DEFAULT_ACTS = {"RNN": ["Tanh"], "GRU": ["Sigmoid", "Tanh"], "LSTM": ["Sigmoid", "Tanh", "Tanh"]}


def resolve_acts(kind, dirs, names, alphas, betas):
    """(name, alpha, beta) per direction and position: alpha / beta are taken in order by the
    activations that use them."""
    n = len(DEFAULT_ACTS[kind])
    names = names or DEFAULT_ACTS[kind]
    if len(names) == n:
        names = names * dirs
    alphas, betas = list(alphas or []), list(betas or [])
    out = []
    for name in names:
        ta, tb, da, db = TAKES.get(name.lower(), (0, 0, 0, 0))
        a = alphas.pop(0) if ta and alphas else da
        b = betas.pop(0) if tb and betas else db
        out.append((name, a, b))
    return [out[d * n:(d + 1) * n] for d in range(dirs)]


def reference(kind, X, W, R, B, lens, h0, c0, P, hidden, direction, layout, acts, clip, lbr, input_forget):
    X = X.astype(np.float64)
    if layout:
        X = X.transpose(1, 0, 2)
        h0 = None if h0 is None else h0.transpose(1, 0, 2)
        c0 = None if c0 is None else c0.transpose(1, 0, 2)
    T, N, _ = X.shape
    D = 2 if direction == "bidirectional" else 1
    H = hidden
    G = {"RNN": 1, "GRU": 3, "LSTM": 4}[kind]
    lens = np.full(N, T) if lens is None else lens
    Y = np.zeros((T, D, N, H))
    Yh = np.zeros((D, N, H))
    Yc = np.zeros((D, N, H))

    def cl(v):
        return v if clip is None else np.clip(v, -clip, clip)

    for d in range(D):
        rev = direction == "reverse" or d == 1
        Wd, Rd = W[d].astype(np.float64), R[d].astype(np.float64)
        Bd = np.zeros(2 * G * H) if B is None else B[d].astype(np.float64)
        Wb, Rb = Bd[:G * H], Bd[G * H:]
        Pd = np.zeros(3 * H) if P is None else P[d].astype(np.float64)
        f, g, hh_act = (acts[d] + [None, None])[:3]
        for b in range(N):
            h = np.zeros(H) if h0 is None else h0[d, b].astype(np.float64)
            c = np.zeros(H) if c0 is None else c0[d, b].astype(np.float64)
            steps = range(lens[b])
            for t in (reversed(steps) if rev else steps):
                x = X[t, b]
                if kind == "RNN":
                    h = act(f[0], cl(Wd @ x + Rd @ h + Wb + Rb), f[1], f[2])
                elif kind == "GRU":
                    gx = Wd @ x + Wb
                    z = act(f[0], cl(gx[:H] + Rd[:H] @ h + Rb[:H]), f[1], f[2])
                    r = act(f[0], cl(gx[H:2 * H] + Rd[H:2 * H] @ h + Rb[H:2 * H]), f[1], f[2])
                    if lbr:
                        pre = gx[2 * H:] + r * (Rd[2 * H:] @ h + Rb[2 * H:])
                    else:
                        pre = gx[2 * H:] + Rd[2 * H:] @ (r * h) + Rb[2 * H:]
                    ht = act(g[0], cl(pre), g[1], g[2])
                    h = (1 - z) * ht + z * h
                else:
                    gs = Wd @ x + Rd @ h + Wb + Rb
                    gi, go, gf, gc = gs[:H], gs[H:2 * H], gs[2 * H:3 * H], gs[3 * H:]
                    i = act(f[0], cl(gi + Pd[:H] * c), f[1], f[2])
                    ff = 1 - i if input_forget else act(f[0], cl(gf + Pd[2 * H:] * c), f[1], f[2])
                    ct = act(g[0], cl(gc), g[1], g[2])
                    c = ff * c + i * ct
                    o = act(f[0], cl(go + Pd[H:2 * H] * c), f[1], f[2])
                    h = o * act(hh_act[0], c, hh_act[1], hh_act[2])
                Y[t, d, b] = h
            Yh[d, b] = h
            Yc[d, b] = c
    if layout:
        Y, Yh, Yc = Y.transpose(2, 0, 1, 3), Yh.transpose(1, 0, 2), Yc.transpose(1, 0, 2)
    return Y.astype(np.float32), Yh.astype(np.float32), Yc.astype(np.float32)


def case(name, kind, T, N, I, H, direction="forward", layout=0, bias=True, lens=None, lens_as="input",
         initial=False, peep=False, outputs=("Y", "Y_h"), acts=None, alphas=None, betas=None, clip=None,
         lbr=0, input_forget=0, weights_as="input", opset=14, dynamic_batch=False):
    D = 2 if direction == "bidirectional" else 1
    G = {"RNN": 1, "GRU": 3, "LSTM": 4}[kind]
    f32 = np.float32
    X = rng.uniform(-1, 1, (N, T, I) if layout else (T, N, I)).astype(f32)
    W = rng.uniform(-0.8, 0.8, (D, G * H, I)).astype(f32)
    R = rng.uniform(-0.8, 0.8, (D, G * H, H)).astype(f32)
    B = rng.uniform(-0.5, 0.5, (D, 2 * G * H)).astype(f32) if bias else None
    L = None if lens is None else np.array(lens, dtype=np.int32)
    st = (N, D, H) if layout else (D, N, H)
    h0 = rng.uniform(-1, 1, st).astype(f32) if initial else None
    c0 = rng.uniform(-1, 1, st).astype(f32) if initial and kind == "LSTM" else None
    P = rng.uniform(-0.5, 0.5, (D, 3 * H)).astype(f32) if peep else None
    Y, Yh, Yc = reference(kind, X, W, R, B, L, h0, c0, P, H, direction, layout,
                          resolve_acts(kind, D, acts, alphas, betas), clip, lbr, input_forget)

    inputs, inits, feeds = [], [], []
    xshape = list(X.shape)
    if dynamic_batch:
        xshape[1 if not layout else 0] = "batch"
    inputs.append(helper.make_tensor_value_info("X", TensorProto.FLOAT, xshape))
    feeds.append(("X", X))
    names = ["X"]
    for nm, v in (("W", W), ("R", R), ("B", B), ("sequence_lens", L), ("initial_h", h0), ("initial_c", c0), ("P", P)):
        if nm in ("initial_c", "P") and kind != "LSTM":
            continue
        if v is None:
            names.append("")
            continue
        names.append(nm)
        as_init = (nm in ("W", "R", "B", "P") and weights_as == "init") or (nm == "sequence_lens" and lens_as == "init")
        if as_init:
            inits.append(numpy_helper.from_array(v, nm))
        else:
            dt = TensorProto.INT32 if nm == "sequence_lens" else TensorProto.FLOAT
            inputs.append(helper.make_tensor_value_info(nm, dt, list(v.shape)))
            feeds.append((nm, v))
    while names and names[-1] == "":
        names.pop()
    all_outs = ["Y", "Y_h", "Y_c"][:3 if kind == "LSTM" else 2]
    out_names = [o if o in outputs else "" for o in all_outs]
    while out_names and out_names[-1] == "":
        out_names.pop()
    attrs = {"hidden_size": H, "direction": direction}
    if opset >= 14 and layout:
        attrs["layout"] = layout
    if acts:
        attrs["activations"] = acts
    if alphas:
        attrs["activation_alpha"] = alphas
    if betas:
        attrs["activation_beta"] = betas
    if clip is not None:
        attrs["clip"] = clip
    if kind == "GRU" and lbr:
        attrs["linear_before_reset"] = lbr
    if kind == "LSTM" and input_forget:
        attrs["input_forget"] = input_forget
    node = helper.make_node(kind, names, out_names, name=name, **attrs)
    vals = {"Y": Y, "Y_h": Yh, "Y_c": Yc}
    outs = []
    for o in out_names:
        if not o:
            continue
        shape = list(vals[o].shape)
        if dynamic_batch:
            shape[{"Y": 0 if layout else 2, "Y_h": 0 if layout else 1, "Y_c": 0 if layout else 1}[o]] = "batch"
        outs.append(helper.make_tensor_value_info(o, TensorProto.FLOAT, shape))
    graph = helper.make_graph([node], name, inputs, outs, initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 7
    onnx.checker.check_model(model)
    d = os.path.join(OUT, "rnn_" + name)
    os.makedirs(os.path.join(d, "test_data_set_0"))
    onnx.save(model, os.path.join(d, "model.onnx"))
    for k, (nm, v) in enumerate(feeds):
        with open(os.path.join(d, "test_data_set_0", "input_%d.pb" % k), "wb") as fh:
            fh.write(numpy_helper.from_array(v, nm).SerializeToString())
    for k, o in enumerate([o for o in out_names if o]):
        with open(os.path.join(d, "test_data_set_0", "output_%d.pb" % k), "wb") as fh:
            fh.write(numpy_helper.from_array(vals[o], o).SerializeToString())


shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
# plain RNN
case("reverse_initial", "RNN", T=4, N=3, I=3, H=5, direction="reverse", initial=True)
case("bidir_layout1_lens", "RNN", T=4, N=3, I=2, H=3, direction="bidirectional", layout=1, lens=[4, 1, 3],
     initial=True, acts=["Relu", "LeakyRelu"], alphas=[0.2])
case("lens_init_opset7", "RNN", T=3, N=4, I=3, H=4, lens=[2, 3, 1, 3], lens_as="init", weights_as="init", opset=7,
     acts=["Softsign"])
case("clip_affine", "RNN", T=3, N=2, I=3, H=4, direction="bidirectional", clip=0.5,
     acts=["Affine", "ScaledTanh"], alphas=[0.7, 1.5], betas=[0.1, 0.8], outputs=("Y",))
# GRU
case("bidir_lbr_lens", "GRU", T=3, N=3, I=4, H=3, direction="bidirectional", lbr=1, lens=[3, 1, 2], initial=True)
case("reverse_layout1_clip", "GRU", T=4, N=2, I=3, H=4, direction="reverse", layout=1, bias=False, initial=True,
     clip=0.7)
case("lbr_nobias_zero_state", "GRU", T=3, N=2, I=2, H=3, lbr=1, bias=False,
     acts=["HardSigmoid", "Elu"], alphas=[0.3, 0.9], betas=[0.6])
case("dynamic_batch_init", "GRU", T=3, N=3, I=2, H=4, direction="bidirectional", weights_as="init",
     dynamic_batch=True)
# LSTM
case("bidir_peep_lens", "LSTM", T=4, N=3, I=3, H=3, direction="bidirectional", lens=[2, 4, 3], initial=True,
     peep=True, outputs=("Y", "Y_h", "Y_c"))
case("layout1_clip_input_forget", "LSTM", T=3, N=2, I=3, H=4, layout=1, clip=0.6, input_forget=1, initial=True,
     outputs=("Y", "Y_h", "Y_c"))
case("reverse_acts_yc", "LSTM", T=3, N=2, I=2, H=3, direction="reverse", peep=True,
     acts=["HardSigmoid", "ThresholdedRelu", "Softplus"], alphas=[0.25, 0.1], betas=[0.45], outputs=("Y_c",))
case("bidir_layout1_lens_init", "LSTM", T=3, N=4, I=2, H=2, direction="bidirectional", layout=1,
     lens=[1, 3, 2, 3], lens_as="init", weights_as="init", initial=True, outputs=("Y", "Y_h", "Y_c"))


def refused(name, kind, xshape, message, attrs=None, xdt=TensorProto.FLOAT, w_rows=None):
    """A model cvt_rnn.c must refuse, and the words its message must hold (refused/NAME.txt)."""
    G = {"RNN": 1, "GRU": 3, "LSTM": 4}[kind]
    H, I = 3, xshape[-1]
    ins = [helper.make_tensor_value_info("X", xdt, xshape),
           helper.make_tensor_value_info("W", xdt, [1, w_rows or G * H, I]),
           helper.make_tensor_value_info("R", xdt, [1, G * H, H])]
    node = helper.make_node(kind, ["X", "W", "R"], ["", "Y_h"], hidden_size=H, **(attrs or {}))
    graph = helper.make_graph([node], name, ins, [helper.make_tensor_value_info("Y_h", xdt, None)])
    d = os.path.join(OUT, "refused")
    os.makedirs(d, exist_ok=True)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)]), os.path.join(d, name + ".onnx"))
    with open(os.path.join(d, name + ".txt"), "w") as fh:
        fh.write(message + "\n")


refused("unknown_steps", "RNN", ["T", 2, 2], "unknown sequence length")
refused("double", "GRU", [3, 2, 2], "X of DT_DOUBLE", xdt=TensorProto.DOUBLE)
refused("activation", "RNN", [3, 2, 2], "activation 'Gelu'", {"activations": ["Gelu"]})
refused("direction", "LSTM", [3, 2, 2], "direction 'sideways'", {"direction": "sideways"})
refused("w_shape", "GRU", [3, 2, 2], "input W is [1, 8, 2], expected [1, 9, ?]", w_rows=8)
refused("alpha_unused", "RNN", [3, 2, 2], "activation_alpha", {"activations": ["Tanh"], "activation_alpha": [0.5]})
refused("scaledtanh", "RNN", [3, 2, 2], "needs its activation_alpha", {"activations": ["ScaledTanh"]})
refused("layout", "LSTM", [3, 2, 2], "layout is 2", {"layout": 2})
refused("clip", "LSTM", [3, 2, 2], "clip is -1", {"clip": -1.0})
