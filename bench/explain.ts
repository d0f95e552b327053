/**
 * Times the explanations on the tfjs wasm backend in Node (the UI thread's backend), with the
 * shipped models and real test digits: gradient, input×gradient, SmoothGrad(16), occlusion and a
 * nudge per variant; and the 2-D PCA of 10,000 × d activations. `npx tsx bench/explain.ts`
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmConvGrads } from '../src/shared/tf/wasm-conv-grads.ts';
import '../src/shared/model/classic.ts';
import { parseIdxImages } from '../src/shared/mnist/idx.ts';
import { createScorer, PIXELS } from '../src/shared/explain/scorer.ts';
import { saliency, SALIENCY_METHODS } from '../src/shared/explain/saliency.ts';
import { nudge } from '../src/shared/explain/nudge.ts';
import { pca2 } from '../src/shared/explain/pca.ts';
import { EMBEDDING_LAYERS, embedImages } from '../src/shared/explain/embedding.ts';
import { topImages } from '../src/shared/explain/top.ts';
import type { Variant } from '../src/shared/model/variants.ts';

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

registerWasmConvGrads();
await tf.setBackend('wasm');
await tf.ready();
const images = parseIdxImages('test-images', gunzipSync(readFileSync('public/data/mnist/test-images.idx3.gzbin')));
const digit = (i: number) => Float32Array.from(images.pixels.subarray(i * PIXELS, (i + 1) * PIXELS), (v) => v / 255);

for (const variant of ['modern', 'classic'] as const) {
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

for (const d of [10, 84, 120]) {
  // Synthetic data of C5's size: the covariance, the eigenvectors and the projection.
  const n = 10_000;
  const data = new Float32Array(n * d).map((_, i) => Math.sin(i * 0.37) + ((i * 7919) % 13) / 13);
  const t0 = performance.now();
  const p = pca2(data, n, d);
  console.log(`PCA 10,000 × ${d}: ${(performance.now() - t0).toFixed(0)} ms (${p.iterations} iterations)`);
}

for (const variant of ['modern', 'classic'] as const) {
  const model = await shipped(variant);
  for (const layer of EMBEDDING_LAYERS) {
    let slice = 0;
    let last = performance.now();
    const e = await embedImages(model, variant, layer, images.pixels, images.count, {
      yieldNow: async () => {
        const now = performance.now();
        slice = Math.max(slice, now - last);
        await new Promise((r) => setImmediate(r));
        last = performance.now();
      },
    });
    console.log(`map of 10,000 by ${variant} ${layer}: ${e.ms.toFixed(0)} ms (longest slice ${slice.toFixed(0)} ms)`);
  }
}

for (const variant of ['modern', 'classic'] as const) {
  const model = await shipped(variant);
  for (const layer of ['c1', 'c3', 'c5', 'f6'] as const) {
    const t = await topImages(model, variant, layer, images.pixels, images.count, { yieldNow: () => new Promise((r) => setImmediate(r)) });
    console.log(`top-9 of every ${variant} ${layer} map/unit over 10,000: ${t.ms.toFixed(0)} ms`);
  }
}
