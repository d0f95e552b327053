/**
 * The exact covariance of many rows of activations, for the map's PCA (`pca-fast.ts`): column means,
 * the covariance as a loop (the reference, and for small inputs) and as one product on the tfjs
 * backend (what the map uses).
 */
import * as tf from '@tensorflow/tfjs';
import { readback } from './readback.ts';

/** Column means `[d]` (Float64) of `n` rows. */
export function columnMeans(data: Float32Array, n: number, d: number): Float64Array {
  const m = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0, off = i * d; j < d; j++) m[j]! += data[off + j]!;
  for (let j = 0; j < d; j++) m[j]! /= n || 1;
  return m;
}

/**
 * The covariance `[d*d]` (population, symmetric, Float64) of `n` rows: Σ x xᵀ / n − μ μᵀ, four rows
 * per pass over the upper triangle (a quarter of the loads and stores of one row at a time), a
 * column skipped where all four rows are 0.
 */
export function covariance(data: Float32Array, n: number, d: number, mean: Float64Array): Float64Array {
  const c = new Float64Array(d * d);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o0 = i * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
    for (let a = 0; a < d; a++) {
      const x0 = data[o0 + a]!;
      const x1 = data[o1 + a]!;
      const x2 = data[o2 + a]!;
      const x3 = data[o3 + a]!;
      if (x0 === 0 && x1 === 0 && x2 === 0 && x3 === 0) continue;
      const base = a * d;
      for (let b = a; b < d; b++) c[base + b]! += x0 * data[o0 + b]! + x1 * data[o1 + b]! + x2 * data[o2 + b]! + x3 * data[o3 + b]!;
    }
  }
  for (; i < n; i++) {
    const o = i * d;
    for (let a = 0; a < d; a++) {
      const x = data[o + a]!;
      if (x === 0) continue;
      for (let b = a, base = a * d; b < d; b++) c[base + b]! += x * data[o + b]!;
    }
  }
  const inv = 1 / (n || 1);
  for (let a = 0; a < d; a++)
    for (let b = a; b < d; b++) {
      const v = c[a * d + b]! * inv - mean[a]! * mean[b]!;
      c[a * d + b] = v;
      c[b * d + a] = v;
    }
  return c;
}

/**
 * The same covariance as `covariance`, as one matrix product on the tfjs backend: Xcᵀ Xc / n, with
 * Xc the rows minus their mean (centred first, so float32 loses nothing to cancellation). Xcᵀ is
 * laid out by a transpose kernel first: tfjs-wasm runs a product with a transposed operand as a
 * plain loop, and a plain product on XNNPACK (10,000 × 120, C5: 31–37 ms against 195–216 ms for the
 * loop above or the transposed product, in Node).
 */
export function covarianceOnBackend(data: Float32Array, n: number, d: number, mean: Float64Array): Float64Array {
  const xc = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0, off = i * d; j < d; j++) xc[off + j] = data[off + j]! - mean[j]!;
  const m = readback(() => {
    const x = tf.tensor2d(xc, [n, d]);
    return tf.div(tf.matMul(tf.transpose(x), x), n || 1);
  });
  const c = new Float64Array(d * d);
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) c[a * d + b] = (m[a * d + b]! + m[b * d + a]!) / 2;
  return c;
}
