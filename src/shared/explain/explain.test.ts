import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '../tf/wasm-kernels.ts';
import { parseIdxImages, parseIdxLabels } from '../mnist/idx.ts';
import { variantSpec, type Variant } from '../model/variants.ts';
import { predictedClass } from '../model/readout.ts';
import { toModelInput, type Mnist28 } from '../preprocess/mnist-style.ts';
import { createScorer, PIXELS, type ClassScorer } from './scorer.ts';
import { gradientSaliency, inputTimesGradient, occlusion, occlusionScores, saliency, smoothGrad, type Target } from './saliency.ts';
import { nudge } from './nudge.ts';
import { embedImages, layerActivations, LayerPass, splitActivations, type PassPeer } from './embedding.ts';
import { ExplainCancelled } from './saliency.ts';
import { restoreWeights } from '../train/core.ts';
import { projectPoint } from './pca.ts';
import { channelMaxima, topFromActivations, topImages } from './top.ts';

/** A shipped model from `public/models/<variant>/`. */
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

const testImageBytes = () => parseIdxImages('test-images', gunzipSync(readFileSync('public/data/mnist/test-images.idx3.gzbin')));

/** The first `n` MNIST test images `[784]` in [0, 1] and their labels. */
function testDigits(n: number): { images: Float32Array[]; labels: number[] } {
  const images = testImageBytes();
  const labels = parseIdxLabels('test-labels', gunzipSync(readFileSync('public/data/mnist/test-labels.idx1.gzbin')));
  return {
    images: Array.from({ length: n }, (_, i) => Float32Array.from(images.pixels.subarray(i * PIXELS, (i + 1) * PIXELS), (v) => v / 255)),
    labels: Array.from(labels.labels.subarray(0, n)),
  };
}

/** The network's own answer for a 28x28 image, through the model as the lab runs it. */
function answer(model: tf.LayersModel, variant: Variant, image: Float32Array): number {
  const spec = variantSpec(variant);
  const [h = 28, w = 28] = spec.inputShape;
  const scores = tf.tidy(() =>
    (model.predict(tf.tensor4d(toModelInput(image as Mnist28, spec.inputFormat), [1, h, w, 1])) as tf.Tensor).dataSync(),
  );
  return predictedClass(scores, spec.readout);
}

function evidence(scorer: ClassScorer, image: Float32Array): Float32Array {
  return tf.tidy(() => scorer.evidence(tf.tensor4d(image, [1, 28, 28, 1])).dataSync() as Float32Array);
}

const score = (ev: Float32Array, t: Target) => ev[t.cls]! - (t.versus === null ? 0 : ev[t.versus]!);

/** A smooth-ish stroke-like test input in [0, 1]. */
function blob(): Float32Array {
  const x = new Float32Array(PIXELS);
  for (let r = 0; r < 28; r++)
    for (let c = 0; c < 28; c++) {
      const d = Math.hypot(r - 14, c - 13) - 6;
      x[r * 28 + c] = Math.max(0, Math.min(1, 1 - Math.abs(d) / 2.5));
    }
  return x;
}

