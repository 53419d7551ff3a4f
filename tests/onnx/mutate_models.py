#!/usr/bin/env python3
"""mutate_models.py: damaged ONNX models for `gecl info` / `gecl run` (issue 14). From the ONNX
node test cases it writes COUNT variants, each a copy of one case's model with one mutation:
  flip     a few bytes of the serialized model changed at random positions
  truncate the serialized model cut short
  drop     a field removed (a node's input or output, an attribute, an initializer, a graph input
           or output, a whole node)
  dup      a field repeated (a node, an attribute, an initializer, a graph input)
  dims     a dim of a graph input, output or initializer changed (0, -1, 1 << 40, or one more)
  attr     an attribute's value changed (an int to a huge or negative one, a list emptied)
Each variant is DIR/<k>-<kind>-<case>/model.onnx with the case's inputs as .npy (named after the
original graph inputs) and an `inputs` file listing NAME=FILE pairs for `gecl run`.
Deterministic for a given SEED. Needs python3-onnx and numpy.
  /usr/bin/python3 tests/onnx/mutate_models.py COUNT SEED DIR [NODE_DATA_DIR]"""
import copy, glob, os, random, sys
import numpy as np
import onnx
from onnx import numpy_helper


def fields_to_drop(m):
    g = m.graph
    out = []
    for i, n in enumerate(g.node):
        if n.input: out.append(('node input', lambda m, i=i: m.graph.node[i].input.pop()))
        if n.output: out.append(('node output', lambda m, i=i: m.graph.node[i].output.pop()))
        if n.attribute: out.append(('attribute', lambda m, i=i: m.graph.node[i].attribute.pop()))
        out.append(('node', lambda m, i=i: m.graph.node.pop(i)))
    if g.initializer: out.append(('initializer', lambda m: m.graph.initializer.pop()))
    if g.input: out.append(('graph input', lambda m: m.graph.input.pop(0)))
    if g.output: out.append(('graph output', lambda m: m.graph.output.pop()))
    out.append(('opset', lambda m: m.opset_import.pop()))
    return out


def fields_to_dup(m):
    g = m.graph
    out = [('node', lambda m: m.graph.node.append(copy.deepcopy(m.graph.node[0])))] if g.node else []
    for i, n in enumerate(g.node):
        if n.attribute: out.append(('attribute', lambda m, i=i: m.graph.node[i].attribute.append(copy.deepcopy(m.graph.node[i].attribute[0]))))
    if g.initializer: out.append(('initializer', lambda m: m.graph.initializer.append(copy.deepcopy(m.graph.initializer[0]))))
    if g.input: out.append(('graph input', lambda m: m.graph.input.append(copy.deepcopy(m.graph.input[0]))))
    return out


def dims_to_change(m, rng):
    out = []
    values = [0, -1, 1 << 40, None]
    for vi in list(m.graph.input) + list(m.graph.output):
        shape = vi.type.tensor_type.shape
        for d in shape.dim:
            v = rng.choice(values)
            out.append(('value info dim', lambda m, d=d, v=v: d.__setattr__('dim_value', (d.dim_value + 1) if v is None else v)))
    for t in m.graph.initializer:
        if t.dims:
            v = rng.choice(values)
            out.append(('initializer dim', lambda m, t=t, v=v: t.dims.__setitem__(0, (t.dims[0] + 1) if v is None else v)))
    return out


def attrs_to_change(m, rng):
    out = []
    for n in m.graph.node:
        for a in n.attribute:
            if a.type == onnx.AttributeProto.INT:
                v = rng.choice([-(1 << 62), -7, 1 << 40, 0])
                out.append(('int attribute', lambda m, a=a, v=v: a.__setattr__('i', v)))
            elif a.type == onnx.AttributeProto.INTS:
                out.append(('ints attribute', lambda m, a=a: a.ints.__delitem__(slice(None))))
            elif a.type == onnx.AttributeProto.FLOAT:
                out.append(('float attribute', lambda m, a=a: a.__setattr__('f', float('nan'))))
    return out


def mutate(raw, rng):
    """(kind, what, bytes) of one mutation of the serialized model `raw`."""
    kind = rng.choice(['flip', 'truncate', 'drop', 'dup', 'dims', 'attr'])
    if kind == 'flip':
        b = bytearray(raw)
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return kind, 'bytes', bytes(b)
    if kind == 'truncate':
        return kind, 'bytes', raw[:rng.randrange(1, len(raw))]
    m = onnx.ModelProto()
    m.ParseFromString(raw)
    pick = {'drop': fields_to_drop, 'dup': fields_to_dup}.get(kind)
    choices = pick(m) if pick else (dims_to_change(m, rng) if kind == 'dims' else attrs_to_change(m, rng))
    if not choices:
        return mutate(raw, rng)
    what, fn = rng.choice(choices)
    fn(m)
    return kind, what, m.SerializeToString()


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    count, seed, root = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    data = sys.argv[4] if len(sys.argv) > 4 else '/usr/share/libonnx-testdata/data/node'
    cases = sorted(d for d in glob.glob(os.path.join(data, '*')) if os.path.exists(os.path.join(d, 'model.onnx')))
    rng = random.Random(seed)
    os.makedirs(root, exist_ok=True)
    for k in range(count):
        case = rng.choice(cases)
        raw = open(os.path.join(case, 'model.onnx'), 'rb').read()
        kind, what, out = mutate(raw, rng)
        d = os.path.join(root, '%03d-%s-%s' % (k, kind, os.path.basename(case)))
        os.makedirs(d, exist_ok=True)
        open(os.path.join(d, 'model.onnx'), 'wb').write(out)
        orig = onnx.load(os.path.join(case, 'model.onnx'))
        init = {t.name for t in orig.graph.initializer}
        names = [i.name for i in orig.graph.input if i.name not in init]
        pairs = []
        for j, name in enumerate(names):
            pb = os.path.join(case, 'test_data_set_0', 'input_%d.pb' % j)
            if not os.path.exists(pb):
                continue
            t = onnx.TensorProto()
            t.ParseFromString(open(pb, 'rb').read())
            try:
                a = numpy_helper.to_array(t)
            except Exception:
                continue
            if a.dtype == object:
                continue
            f = os.path.join(d, 'input_%d.npy' % j)
            np.save(f, a)
            pairs.append('%s=%s' % (name, f))
        open(os.path.join(d, 'inputs'), 'w').write('\n'.join(pairs) + '\n')
        open(os.path.join(d, 'mutation'), 'w').write('%s %s\n' % (kind, what))
    print('%d mutated models in %s' % (count, root))


if __name__ == '__main__':
    main()
