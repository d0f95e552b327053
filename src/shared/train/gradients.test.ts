import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '../tf/wasm-kernels.ts';
import { createModernLeNet } from '../model/lenet.ts';
import { parseIdxImages, parseIdxLabels, type MnistSplit } from '../mnist/idx.ts';
import { allocBatch, fillBatch } from './batch.ts';
import { MODERN_TASK } from './task.ts';
import { makeOptimizer, TrainingRun } from './runner.ts';
import { flatWeights, LOCAL_GRADIENTS, LocalPeer, ParallelGradients, shareGradients, shareSizes } from './gradients.ts';
import { range } from '../util/random.ts';
import { DEFAULT_TRAIN_CONFIG, type EpochRow, type TrainConfig } from '../protocol.ts';

let all: { pixels: Uint8Array; labels: Uint8Array } | null = null;
/** `count` real MNIST training images from `from` on. */
function mnist(count: number, from = 0): MnistSplit {
  all ??= {
    pixels: parseIdxImages('train-images', gunzipSync(readFileSync('public/data/mnist/train-images.idx3.gzbin'))).pixels,
    labels: parseIdxLabels('train-labels', gunzipSync(readFileSync('public/data/mnist/train-labels.idx1.gzbin'))).labels,
  };
  const [im, lb] = [all, all];
  return { count, images: im.pixels.slice(from * 784, (from + count) * 784), labels: lb.labels.slice(from, from + count) };
}

/** A batch of `n` real digits as the runner builds it. */
function batch(split: MnistSplit, n: number) {
  const buf = allocBatch(n);
  fillBatch(split, range(split.count), 0, n, buf, null);
  return buf;
}

const maxRelDiff = (a: Float32Array, b: Float32Array): number => {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  }
  return diff / scale;
};

describe('data-parallel gradients over K workers (wasm backend)', () => {
  let data: MnistSplit;
  beforeAll(async () => {
    registerWasmKernels();
    await tf.setBackend('wasm');
    data = mnist(600);
  });

  it('cuts a batch into near-equal shares that add up to it', () => {
    expect(shareSizes(64, 2)).toEqual([32, 32]);
    expect(shareSizes(65, 3)).toEqual([22, 22, 21]);
    expect(shareSizes(2, 3)).toEqual([1, 1, 0]);
  });

  it('averages share gradients into the one-worker gradient of the full batch', () => {
    const model = createModernLeNet(5);
    const { x, y } = batch(data, 61);
    const full = shareGradients(model, x, y, 61, MODERN_TASK);
    for (const k of [2, 3, 4]) {
      const sum = new Float32Array(full.grads.length);
      let lossSum = 0;
      let correct = 0;
      let start = 0;
      for (const m of shareSizes(61, k)) {
        const s = shareGradients(model, x.subarray(start * 784), y.subarray(start * 10), m, MODERN_TASK);
        for (let i = 0; i < sum.length; i++) sum[i]! += s.grads[i]!;
        lossSum += s.lossSum;
        correct += s.correct;
        start += m;
      }
      expect(maxRelDiff(sum, full.grads)).toBeLessThan(1e-4);
      expect(lossSum).toBeCloseTo(full.lossSum, 3);
      expect(correct).toBe(full.correct);
    }
    model.dispose();
  });

  it('takes the same optimizer step as one worker, every worker computing from the same weights, tensors flat', async () => {
    const one = createModernLeNet(6);
    const coordinator = createModernLeNet(6);
    const peers = [new LocalPeer(createModernLeNet(99), MODERN_TASK), new LocalPeer(createModernLeNet(98), MODERN_TASK)];
    const parallel = new ParallelGradients(peers);
    const tensors = tf.memory().numTensors;
    const [optA, optB] = [makeOptimizer(DEFAULT_TRAIN_CONFIG), makeOptimizer(DEFAULT_TRAIN_CONFIG)];
    for (let step = 0; step < 3; step++) {
      const { x, y } = batch(mnist(64, step * 64), 64);
      const before = flatWeights(coordinator);
      const a = LOCAL_GRADIENTS.step(one, optA, x, y, 64, MODERN_TASK) as { loss: tf.Scalar; correct: tf.Scalar };
      const b = await parallel.step(coordinator, optB, x, y, 64, MODERN_TASK);
      expect(b.loss.dataSync()[0]!).toBeCloseTo(a.loss.dataSync()[0]!, 4);
      expect(b.correct.dataSync()[0]).toBe(a.correct.dataSync()[0]);
      tf.dispose([a.loss, a.correct, b.loss, b.correct]);
      // Every peer computed this step from the coordinator's weights before it, bit for bit.
      for (const p of peers) expect(p.loaded).toEqual(before);
      expect(maxRelDiff(flatWeights(coordinator), flatWeights(one))).toBeLessThan(1e-4);
    }
    // After the last step the peers take the new weights at their next share: identical to the coordinator's.
    const { x, y } = batch(data, 3);
    const next = flatWeights(coordinator);
    tf.dispose(Object.values(await parallel.step(coordinator, optB, x, y, 3, MODERN_TASK)));
    for (const p of peers) {
      expect(p.loaded).toEqual(next);
      expect(flatWeights(p.model)).toEqual(next);
    }
    optA.dispose();
    optB.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    [one, coordinator, ...peers.map((p) => p.model)].forEach((m) => m.dispose());
  });

  it('gives the same accuracy per epoch as one worker on a small slice of MNIST, within seed noise', async () => {
    const split = { train: mnist(1500), test: mnist(300, 2000) };
    const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, epochs: 2, batchSize: 32, limit: 1000, augment: false, seed: 4, patience: 0 };
    const epochs = async (k: number): Promise<EpochRow[]> => {
      const model = createModernLeNet(4);
      const replicas = Array.from({ length: k - 1 }, () => new LocalPeer(createModernLeNet(0), MODERN_TASK));
      const run = new TrainingRun(model, split, config, { gradients: k > 1 ? new ParallelGradients(replicas) : LOCAL_GRADIENTS });
      await run.runToEnd();
      run.dispose();
      [model, ...replicas.map((r) => r.model)].forEach((m) => m.dispose());
      return run.history;
    };
    const [one, two] = [await epochs(1), await epochs(2)];
    expect(two).toHaveLength(2);
    for (let e = 0; e < 2; e++) expect(Math.abs(two[e]!.valAccuracy - one[e]!.valAccuracy)).toBeLessThan(0.03);
    expect(two[1]!.valAccuracy).toBeGreaterThan(0.8);
  });
});