describe.each<Variant>(['modern', 'classic'])('explanations of the %s net', (variant) => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives evidence that reproduces the network’s own outputs', () => {
    const model = variantSpec(variant).create(3);
    const scorer = createScorer(model, variant);
    const x = blob();
    const ev = evidence(scorer, x);
    const spec = variantSpec(variant);
    const out = tf.tidy(() =>
      (
        model.predict(
          tf.tensor4d(toModelInput(x as Mnist28, spec.inputFormat), [1, spec.inputShape[0]!, spec.inputShape[1]!, 1]),
        ) as tf.Tensor
      ).dataSync(),
    );
    const expected = variant === 'modern' ? tf.tidy(() => tf.softmax(tf.tensor1d(ev)).dataSync()) : Float32Array.from(ev, (v) => -v);
    for (let i = 0; i < 10; i++) expect(out[i]).toBeCloseTo(expected[i]!, 4);
  });

  it('computes saliency equal to finite differences of the class score', async () => {
    // The shipped net on a real test digit: an untrained classic net's gradients are too small
    // next to its RBF distances for float32 finite differences.
    const model = await shipped(variant);
    const scorer = createScorer(model, variant);
    const x = testDigits(1).images[0]!;
    for (const target of [
      { cls: 7, versus: null },
      { cls: 3, versus: 8 },
    ] satisfies Target[]) {
      const g = gradientSaliency(scorer, x, target);
      // Small steps for the ReLU net (kinks), larger for the smooth tanh net (float32 rounding).
      const eps = variant === 'modern' ? 2e-3 : 1e-2;
      // The pixels where the gradient is largest, and a few others.
      const order = Array.from(g.keys()).sort((a, b) => Math.abs(g[b]!) - Math.abs(g[a]!));
      const pixels = [...order.slice(0, 6), 14 * 28 + 7, 20 * 28 + 13, 10 * 28 + 10, 2 * 28 + 2];
      const maxAbs = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(maxAbs).toBeGreaterThan(0);
      let err = 0;
      let norm = 0;
      const at = (p: number, h: number) => {
        const moved = Float32Array.from(x);
        moved[p]! += h;
        return score(evidence(scorer, moved), target);
      };
      for (const p of pixels) {
        // The central difference; near a ReLU kink (a blank pixel, a pooling tie) the gradient is
        // one of the one-sided derivatives, and a smaller step may be needed to stay off the next
        // kink: the modern net takes the closest of these differences at two steps.
        const fds = (variant === 'modern' ? [eps, eps / 8] : [eps]).flatMap((h) => {
          const [up, mid, down] = [at(p, h), at(p, 0), at(p, -h)];
          return [(up - down) / (2 * h), (up - mid) / h, (mid - down) / h];
        });
        const fd = variant === 'modern' ? fds.reduce((b, d) => (Math.abs(d - g[p]!) < Math.abs(b - g[p]!) ? d : b)) : fds[0]!;
        // Per pixel within 5 % of the map's scale (a kink inside ±eps bends the difference); over all
        // the pixels checked, within 4 % (a wrong gradient is off by ~100 % from every one of them).
        expect(Math.abs(g[p]! - fd)).toBeLessThan(0.05 * maxAbs);
        err += (g[p]! - fd) ** 2;
        norm += fd ** 2;
      }
      expect(Math.sqrt(err / norm)).toBeLessThan(0.04);
      // Input × gradient is the same gradient, weighted by the ink.
      const ixg = inputTimesGradient(scorer, x, target);
      for (const p of pixels) expect(ixg[p]).toBeCloseTo(g[p]! * x[p]!, 5);
    }
    scorer.dispose();
    model.dispose();
  });

  it('averages gradients over noisy copies for SmoothGrad (no noise: the plain gradient)', async () => {
    const model = variantSpec(variant).create(5);
    const scorer = createScorer(model, variant);
    const x = blob();
    const t: Target = { cls: 2, versus: null };
    const g = gradientSaliency(scorer, x, t);
    const same = await smoothGrad(scorer, x, t, { samples: 6, sigma: 0, chunk: 4 });
    for (let i = 0; i < PIXELS; i += 37) expect(same[i]).toBeCloseTo(g[i]!, 5);
    const noisy = await smoothGrad(scorer, x, t, { samples: 6, sigma: 0.2, chunk: 4 });
    const maxAbs = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(noisy.some((v, i) => Math.abs(v - g[i]!) > 0.01 * maxAbs)).toBe(true);
    model.dispose();
  });
});

