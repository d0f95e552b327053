import { describe, expect, it, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmConv2DBackpropFilter } from './wasm-conv2d-backprop-filter.ts';

function gradOn(
  backend: string,
  xs: number[],
  xShape: [number, number, number, number],
  dys: number[],
  dyShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  stride: number,
  pad: 'same' | 'valid',
) {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor4d(xs, xShape);
    const dy = tf.tensor4d(dys, dyShape);
    const f = tf.ones(filterShape);
    // d/dW of Σ conv(x, W)·dy is exactly Conv2DBackpropFilter(x, dy).
    const dW = tf.grad((w: tf.Tensor) =>
      tf
        .conv2d(x, w as tf.Tensor4D, stride, pad)
        .mul(dy)
        .sum(),
    )(f);
    return Array.from(dW.dataSync());
  });
}

describe('wasm Conv2DBackpropFilter', () => {
  beforeAll(async () => {
    registerWasmConv2DBackpropFilter();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  const cases: Array<{
    name: string;
    x: [number, number, number, number];
    f: [number, number, number, number];
    stride: number;
    pad: 'same' | 'valid';
  }> = [
    { name: 'valid 5x5, like C3', x: [3, 14, 14, 6], f: [5, 5, 6, 16], stride: 1, pad: 'valid' },
    { name: 'same 5x5, like C1', x: [2, 28, 28, 1], f: [5, 5, 1, 6], stride: 1, pad: 'same' },
    { name: 'strided 3x3 same', x: [2, 9, 7, 2], f: [3, 3, 2, 4], stride: 2, pad: 'same' },
  ];
  for (const c of cases) {
    it(`matches the cpu backend for ${c.name}`, async () => {
      const outH = c.pad === 'same' ? Math.ceil(c.x[1] / c.stride) : Math.ceil((c.x[1] - c.f[0] + 1) / c.stride);
      const outW = c.pad === 'same' ? Math.ceil(c.x[2] / c.stride) : Math.ceil((c.x[2] - c.f[1] + 1) / c.stride);
      const dyShape: [number, number, number, number] = [c.x[0], outH, outW, c.f[3]];
      const rand = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * 0.5);
      const xs = rand(
        c.x.reduce((a, b) => a * b),
        1,
      );
      const dys = rand(
        dyShape.reduce((a, b) => a * b),
        2,
      );
      const want = gradOn('cpu', xs, c.x, dys, dyShape, c.f, c.stride, c.pad);
      const before = tf.memory().numTensors;
      const got = gradOn('wasm', xs, c.x, dys, dyShape, c.f, c.stride, c.pad);
      expect(tf.memory().numTensors).toBe(before);
      expect(got).toHaveLength(want.length);
      for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i]!, 3);
    });
  }
});
