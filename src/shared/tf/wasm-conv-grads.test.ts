import { describe, expect, it, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmConvGrads } from './wasm-conv-grads.ts';

type Shape4 = [number, number, number, number];

/** Both gradients of Σ conv(x, W)·dy: exactly Conv2DBackpropFilter(x, dy) and Conv2DBackpropInput(dy, W). */
function gradsOn(
  backend: string,
  xs: number[],
  xShape: Shape4,
  ws: number[],
  wShape: Shape4,
  dys: number[],
  dyShape: Shape4,
  stride: number,
  pad: 'same' | 'valid',
) {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor4d(xs, xShape);
    const w = tf.tensor4d(ws, wShape);
    const dy = tf.tensor4d(dys, dyShape);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf
        .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad)
        .mul(dy)
        .sum(),
    )([x, w]);
    return { dx: Array.from(dx!.dataSync()), dw: Array.from(dw!.dataSync()) };
  });
}

const rand = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * 0.5);
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

describe('wasm convolution gradients', () => {
  beforeAll(async () => {
    registerWasmConvGrads();
    await tf.setBackend('wasm');
    await tf.ready();
  });

  const cases: Array<{ name: string; x: Shape4; f: Shape4; stride: number; pad: 'same' | 'valid' }> = [
    { name: 'valid 5x5, like C3', x: [3, 14, 14, 6], f: [5, 5, 6, 16], stride: 1, pad: 'valid' },
    { name: 'same 5x5, like C1', x: [2, 28, 28, 1], f: [5, 5, 1, 6], stride: 1, pad: 'same' },
    { name: 'valid 5x5 to 1x1, like C5', x: [4, 5, 5, 16], f: [5, 5, 16, 120], stride: 1, pad: 'valid' },
    { name: 'same 4x4 (uneven padding)', x: [2, 7, 9, 3], f: [4, 4, 3, 5], stride: 1, pad: 'same' },
    { name: 'strided 3x3 same (general path)', x: [2, 9, 7, 2], f: [3, 3, 2, 4], stride: 2, pad: 'same' },
  ];
  for (const c of cases) {
    it(`match the cpu backend for ${c.name}`, () => {
      const outH = c.pad === 'same' ? Math.ceil(c.x[1] / c.stride) : Math.ceil((c.x[1] - c.f[0] + 1) / c.stride);
      const outW = c.pad === 'same' ? Math.ceil(c.x[2] / c.stride) : Math.ceil((c.x[2] - c.f[1] + 1) / c.stride);
      const dyShape: Shape4 = [c.x[0], outH, outW, c.f[3]];
      const args = [rand(size(c.x), 1), c.x, rand(size(c.f), 3), c.f, rand(size(dyShape), 2), dyShape, c.stride, c.pad] as const;
      const want = gradsOn('cpu', ...args);
      const before = tf.memory().numTensors;
      const got = gradsOn('wasm', ...args);
      expect(tf.memory().numTensors).toBe(before);
      for (const k of ['dx', 'dw'] as const) {
        expect(got[k]).toHaveLength(want[k].length);
        const worst = Math.max(...want[k].map((v, i) => Math.abs(v - got[k][i]!)));
        expect(worst, k).toBeLessThan(1e-3);
      }
    });
  }

  const pools: Array<{ name: string; x: Shape4; size: number; stride: number; pad: 'same' | 'valid' }> = [
    { name: '2x2 stride 2, like S2', x: [3, 28, 28, 6], size: 2, stride: 2, pad: 'valid' },
    { name: '2x2 stride 2 on an odd size (last row and column get nothing)', x: [2, 7, 9, 3], size: 2, stride: 2, pad: 'valid' },
    { name: '3x3 stride 2 overlapping (general path)', x: [2, 9, 9, 2], size: 3, stride: 2, pad: 'same' },
  ];
  for (const c of pools) {
    it(`average-pool gradient matches the cpu backend for ${c.name}`, () => {
      const on = (backend: string) => {
        tf.setBackend(backend);
        return tf.tidy(() => {
          const x = tf.tensor4d(rand(size(c.x), 5), c.x);
          const dx = tf.grad((a: tf.Tensor) =>
            tf
              .avgPool(a as tf.Tensor4D, c.size, c.stride, c.pad)
              .mul(
                tf
                  .sin(tf.range(0, size(tf.avgPool(x, c.size, c.stride, c.pad).shape)))
                  .reshape(tf.avgPool(x, c.size, c.stride, c.pad).shape),
              )
              .sum(),
          )(x);
          return Array.from(dx.dataSync());
        });
      };
      const want = on('cpu');
      const got = on('wasm');
      expect(got).toHaveLength(want.length);
      expect(Math.max(...want.map((v, i) => Math.abs(v - got[i]!)))).toBeLessThan(1e-5);
    });
  }

  for (const [ta, tb] of [
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    it(`matMul with transposeA=${ta}, transposeB=${tb} matches the cpu backend`, () => {
      const on = (backend: string) => {
        tf.setBackend(backend);
        return tf.tidy(() => {
          const a = tf.tensor3d(rand(2 * 7 * 5, 7), ta ? [2, 5, 7] : [2, 7, 5]);
          const b = tf.tensor3d(rand(2 * 5 * 3, 8), tb ? [2, 3, 5] : [2, 5, 3]);
          return Array.from(tf.matMul(a, b, ta, tb).dataSync());
        });
      };
      const want = on('cpu');
      const got = on('wasm');
      expect(got).toHaveLength(2 * 7 * 3);
      expect(Math.max(...want.map((v, i) => Math.abs(v - got[i]!)))).toBeLessThan(1e-5);
    });
  }

  it('keep the wasm heap flat over many steps (no cached XNNPACK operators left behind)', () => {
    tf.setBackend('wasm');
    const x = tf.randomNormal([16, 14, 14, 6]) as tf.Tensor4D;
    const heap = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
    const step = () =>
      tf.tidy(() => {
        const w = tf.randomNormal([5, 5, 6, 16]) as tf.Tensor4D; // a new filter each time, like a training step
        const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf
            .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'valid')
            .square()
            .sum(),
        )([x, w]);
        return void [dx!.dataSync(), dw!.dataSync()];
      });
    for (let i = 0; i < 20; i++) step();
    const h0 = heap();
    for (let i = 0; i < 300; i++) step();
    expect(heap()).toBe(h0);
    x.dispose();
  });
});
