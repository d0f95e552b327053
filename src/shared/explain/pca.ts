/**
 * A 2-D PCA of many activation vectors (pure, plain arrays). The covariance is accumulated a slice
 * of rows at a time (`CovarianceAccumulator`, so a caller can yield between slices), then its two
 * main eigenvectors come from orthogonal iteration on the d×d matrix (cheap for d ≤ a few hundred:
 * C5's 120, F6's 84, the output's 10). Returns the map coordinates and what is needed to place a
 * new point on it.
 */
import { mulberry32 } from '../util/random.ts';

export interface Pca2 {
  readonly dims: number;
  /** `[d]` the mean vector. */
  readonly mean: Float32Array;
  /** `[2*d]` the two unit axes, row after row: the first carries the most variance. */
  readonly axes: Float32Array;
  /** Variance along each axis (per point), first ≥ second. */
  readonly variance: readonly [number, number];
  /** Total variance of the data (the trace of its covariance). */
  readonly totalVariance: number;
  /** `[2*n]` each point's (x, y) on the map, centred. */
  readonly coords: Float32Array;
  readonly iterations: number;
}

export interface PcaOptions {
  readonly maxIterations?: number;
  /** Stop when the axes move less than this (1 − |cos|). */
  readonly tolerance?: number;
  readonly seed?: number;
}

/** Sums for a covariance matrix, fed rows of `d` floats in slices. */
export class CovarianceAccumulator {
  private readonly sum: Float64Array;
  /** Upper triangle of Σ x xᵀ, row-major in a full d×d array. */
  private readonly outer: Float64Array;
  private count = 0;
  /** Shifted by the first row seen (for precision with large means). */
  private shift: Float64Array | null = null;

  constructor(readonly dims: number) {
    this.sum = new Float64Array(dims);
    this.outer = new Float64Array(dims * dims);
  }

  get rows(): number {
    return this.count;
  }

  /** Adds `n` rows `data[offset …]` (`[n*d]`). */
  add(data: Float32Array, n: number, offset = 0): void {
    const d = this.dims;
    const shift = (this.shift ??= Float64Array.from(data.subarray(offset, offset + d)));
    const row = new Float64Array(d);
    for (let r = 0; r < n; r++) {
      const off = offset + r * d;
      for (let j = 0; j < d; j++) row[j] = data[off + j]! - shift[j]!;
      for (let i = 0; i < d; i++) {
        const xi = row[i]!;
        if (xi === 0) continue; // ReLU outputs are sparse
        this.sum[i]! += xi;
        const base = i * d;
        for (let j = i; j < d; j++) this.outer[base + j]! += xi * row[j]!;
      }
    }
    this.count += n;
  }

  /** The mean `[d]` and the covariance `[d*d]` (population, symmetric). */
  result(): { mean: Float64Array; cov: Float64Array } {
    const d = this.dims;
    const n = Math.max(1, this.count);
    const m = Float64Array.from(this.sum, (v) => v / n);
    const cov = new Float64Array(d * d);
    for (let i = 0; i < d; i++)
      for (let j = i; j < d; j++) {
        const c = this.outer[i * d + j]! / n - m[i]! * m[j]!;
        cov[i * d + j] = c;
        cov[j * d + i] = c;
      }
    const shift = this.shift ?? new Float64Array(d);
    return { mean: m.map((v, j) => v + shift[j]!), cov };
  }
}

