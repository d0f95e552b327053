/**
 * The map's PCA for the page (the explain worker): the same `Pca2` as `pca.ts`'s reference version,
 * faster. Means, variances and the projection are plain loops over the compact `[n*d]` layout (a
 * column mean or a transposed product of a 10,000 × d tensor costs more on tfjs-wasm than the loop);
 * the covariance and the big products of C3's randomized iteration are plain (untransposed) matrix
 * products on the tfjs backend.
 * - d ≤ `EXACT_DIMS` (C5's 120, F6's 84, the output's 10): the exact covariance, one product of the
 *   centred rows on the backend (`covarianceOnBackend`), then its top eigenvectors by subspace
 *   iteration with Rayleigh–Ritz (`topEigen`);
 * - larger d (C3's 1,600, where a d×d covariance costs n·d² = 25.6 G multiply-adds): randomized
 *   subspace iteration (Halko, Martinsson & Tropp 2011, Alg. 4.4) with a few extra directions and
 *   power steps — products of `[rows, d]` with `[d, r]` only, as matrix products on the backend —
 *   then the exact PCA of the small projected problem; fitted on an evenly spaced sample of rows
 *   (`fitRows`), every row projected.
 * `reduceDims` gives the top `k` coordinates (UMAP's neighbours are found in them).
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../util/random.ts';
import { readback } from './readback.ts';
import { orthonormalColumns, symmetricEigen, topEigen } from './eigen.ts';
import { columnMeans, covarianceOnBackend } from './covariance.ts';
export { covariance, covarianceOnBackend } from './covariance.ts';
export { symmetricEigen, topEigen } from './eigen.ts';
import type { Pca2 } from './pca.ts';

/** Up to this many dimensions the covariance is formed exactly. */
export const EXACT_DIMS = 256;

export interface FastPcaOptions {
  /** Extra directions carried by the randomized iteration (beyond the k wanted). */
  readonly oversample?: number;
  /** Power steps of the randomized iteration. */
  readonly powerSteps?: number;
  /** Above `EXACT_DIMS`, the axes are fitted on about this many evenly spaced rows. */
  readonly fitRows?: number;
  readonly seed?: number;
}

/** The top `k` principal axes of `n` rows of `d` floats. */
export interface PrincipalAxes {
  readonly dims: number;
  /** `[d]` the mean. */
  readonly mean: Float32Array;
  /** `[k*d]` unit axes, row after row, by decreasing variance; largest component positive. */
  readonly axes: Float32Array;
  /** Variance along each axis (per row); NaN where only the projection can tell (sampled fits). */
  readonly variance: number[];
  /** Total variance of the data (the trace of its covariance). */
  readonly totalVariance: number;
  readonly iterations: number;
}

/** Flips each of the `k` rows of `axes` `[k*d]` so its largest component is positive (a map that does not flip between recomputations). */
function fixSigns(axes: Float32Array, k: number, d: number): void {
  for (let r = 0; r < k; r++) {
    let big = 0;
    for (let j = 1; j < d; j++) if (Math.abs(axes[r * d + j]!) > Math.abs(axes[r * d + big]!)) big = j;
    if (axes[r * d + big]! < 0) for (let j = 0; j < d; j++) axes[r * d + j] = -axes[r * d + j]!;
  }
}

/** The top `k` principal axes of `n` rows of `d` floats (`data` `[n*d]`). */
export function principalAxes(data: Float32Array, n: number, d: number, k: number, o: FastPcaOptions = {}): PrincipalAxes {
  k = Math.min(k, d);
  const mean = columnMeans(data, n, d);
  let totalVariance = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0, off = i * d; j < d; j++) {
      const c = data[off + j]! - mean[j]!;
      totalVariance += c * c;
    }
  totalVariance /= n || 1;
  const axes = new Float32Array(k * d);
  let variance: number[];
  let iterations: number;
  if (d <= EXACT_DIMS) {
    const e = topEigen(covarianceOnBackend(data, n, d, mean), d, k, o.seed);
    axes.set(e.vectors);
    variance = e.values;
    iterations = e.iterations;
  } else {
    // The axes from an evenly spaced sample of rows (the main directions of 10,000 digits are
    // those of 2,000 of them to within a few thousandths); every row is projected by the caller.
    const stride = Math.max(1, Math.ceil(n / (o.fitRows ?? 2000)));
    const rows = Math.ceil(n / stride);
    const sample = new Float32Array(rows * d);
    for (let r = 0; r < rows; r++) sample.set(data.subarray(r * stride * d, (r * stride + 1) * d), r * d);
    ({ iterations } = randomized(sample, rows, d, mean, k, axes, o));
    variance = new Array<number>(k).fill(NaN);
  }
  fixSigns(axes, k, d);
  return { dims: d, mean: Float32Array.from(mean), axes, variance, totalVariance, iterations };
}

