#!/usr/bin/env python3
"""make_reduce_cases.py OUT_DIR [NODE_CASES_DIR]: ONNX backend-style cases (model.onnx +
test_data_set_0) for converter paths of cvt_reduce.c that libonnx-testdata does not exercise,
with expected outputs computed here from the ONNX operator definitions:
- reductions with axes as an attribute (opset 11), absent (all axes; noop_with_empty_axes),
  computed by other nodes (folded during inference), ReduceMin / ReduceL2 over all axes;
- ArgMax with select_last_index on a negative axis without keepdims, ArgMin at opset 11;
- with NODE_CASES_DIR: Softmax / LogSoftmax / Hardmax cases of opset 13 rewritten to opset 11,
  where the input is coerced to 2-D at `axis` (default 1), with outputs for those semantics.
Protobuf is written by hand (no onnx package needed)."""
import math
import os
import random
import shutil
import struct
import sys

OUT = sys.argv[1]
NODE = sys.argv[2] if len(sys.argv) > 2 else None


def vi(x):
    if x < 0:
        x += 1 << 64
    out = b""
    while True:
        c = x & 0x7F
        x >>= 7
        if x:
            out += bytes([c | 0x80])
        else:
            return out + bytes([c])


def read_vi(b, i):
    r = s = 0
    while True:
        c = b[i]
        i += 1
        r |= (c & 0x7F) << s
        s += 7
        if c < 0x80:
            return r, i


def fields(b):
    i, out = 0, []
    while i < len(b):
        k, i = read_vi(b, i)
        f, t = k >> 3, k & 7
        if t == 0:
            v, i = read_vi(b, i)
        elif t == 1:
            v, i = b[i:i + 8], i + 8
        elif t == 5:
            v, i = b[i:i + 4], i + 4
        else:
            n, i = read_vi(b, i)
            v, i = b[i:i + n], i + n
        out.append((f, t, v))
    return out


def fld(n, wt, payload):
    k = vi((n << 3) | wt)
    return k + vi(payload) if wt == 0 else k + vi(len(payload)) + payload


def s(n, x):
    return fld(n, 2, x.encode() if isinstance(x, str) else x)


def tensor(dims, dt, vals):
    fmt = {1: "f", 6: "i", 7: "q"}[dt]
    return b"".join(fld(1, 0, d) for d in dims) + fld(2, 0, dt) + s(9, struct.pack("<%d%s" % (len(vals), fmt), *vals))


def attr_i(name, v):
    return s(1, name) + fld(3, 0, v) + fld(20, 0, 2)


def attr_ints(name, vs):
    return s(1, name) + b"".join(fld(8, 0, v) for v in vs) + fld(20, 0, 7)


def attr_t(name, t):
    return s(1, name) + s(5, t) + fld(20, 0, 4)


def node(op, ins, outs, attrs=()):
    return b"".join(s(1, i) for i in ins) + b"".join(s(2, o) for o in outs) + s(4, op) + b"".join(s(5, a) for a in attrs)


def valinfo(name, dt, dims):
    shape = b"".join(s(1, fld(1, 0, d)) for d in dims)
    return s(1, name) + s(2, s(1, fld(1, 0, dt) + s(2, shape)))


def model(nodes, inputs, outputs, opset):
    g = b"".join(s(1, n) for n in nodes) + s(2, "g") + b"".join(s(11, v) for v in inputs) + b"".join(s(12, v) for v in outputs)
    return fld(1, 0, 7) + s(7, g) + s(8, s(1, "") + fld(2, 0, opset))


def case(name, m, ins, outs):
    d = os.path.join(OUT, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d + "/test_data_set_0")
    open(d + "/model.onnx", "wb").write(m)
    for i, t in enumerate(ins):
        open(d + "/test_data_set_0/input_%d.pb" % i, "wb").write(t)
    for i, t in enumerate(outs):
        open(d + "/test_data_set_0/output_%d.pb" % i, "wb").write(t)


# ---- hand-made models over one [2, 3, 4] input with ties ----
random.seed(1)
x = [float(random.randint(-3, 3)) for _ in range(24)]
X = tensor([2, 3, 4], 1, x)
XI = [valinfo("x", 1, [2, 3, 4])]


def at(i, j, k):
    return (i * 3 + j) * 4 + k


ref = [sum(x[at(i, j, k)] for i in range(2) for k in range(4)) for j in range(3)]
case("reduce_sum_opset11_axes_attribute",
     model([node("ReduceSum", ["x"], ["y"], [attr_ints("axes", [0, 2]), attr_i("keepdims", 0)])], XI, [valinfo("y", 1, [3])], 11),
     [X], [tensor([3], 1, ref)])
