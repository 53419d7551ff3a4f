#!/usr/bin/env python3
"""make_edge_cases.py: numerics at the edges (issue 14) as ONNX backend-test cases whose expected
outputs are ONNX Runtime's: NaN, +-Inf, -0, denormals and float extremes through unary, binary,
reduction, softmax, pooling and matrix ops; empty tensors (a dimension of 0); rank-0 scalars;
integer wrap-around; index ops at and past their bounds.

Three steps (python3-onnx + numpy here, ONNX Runtime 1.30 through npm for the references):
  /usr/bin/python3 tests/onnx/make_edge_cases.py models tests/onnx/edge_cases
  NODE_PATH=/tmp/ort/node_modules node tests/onnx/ort_edge_cases.js tests/onnx/edge_cases
  /usr/bin/python3 tests/onnx/make_edge_cases.py outputs tests/onnx/edge_cases
`models` writes each case's model.onnx and test_data_set_0/input_N.pb, plus ort/ (raw inputs for
node); node runs each model in ONNX Runtime and writes its outputs to ort/ (or ort/error.txt);
`outputs` turns them into test_data_set_0/output_N.pb, or, where ONNX Runtime refused the model or
its inputs, into expect_error.txt: gecl must then fail with a clear error too (edge_errors.sh).
The ort/ folders are removed at the end; what is checked in is the backend-test layout that
`gecl test-onnx` reads."""
import json, os, shutil, sys
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto as TP

F32 = np.float32
SPECIAL = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-40, -1e-40, 3.4e38, -3.4e38, 1.0, -1.0, 0.5], F32)
INT32_MAX, INT32_MIN = np.iinfo(np.int32).max, np.iinfo(np.int32).min
INT64_MAX, INT64_MIN = np.iinfo(np.int64).max, np.iinfo(np.int64).min
NP_TO_ONNX = {np.dtype(F32): TP.FLOAT, np.dtype(np.int32): TP.INT32, np.dtype(np.int64): TP.INT64,
              np.dtype(np.bool_): TP.BOOL, np.dtype(np.float64): TP.DOUBLE}

CASES = []


def case(name, nodes, inputs, outputs, inits=(), opset=13):
    """inputs: [(name, array)]; outputs: [(name, onnx dtype)] (shapes left to inference)."""
    vin = [helper.make_tensor_value_info(n, NP_TO_ONNX[a.dtype], list(a.shape)) for n, a in inputs]
    vout = [helper.make_tensor_value_info(n, t, None) for n, t in outputs]
    init = [numpy_helper.from_array(a, n) for n, a in inits]
    g = helper.make_graph(nodes, name, vin, vout, init)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid('', opset)], producer_name='make_edge_cases')
    m.ir_version = 8
    CASES.append(('edge_' + name, m, inputs))


def unary(op, x=SPECIAL, **attrs):
    case(op.lower() + '_specials', [helper.make_node(op, ['x'], ['y'], **attrs)], [('x', x)], [('y', TP.FLOAT)])


def binary(op, a, b, name=None, dtype=TP.FLOAT):
    case(name or op.lower() + '_specials', [helper.make_node(op, ['a', 'b'], ['y'])], [('a', a), ('b', b)],
         [('y', dtype)])


