#!/usr/bin/env python3
"""gen_nn_cases.py: writes tests/onnx/nn_cases, gecl's own ONNX cases for the convolution,
pooling, normalization and matrix converters, in the backend-test layout `gecl test-onnx`
reads (model.onnx, test_data_set_0/{input,output}_N.pb). They cover what the single-node
conformance cases do not: ops on intermediate tensors (shapes inferred mid-import), weights and
BatchNormalization statistics as initializers (folded at compile time), a dynamic batch dim,
1-D MatMul operands, ConvTranspose with groups / dilations / output_padding before a
LayerNormalization. Pure Python 3 (no onnx or numpy): a minimal protobuf writer, and references
computed in double precision. Run: python3 tests/onnx/gen_nn_cases.py tests/onnx/nn_cases"""
import itertools, math, os, random, struct, sys
def varint(v):
    if v < 0: v += 1 << 64
    out = b''
    while True:
        b = v & 0x7f; v >>= 7
        if v: out += bytes([b | 0x80])
        else: return out + bytes([b])
def key(f, w): return varint((f << 3) | w)
def fv(f, v): return key(f, 0) + varint(v)
def fb(f, b):
    if isinstance(b, str): b = b.encode()
    return key(f, 2) + varint(len(b)) + b
def f32(f, v): return key(f, 5) + struct.pack('<f', v)
def tensor(name, shape, vals, dt=1):
    fmt = {1: 'f', 7: 'q', 2: 'B', 6: 'i'}[dt]
    b = b''.join(fv(1, d) for d in shape) + fv(2, dt) + fb(8, name)
    return b + fb(9, struct.pack('<%d%s' % (len(vals), fmt), *vals))
def attr(name, v):
    b = fb(1, name)
    if isinstance(v, float): return b + f32(2, v) + fv(20, 1)
    if isinstance(v, int): return b + fv(3, v) + fv(20, 2)
    if isinstance(v, str): return b + fb(4, v) + fv(20, 3)
    if isinstance(v, list) and all(isinstance(x, int) for x in v): return b + b''.join(fv(8, x) for x in v) + fv(20, 7)
    if isinstance(v, list): return b + b''.join(f32(7, x) for x in v) + fv(20, 6)
def node(op, ins, outs, **attrs):
    b = b''.join(fb(1, i) for i in ins) + b''.join(fb(2, o) for o in outs) + fb(3, outs[0] + '_n') + fb(4, op)
    return b + b''.join(fb(5, attr(k, v)) for k, v in attrs.items())
def vinfo(name, shape, dt=1):
    sh = b''.join(fb(1, fb(2, d) if isinstance(d, str) else fv(1, d)) for d in shape)
    return fb(1, name) + fb(2, fb(1, fv(1, dt) + fb(2, sh)))
def model(nodes, inits, ins, outs, opset=13):
    g = b''.join(fb(1, n) for n in nodes) + fb(2, 'g') + b''.join(fb(5, t) for t in inits)
    g += b''.join(fb(11, vinfo(*i)) for i in ins) + b''.join(fb(12, vinfo(*o)) for o in outs)
    return fv(1, 8) + fb(8, fb(1, '') + fv(2, opset)) + fb(7, g)
def write(dirn, name, nodes, inits, ins, outs, in_vals, out_vals, opset=13):
    d = os.path.join(dirn, name); os.makedirs(d + '/test_data_set_0', exist_ok=True)
    open(d + '/model.onnx', 'wb').write(model(nodes, inits, [(n, s) for n, s, _ in ins], [(n, s) for n, s, _ in outs], opset))
    for k, (n, s, r) in enumerate(ins): open(d + '/test_data_set_0/input_%d.pb' % k, 'wb').write(tensor(n, r if isinstance(r, list) else s, in_vals[k]))
    for k, (n, s, r) in enumerate(outs): open(d + '/test_data_set_0/output_%d.pb' % k, 'wb').write(tensor(n, r if isinstance(r, list) else s, out_vals[k]))
# ---- references over (shape, flat) ----
def numel(s): return math.prod(s)
def idx(s, i):
    out = []
    for d in reversed(s): out.append(i % d); i //= d
    return out[::-1]
def flat(s, ix):
    r = 0
    for d, v in zip(s, ix): r = r * d + v
    return r
