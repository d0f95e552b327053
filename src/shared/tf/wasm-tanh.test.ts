import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels, useStockWasmKernels } from './wasm-kernels.ts';

describe('the fast wasm Tanh', () => {
  beforeAll(async () => {
    registerWasmKernels();
    await tf.setBackend('wasm');
  });
  afterAll(() => useStockWasmKernels(false));

  const values = () => {
    const v = Array.from({ length: 20_000 }, (_, i) => Math.sin(i * 12.9898) * 40 * Math.sin(i * 0.37));
    return v.concat([0, -0, 1e-8, -1e-8, 0.5, -0.5, 9, -9, 20, -20, 1e6, -1e6, Infinity, -Infinity, NaN]);
  };

  it('gives std::tanh’s values within 2e-7, NaN and the infinities included, and frees what it made', () => {
    const x = tf.tensor1d(values());
    useStockWasmKernels(true);
    const ref = tf.tidy(() => tf.tanh(x).dataSync());
    useStockWasmKernels(false);
    const ids = tf.engine().backend.numDataIds();
    const got = tf.tidy(() => tf.tanh(x).dataSync());
    expect(tf.engine().backend.numDataIds()).toBe(ids);
    let worst = 0;
    ref.forEach((r, i) => {
      if (Number.isNaN(r)) expect(got[i]).toBeNaN();
      else worst = Math.max(worst, Math.abs(r - got[i]!));
    });
    expect(worst).toBeLessThan(2e-7);
    expect(worst).toBeGreaterThan(0); // not stock wasm’s own kernel answering
    expect(Array.from(tf.tidy(() => tf.tanh(tf.tensor1d([Infinity, -Infinity])).dataSync()))).toEqual([1, -1]);
    x.dispose();
  });

  it('keeps tfjs’s gradient of tanh: the cpu backend’s 1 − y², within a few float32 steps', async () => {
    const v = values().filter(Number.isFinite).slice(0, 5_000);
    const grad = () =>
      tf.tidy(() =>
        tf
          .grad((x: tf.Tensor) => tf.sum(tf.tanh(x)))
          .call(null, tf.tensor1d(v))
          .dataSync(),
      );
    const wasm = grad();
    await tf.setBackend('cpu');
    const cpu = grad();
    await tf.setBackend('wasm');
    let worst = 0;
    // 1 − y² loses what y's last bits carry near ±1: a few float32 steps (ulps) apart at most.
    cpu.forEach((c, i) => (worst = Math.max(worst, Math.abs(c - wasm[i]!))));
    expect(worst).toBeLessThan(1e-6);
  });
});