/**
 * Each row's coordinates on the `k` axes: `[n*k]`, centred by `mean` (x·a − μ·a: the mean folded
 * into one constant per axis, so zeros are skipped). One or two axes in a plain loop; more (UMAP's
 * reduction) as one product per block of rows on the tfjs backend.
 */
export function projectOnAxes(data: Float32Array, n: number, d: number, p: Pick<PrincipalAxes, 'mean' | 'axes'>, k: number): Float32Array {
  const out = new Float32Array(n * k);
  const shift = new Float64Array(k);
  for (let a = 0; a < k; a++) for (let j = 0; j < d; j++) shift[a]! += p.mean[j]! * p.axes[a * d + j]!;
  if (k > 2) {
    // Axes as the columns of `[d, k]`, so the product needs no transpose.
    const cols = new Float32Array(d * k);
    for (let a = 0; a < k; a++) for (let j = 0; j < d; j++) cols[j * k + a] = p.axes[a * d + j]!;
    const block = Math.max(1, Math.floor(4_000_000 / d));
    const axesT = tf.tensor2d(cols, [d, k]);
    try {
      for (let start = 0; start < n; start += block) {
        const m = Math.min(block, n - start);
        out.set(
          readback(() => tf.matMul(tf.tensor2d(data.subarray(start * d, (start + m) * d), [m, d]), axesT)),
          start * k,
        );
      }
    } finally {
      axesT.dispose();
    }
    for (let i = 0; i < n; i++) for (let a = 0; a < k; a++) out[i * k + a]! -= shift[a]!;
    return out;
  }
  const a0 = p.axes.subarray(0, d);
  const a1 = k > 1 ? p.axes.subarray(d, 2 * d) : a0;
  for (let i = 0; i < n; i++) {
    let x = 0;
    let y = 0;
    for (let j = 0, off = i * d; j < d; j++) {
      const v = data[off + j]!;
      if (v === 0) continue;
      x += v * a0[j]!;
      y += v * a1[j]!;
    }
    out[i * k] = x - shift[0]!;
    if (k > 1) out[i * k + 1] = y - shift[1]!;
  }
  return out;
}

/** PCA of `n` rows of `d` floats (`data` `[n*d]`) onto its two main axes. */
export function pca2Fast(data: Float32Array, n: number, d: number, o: FastPcaOptions = {}): Pca2 {
  const p = principalAxes(data, n, d, 2, o);
  const coords = projectOnAxes(data, n, d, p, 2);
  let variance: [number, number] = [p.variance[0] ?? 0, p.variance[1] ?? 0];
  if (Number.isNaN(variance[0])) {
    // The variance along each axis over all rows (the coordinates are centred).
    let v0 = 0;
    let v1 = 0;
    for (let i = 0; i < n; i++) {
      v0 += coords[2 * i]! ** 2;
      v1 += coords[2 * i + 1]! ** 2;
    }
    variance = [v0 / n, v1 / n];
  }
  return { dims: d, mean: p.mean, axes: p.axes, variance, totalVariance: p.totalVariance, coords, iterations: p.iterations };
}

/** `data` `[n*d]` reduced to its top `k` principal coordinates `[n*k]` (d ≤ k: a copy). */
export function reduceDims(
  data: Float32Array,
  n: number,
  d: number,
  k: number,
  o: FastPcaOptions = {},
): { data: Float32Array; dims: number } {
  if (d <= k) return { data: data.slice(0, n * d), dims: d };
  const p = principalAxes(data, n, d, k, o);
  return { data: projectOnAxes(data, n, d, p, k), dims: k };
}