def rnd(n, lo=-1.0, hi=1.0): return [random.uniform(lo, hi) for _ in range(n)]
def conv2d(xs, x, ws, w, b, pads, strides, dil, group):
    N, C, H, W = xs; M, CG, KH, KW = ws
    OH = (H + pads[0] + pads[2] - ((KH - 1) * dil[0] + 1)) // strides[0] + 1
    OW = (W + pads[1] + pads[3] - ((KW - 1) * dil[1] + 1)) // strides[1] + 1
    y = []
    MG = M // group
    for n, m, oh, ow in itertools.product(range(N), range(M), range(OH), range(OW)):
        g = m // MG; acc = b[m] if b else 0.0
        for c, kh, kw in itertools.product(range(CG), range(KH), range(KW)):
            ih = oh * strides[0] - pads[0] + kh * dil[0]; iw = ow * strides[1] - pads[1] + kw * dil[1]
            if 0 <= ih < H and 0 <= iw < W:
                acc += x[flat(xs, [n, g * CG + c, ih, iw])] * w[flat(ws, [m, c, kh, kw])]
        y.append(acc)
    return [N, M, OH, OW], y
def pool2d(xs, x, k, s, pads, is_max, ceil=0, incl=0):
    N, C, H, W = xs
    def osz(i, kk, ss, p0, p1):
        span = i + p0 + p1 - kk
        o = (span + (ss - 1 if ceil else 0)) // ss + 1
        if ceil and (o - 1) * ss >= i + p0: o -= 1
        return o
    OH = osz(H, k[0], s[0], pads[0], pads[2]); OW = osz(W, k[1], s[1], pads[1], pads[3])
    y = []
    for n, c, oh, ow in itertools.product(range(N), range(C), range(OH), range(OW)):
        h0 = oh * s[0] - pads[0]; w0 = ow * s[1] - pads[1]
        vals = [x[flat(xs, [n, c, h, w])] for h in range(max(h0, 0), min(h0 + k[0], H)) for w in range(max(w0, 0), min(w0 + k[1], W))]
        if is_max: y.append(max(vals))
        else:
            cnt = len(vals) if not incl else (min(h0 + k[0], H + pads[2]) - h0) * (min(w0 + k[1], W + pads[3]) - w0)
            y.append(sum(vals) / cnt)
    return [N, C, OH, OW], y
