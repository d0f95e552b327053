/**
 * Times the explanations on the tfjs wasm backend in Node (the backend of the UI thread and of the
 * explain worker), with the shipped models and real test digits: gradient (the live map, per
 * update), input×gradient, SmoothGrad(16), occlusion and a nudge per variant; the PCA of 10,000 × d
 * (reference and fast); the map's forward pass over every map layer and each layer's PCA; top-9 for
 * C1, C3, C5; activation maximisation; UMAP of 10,000 (skip with `--no-umap`, or run only it with
 * `--only-umap`). `npx tsx bench/explain.ts [--no-umap | --only-umap]`. With `--page [--no-build] [--runs N] [--no-umap] [classic]`: the same
 * in the page instead (`explain-page.ts`: click → map drawn, top-9, UMAP, long tasks).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '../src/shared/tf/wasm-kernels.ts';
import '../src/shared/model/classic.ts';
import { parseIdxImages } from '../src/shared/mnist/idx.ts';
import { createScorer, PIXELS } from '../src/shared/explain/scorer.ts';
import { saliency, SALIENCY_METHODS } from '../src/shared/explain/saliency.ts';
import { nudge } from '../src/shared/explain/nudge.ts';
import { pca2 } from '../src/shared/explain/pca.ts';
import { pca2Fast } from '../src/shared/explain/pca-fast.ts';
import { EMBEDDING_LAYERS, embedActivations, embedImages, layerActivations } from '../src/shared/explain/embedding.ts';
import { topFromActivations, topImages } from '../src/shared/explain/top.ts';
import { maximiseUnit, unitDrive, unitResponse } from '../src/shared/explain/actmax.ts';
import { umap2 } from '../src/shared/explain/umap.ts';
import { variantSpec, type Variant } from '../src/shared/model/variants.ts';
import { explainInPage } from './explain-page.ts';

async function shipped(variant: Variant): Promise<tf.LayersModel> {
  const json = JSON.parse(readFileSync(`public/models/${variant}/model.json`, 'utf8')) as {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  const bin = readFileSync(`public/models/${variant}/weights.bin`);
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData }),
  );
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;

if (process.argv.includes('--page')) {
  const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 1;
  await explainInPage({
    build: !process.argv.includes('--no-build'),
    runs: process.argv.includes('--runs') ? runs : 1,
    umap: !process.argv.includes('--no-umap'),
    variant: process.argv.includes('classic') ? 'classic' : 'modern',
  });
  process.exit(0);
}

registerWasmKernels();
await tf.setBackend('wasm');
await tf.ready();
const images = parseIdxImages('test-images', gunzipSync(readFileSync('public/data/mnist/test-images.idx3.gzbin')));
const digit = (i: number) => Float32Array.from(images.pixels.subarray(i * PIXELS, (i + 1) * PIXELS), (v) => v / 255);

const onlyUmap = process.argv.includes('--only-umap');
for (const variant of onlyUmap ? [] : (['modern', 'classic'] as const)) {
  const scorer = createScorer(await shipped(variant), variant);
  const row: Record<string, string> = {};
  for (const m of SALIENCY_METHODS) {
    const reps = m === 'gradient' || m === 'input-x-gradient' ? 40 : 8;
    const ms: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      await saliency(scorer, digit(i), { cls: i % 10, versus: null }, m);
      ms.push(performance.now() - t0);
    }
    row[m] = `median ${median(ms.slice(2)).toFixed(1)} ms, min ${Math.min(...ms.slice(2)).toFixed(1)} ms`;
  }
  const nudges: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const r = await nudge(scorer, digit(i), (i * 3 + 1) % 10);
    nudges.push(performance.now() - t0);
    if (!r.reached) console.log(`  nudge of test image ${i} did not reach ${r.target}`);
  }
  row['nudge'] = `median ${median(nudges).toFixed(0)} ms (min ${Math.min(...nudges).toFixed(0)}, max ${Math.max(...nudges).toFixed(0)})`;
  console.log(variant, row);
}

for (const d of onlyUmap ? [] : [10, 84, 120]) {
  // Synthetic data of C5's size: the reference PCA (one row at a time) against the fast one (four rows a pass, subspace iteration).
  const n = 10_000;
  const data = new Float32Array(n * d).map((_, i) => Math.sin(i * 0.37) + ((i * 7919) % 13) / 13);
  let t0 = performance.now();
  const p = pca2(data, n, d);
  const pure = performance.now() - t0;
  t0 = performance.now();
  pca2Fast(data, n, d);
  const fast = performance.now() - t0;
  console.log(
    `PCA 10,000 × ${d}: pure ${pure.toFixed(0)} ms (${p.iterations} iterations), fast (pca-fast.ts) ${fast.toFixed(0)} ms (${(pure / fast).toFixed(1)}x)`,
  );
}

const slices = () => {
  const s = { longest: 0, last: performance.now() };
  return {
    s,
    yieldNow: async () => {
      s.longest = Math.max(s.longest, performance.now() - s.last);
      await new Promise((r) => setImmediate(r));
      s.last = performance.now();
    },
  };
};

for (const variant of onlyUmap ? [] : (['modern', 'classic'] as const)) {
  const model = await shipped(variant);
  // The worker's path: one pass for every map layer, then each layer's PCA from the kept activations.
  const y = slices();
  let t0 = performance.now();
  const acts = await layerActivations(model, variant, EMBEDDING_LAYERS, images.pixels, images.count, { yieldNow: y.yieldNow });
  const forward = performance.now() - t0;
  const maps: string[] = [];
  for (const layer of EMBEDDING_LAYERS) {
    const a = acts.get(layer)!;
    const e = embedActivations(layer, a.data, a.dims, images.count);
    maps.push(`${layer} (${a.dims} dims) ${e.ms.toFixed(0)} ms`);
  }
  console.log(
    `map of 10,000 (${variant}): forward pass over C3, C5, F6, output ${forward.toFixed(0)} ms (longest slice ${y.s.longest.toFixed(0)} ms); PCA from kept activations: ${maps.join(', ')}`,
  );
  t0 = performance.now();
  const c5only = await embedImages(model, variant, 'c5', images.pixels, images.count, { yieldNow: slices().yieldNow });
  console.log(`map of 10,000 by ${variant} C5 from scratch (pass + PCA): ${c5only.ms.toFixed(0)} ms`);
  // Top-9: C1 by its own pass; C3 and C5 from the kept activations (what the worker does after a map) and by their own pass.
  for (const layer of ['c1', 'c3', 'c5'] as const) {
    const t = await topImages(model, variant, layer, images.pixels, images.count, { batch: 250, yieldNow: slices().yieldNow });
    let kept = '';
    const a = acts.get(layer);
    if (a) {
      const shape = variantSpec(variant).layers.find((l) => l.id === layer)!.shape;
      const channels = shape[shape.length - 1]!;
      kept = `, from kept activations ${topFromActivations(layer, a.data, images.count, a.dims / channels, channels).ms.toFixed(0)} ms`;
    }
    console.log(`top-9 of every ${variant} ${layer} map/unit over 10,000: own pass ${t.ms.toFixed(0)} ms${kept}`);
  }
  // Activation maximisation: one unit of each layer, the worker's 150 steps.
  const am: string[] = [];
  for (const [layer, unit] of [
    ['c5', 7],
    ['f6', 3],
    ['output', 2],
  ] as const) {
    t0 = performance.now();
    const r = await maximiseUnit(unitResponse(model, variant, layer, unit), { steps: 150 }, unitDrive(model, variant, layer, unit));
    am.push(`${layer} #${unit} ${(performance.now() - t0).toFixed(0)} ms (${r.start.toFixed(2)} → ${r.value.toFixed(2)})`);
  }
  console.log(`activation max (${variant}, 150 steps): ${am.join(', ')}`);
}

if (!process.argv.includes('--no-umap')) {
  const model = await shipped('modern');
  const acts = await layerActivations(model, 'modern', ['c5'], images.pixels, images.count);
  const a = acts.get('c5')!;
  let neighbours = 0;
  let layoutFrom = 0;
  const t0 = performance.now();
  const y = slices();
  const m = await umap2(a.data, images.count, a.dims, {
    yieldNow: y.yieldNow,
    onProgress: (stage, done, total) => {
      if (stage === 'neighbours' && done === total) neighbours = performance.now() - t0;
      if (stage === 'layout' && !layoutFrom) layoutFrom = performance.now();
    },
  });
  const total = performance.now() - t0;
  const p0 = performance.now();
  for (let i = 0; i < 10; i++) m.place(a.data.subarray(i * a.dims, (i + 1) * a.dims));
  console.log(
    `UMAP of 10,000 × 120 (modern C5): ${total.toFixed(0)} ms (exact neighbours ${neighbours.toFixed(0)} ms, umap-js graph ${(layoutFrom - t0 - neighbours).toFixed(0)} ms, ${m.epochs} epochs ${(t0 + total - layoutFrom).toFixed(0)} ms, longest slice ${y.s.longest.toFixed(0)} ms); placing a drawing ${((performance.now() - p0) / 10).toFixed(1)} ms`,
  );
}
