// ort_edge_cases.js: ONNX Runtime's outputs for make_edge_cases.py's cases (the second of its three
// steps; not part of the build or the tests). For each DIR/<case>/ort/ it reads meta.json and the
// raw inputs, runs model.onnx on ONNX Runtime's CPU provider, and writes output_N.bin with
// outputs.json, or error.txt with ONNX Runtime's message where it refuses the model or the inputs.
//   NODE_PATH=/tmp/ort/node_modules node tests/onnx/ort_edge_cases.js tests/onnx/edge_cases
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

const ARRAYS = { float32: Float32Array, int32: Int32Array, int64: BigInt64Array, bool: Uint8Array, float64: Float64Array };
const ORT_TYPES = { float32: 'float32', int32: 'int32', int64: 'int64', bool: 'bool', float64: 'float64' };

function readInput(dir, k, m) {
  const b = fs.readFileSync(path.join(dir, `input_${k}.bin`));
  const Arr = ARRAYS[m.dtype];
  const data = new Arr(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
  return new ort.Tensor(ORT_TYPES[m.dtype], m.dtype === 'bool' ? Uint8Array.from(data) : data, m.shape);
}

async function runCase(caseDir) {
  const dir = path.join(caseDir, 'ort');
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
  try {
    const session = await ort.InferenceSession.create(path.join(caseDir, 'model.onnx'),
      { intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
    const feeds = {};
    meta.inputs.forEach((m, k) => { feeds[m.name] = readInput(dir, k, m); });
    const out = await session.run(feeds);
    const described = meta.outputs.map((name, k) => {
      const t = out[name];
      const bytes = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
      fs.writeFileSync(path.join(dir, `output_${k}.bin`), bytes);
      const dtype = { float32: 'float32', int32: 'int32', int64: 'int64', bool: 'bool', float64: 'float64' }[t.type];
      if (!dtype) throw new Error(`output ${name}: type ${t.type} not handled`);
      return { name, dtype, shape: t.dims };
    });
    fs.writeFileSync(path.join(dir, 'outputs.json'), JSON.stringify(described));
    return 'ok';
  } catch (e) {
    fs.writeFileSync(path.join(dir, 'error.txt'), `${String(e.message || e).split('\n')[0]}\n`);
    return `error: ${String(e.message || e).split('\n')[0]}`;
  }
}

async function main() {
  const root = process.argv[2];
  if (!root) throw new Error('usage: ort_edge_cases.js DIR');
  for (const name of fs.readdirSync(root).sort()) {
    const caseDir = path.join(root, name);
    if (!fs.existsSync(path.join(caseDir, 'ort', 'meta.json'))) continue;
    console.log(`${name}: ${await runCase(caseDir)}`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