def bn(xs, x, sc, bi, mean, var, eps):
    C = xs[1]; inner = numel(xs[2:])
    return xs, [(v - mean[(i // inner) % C]) / math.sqrt(var[(i // inner) % C] + eps) * sc[(i // inner) % C] + bi[(i // inner) % C] for i, v in enumerate(x)]
def relu(x): return [max(v, 0.0) for v in x]
def matmul(as_, a, bs, b):
    a1 = len(as_) == 1; b1 = len(bs) == 1
    if a1: as_ = [1] + as_
    if b1: bs = bs + [1]
    M, K = as_[-2:]; K2, Nn = bs[-2:]; assert K == K2
    ba, bb = as_[:-2], bs[:-2]; r = max(len(ba), len(bb))
    ba = [1] * (r - len(ba)) + ba; bb = [1] * (r - len(bb)) + bb
    bo = [max(p, q) for p, q in zip(ba, bb)]
    y = []
    for bi_ in itertools.product(*[range(d) for d in bo]):
        ia = [i if d > 1 else 0 for i, d in zip(bi_, ba)]; ib = [i if d > 1 else 0 for i, d in zip(bi_, bb)]
        oa = flat(ba, ia) * M * K; ob = flat(bb, ib) * K * Nn
        for m, n in itertools.product(range(M), range(Nn)):
            y.append(sum(a[oa + m * K + k] * b[ob + k * Nn + n] for k in range(K)))
    return bo + ([] if a1 else [M]) + ([] if b1 else [Nn]), y
def conv_transpose2d(xs, x, ws, w, b, pads, strides, dil, group, outsz):
    N, C, H, W = xs; CI, MG, KH, KW = ws; M = MG * group; CG = C // group
    OH, OW = outsz
    y = []
    for n, m, oh, ow in itertools.product(range(N), range(M), range(OH), range(OW)):
        g = m // MG; acc = b[m] if b else 0.0
        for c, kh, kw in itertools.product(range(CG), range(KH), range(KW)):
            th = oh + pads[0] - kh * dil[0]; tw = ow + pads[1] - kw * dil[1]
            if th < 0 or tw < 0 or th % strides[0] or tw % strides[1]: continue
            ih, iw = th // strides[0], tw // strides[1]
            if ih < H and iw < W:
                acc += x[flat(xs, [n, g * CG + c, ih, iw])] * w[flat(ws, [g * CG + c, m % MG, kh, kw])]
        y.append(acc)
    return [N, M, OH, OW], y
def layer_norm(xs, x, axis, sc, bi, eps):
    inner = numel(xs[axis:]); y = []; means = []; rstds = []
    for o in range(numel(xs[:axis])):
        row = x[o * inner:(o + 1) * inner]; mu = sum(row) / inner
        v = sum((t - mu) ** 2 for t in row) / inner; r = 1 / math.sqrt(v + eps)
        means.append(mu); rstds.append(r)
        y += [(t - mu) * r * sc[j % len(sc)] + (bi[j % len(bi)] if bi else 0.0) for j, t in enumerate(row)]
    return y, means, rstds
random.seed(7)
D = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'nn_cases')
# 1. Conv(const W, B) -> BN(const) -> Relu -> MaxPool(ceil) -> GlobalAveragePool -> MatMul(4-D x 2-D)
xs = [1, 3, 9, 9]; x = rnd(numel(xs))
ws = [4, 3, 3, 3]; w = rnd(numel(ws)); b = rnd(4)
sc, bi, mu, var = rnd(4), rnd(4), rnd(4), rnd(4, 0.5, 2.0)
cs, c = conv2d(xs, x, ws, w, b, [1, 1, 1, 1], [2, 2], [1, 1], 1)
bs_, bv = bn(cs, c, sc, bi, mu, var, 1e-5)
r = relu(bv)
ps, p = pool2d(bs_, r, [3, 3], [2, 2], [0, 0, 0, 0], 1, ceil=1)
N, C, H, W = ps
g = [sum(p[(n * C + ch) * H * W:(n * C + ch + 1) * H * W]) / (H * W) for n in range(N) for ch in range(C)]
m2 = rnd(4 * 5)
ys, y = matmul([1, 4, 1, 1], g, [1, 5], m2[:5])  # [1,4,1,1] x [1,5]
nodes = [node('Conv', ['x', 'W', 'B'], ['c'], kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[2, 2]),
         node('BatchNormalization', ['c', 'sc', 'bi', 'mu', 'var'], ['b']), node('Relu', ['b'], ['r']),
         node('MaxPool', ['r'], ['p'], kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1),
         node('GlobalAveragePool', ['p'], ['g']), node('MatMul', ['g', 'M'], ['y'])]
inits = [tensor('W', ws, w), tensor('B', [4], b), tensor('sc', [4], sc), tensor('bi', [4], bi), tensor('mu', [4], mu),
         tensor('var', [4], var), tensor('M', [1, 5], m2[:5])]
write(D, 'nn_chain_conv_bn_pool', nodes, inits, [('x', xs, 1)], [('y', ys, 1)], [x], [y])
# 2. Gemm on intermediates; MatMul with 1-D operands on intermediates
a = rnd(6); bm = rnd(3 * 4); cc = rnd(4)
ar = relu(a)
_, gm = matmul([2, 3], ar, [3, 4], bm)
gy = [0.5 * v + 2.0 * cc[i % 4] for i, v in enumerate(gm)]
v1 = rnd(3); t3 = rnd(2 * 3 * 4); v4 = rnd(4)
s1, m1 = matmul([3], relu(v1), [2, 3, 4], t3)
s2, mm2 = matmul([2, 3, 4], t3, [4], relu(v4))
s3, mm3 = matmul([4], relu(v4), [4], v4)
nodes = [node('Relu', ['a'], ['ar']), node('Gemm', ['ar', 'bm', 'cc'], ['gy'], alpha=0.5, beta=2.0),
         node('Relu', ['v1'], ['v1r']), node('MatMul', ['v1r', 't3'], ['m1']),
         node('Relu', ['v4'], ['v4r']), node('MatMul', ['t3', 'v4r'], ['m2']), node('MatMul', ['v4r', 'v4'], ['m3'])]
write(D, 'nn_matmul_intermediates', nodes, [tensor('bm', [3, 4], bm), tensor('cc', [4], cc)],
      [('a', [2, 3], 1), ('v1', [3], 1), ('t3', [2, 3, 4], 1), ('v4', [4], 1)],
      [('gy', [2, 4], 1), ('m1', s1, 1), ('m2', s2, 1), ('m3', s3, 1)], [a, v1, t3, v4], [gy, m1, mm2, mm3])
# 3. Depthwise conv (groups = C), SAME_UPPER stride 2, dilation; then 1x1 conv; BN on rank 3 after Conv 1-D
xs = [2, 4, 7, 6]; x = rnd(numel(xs)); dws = [4, 1, 3, 3]; dw = rnd(numel(dws))
# SAME_UPPER stride 2: out = ceil(in/2); pads total = max((out-1)*2 + 3 - in, 0)
def same(i, k, s, d=1):
    o = (i + s - 1) // s; t = max((o - 1) * s + (k - 1) * d + 1 - i, 0); return t // 2, t - t // 2
ph, pw = same(7, 3, 2), same(6, 3, 2)
cs, c = conv2d(xs, x, dws, dw, None, [ph[0], pw[0], ph[1], pw[1]], [2, 2], [1, 1], 4)
pws = [6, 4, 1, 1]; pwv = rnd(numel(pws)); pb = rnd(6)
cs2, c2 = conv2d(cs, relu(c), pws, pwv, pb, [0, 0, 0, 0], [1, 1], [1, 1], 1)
dls = [3, 2, 2, 2]; dl = rnd(numel(dls))
cs3, c3 = conv2d(cs2, c2, [3, 2, 2, 2], dl, None, [1, 1, 1, 1], [1, 1], [2, 2], 3)
nodes = [node('Conv', ['x', 'dw'], ['c'], group=4, strides=[2, 2], auto_pad='SAME_UPPER', kernel_shape=[3, 3]),
         node('Relu', ['c'], ['cr']), node('Conv', ['cr', 'pw', 'pb'], ['c2']),
         node('Conv', ['c2', 'dl'], ['c3'], group=3, pads=[1, 1, 1, 1], dilations=[2, 2])]
write(D, 'nn_depthwise_same_dilated', nodes, [tensor('dw', dws, dw), tensor('pw', pws, pwv), tensor('pb', [6], pb), tensor('dl', dls, dl)],
      [('x', xs, 1)], [('c3', cs3, 1)], [x], [c3])
# 4. Conv 1-D + BN rank 3 + AveragePool 1-D (count_include_pad) + GlobalMaxPool rank 3
xs = [2, 3, 10]; x = rnd(numel(xs)); ws1 = [5, 3, 3]; w1 = rnd(numel(ws1)); b1 = rnd(5)
cs, c = conv2d([2, 3, 1, 10], x, [5, 3, 1, 3], w1, b1, [0, 2, 0, 1], [1, 2], [1, 1], 1)
sc, bi, mu, var = rnd(5), rnd(5), rnd(5), rnd(5, 0.5, 2.0)
_, bv = bn(cs, c, sc, bi, mu, var, 1e-3)
ps, p = pool2d(cs, bv, [1, 3], [1, 1], [0, 1, 0, 1], 0, incl=1)
N, C, _, L = ps
gm = [max(p[(n * C + ch) * L:(n * C + ch + 1) * L]) for n in range(N) for ch in range(C)]
nodes = [node('Conv', ['x', 'w', 'b'], ['c'], pads=[2, 1], strides=[2]),
         node('BatchNormalization', ['c', 'sc', 'bi', 'mu', 'var'], ['bn'], epsilon=1e-3),
         node('AveragePool', ['bn'], ['p'], kernel_shape=[3], pads=[1, 1], count_include_pad=1),
         node('GlobalMaxPool', ['p'], ['g'])]
write(D, 'nn_conv1d_bn_pool1d', nodes, [tensor('w', ws1, w1), tensor('b', [5], b1), tensor('sc', [5], sc), tensor('bi', [5], bi), tensor('mu', [5], mu), tensor('var', [5], var)],
      [('x', xs, 1)], [('p', [N, C, L], 1), ('g', [N, C, 1], 1)], [x], [p, gm])
# 5. dynamic batch: x [N, 3, 8, 8] (N = 2 in the data)
xs = [2, 3, 8, 8]; x = rnd(numel(xs)); ws = [4, 3, 3, 3]; w = rnd(numel(ws))
sc, bi, mu, var = rnd(4), rnd(4), rnd(4), rnd(4, 0.5, 2.0)
cs, c = conv2d(xs, x, ws, w, None, [1, 1, 1, 1], [1, 1], [1, 1], 1)
_, bv = bn(cs, c, sc, bi, mu, var, 1e-5)
ps, p = pool2d(cs, relu(bv), [2, 2], [2, 2], [0, 0, 0, 0], 1)
N, C, H, W = ps
g = [sum(p[(n * C + ch) * H * W:(n * C + ch + 1) * H * W]) / (H * W) for n in range(N) for ch in range(C)]
m = rnd(5)
ys, y = matmul([2, 4, 1, 1], g, [1, 5], m)
nodes = [node('Conv', ['x', 'W'], ['c'], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
         node('BatchNormalization', ['c', 'sc', 'bi', 'mu', 'var'], ['b']), node('Relu', ['b'], ['r']),
         node('MaxPool', ['r'], ['p'], kernel_shape=[2, 2], strides=[2, 2]),
         node('GlobalAveragePool', ['p'], ['g']), node('MatMul', ['g', 'M'], ['y'])]
inits = [tensor('W', ws, w), tensor('sc', [4], sc), tensor('bi', [4], bi), tensor('mu', [4], mu), tensor('var', [4], var), tensor('M', [1, 5], m)]
write(D, 'nn_dynamic_batch', nodes, inits, [('x', ['N', 3, 8, 8], xs)], [('y', ['N', 4, 1, 5], ys)], [x], [y])
# 6. ConvTranspose (groups, bias, dilation, pads, output_padding) on an intermediate; LayerNorm without B
xs = [1, 4, 3, 4]; x = rnd(numel(xs)); ws = [4, 3, 2, 3]; w = rnd(numel(ws)); b = rnd(6)
# out = (in - 1) * s + (k - 1) * d + 1 - pads + output_padding
oh = (3 - 1) * 2 + (2 - 1) * 1 + 1 - 1 - 0 + 1; ow = (4 - 1) * 3 + (3 - 1) * 2 + 1 - 1 - 2 + 0
ys, y = conv_transpose2d(xs, relu(x), ws, w, b, [1, 1], [2, 3], [1, 2], 2, (oh, ow))
lsc = rnd(ow); ln, lm, lr = layer_norm(ys, y, 2, lsc, None, 1e-5)
nodes = [node('Relu', ['x'], ['xr']),
         node('ConvTranspose', ['xr', 'w', 'b'], ['y'], group=2, strides=[2, 3], dilations=[1, 2], pads=[1, 1, 0, 2], output_padding=[1, 0]),
         node('LayerNormalization', ['y', 'lsc'], ['ln', 'lm', 'lr'], axis=-2)]
write(D, 'nn_convtranspose_layernorm', nodes, [tensor('w', ws, w), tensor('b', [6], b), tensor('lsc', [ow], lsc)], [('x', xs, 1)],
      [('y', ys, 1), ('ln', ys, 1), ('lm', ys[:2] + [1, 1], 1), ('lr', ys[:2] + [1, 1], 1)], [x], [y, ln, lm, lr], opset=17)
# 7. MeanVarianceNormalization over axes [1, 3] (kept dims not leading: transposed around a
# LayerNorm) of an intermediate; InstanceNormalization of a 3-D tensor
xs = [2, 3, 4, 5]; x = rnd(numel(xs)); xr = relu(x)
def mvn(xs, x, axes):
    groups = {}
    for i in range(numel(xs)):
        ix = idx(xs, i); groups.setdefault(tuple(v for d, v in enumerate(ix) if d not in axes), []).append(i)
    y = [0.0] * len(x)
    for members in groups.values():
        mu = sum(x[i] for i in members) / len(members)
        var = sum((x[i] - mu) ** 2 for i in members) / len(members)
        for i in members: y[i] = (x[i] - mu) / math.sqrt(var + 1e-9)
    return y
my = mvn(xs, xr, [1, 3])
ins_ = [2, 3, 6]; iv = rnd(numel(ins_)); isc, ibi = rnd(3), rnd(3)
iy = []
for n in range(2):
    for ch in range(3):
        row = iv[(n * 3 + ch) * 6:(n * 3 + ch + 1) * 6]; mu = sum(row) / 6; var = sum((t - mu) ** 2 for t in row) / 6
        iy += [(t - mu) / math.sqrt(var + 1e-5) * isc[ch] + ibi[ch] for t in row]
nodes = [node('Relu', ['x'], ['xr']), node('MeanVarianceNormalization', ['xr'], ['my'], axes=[1, 3]),
         node('InstanceNormalization', ['iv', 'isc', 'ibi'], ['iy'])]
write(D, 'nn_mvn_instancenorm', nodes, [tensor('isc', [3], isc), tensor('ibi', [3], ibi)], [('x', xs, 1), ('iv', ins_, 1)],
      [('my', xs, 1), ('iy', ins_, 1)], [x, iv], [my, iy])
# 8. MaxPool onto MaxPool3DWithArgmaxV2 (dilations, the Indices output): a 3-D window with
# dilations and column-major indices (storage_order 1) after a Neg; a dilated 1-D window in ceil
# mode; a 2-D window with row-major indices over a batch of 2 (indices count from the tensor's
# start). The reference walks each window in row-major order and keeps the first maximum.
def maxpool_nd(xs, x, k, s, d, pads, ceil=0, order=0):
    nd = len(k); sp = xs[2:]
    def osz(i, a):
        span = sp[a] + pads[a] + pads[nd + a] - (d[a] * (k[a] - 1) + 1)
        o = (span + (s[a] - 1 if ceil else 0)) // s[a] + 1
        if ceil and (o - 1) * s[a] >= sp[a] + pads[a]: o -= 1
        return o
    os_ = [osz(None, a) for a in range(nd)]
    y, ix = [], []
    plane = numel(sp)
    for nc in range(xs[0] * xs[1]):
        for o in itertools.product(*[range(v) for v in os_]):
            best, at = None, None
            for t in itertools.product(*[range(v) for v in k]):
                pos = [o[a] * s[a] - pads[a] + t[a] * d[a] for a in range(nd)]
                if any(p < 0 or p >= sp[a] for a, p in enumerate(pos)): continue
                v = x[nc * plane + flat(sp, pos)]
                if best is None or v > best: best, at = v, pos
            y.append(best)
            if order == 0: ix.append(nc * plane + flat(sp, at))
            else: ix.append(nc * plane + flat(list(reversed(sp)), list(reversed(at))))
    return xs[:2] + os_, y, ix
x3s = [2, 2, 4, 5, 6]; x3 = rnd(numel(x3s))
y3s, y3, i3 = maxpool_nd(x3s, [-v for v in x3], [2, 3, 2], [1, 2, 2], [2, 1, 2], [0, 1, 1, 0, 1, 1], order=1)
x1s = [2, 3, 11]; x1 = rnd(numel(x1s))
y1s, y1, _ = maxpool_nd(x1s, x1, [3], [2], [2], [1, 1], ceil=1)
x2s = [2, 3, 7, 8]; x2 = rnd(numel(x2s))
y2s, y2, i2 = maxpool_nd(x2s, x2, [3, 3], [2, 2], [1, 2], [1, 1, 1, 1])
nodes = [node('Neg', ['x3'], ['x3n']),
         node('MaxPool', ['x3n'], ['y3', 'i3'], kernel_shape=[2, 3, 2], strides=[1, 2, 2], dilations=[2, 1, 2],
              pads=[0, 1, 1, 0, 1, 1], storage_order=1),
         node('MaxPool', ['x1'], ['y1'], kernel_shape=[3], strides=[2], dilations=[2], pads=[1, 1], ceil_mode=1),
         node('MaxPool', ['x2'], ['y2', 'i2'], kernel_shape=[3, 3], strides=[2, 2], dilations=[1, 2], pads=[1, 1, 1, 1])]
d = os.path.join(D, 'nn_maxpool_argmax'); os.makedirs(d + '/test_data_set_0', exist_ok=True)
outs = [('y3', y3s, 1, y3), ('i3', y3s, 7, i3), ('y1', y1s, 1, y1), ('y2', y2s, 1, y2), ('i2', y2s, 7, i2)]
open(d + '/model.onnx', 'wb').write(model(nodes, [], [('x3', x3s), ('x1', x1s), ('x2', x2s)],
                                          [(n, s, t) for n, s, t, _ in outs], opset=12))
for k_, (n, s, v) in enumerate([('x3', x3s, x3), ('x1', x1s, x1), ('x2', x2s, x2)]):
    open(d + '/test_data_set_0/input_%d.pb' % k_, 'wb').write(tensor(n, s, v))
for k_, (n, s, t, v) in enumerate(outs):
    open(d + '/test_data_set_0/output_%d.pb' % k_, 'wb').write(tensor(n, s, v, t))