def floats():
    for op in ['Relu', 'Sigmoid', 'Tanh', 'Exp', 'Log', 'Sqrt', 'Abs', 'Neg', 'Floor', 'Ceil', 'Reciprocal',
               'Softplus', 'Erf', 'Sign', 'Round']:
        unary(op)
    unary('LeakyRelu', alpha=0.1)
    unary('Elu', alpha=1.0)
    unary('HardSigmoid', alpha=0.2, beta=0.5)
    case('clip_specials', [helper.make_node('Clip', ['x', 'lo', 'hi'], ['y'])], [('x', SPECIAL)], [('y', TP.FLOAT)],
         inits=[('lo', np.array(-1, F32)), ('hi', np.array(1, F32))])
    a = np.array([np.inf, np.inf, 0, 1, -1, np.nan, 3.4e38, 1e-40, -0.0, 0], F32)
    b = np.array([np.inf, -np.inf, 0, 0, 0, 1, 3.4e38, 1e38, 0, -0.0], F32)
    for op in ['Add', 'Sub', 'Mul', 'Div', 'Max', 'Min']:
        binary(op, a, b)
    binary('Pow', np.array([0, -8, np.inf, 2, -2, np.nan, 1, 0], F32), np.array([0, 1 / 3, 0, 200, 0.5, 0, np.nan, -1], F32))
    # Denormal inputs scaled into the normal range: flushed to zero they would give 0, not ~0.01.
    case('denormal_scaled', [helper.make_node('Mul', ['x', 'k'], ['y'])],
         [('x', np.array([1e-40, -1e-40, 1e-45, 1e-39], F32))], [('y', TP.FLOAT)], inits=[('k', np.array(1e38, F32))])
    rows = np.array([[np.nan, 1, 2, 3], [np.inf, 1, 2, 3], [-np.inf, 1, 2, 3], [np.inf, -np.inf, 0, 0],
                     [3.4e38, 3.4e38, 0, 0], [-0.0, -0.0, 1e-40, 0]], F32)
    for op in ['ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceMean', 'ReduceProd', 'ReduceL2', 'ReduceLogSumExp']:
        ins = ['x', 'axes'] if op == 'ReduceSum' else ['x']
        attrs = {} if op == 'ReduceSum' else {'axes': [1]}
        case(op.lower() + '_specials', [helper.make_node(op, ins, ['y'], keepdims=0, **attrs)], [('x', rows)],
             [('y', TP.FLOAT)], inits=[('axes', np.array([1], np.int64))] if op == 'ReduceSum' else ())
    smx = np.array([[-np.inf, 0, 1, 2], [-np.inf, -np.inf, -np.inf, -np.inf], [np.inf, 0, 1, 2], [np.nan, 0, 1, 2],
                    [3.4e38, 3.4e38, 0, -3.4e38], [1e-40, 0, 0, 0]], F32)
    for op in ['Softmax', 'LogSoftmax']:
        case(op.lower() + '_specials', [helper.make_node(op, ['x'], ['y'], axis=1)], [('x', smx)], [('y', TP.FLOAT)])
    pool_x = np.array([[[[np.nan, 1, 2, 3], [4, 5, -np.inf, 7], [np.inf, 1, 0, -0.0], [1e-40, 2, 3, 3.4e38]]]], F32)
    case('maxpool_specials', [helper.make_node('MaxPool', ['x'], ['y'], kernel_shape=[2, 2], strides=[1, 1])],
         [('x', pool_x)], [('y', TP.FLOAT)])
    case('averagepool_specials', [helper.make_node('AveragePool', ['x'], ['y'], kernel_shape=[2, 2], strides=[2, 2])],
         [('x', pool_x)], [('y', TP.FLOAT)])
    case('matmul_specials', [helper.make_node('MatMul', ['a', 'b'], ['y'])],
         [('a', np.array([[np.inf, 0], [1, 2], [np.nan, 1], [3.4e38, 3.4e38]], F32)),
          ('b', np.array([[0, 1, 2], [1, 0, 1]], F32))], [('y', TP.FLOAT)])
    case('gemm_specials', [helper.make_node('Gemm', ['a', 'b', 'c'], ['y'], transB=1)],
         [('a', np.array([[np.inf, 1], [-1, 1e-40]], F32)), ('b', np.array([[1, 1], [0, 1], [-1, 0]], F32))],
         [('y', TP.FLOAT)], inits=[('c', np.array([np.nan, 0, -np.inf], F32))])


def empties():
    e03, e20 = np.zeros((0, 3), F32), np.zeros((2, 0), F32)
    binary('Add', e03, np.ones((1, 3), F32), name='add_empty')
    unary('Relu', e20)
    CASES[-1] = ('edge_relu_empty',) + CASES[-1][1:]
    case('matmul_empty_rows', [helper.make_node('MatMul', ['a', 'b'], ['y'])],
         [('a', np.zeros((0, 4), F32)), ('b', np.ones((4, 5), F32))], [('y', TP.FLOAT)])
    case('matmul_empty_k', [helper.make_node('MatMul', ['a', 'b'], ['y'])],
         [('a', np.zeros((3, 0), F32)), ('b', np.zeros((0, 4), F32))], [('y', TP.FLOAT)])
    case('reducesum_empty_axis', [helper.make_node('ReduceSum', ['x', 'axes'], ['y'], keepdims=1)],
         [('x', np.zeros((2, 0, 3), F32))], [('y', TP.FLOAT)], inits=[('axes', np.array([1], np.int64))])
    case('reducemax_empty_axis', [helper.make_node('ReduceMax', ['x'], ['y'], axes=[1], keepdims=1)],
         [('x', np.zeros((2, 0, 3), F32))], [('y', TP.FLOAT)])
    case('concat_empty', [helper.make_node('Concat', ['a', 'b'], ['y'], axis=0)],
         [('a', np.arange(6, dtype=F32).reshape(2, 3)), ('b', e03)], [('y', TP.FLOAT)])
    case('transpose_empty', [helper.make_node('Transpose', ['x'], ['y'], perm=[2, 0, 1])],
         [('x', np.zeros((0, 2, 3), F32))], [('y', TP.FLOAT)])
    case('softmax_empty', [helper.make_node('Softmax', ['x'], ['y'], axis=-1)], [('x', e20)], [('y', TP.FLOAT)])
    case('conv_empty_batch', [helper.make_node('Conv', ['x', 'w'], ['y'], pads=[1, 1, 1, 1])],
         [('x', np.zeros((0, 2, 5, 5), F32))], [('y', TP.FLOAT)], inits=[('w', np.ones((3, 2, 3, 3), F32))])
    case('gather_empty_indices', [helper.make_node('Gather', ['x', 'i'], ['y'], axis=0)],
         [('x', np.arange(6, dtype=F32).reshape(3, 2)), ('i', np.zeros((0,), np.int64))], [('y', TP.FLOAT)])


