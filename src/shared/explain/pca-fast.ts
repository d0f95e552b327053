/**
 * The map's PCA on the tfjs backend (wasm in the explain worker), for the page: the same `Pca2` as
 * `pca.ts`'s pure version, but the heavy products run as matrix multiplications.
 * - d ≤ `EXACT_DIMS` (C5's 120, F6's 84, the output's 10): the exact covariance `Xcᵀ Xc / n` in one
 *   product, then its two main eigenvectors by orthogonal iteration (`topTwoEigen`);
 * - larger d (C3's 1,600, where a d×d covariance costs n·d² = 25.6 G multiply-adds): randomized
 *   subspace iteration (Halko, Martinsson & Tropp 2011, Alg. 4.4) with a few extra directions and
 *   power steps — products of `[rows, d]` with `[d, k]` only — then the exact PCA of the small
 *   projected problem; fitted on an evenly spaced sample of rows (`fitRows`), every row projected.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../util/random.ts';
import { topTwoEigen, type Pca2 } from './pca.ts';

/** Up to this many dimensions the covariance is formed exactly. */
export const EXACT_DIMS = 256;

export interface FastPcaOptions {
  /** Directions carried by the randomized iteration (2 wanted + oversampling). */
  readonly rank?: number;
  /** Power steps of the randomized iteration. */
  readonly powerSteps?: number;
  /** Above `EXACT_DIMS`, the axes are fitted on about this many evenly spaced rows. */
  readonly fitRows?: number;
  readonly seed?: number;
}

/** PCA of `n` rows of `d` floats (`data` `[n*d]`) onto its two main axes, on the tfjs backend. */
export function pca2Fast(data: Float32Array, n: number, d: number, o: FastPcaOptions = {}): Pca2 {
  const mean = new Float32Array(d);
  let totalVariance = 0;
  let axes: Float32Array;
  let variance: [number, number];
  let iterations: number;
  const x = tf.tensor2d(data.subarray(0, n * d), [n, d]);
  try {
    const m = tf.tidy(() => x.mean(0));
    mean.set(m.dataSync());
    m.dispose();
    totalVariance = tf.tidy(() => x.sub(tf.tensor1d(mean)).square().sum().dataSync()[0]! / n);
    const fitRows = o.fitRows ?? 2500;
    if (d <= EXACT_DIMS) {
      const cov = Float64Array.from(
        tf.tidy(() => {
          const xc = x.sub(tf.tensor1d(mean)) as tf.Tensor2D;
          return tf.matMul(xc, xc, true, false).div(n).dataSync();
        }),
      );
      const e = topTwoEigen(cov, d);
      axes = new Float32Array(2 * d);
      axes.set(e.v0, 0);
      axes.set(e.v1, d);
      variance = e.lambda;
      iterations = e.iterations;
    } else {
      // The axes from an evenly spaced sample of rows (the main directions of 10,000 digits are
      // those of 2,500 of them to within a few thousandths); every row is projected below.
      const stride = Math.max(1, Math.ceil(n / fitRows));
      const rows = Math.ceil(n / stride);
      const sample = new Float32Array(rows * d);
      for (let r = 0; r < rows; r++) for (let j = 0, src = r * stride * d; j < d; j++) sample[r * d + j] = data[src + j]! - mean[j]!;
      const xs = tf.tensor2d(sample, [rows, d]);
      try {
        ({ axes, iterations } = randomized(xs, rows, d, o));
      } finally {
        xs.dispose();
      }
      variance = [0, 0];
    }
    const coords = tf.tidy(() => {
      const c = tf.matMul(x.sub(tf.tensor1d(mean)), tf.tensor2d(axes, [2, d]), false, true);
      return c.dataSync() as Float32Array;
    });
    if (d > EXACT_DIMS) {
      // The variance along each axis over all rows (the coordinates are centred).
      let v0 = 0;
      let v1 = 0;
      for (let i = 0; i < n; i++) {
        v0 += coords[2 * i]! ** 2;
        v1 += coords[2 * i + 1]! ** 2;
      }
      variance = [v0 / n, v1 / n];
    }
    return { dims: d, mean, axes, variance, totalVariance, coords, iterations };
  } finally {
    x.dispose();
  }
}

