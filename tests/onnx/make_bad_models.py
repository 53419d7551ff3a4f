#!/usr/bin/env python3
"""Writes the small ONNX models test_onnx_parser reads into the folder given: unknown ops, a
cycle, external data (present, missing, escaping the model's folder). Built with python3-onnx's
helpers so the files are valid protobuf; only their content is wrong."""
import os
import sys

import struct

from onnx import TensorProto, helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])
y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])


def save(name, nodes, inits=(), outputs=(y,)):
    graph = helper.make_graph(nodes, name, [x], list(outputs), list(inits))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    with open(os.path.join(out, name + ".onnx"), "wb") as f:
        f.write(model.SerializeToString())


save("unknown_ops", [helper.make_node("FrobnicateA", ["x"], ["t"]), helper.make_node("Relu", ["t"], ["u"]),
                     helper.make_node("FrobnicateB", ["u"], ["y"])])
save("cycle", [helper.make_node("Add", ["x", "b"], ["a"]), helper.make_node("Relu", ["a"], ["b"]),
               helper.make_node("Identity", ["b"], ["y"])])


def external(name, location, write):
    w = helper.make_tensor("w", TensorProto.FLOAT, [2, 3], [0.0] * 6)
    w.ClearField("float_data")
    w.data_location = TensorProto.EXTERNAL
    for k, v in (("location", location), ("offset", "0"), ("length", "24")):
        e = w.external_data.add()
        e.key, e.value = k, v
    if write:
        with open(os.path.join(out, location), "wb") as f:
            f.write(struct.pack("<6f", *range(6)))
    save(name, [helper.make_node("Add", ["x", "w"], ["y"])], inits=[w])


external("external_ok", "weights_ok.bin", True)
external("missing_external", "weights.bin", False)
external("external_escape", "../outside.bin", False)

# out_nodes: named nodes whose outputs parser_params can pick instead of the graph's output
save("two_steps", [helper.make_node("Neg", ["x"], ["t"], name="neg"), helper.make_node("Relu", ["t"], ["y"], name="relu")])