/** The two main eigenvectors of a symmetric `cov` `[d*d]` by orthogonal iteration. */
export function topTwoEigen(
  cov: Float64Array,
  d: number,
  o: PcaOptions = {},
): { v0: Float64Array; v1: Float64Array; lambda: [number, number]; iterations: number } {
  const maxIt = o.maxIterations ?? 2000;
  const tol = o.tolerance ?? 1e-12;
  const rng = mulberry32(o.seed ?? 7);
  let v0: Float64Array = Float64Array.from({ length: d }, () => rng() - 0.5);
  let v1: Float64Array = Float64Array.from({ length: d }, () => rng() - 0.5);
  orthonormalize(v0, v1);
  let lambda: [number, number] = [0, 0];
  let iterations = 0;
  while (iterations < maxIt) {
    iterations++;
    const w0 = matVec(cov, d, v0);
    const w1 = matVec(cov, d, v1);
    lambda = [dot(w0, v0), dot(w1, v1)];
    orthonormalize(w0, w1);
    const moved = Math.max(1 - Math.abs(dot(w0, v0)), 1 - Math.abs(dot(w1, v1)));
    v0 = w0;
    v1 = w1;
    if (moved < tol) break;
  }
  if (lambda[1] > lambda[0]) [v0, v1, lambda] = [v1, v0, [lambda[1], lambda[0]]];
  // A fixed sign (largest component positive), so the map does not flip between recomputations.
  for (const v of [v0, v1]) {
    let big = 0;
    for (let j = 1; j < d; j++) if (Math.abs(v[j]!) > Math.abs(v[big]!)) big = j;
    if (v[big]! < 0) for (let j = 0; j < d; j++) v[j] = -v[j]!;
  }
  return { v0, v1, lambda, iterations };
}

/** The map from a finished accumulator: axes, variances; `coords` left for `projectRows`. */
export function pcaFromCovariance(acc: CovarianceAccumulator, o: PcaOptions = {}): Omit<Pca2, 'coords'> {
  const d = acc.dims;
  const { mean, cov } = acc.result();
  const { v0, v1, lambda, iterations } = topTwoEigen(cov, d, o);
  let total = 0;
  for (let j = 0; j < d; j++) total += cov[j * d + j]!;
  const axes = new Float32Array(2 * d);
  axes.set(v0, 0);
  axes.set(v1, d);
  return { dims: d, mean: Float32Array.from(mean), axes, variance: lambda, totalVariance: total, iterations };
}

/** Projects `n` rows `data[offset …]` onto the map, writing (x, y) pairs to `out[2*first …]`. */
export function projectRows(
  p: Omit<Pca2, 'coords'>,
  data: Float32Array,
  n: number,
  offset: number,
  out: Float32Array,
  first: number,
): void {
  const d = p.dims;
  for (let r = 0; r < n; r++) {
    let x = 0;
    let y = 0;
    for (let j = 0, off = offset + r * d; j < d; j++) {
      const c = data[off + j]! - p.mean[j]!;
      x += c * p.axes[j]!;
      y += c * p.axes[d + j]!;
    }
    out[2 * (first + r)] = x;
    out[2 * (first + r) + 1] = y;
  }
}

/** PCA of `n` rows of `d` floats (`data` `[n*d]`) onto its two main axes, in one go. */
export function pca2(data: Float32Array, n: number, d: number, o: PcaOptions = {}): Pca2 {
  const acc = new CovarianceAccumulator(d);
  acc.add(data, n);
  const p = pcaFromCovariance(acc, o);
  const coords = new Float32Array(2 * n);
  projectRows(p, data, n, 0, coords, 0);
  return { ...p, coords };
}

/** Places a new vector `[d]` on the map: its (x, y). */
export function projectPoint(p: Pca2, v: ArrayLike<number>): [number, number] {
  let x = 0;
  let y = 0;
  for (let j = 0; j < p.dims; j++) {
    const c = v[j]! - p.mean[j]!;
    x += c * p.axes[j]!;
    y += c * p.axes[p.dims + j]!;
  }
  return [x, y];
}

function matVec(m: Float64Array, d: number, v: Float64Array): Float64Array {
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0, base = i * d; j < d; j++) s += m[base + j]! * v[j]!;
    out[i] = s;
  }
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

/** Gram–Schmidt on two vectors, in place. */
function orthonormalize(a: Float64Array, b: Float64Array): void {
  const na = Math.sqrt(dot(a, a)) || 1;
  for (let j = 0; j < a.length; j++) a[j]! /= na;
  const p = dot(a, b);
  for (let j = 0; j < b.length; j++) b[j]! -= p * a[j]!;
  const nb = Math.sqrt(dot(b, b)) || 1;
  for (let j = 0; j < b.length; j++) b[j]! /= nb;
}