describe.each<Variant>(['modern', 'classic'])('occlusion and nudges on the shipped %s net', (variant) => {
  let model: tf.LayersModel;
  let scorer: ClassScorer;
  const digits = testDigits(6);

  beforeAll(async () => {
    registerWasmKernels();
    await tf.setBackend('wasm');
    await tf.ready();
    model = await shipped(variant);
    scorer = createScorer(model, variant);
  });

  it('finds that blanking a patch without ink changes nothing, and blanking all ink costs the most', async () => {
    for (let k = 0; k < digits.images.length; k++) {
      const x = digits.images[k]!;
      const t: Target = { cls: digits.labels[k]!, versus: null };
      const res = await occlusion(scorer, x, t, { skipBlank: false });
      expect(res.evaluated).toBe(res.patches.length);
      let inked = 0;
      for (const p of res.patches) {
        let ink = false;
        for (let r = p.y; r < p.y + 4; r++) for (let c = p.x; c < p.x + 4; c++) ink ||= x[r * 28 + c]! > 0;
        if (ink) inked++;
        else expect(Math.abs(p.drop)).toBeLessThan(1e-5);
      }
      expect(inked).toBeGreaterThan(0);
      const [before, blank] = occlusionScores(scorer, Float32Array.from([...x, ...new Float32Array(PIXELS)]), 2, t);
      const allInk = before! - blank!;
      expect(allInk).toBeGreaterThan(0);
      // A blank page keeps a little of the class's probability (the modern net's softmax: ~1–2 %),
      // so a patch can cost at most that much more than blanking all the ink.
      const slack = variant === 'modern' ? blank! + 1e-5 : 1e-5;
      for (const p of res.patches) expect(p.drop).toBeLessThanOrEqual(allInk + slack);
      // Skipping the blank patches gives the same map.
      const fast = await occlusion(scorer, x, t);
      expect(fast.evaluated).toBe(inked);
      for (let i = 0; i < PIXELS; i++) expect(fast.map[i]).toBeCloseTo(res.map[i]!, 5);
    }
  });

  it('nudges a digit to another answer with pixels kept in [0, 1], and says so when it cannot', async () => {
    const x = digits.images[0]!; // a 7
    expect(answer(model, variant, x)).toBe(digits.labels[0]);
    for (const target of [1, 3, 9]) {
      const r = await nudge(scorer, x, target, { maxSteps: 300 });
      expect(r.input.every((v) => v >= 0 && v <= 1)).toBe(true);
      expect(r.reached).toBe(answer(model, variant, r.input) === target);
      expect(r.reached).toBe(true);
      expect(r.answer).toBe(target);
      expect(r.steps).toBeGreaterThan(0);
      let l2 = 0;
      for (let i = 0; i < PIXELS; i++) l2 += (r.input[i]! - x[i]!) ** 2;
      expect(r.l2).toBeCloseTo(Math.sqrt(l2), 4);
    }
    const fail = await nudge(scorer, x, 0, { maxSteps: 1, stepL2: 0.01 });
    expect(fail.reached).toBe(false);
    expect(fail.steps).toBe(1);
    expect(answer(model, variant, fail.input)).not.toBe(0);
    // Already the answer: nothing to change.
    const none = await nudge(scorer, x, digits.labels[0]!);
    expect(none).toMatchObject({ reached: true, steps: 0, l2: 0 });
  });

  it('keeps the tensor count flat across 1,000 explanations', async () => {
    const x = digits.images[1]!;
    const methods = ['gradient', 'input-x-gradient'] as const;
    await saliency(scorer, x, { cls: 2, versus: null }, 'gradient');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) {
      const m = i % 100 === 0 ? (i % 200 === 0 ? 'smoothgrad' : 'occlusion') : methods[i % 2]!;
      await saliency(scorer, x, { cls: i % 10, versus: i % 3 === 0 ? (i + 1) % 10 : null }, m);
    }
    await nudge(scorer, x, 5, { maxSteps: 50 });
    expect(tf.memory().numTensors).toBe(before);
  }, 240_000);
});