def scalars():
    s = np.array(2.5, F32)
    binary('Add', s, np.array(-1, F32), name='add_scalars')
    binary('Mul', s, np.array([1, 2, 3], F32), name='mul_scalar_vector')
    case('reducesum_scalar', [helper.make_node('ReduceSum', ['x'], ['y'], keepdims=1)], [('x', s)], [('y', TP.FLOAT)])
    case('reshape_scalar', [helper.make_node('Reshape', ['x', 'shape'], ['y'])], [('x', s)], [('y', TP.FLOAT)],
         inits=[('shape', np.array([1, 1], np.int64))])
    case('unsqueeze_scalar', [helper.make_node('Unsqueeze', ['x', 'axes'], ['y'])], [('x', s)], [('y', TP.FLOAT)],
         inits=[('axes', np.array([0], np.int64))])
    case('gather_scalar_index', [helper.make_node('Gather', ['x', 'i'], ['y'], axis=0)],
         [('x', np.array([[1, 2], [3, 4], [5, 6]], F32)), ('i', np.array(-1, np.int64))], [('y', TP.FLOAT)])
    case('cast_scalar', [helper.make_node('Cast', ['x'], ['y'], to=TP.INT32)], [('x', np.array(-7.75, F32))],
         [('y', TP.INT32)])
    case('sigmoid_scalar', [helper.make_node('Sigmoid', ['x'], ['y'])], [('x', np.array(-np.inf, F32))], [('y', TP.FLOAT)])


def integers():
    i32 = lambda *v: np.array(v, np.int32)
    i64 = lambda *v: np.array(v, np.int64)
    binary('Add', i32(INT32_MAX, INT32_MIN, -1), i32(1, -1, INT32_MIN), name='add_int32_wrap', dtype=TP.INT32)
    binary('Sub', i32(INT32_MIN, INT32_MAX), i32(1, -1), name='sub_int32_wrap', dtype=TP.INT32)
    binary('Mul', i64(INT64_MAX, INT64_MIN, 1 << 40), i64(2, -1, 1 << 40), name='mul_int64_wrap', dtype=TP.INT64)
    case('neg_int32_min', [helper.make_node('Neg', ['x'], ['y'])], [('x', i32(INT32_MIN, INT32_MAX, 0))], [('y', TP.INT32)])
    case('abs_int64_min', [helper.make_node('Abs', ['x'], ['y'])], [('x', i64(INT64_MIN, -5, 5))], [('y', TP.INT64)])
    case('cumsum_int32_wrap', [helper.make_node('CumSum', ['x', 'axis'], ['y'])],
         [('x', i32(INT32_MAX, 1, 1, INT32_MIN))], [('y', TP.INT32)], inits=[('axis', np.array(0, np.int64))])


