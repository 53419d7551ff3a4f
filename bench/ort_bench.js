// ort_bench.js: ONNX Runtime's CPU execution provider on one of export_models.py's models, timed
// like `gecl bench` (a load, then per-run latencies), and its output checked against PyTorch's.
// The baseline of the model table in docs/bench.md; not part of the build or the tests.
//   mkdir /tmp/ort && cd /tmp/ort && npm install --ignore-scripts onnxruntime-node@1.30.0
//   NODE_PATH=/tmp/ort/node_modules node bench/ort_bench.js MODEL.onnx INPUT.npy OUTPUT.npy [RUNS] [WARMUP] [THREADS] [json]
// With "json" last it prints one JSON object (bench/run_all.py reads it).
// load: InferenceSession.create (parsing and optimising the model) + the first run.
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

// A float32 C-order .npy of format version 1 (what numpy.save writes for these shapes).
function readNpyF32(path) {
  const b = fs.readFileSync(path);
  if (b.toString('latin1', 1, 6) !== 'NUMPY' || b[6] !== 1) throw new Error(`${path}: not a version 1 .npy file`);
  const hl = b.readUInt16LE(8), header = b.toString('latin1', 10, 10 + hl);
  if (!header.includes("'descr': '<f4'") || !header.includes("'fortran_order': False"))
    throw new Error(`${path}: not float32 in C order`);
  const shape = header.match(/'shape': \(([^)]*)\)/)[1].split(',').filter((s) => s.trim()).map(Number);
  const data = new Float32Array(b.buffer.slice(b.byteOffset + 10 + hl, b.byteOffset + b.length));
  return { shape, data };
}

async function main() {
  const [model, inputPath, refPath, runsArg = '20', warmupArg = '3', threadsArg = '0', format = ''] = process.argv.slice(2);
  if (!refPath) throw new Error('usage: ort_bench.js MODEL.onnx INPUT.npy OUTPUT.npy [RUNS] [WARMUP] [THREADS]');
  const runs = Number(runsArg), warmup = Number(warmupArg);
  const x = readNpyF32(inputPath), ref = readNpyF32(refPath);
  const options = { intraOpNumThreads: Number(threadsArg), interOpNumThreads: 1, graphOptimizationLevel: 'all' };
  let t0 = performance.now();
  const session = await ort.InferenceSession.create(model, options);
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', x.data, x.shape) };
  let out = await session.run(feeds);
  const load = performance.now() - t0;
  for (let i = 0; i < warmup; i++) out = await session.run(feeds);
  const ms = [];
  for (let i = 0; i < runs; i++) {
    t0 = performance.now();
    out = await session.run(feeds);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const y = out[session.outputNames[0]].data;
  let diff = 0, scale = 0;
  for (let i = 0; i < y.length; i++) {
    diff = Math.max(diff, Math.abs(y[i] - ref.data[i]));
    scale = Math.max(scale, Math.abs(ref.data[i]));
  }
  const mean = ms.reduce((a, b) => a + b, 0) / runs;
  if (format === 'json') {
    console.log(JSON.stringify({ version: ort.env.versions.common, load_ms: load, min_ms: ms[0], median_ms: ms[runs >> 1],
                                 mean_ms: mean, runs, err: diff / scale }));
    return;
  }
  console.log(`onnxruntime ${ort.env.versions.common}: load ${load.toFixed(1)} ms; ${runs} runs: min ${ms[0].toFixed(3)} ms, ` +
              `median ${ms[runs >> 1].toFixed(3)} ms, mean ${mean.toFixed(3)} ms; ` +
              `max |ort - torch| / max |torch| ${(diff / scale).toExponential(2)}`);
}

main().catch((e) => { console.error(`ort_bench.js: ${e.message}`); process.exit(1); });
