#!/usr/bin/env python3
"""gen_resize_cases.py: writes tests/onnx/resize_cases, gecl's own ONNX cases for the Resize and
Upsample converters (cvt_resize.c), in the backend-test layout `gecl test-onnx` reads. They cover
what the conformance cases do not: Upsample-7 (scales as an attribute, mode bilinear),
Upsample-9 with non-integer scales, Resize-10 (asymmetric, nearest = floor) downsampling,
Resize-11 with an empty roi and scales as initializers, and a Resize on intermediate tensors
with sizes from an initializer. References follow ONNX's reference implementation (one 1-D
interpolation per axis, the n nearest indices of the edge-padded input), in double. Pure
Python 3 (no onnx or numpy). Run: python3 tests/onnx/gen_resize_cases.py tests/onnx/resize_cases"""
import math, os, random, struct, sys


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
    fmt = {1: 'f', 7: 'q'}[dt]
    b = b''.join(fv(1, d) for d in shape) + fv(2, dt) + fb(8, name)
    return b + fb(9, struct.pack('<%d%s' % (len(vals), fmt), *vals))
def attr(name, v):
    b = fb(1, name)
    if isinstance(v, float): return b + f32(2, v) + fv(20, 1)
    if isinstance(v, int): return b + fv(3, v) + fv(20, 2)
    if isinstance(v, str): return b + fb(4, v) + fv(20, 3)
    return b + b''.join(f32(7, x) for x in v) + fv(20, 6)  # floats
def node(op, ins, outs, **attrs):
    b = b''.join(fb(1, i) for i in ins) + b''.join(fb(2, o) for o in outs) + fb(3, outs[0] + '_n') + fb(4, op)
    return b + b''.join(fb(5, attr(k, v)) for k, v in attrs.items())
def vinfo(name, shape, dt=1):
    return fb(1, name) + fb(2, fb(1, fv(1, dt) + fb(2, b''.join(fb(1, fv(1, d)) for d in shape))))
def model(nodes, inits, ins, outs, opset):
    g = b''.join(fb(1, n) for n in nodes) + fb(2, 'g') + b''.join(fb(5, t) for t in inits)
    g += b''.join(fb(11, vinfo(*i)) for i in ins) + b''.join(fb(12, vinfo(*o)) for o in outs)
    return fv(1, 8) + fb(8, fb(1, '') + fv(2, opset)) + fb(7, g)
def write(dirn, name, nodes, inits, x_shape, x, y_shape, y, opset):
    d = os.path.join(dirn, name); os.makedirs(d + '/test_data_set_0', exist_ok=True)
    open(d + '/model.onnx', 'wb').write(model(nodes, inits, [('x', x_shape)], [('y', y_shape)], opset))
    open(d + '/test_data_set_0/input_0.pb', 'wb').write(tensor('x', x_shape, x))
    open(d + '/test_data_set_0/output_0.pb', 'wb').write(tensor('y', y_shape, y))


def f32r(v): return struct.unpack('<f', struct.pack('<f', v))[0]


def interp_1d(data, scale, x, mode, coord, nearest='round_prefer_floor', a=-0.75):
    n_in = len(data); w = scale * n_in
    if coord == 'asymmetric': xo = x / scale
    elif coord == 'align_corners': xo = 0.0 if w == 1 else x * (n_in - 1) / (w - 1)
    else: xo = (x + 0.5) / scale - 0.5  # half_pixel
    whole = xo == math.floor(xo); r = 1.0 if whole else xo - math.floor(xo)
    if mode == 'linear': c = [1 - r, r]
    elif mode == 'cubic':
        c = [((a * (r + 1) - 5 * a) * (r + 1) + 8 * a) * (r + 1) - 4 * a, ((a + 2) * r - (a + 3)) * r * r + 1,
             ((a + 2) * (1 - r) - (a + 3)) * (1 - r) * (1 - r) + 1,
             ((a * ((1 - r) + 1) - 5 * a) * ((1 - r) + 1) + 8 * a) * ((1 - r) + 1) - 4 * a]
    else:
        right = whole or {'floor': False, 'ceil': True, 'round_prefer_ceil': r >= 0.5}.get(nearest, r > 0.5)
        c = [0.0, 1.0] if right else [1.0, 0.0]
    n = len(c); pad = (n + 1) // 2
    padded = [data[0]] * pad + list(data) + [data[-1]] * pad
    picks = sorted(sorted(range(len(padded)), key=lambda q: (abs(xo + pad - q), q))[:n])
    return sum(cc * padded[q] for cc, q in zip(c, picks) if cc != 0)