def indexing():
    x = np.arange(12, dtype=F32).reshape(3, 4)
    g = lambda name, idx, axis=0: case(name, [helper.make_node('Gather', ['x', 'i'], ['y'], axis=axis)],
                                      [('x', x), ('i', idx)], [('y', TP.FLOAT)])
    g('gather_negative', np.array([-1, -3, 0], np.int64))
    g('gather_out_of_range', np.array([0, 3], np.int64))
    g('gather_below_range', np.array([-4], np.int64))
    g('gather_int64_max', np.array([INT64_MAX], np.int64))
    g('gather_int64_min', np.array([INT64_MIN], np.int64), axis=1)
    g('gather_int32_out_of_range', np.array([5], np.int32), axis=1)
    case('gatherelements_out_of_range', [helper.make_node('GatherElements', ['x', 'i'], ['y'], axis=1)],
         [('x', x), ('i', np.array([[0, 4], [1, 1], [-1, 0]], np.int64))], [('y', TP.FLOAT)])
    case('scatterelements_out_of_range', [helper.make_node('ScatterElements', ['x', 'i', 'u'], ['y'], axis=0)],
         [('x', x), ('i', np.array([[3, 0, 0, 0]], np.int64)), ('u', np.ones((1, 4), F32))], [('y', TP.FLOAT)])
    case('slice_extreme_bounds', [helper.make_node('Slice', ['x', 's', 'e', 'a'], ['y'])], [('x', x)], [('y', TP.FLOAT)],
         inits=[('s', np.array([INT64_MIN, 1], np.int64)), ('e', np.array([INT64_MAX, INT64_MAX], np.int64)),
                ('a', np.array([0, 1], np.int64))])
    case('slice_reverse_extreme', [helper.make_node('Slice', ['x', 's', 'e', 'a', 'p'], ['y'])], [('x', x)],
         [('y', TP.FLOAT)], inits=[('s', np.array([INT64_MAX], np.int64)), ('e', np.array([INT64_MIN], np.int64)),
                                   ('a', np.array([1], np.int64)), ('p', np.array([-1], np.int64))])
    case('onehot_out_of_range', [helper.make_node('OneHot', ['i', 'd', 'v'], ['y'], axis=-1)],
         [('i', np.array([0, 2, 5, -1, -9], np.int64))], [('y', TP.FLOAT)],
         inits=[('d', np.array(3, np.int64)), ('v', np.array([0, 1], F32))], opset=11)
    case('topk_k_too_large', [helper.make_node('TopK', ['x', 'k'], ['v', 'i'])], [('x', x)],
         [('v', TP.FLOAT), ('i', TP.INT64)], inits=[('k', np.array([5], np.int64))])
    case('expand_overflow', [helper.make_node('Expand', ['x', 's'], ['y'])], [('x', np.ones((1, 1), F32))],
         [('y', TP.FLOAT)], inits=[('s', np.array([1 << 40, 1 << 40], np.int64))])


def write_models(root):
    floats(); empties(); scalars(); integers(); indexing()
    for name, model, inputs in CASES:
        d = os.path.join(root, name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(os.path.join(d, 'test_data_set_0'))
        os.makedirs(os.path.join(d, 'ort'))
        onnx.save(model, os.path.join(d, 'model.onnx'))
        meta = []
        for k, (n, a) in enumerate(inputs):
            t = numpy_helper.from_array(a, n)
            open(os.path.join(d, 'test_data_set_0', 'input_%d.pb' % k), 'wb').write(t.SerializeToString())
            a.tofile(os.path.join(d, 'ort', 'input_%d.bin' % k))
            meta.append({'name': n, 'dtype': str(a.dtype), 'shape': list(a.shape)})
        json.dump({'inputs': meta, 'outputs': [o.name for o in model.graph.output]},
                  open(os.path.join(d, 'ort', 'meta.json'), 'w'))
    print('%d cases written to %s' % (len(CASES), root))


def write_outputs(root):
    done = errors = 0
    for name in sorted(os.listdir(root)):
        d = os.path.join(root, name, 'ort')
        if not os.path.isdir(d):
            continue
        if os.path.exists(os.path.join(d, 'error.txt')):
            shutil.copy(os.path.join(d, 'error.txt'), os.path.join(root, name, 'expect_error.txt'))
            errors += 1
        else:
            meta = json.load(open(os.path.join(d, 'outputs.json')))
            for k, o in enumerate(meta):
                a = np.fromfile(os.path.join(d, 'output_%d.bin' % k), dtype=o['dtype']).reshape(o['shape'])
                t = numpy_helper.from_array(a, o['name'])
                open(os.path.join(root, name, 'test_data_set_0', 'output_%d.pb' % k), 'wb').write(t.SerializeToString())
            done += 1
        shutil.rmtree(d)
    print('%d cases with ONNX Runtime outputs, %d that ONNX Runtime refuses' % (done, errors))


if __name__ == '__main__':
    if len(sys.argv) != 3 or sys.argv[1] not in ('models', 'outputs'):
        sys.exit('usage: make_edge_cases.py models|outputs DIR')
    (write_models if sys.argv[1] == 'models' else write_outputs)(sys.argv[2])
