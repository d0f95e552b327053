import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels, useStockWasmKernels } from './wasm-kernels.ts';
import { notChosen, pickBackend, timeTraining, type BackendRate } from './probe.ts';
import { createModernLeNet } from '../model/lenet.ts';

describe('the backend probe', () => {
  beforeAll(async () => {
    registerWasmKernels();
    await tf.setBackend('wasm');
  });

  it('chooses the fastest timed backend, whatever the fallback order says', () => {
    const rates: BackendRate[] = [
      { name: 'webgpu', imagesPerSec: 900 },
      { name: 'webgl', imagesPerSec: null, note: 'software' },
      { name: 'wasm', imagesPerSec: 2000 },
    ];
    expect(pickBackend(rates, ['webgpu', 'wasm'])).toBe('wasm');
    expect(pickBackend([{ name: 'webgl', imagesPerSec: 5000 }, ...rates], ['webgl', 'webgpu', 'wasm'])).toBe('webgl');
  });

  it('falls back in the order WebGPU, WebGL, wasm, cpu when nothing was timed', () => {
    const untimed: BackendRate[] = [{ name: 'wasm', imagesPerSec: null, note: 'the only candidate' }];
    expect(pickBackend(untimed, ['wasm'])).toBe('wasm');
    expect(pickBackend([], ['cpu', 'wasm', 'webgl'])).toBe('webgl');
    expect(pickBackend([], [])).toBeNull();
  });

  it('says why each other backend lost', () => {
    const reasons = notChosen({
      choice: 'wasm',
      rates: [
        { name: 'webgpu', imagesPerSec: null, note: 'WebGPU runs on a software adapter here' },
        { name: 'webgl', imagesPerSec: 200 },
        { name: 'wasm', imagesPerSec: 2000 },
      ],
    });
    expect(reasons).toEqual([
      { name: 'webgpu', reason: 'WebGPU runs on a software adapter here' },
      { name: 'webgl', reason: 'measured slower here (200 vs 2000 img/s)' },
    ]);
  });

  it('times real training steps and frees every tensor it made', async () => {
    const before = tf.memory().numTensors;
    const rate = await timeTraining('modern', 16, { warmupSteps: 1, budgetMs: 0, minSteps: 2 });
    expect(rate).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("the bench's stock wasm kernels compute the same gradients as the project's", () => {
    const model = createModernLeNet(3);
    const x = tf.randomUniform([8, 28, 28, 1], 0, 1, 'float32', 5);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10);
    const grads = () =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar);
        return Object.values(grads).map((g) => g.dataSync().slice());
      });
    const ours = grads();
    useStockWasmKernels(true);
    let stock: Float32Array[];
    try {
      stock = grads() as Float32Array[];
    } finally {
      useStockWasmKernels(false);
    }
    ours.forEach((g, i) => {
      const s = stock[i]!;
      let maxDiff = 0;
      let maxAbs = 0;
      for (let j = 0; j < g.length; j++) {
        maxDiff = Math.max(maxDiff, Math.abs(g[j]! - s[j]!));
        maxAbs = Math.max(maxAbs, Math.abs(g[j]!));
      }
      expect(maxDiff).toBeLessThanOrEqual(1e-4 * Math.max(1, maxAbs));
    });
    tf.dispose([x, y]);
    model.dispose();
  });
});
