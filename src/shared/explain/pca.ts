/**
 * A 2-D PCA of many activation vectors (pure, plain arrays): orthogonal (block power) iteration on
 * the centred data, so no d×d covariance is formed — 10,000 × 1,600 (C3) costs 2·n·d·2 per
 * iteration. Returns the map coordinates and what is needed to place a new point on it.
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

/** PCA of `n` rows of `d` floats (`data` `[n*d]`) onto its two main axes. */
export function pca2(data: Float32Array, n: number, d: number, o: PcaOptions = {}): Pca2 {
  const maxIt = o.maxIterations ?? 100;
  const tol = o.tolerance ?? 1e-7;
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let j = 0, off = r * d; j < d; j++) mean[j]! += data[off + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  let total = 0;
  for (let r = 0; r < n; r++)
    for (let j = 0, off = r * d; j < d; j++) {
      const c = data[off + j]! - mean[j]!;
      total += c * c;
    }
  total /= n;

  const rng = mulberry32(o.seed ?? 7);
  let v0 = Float64Array.from({ length: d }, () => rng() - 0.5);
  let v1 = Float64Array.from({ length: d }, () => rng() - 0.5);
  orthonormalize(v0, v1);
  const proj = new Float64Array(2 * n);
  let iterations = 0;
  let lambda: [number, number] = [0, 0];
  for (; iterations < maxIt;) {
    iterations++;
    projectAll(data, n, d, mean, v0, v1, proj);
    // W = Xcᵀ (Xc V): Xc's column sums are 0, so the mean term drops out of this product.
    const w0 = new Float64Array(d);
    const w1 = new Float64Array(d);
    for (let r = 0; r < n; r++) {
      const p0 = proj[2 * r]!;
      const p1 = proj[2 * r + 1]!;
      for (let j = 0, off = r * d; j < d; j++) {
        const x = data[off + j]!;
        w0[j]! += x * p0;
        w1[j]! += x * p1;
      }
    }
    lambda = [dot(w0, v0) / n, dot(w1, v1) / n];
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
  projectAll(data, n, d, mean, v0, v1, proj);
  const axes = new Float32Array(2 * d);
  axes.set(v0, 0);
  axes.set(v1, d);
  return {
    dims: d,
    mean: Float32Array.from(mean),
    axes,
    variance: lambda,
    totalVariance: total,
    coords: Float32Array.from(proj),
    iterations,
  };
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

function projectAll(
  data: Float32Array,
  n: number,
  d: number,
  mean: Float64Array,
  v0: Float64Array,
  v1: Float64Array,
  out: Float64Array,
): void {
  const m0 = dot(mean, v0);
  const m1 = dot(mean, v1);
  for (let r = 0; r < n; r++) {
    let a = 0;
    let b = 0;
    for (let j = 0, off = r * d; j < d; j++) {
      const x = data[off + j]!;
      a += x * v0[j]!;
      b += x * v1[j]!;
    }
    out[2 * r] = a - m0;
    out[2 * r + 1] = b - m1;
  }
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