# axes = Neg(Constant [1]): not a constant at import, folded by inference
ref = [sum(x[at(i, j, k)] for k in range(4)) for i in range(2) for j in range(3)]
case("reduce_sum_computed_axes",
     model([node("Constant", [], ["a"], [attr_t("value", tensor([1], 7, [1]))]), node("Neg", ["a"], ["na"]),
            node("ReduceSum", ["x", "na"], ["y"], [attr_i("keepdims", 1)])], XI, [valinfo("y", 1, [2, 3, 1])], 13),
     [X], [tensor([2, 3, 1], 1, ref)])
case("reduce_sum_no_axes", model([node("ReduceSum", ["x"], ["y"], [attr_i("keepdims", 0)])], XI, [valinfo("y", 1, [])], 13),
     [X], [tensor([], 1, [sum(x)])])
case("reduce_sum_no_axes_noop",
     model([node("ReduceSum", ["x"], ["y"], [attr_i("noop_with_empty_axes", 1)])], XI, [valinfo("y", 1, [2, 3, 4])], 13), [X], [X])
case("reduce_min_all", model([node("ReduceMin", ["x"], ["y"])], XI, [valinfo("y", 1, [1, 1, 1])], 13),
     [X], [tensor([1, 1, 1], 1, [min(x)])])
case("reduce_l2_all", model([node("ReduceL2", ["x"], ["y"], [attr_i("keepdims", 0)])], XI, [valinfo("y", 1, [])], 13),
     [X], [tensor([], 1, [math.sqrt(sum(v * v for v in x))])])
ref = []
for i in range(2):
    for k in range(4):
        col = [x[at(i, j, k)] for j in range(3)]
        ref.append(max(j for j in range(3) if col[j] == max(col)))
case("argmax_last_index_negative_axis",
     model([node("ArgMax", ["x"], ["y"], [attr_i("axis", -2), attr_i("keepdims", 0), attr_i("select_last_index", 1)])], XI,
           [valinfo("y", 7, [2, 4])], 13), [X], [tensor([2, 4], 7, ref)])
ref = []
for i in range(2):
    for j in range(3):
        row = [x[at(i, j, k)] for k in range(4)]
        ref.append(row.index(min(row)))
case("argmin_opset11", model([node("ArgMin", ["x"], ["y"], [attr_i("axis", 2)])], XI, [valinfo("y", 7, [2, 3, 1])], 11),
     [X], [tensor([2, 3, 1], 7, ref)])

if not NODE:
    sys.exit(0)


# ---- opset-13 softmax-family cases rewritten to opset 11 (2-D coercion at axis) ----
def read_floats(path):
    dims, vals = [], []
    for f, t, v in fields(open(path, "rb").read()):
        if f == 1:
            if t == 2:
                j = 0
                while j < len(v):
                    d, j = read_vi(v, j)
                    dims.append(d)
            else:
                dims.append(v)
        elif f in (4, 9) and t == 2:
            vals = list(struct.unpack("<%df" % (len(v) // 4), v))
    return dims, vals


def rows(dims, axis, vals, f):
    outer = 1
    for d in dims[:axis]:
        outer *= d
    inner = len(vals) // outer
    out = []
    for o in range(outer):
        out += f(vals[o * inner:(o + 1) * inner])
    return out


def softmax(r):
    m = max(r)
    e = [math.exp(v - m) for v in r]
    return [v / sum(e) for v in e]


def log_softmax(r):
    m = max(r)
    ls = math.log(sum(math.exp(v - m) for v in r))
    return [v - m - ls for v in r]


def hardmax(r):
    i = r.index(max(r))
    return [1.0 if k == i else 0.0 for k in range(len(r))]


def old(src, axis, f):
    m = open(os.path.join(NODE, src, "model.onnx"), "rb").read()
    tail = s(8, s(1, "") + fld(2, 0, 13))
    if not m.endswith(tail):
        sys.exit("%s: unexpected opset_import" % src)
    m = m[:-len(tail)] + s(8, s(1, "") + fld(2, 0, 11))
    dims, vals = read_floats(os.path.join(NODE, src, "test_data_set_0/input_0.pb"))
    case(src.replace("test_", "opset11_"), m, [open(os.path.join(NODE, src, "test_data_set_0/input_0.pb"), "rb").read()],
         [tensor(dims, 1, rows(dims, axis, vals, f))])


for name, f in (("softmax", softmax), ("logsoftmax", log_softmax), ("hardmax", hardmax)):
    for src, axis in (("axis_0", 0), ("axis_1", 1), ("axis_2", 2), ("default_axis", 1), ("negative_axis", 2)):
        old("test_%s_%s" % (name, src), axis, f)