def resize(shape, x, scales, out, **kw):
    """ONNX's interpolate_nd: axis 0 over the inner axes' results."""
    def rec(k, data, dshape, o):
        inner = math.prod(dshape[1:])
        if len(dshape) == 1: line = data
        else: line = [rec(k + 1, data[i * inner:(i + 1) * inner], dshape[1:], o) for i in range(dshape[0])]
        return interp_1d(line, scales[k], o[k], **kw)
    y = []
    for i in range(math.prod(out)):
        o = []
        for d in reversed(out): o.append(i % d); i //= d
        y.append(rec(0, x, shape, o[::-1]))
    return y


random.seed(5)
D = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'resize_cases')
def rnd(n): return [f32r(random.uniform(-1, 1)) for _ in range(n)]

# 1. Upsample-7: scales as an attribute, mode bilinear (= linear, asymmetric)
xs = [1, 2, 3, 2]; x = rnd(math.prod(xs)); sc = [1.0, 1.0, 2.0, 2.5]
out = [int(math.floor(d * f32r(s))) for d, s in zip(xs, sc)]
write(D, 'resize_upsample7_bilinear', [node('Upsample', ['x'], ['y'], mode='bilinear', scales=sc)], [],
      xs, x, out, resize(xs, x, [f32r(s) for s in sc], out, mode='linear', coord='asymmetric'), 7)
# 2. Upsample-9: scales input (initializer), nearest with non-integer scales (floor)
xs = [2, 3, 4]; x = rnd(math.prod(xs)); sc = [1.0, 1.5, 2.25]
out = [int(math.floor(d * f32r(s))) for d, s in zip(xs, sc)]
write(D, 'resize_upsample9_nearest', [node('Upsample', ['x', 's'], ['y'], mode='nearest')], [tensor('s', [3], sc)],
      xs, x, out, resize(xs, x, [f32r(s) for s in sc], out, mode='nearest', coord='asymmetric', nearest='floor'), 9)
# 3. Resize-10: downsampling, nearest = floor, asymmetric
xs = [1, 1, 5, 7]; x = rnd(math.prod(xs)); sc = [1.0, 1.0, 0.6, 0.45]
out = [int(math.floor(d * f32r(s))) for d, s in zip(xs, sc)]
write(D, 'resize_resize10_nearest_down', [node('Resize', ['x', 's'], ['y'], mode='nearest')], [tensor('s', [4], sc)],
      xs, x, out, resize(xs, x, [f32r(s) for s in sc], out, mode='nearest', coord='asymmetric', nearest='floor'), 10)
# 4. Resize-11: empty roi and scales as initializers, cubic align_corners
xs = [1, 1, 4, 5]; x = rnd(math.prod(xs)); sc = [1.0, 1.0, 1.5, 0.8]
out = [int(math.floor(d * f32r(s))) for d, s in zip(xs, sc)]
write(D, 'resize_resize11_cubic_empty_roi',
      [node('Resize', ['x', 'roi', 's'], ['y'], mode='cubic', coordinate_transformation_mode='align_corners')],
      [tensor('roi', [0], []), tensor('s', [4], sc)],
      xs, x, out, resize(xs, x, [f32r(s) for s in sc], out, mode='cubic', coord='align_corners'), 11)
# 5. Resize-13 between two Relus (an intermediate tensor), sizes from an initializer, linear
xs = [2, 3, 4]; x = rnd(math.prod(xs)); out = [2, 5, 3]
r = [max(v, 0.0) for v in x]
y = [max(v, 0.0) for v in resize(xs, r, [o / d for o, d in zip(out, xs)], out, mode='linear', coord='half_pixel')]
write(D, 'resize_resize13_linear_intermediate',
      [node('Relu', ['x'], ['r']), node('Resize', ['r', '', '', 'sz'], ['z'], mode='linear'), node('Relu', ['z'], ['y'])],
      [tensor('sz', [3], out, 7)], xs, x, out, y, 13)