/** Top two axes of centred `xc` `[n, d]` by randomized subspace iteration. */
function randomized(xc: tf.Tensor2D, n: number, d: number, o: FastPcaOptions): { axes: Float32Array; iterations: number } {
  const k = Math.min(o.rank ?? 12, d, n);
  const steps = o.powerSteps ?? 4;
  const rng = mulberry32(o.seed ?? 7);
  const omega = Float32Array.from({ length: d * k }, () => rng() - 0.5);
  // Q: an orthonormal basis of the range of Xc Ω, refined by power steps Q ← orth(Xc Xcᵀ Q).
  let q = orthonormalColumns(
    tf.tidy(() => tf.matMul(xc, tf.tensor2d(omega, [d, k])).dataSync() as Float32Array),
    n,
    k,
  );
  for (let s = 0; s < steps; s++) {
    const y = tf.tidy(() => {
      const qt = tf.tensor2d(q, [n, k]);
      return tf.matMul(xc, tf.matMul(xc, qt, true, false)).dataSync() as Float32Array;
    });
    q = orthonormalColumns(y, n, k);
  }
  // B = Qᵀ Xc `[k, d]`; B Bᵀ `[k, k]` has the data's top eigenvalues (× n); axes = Bᵀ u / ‖·‖.
  let bbt = new Float64Array(0);
  const b = tf.tidy(() => {
    const bt = tf.matMul(tf.tensor2d(q, [n, k]), xc, true, false);
    bbt = Float64Array.from(tf.matMul(bt, bt, false, true).dataSync());
    return bt.dataSync() as Float32Array;
  });
  const e = topTwoEigen(bbt, k);
  const axes = new Float32Array(2 * d);
  [e.v0, e.v1].forEach((u, a) => {
    let norm = 0;
    for (let j = 0; j < d; j++) {
      let v = 0;
      for (let i = 0; i < k; i++) v += u[i]! * b[i * d + j]!;
      axes[a * d + j] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    let big = 0;
    for (let j = 0; j < d; j++) {
      axes[a * d + j]! /= norm;
      if (Math.abs(axes[a * d + j]!) > Math.abs(axes[a * d + big]!)) big = j;
    }
    // The same sign rule as `topTwoEigen`: the largest component positive.
    if (axes[a * d + big]! < 0) for (let j = 0; j < d; j++) axes[a * d + j] = -axes[a * d + j]!;
  });
  return { axes, iterations: steps };
}

/** Modified Gram–Schmidt on the `k` columns of `m` `[n, k]` (row-major), in double precision. */
function orthonormalColumns(m: Float32Array, n: number, k: number): Float32Array {
  const cols = Array.from({ length: k }, (_, c) => Float64Array.from({ length: n }, (_, r) => m[r * k + c]!));
  for (let c = 0; c < k; c++) {
    const v = cols[c]!;
    for (let p = 0; p < c; p++) {
      const u = cols[p]!;
      let dot = 0;
      for (let r = 0; r < n; r++) dot += u[r]! * v[r]!;
      for (let r = 0; r < n; r++) v[r]! -= dot * u[r]!;
    }
    let norm = 0;
    for (let r = 0; r < n; r++) norm += v[r]! * v[r]!;
    norm = Math.sqrt(norm) || 1;
    for (let r = 0; r < n; r++) v[r]! /= norm;
  }
  const out = new Float32Array(n * k);
  for (let c = 0; c < k; c++) for (let r = 0; r < n; r++) out[r * k + c] = cols[c]![r]!;
  return out;
}