describe('the map of all digits', () => {
  beforeAll(async () => {
    registerWasmKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it.each<Variant>(['modern', 'classic'])(
    'places test images by C5 (%s): centred, the drawing projected like any image',
    async (variant) => {
      const model = await shipped(variant);
      const bytes = testImageBytes().pixels;
      const n = 600;
      const before = tf.memory().numTensors;
      const progress: number[] = [];
      const e = await embedImages(model, variant, 'c5', bytes, n, { batch: 128, onProgress: (done) => progress.push(done) });
      expect(progress).toEqual([128, 256, 384, 512, 600]);
      expect(tf.memory().numTensors).toBe(before);
      const c = e.pca.coords;
      let mx = 0;
      let my = 0;
      for (let i = 0; i < n; i++) {
        mx += c[2 * i]! / n;
        my += c[2 * i + 1]! / n;
      }
      const sd = Math.sqrt(e.pca.variance[0]);
      expect(Math.abs(mx)).toBeLessThan(1e-3 * sd);
      expect(Math.abs(my)).toBeLessThan(1e-3 * sd);
      expect(e.pca.variance[0]).toBeGreaterThanOrEqual(e.pca.variance[1]);
      // Image 7's own C5 activations land on its point.
      const spec = variantSpec(variant);
      const image = Float32Array.from(bytes.subarray(7 * PIXELS, 8 * PIXELS), (v) => v / 255) as Mnist28;
      const act = tf.tidy(() => {
        const sub = tf.model({ inputs: model.inputs, outputs: model.getLayer('c5').output as tf.SymbolicTensor });
        return (
          sub.predict(tf.tensor4d(toModelInput(image, spec.inputFormat), [1, spec.inputShape[0]!, spec.inputShape[1]!, 1])) as tf.Tensor
        ).dataSync();
      });
      const [x, y] = projectPoint(e.pca, act);
      expect(x).toBeCloseTo(c[14]!, 3);
      expect(y).toBeCloseTo(c[15]!, 3);
    },
  );
});

describe('a pass shared by two workers', () => {
  beforeAll(async () => {
    registerWasmKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  /**
   * A peer in this thread, as the helper worker behaves: from the last batch down, one batch each
   * time this thread yields, stopping at the batches this thread has taken; or one that fails.
   */
  const peer = (variant: Variant, fail = false) => {
    const did: number[] = [];
    let tick = () => {};
    const p: PassPeer = {
      run(share, onBatch) {
        if (fail) return { stopBelow: () => {}, done: Promise.reject(new Error('the helper crashed')) };
        const model = variantSpec(variant).create();
        restoreWeights(
          model,
          share.weights.map((b) => new Float32Array(b)),
        );
        const lp = new LayerPass(model, share.variant, share.layers);
        let b = Math.ceil(share.count / share.batch) - 1;
        let below = 0;
        let resolve = () => {};
        const done = new Promise<void>((r) => (resolve = r));
        let stopped = false;
        const stop = () => {
          if (stopped) return;
          stopped = true;
          model.dispose();
          tick = () => {};
          resolve();
        };
        tick = () => {
          if (b < below) return stop();
          const n = Math.min(share.batch, share.count - b * share.batch);
          const out = lp.alloc(n);
          lp.run(share.images, b * share.batch, n, out, 0);
          did.push(b);
          onBatch(b--, out);
        };
        return {
          stopBelow: (x) => {
            below = Math.max(below, x);
            if (b < below) stop();
          },
          done,
        };
      },
    };
    return { p, did, yieldNow: async () => tick() };
  };

  it.each<Variant>(['modern', 'classic'])('gives the same activations as one worker, each batch once (%s)', async (variant) => {
    const model = await shipped(variant);
    const weights = model.getWeights().map((w) => (w.dataSync() as Float32Array).slice().buffer);
    const bytes = testImageBytes().pixels;
    const n = 700;
    const layers = ['c3', 'c5', 'output'] as const;
    const one = await layerActivations(model, variant, layers, bytes, n, { batch: 128 });
    const { p, did, yieldNow } = peer(variant);
    const progress: number[] = [];
    const before = tf.memory().numTensors;
    const two = await splitActivations(p, model, variant, weights, layers, bytes, n, {
      batch: 128,
      yieldNow,
      onProgress: (d) => progress.push(d),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(two.threads).toBe(2);
    // Six batches: this thread takes 0, 1, 2 from the front, the peer 5, 4, 3 from the back.
    expect(did).toEqual([5, 4, 3]);
    expect(progress.at(-1)).toBe(n);
    expect(progress).toHaveLength(6);
    for (const l of layers) {
      const a = one.get(l)!;
      const b = two.acts.get(l)!;
      expect(b.dims).toBe(a.dims);
      expect(b.data.length).toBe(n * a.dims);
      for (let i = 0; i < a.data.length; i += 97) expect(b.data[i]).toBeCloseTo(a.data[i]!, 4);
    }
  });

  it('computes every batch itself when the peer fails or never starts, and stops when cancelled', async () => {
    const model = await shipped('modern');
    const weights = model.getWeights().map((w) => (w.dataSync() as Float32Array).slice().buffer);
    const bytes = testImageBytes().pixels;
    const one = (await layerActivations(model, 'modern', ['c5'], bytes, 600, { batch: 128 })).get('c5')!.data;
    const failed = peer('modern', true);
    const alone = await splitActivations(failed.p, model, 'modern', weights, ['c5'], bytes, 600, { batch: 128 });
    expect(alone.threads).toBe(1);
    const c5 = alone.acts.get('c5')!.data;
    for (let i = 0; i < one.length; i += 31) expect(c5[i]).toBeCloseTo(one[i]!, 4);
    // A peer that is slow to start (never yielded to) leaves every batch to this thread.
    const idle = peer('modern');
    const mine = await splitActivations(idle.p, model, 'modern', weights, ['c5'], bytes, 600, { batch: 128 });
    expect(mine.threads).toBe(1);
    expect(idle.did).toEqual([]);
    const before = tf.memory().numTensors;
    const cancelled = peer('modern');
    await expect(
      splitActivations(cancelled.p, model, 'modern', weights, ['c5'], bytes, 600, {
        batch: 128,
        yieldNow: cancelled.yieldNow,
        isCancelled: () => cancelled.did.length >= 2,
      }),
    ).rejects.toBeInstanceOf(ExplainCancelled);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the test images that excite a unit most', () => {
  beforeAll(async () => {
    registerWasmKernels();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it.each<[Variant, 'c3' | 'f6']>([
    ['modern', 'c3'],
    ['classic', 'f6'],
  ])('are the true top 9 (%s %s), checked against brute force on a slice', async (variant, layer) => {
    const model = await shipped(variant);
    const bytes = testImageBytes().pixels;
    const n = 400;
    const before = tf.memory().numTensors;
    const top = await topImages(model, variant, layer, bytes, n, { batch: 64 });
    expect(tf.memory().numTensors).toBe(before);
    // Brute force: every image's activations on its own, every channel's maximum, a full sort.
    const spec = variantSpec(variant);
    const shape = spec.layers.find((l) => l.id === layer)!.shape;
    const channels = shape[shape.length - 1]!;
    const spatial = shape.reduce((a, b) => a * b, 1) / channels;
    const sub = tf.model({ inputs: model.inputs, outputs: model.getLayer(layer).output as tf.SymbolicTensor });
    const responses: Float32Array[] = [];
    for (let i = 0; i < n; i++) {
      const image = Float32Array.from(bytes.subarray(i * PIXELS, (i + 1) * PIXELS), (v) => v / 255) as Mnist28;
      const acts = tf.tidy(
        () =>
          (
            sub.predict(tf.tensor4d(toModelInput(image, spec.inputFormat), [1, spec.inputShape[0]!, spec.inputShape[1]!, 1])) as tf.Tensor
          ).dataSync() as Float32Array,
      );
      responses.push(channelMaxima(acts, 1, spatial, channels));
    }
    expect(top.channels).toBe(channels);
    for (let c = 0; c < channels; c++) {
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => responses[b]![c]! - responses[a]![c]! || a - b);
      const want = order.slice(0, 9).map((i) => responses[i]![c]!);
      const got = Array.from(top.values.subarray(c * 9, c * 9 + 9));
      for (let j = 0; j < 9; j++) expect(got[j]).toBeCloseTo(want[j]!, 4);
      // The images themselves, wherever values are not tied.
      for (let j = 0; j < 9; j++) expect(responses[top.indices[c * 9 + j]!]![c]).toBeCloseTo(want[j]!, 4);
    }
    // From the map's cached activations (one pass over several layers): the same top 9.
    const acts = (await layerActivations(model, variant, ['c5', layer], bytes, n, { batch: 128 })).get(layer)!;
    const cached = topFromActivations(layer, acts.data, n, spatial, channels);
    for (let i = 0; i < channels * 9; i++) expect(cached.values[i]).toBeCloseTo(top.values[i]!, 4);
  });
});