/**
 * Top `k` axes (written to `axes` `[k*d]`) of the rows of `s` `[n, d]` minus `mean`, by randomized
 * subspace iteration. The products run on the tfjs backend with S and Sᵀ both laid out for a plain
 * product (a transposed operand costs a transpose per call on wasm); the centring is folded in:
 * (S − 1μᵀ)·X = S·X − 1(μᵀX) and (S − 1μᵀ)ᵀ·Q = Sᵀ·Q − μ(1ᵀQ).
 */
function randomized(
  s: Float32Array,
  n: number,
  d: number,
  mean: Float64Array,
  k: number,
  axes: Float32Array,
  o: FastPcaOptions,
): { iterations: number } {
  const r = Math.min(k + (o.oversample ?? 8), d, n);
  const steps = o.powerSteps ?? 3;
  const rng = mulberry32(o.seed ?? 7);
  const omega = Float64Array.from({ length: d * r }, () => rng() - 0.5);
  const st = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0, off = i * d; j < d; j++) st[j * n + i] = s[off + j]!;
  const sT = tf.tensor2d(s.subarray(0, n * d), [n, d]);
  const stT = tf.tensor2d(st, [d, n]);
  try {
    /** (S − 1μᵀ) X: `x` `[d, r]` → `[n, r]`. */
    const times = (x: Float64Array): Float64Array => {
      const out = Float64Array.from(readback(() => tf.matMul(sT, tf.tensor2d(Float32Array.from(x), [d, r]))));
      const shift = new Float64Array(r);
      for (let j = 0; j < d; j++) for (let c = 0; c < r; c++) shift[c]! += mean[j]! * x[j * r + c]!;
      for (let i = 0; i < n; i++) for (let c = 0; c < r; c++) out[i * r + c]! -= shift[c]!;
      return out;
    };
    /** (S − 1μᵀ)ᵀ Q: `q` `[n, r]` → `[d, r]`. */
    const timesT = (q: Float64Array): Float64Array => {
      const out = Float64Array.from(readback(() => tf.matMul(stT, tf.tensor2d(Float32Array.from(q), [n, r]))));
      const colSums = new Float64Array(r);
      for (let i = 0; i < n; i++) for (let c = 0; c < r; c++) colSums[c]! += q[i * r + c]!;
      for (let j = 0; j < d; j++) for (let c = 0; c < r; c++) out[j * r + c]! -= mean[j]! * colSums[c]!;
      return out;
    };
    // Q: an orthonormal basis of the range of Sc Ω, refined by power steps Q ← orth(Sc Scᵀ Q).
    let q = orthonormalColumns(times(omega), n, r);
    for (let step = 0; step < steps; step++) q = orthonormalColumns(times(orthonormalColumns(timesT(q), d, r)), n, r);
    // Bᵀ = Scᵀ Q `[d, r]`; B Bᵀ `[r, r]` has the data's top eigenvalues (× n); axes = Bᵀ u / ‖·‖.
    const bt = timesT(q);
    const bbt = new Float64Array(r * r);
    for (let j = 0; j < d; j++)
      for (let a = 0; a < r; a++) {
        const x = bt[j * r + a]!;
        for (let b = a; b < r; b++) bbt[a * r + b]! += x * bt[j * r + b]!;
      }
    for (let a = 0; a < r; a++) for (let b = 0; b < a; b++) bbt[a * r + b] = bbt[b * r + a]!;
    const e = symmetricEigen(bbt, r);
    for (let c = 0; c < k; c++) {
      let norm = 0;
      for (let j = 0; j < d; j++) {
        let v = 0;
        for (let a = 0; a < r; a++) v += e.vectors[c * r + a]! * bt[j * r + a]!;
        axes[c * d + j] = v;
        norm += v * v;
      }
      norm = Math.sqrt(norm) || 1;
      for (let j = 0; j < d; j++) axes[c * d + j]! /= norm;
    }
  } finally {
    sT.dispose();
    stT.dispose();
  }
  return { iterations: steps };
}
