import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../util/random.ts';
import * as tf from '@tensorflow/tfjs';
import { pca2, projectPoint } from './pca.ts';
import { covariance, pca2Fast, reduceDims, symmetricEigen, topEigen } from './pca-fast.ts';

// The cpu backend, named: with Vitest's modules shared across files (isolate: false), another file may
// have left wasm selected.
beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** n points in d dimensions: Gaussian with standard deviations `sd` along a random rotation, offset by `shift`. */
function cloud(n: number, d: number, sd: number[], seed: number): { data: Float32Array; dirs: Float64Array[] } {
  const rng = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  // Orthonormal directions by Gram–Schmidt of random vectors.
  const dirs: Float64Array[] = [];
  for (let k = 0; k < sd.length; k++) {
    const v = Float64Array.from({ length: d }, gauss);
    for (const u of dirs) {
      const p = v.reduce((s, x, j) => s + x * u[j]!, 0);
      for (let j = 0; j < d; j++) v[j]! -= p * u[j]!;
    }
    const nv = Math.hypot(...v);
    dirs.push(v.map((x) => x / nv));
  }
  const data = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) data[r * d + j] = 3 + j * 0.1 + 0.01 * gauss();
    sd.forEach((s, k) => {
      const a = s * gauss();
      for (let j = 0; j < d; j++) data[r * d + j]! += a * dirs[k]![j]!;
    });
  }
  return { data, dirs };
}

describe('the 2-D PCA map', () => {
  it('is centred, and its first axis carries the most variance', () => {
    const n = 2000;
    const d = 40;
    const { data, dirs } = cloud(n, d, [5, 2, 1, 0.5], 3);
    const p = pca2(data, n, d);
    let mx = 0;
    let my = 0;
    let vx = 0;
    let vy = 0;
    for (let r = 0; r < n; r++) {
      mx += p.coords[2 * r]!;
      my += p.coords[2 * r + 1]!;
    }
    expect(Math.abs(mx / n)).toBeLessThan(1e-3);
    expect(Math.abs(my / n)).toBeLessThan(1e-3);
    for (let r = 0; r < n; r++) {
      vx += p.coords[2 * r]! ** 2 / n;
      vy += p.coords[2 * r + 1]! ** 2 / n;
    }
    expect(vx).toBeGreaterThan(vy);
    expect(p.variance[0]).toBeCloseTo(vx, 2);
    expect(p.variance[1]).toBeCloseTo(vy, 2);
    expect(vx).toBeGreaterThan(20); // ≈ 5²
    expect(vx + vy).toBeLessThanOrEqual(p.totalVariance + 1e-6);
    // The axes are the generating directions (up to sign) and unit-length, orthogonal.
    const axis = (k: number) => p.axes.subarray(k * d, (k + 1) * d);
    const cos = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += a[j]! * b[j]!;
      return s;
    };
    expect(Math.abs(cos(axis(0), dirs[0]!))).toBeGreaterThan(0.99);
    expect(Math.abs(cos(axis(1), dirs[1]!))).toBeGreaterThan(0.99);
    expect(cos(axis(0), axis(0))).toBeCloseTo(1, 5);
    expect(cos(axis(0), axis(1))).toBeCloseTo(0, 5);
  });

  it('carries more variance on its first axis than any other direction tried', () => {
    const n = 500;
    const d = 12;
    const { data } = cloud(n, d, [3, 2.5, 1], 9);
    const p = pca2(data, n, d);
    const rng = mulberry32(1);
    for (let t = 0; t < 50; t++) {
      const v = Float64Array.from({ length: d }, () => rng() - 0.5);
      const nv = Math.hypot(...v);
      let mean = 0;
      const proj = new Float64Array(n);
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < d; j++) proj[r]! += (data[r * d + j]! * v[j]!) / nv;
        mean += proj[r]! / n;
      }
      const variance = proj.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
      expect(variance).toBeLessThanOrEqual(p.variance[0] + 1e-6);
    }
  });

  it('places a new point where its projection falls, and a data row on its own coordinates', () => {
    const n = 300;
    const d = 8;
    const { data } = cloud(n, d, [2, 1], 4);
    const p = pca2(data, n, d);
    const [x, y] = projectPoint(p, data.subarray(5 * d, 6 * d));
    expect(x).toBeCloseTo(p.coords[10]!, 4);
    expect(y).toBeCloseTo(p.coords[11]!, 4);
    expect(projectPoint(p, p.mean)).toEqual([0, 0]);
  });

  it('maps 10,000 × 120 activations (C5), the first axis carrying the most variance (its time is logged, not asserted)', () => {
    const { data } = cloud(10_000, 120, [4, 3, 2, 1], 5);
    const t0 = performance.now();
    const p = pca2(data, 10_000, 120);
    const ms = performance.now() - t0;
    console.log(`PCA of 10,000 × 120: ${ms.toFixed(0)} ms, ${p.iterations} iterations`);
    expect(p.variance[0]).toBeGreaterThan(p.variance[1]);
  });

  it.each([
    ['the exact covariance', 60, 2500],
    ['randomized subspace iteration', 400, 2500],
    ['randomized, axes fitted on a sample of rows', 400, 500],
  ])('gives the same map by the fast PCA (%s, d = %i) as the reference PCA', (_, d, fitRows) => {
    const n = 1500;
    const { data, dirs } = cloud(n, d, [5, 3, 1, 0.5], 11);
    const before = tf.memory().numTensors;
    const fast = pca2Fast(data, n, d, { fitRows });
    expect(tf.memory().numTensors).toBe(before);
    const exact = pca2(data, n, d);
    for (let a = 0; a < 2; a++) {
      let cos = 0;
      let truth = 0;
      for (let j = 0; j < d; j++) {
        cos += fast.axes[a * d + j]! * exact.axes[a * d + j]!;
        truth += fast.axes[a * d + j]! * dirs[a]![j]!;
      }
      // Axes fitted on a sample of rows are off by the sample's noise: a little less close.
      const sampled = fitRows < n;
      expect(cos).toBeGreaterThan(sampled ? 0.99 : 0.999); // same sign rule too
      expect(Math.abs(truth)).toBeGreaterThan(sampled ? 0.99 : 0.998);
      expect(Math.abs(fast.variance[a]! - exact.variance[a]!) / exact.variance[a]!).toBeLessThan(sampled ? 0.01 : 0.002);
    }
    expect(fast.variance[0]).toBeGreaterThan(fast.variance[1]);
    expect(fast.totalVariance).toBeCloseTo(exact.totalVariance, 1);
    // Centred, and each point where the pure map puts it.
    let mx = 0;
    for (let i = 0; i < n; i++) mx += fast.coords[2 * i]! / n;
    expect(Math.abs(mx)).toBeLessThan(1e-3 * Math.sqrt(fast.variance[0]));
    const tol = (fitRows < n ? 0.1 : 0.01) * Math.sqrt(exact.variance[0]);
    for (const i of [0, 7, n - 1]) {
      expect(Math.abs(fast.coords[2 * i]! - exact.coords[2 * i]!)).toBeLessThan(tol);
      expect(Math.abs(fast.coords[2 * i + 1]! - exact.coords[2 * i + 1]!)).toBeLessThan(tol);
    }
  });

  it('finds the top eigenpairs by subspace iteration as a full Jacobi decomposition does', () => {
    const d = 40;
    const { data } = cloud(800, d, [6, 4, 3, 2, 1.5, 1], 5);
    const mean = new Float64Array(d);
    for (let i = 0; i < 800; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]! / 800;
    const cov = covariance(data, 800, d, mean);
    const full = symmetricEigen(cov, d);
    // Jacobi: M v = λ v for each pair.
    for (const c of [0, 5, d - 1]) {
      for (let i = 0; i < d; i++) {
        let mv = 0;
        for (let j = 0; j < d; j++) mv += cov[i * d + j]! * full.vectors[c * d + j]!;
        expect(mv).toBeCloseTo(full.values[c]! * full.vectors[c * d + i]!, 8);
      }
    }
    const top = topEigen(cov, d, 5);
    for (let c = 0; c < 5; c++) {
      expect(top.values[c]!).toBeCloseTo(full.values[c]!, 8);
      let dot = 0;
      for (let j = 0; j < d; j++) dot += top.vectors[c * d + j]! * full.vectors[c * d + j]!;
      expect(Math.abs(dot)).toBeGreaterThan(1 - 1e-6);
    }
  });

  it.each([
    ['the exact covariance', 60],
    ['randomized subspace iteration', 400],
  ])('reduces rows to principal coordinates that keep their distances when the data has that rank (%s, d = %i)', (_, d) => {
    const n = 600;
    const { data } = cloud(n, d, [5, 4, 3, 2], 13);
    const before = tf.memory().numTensors;
    const r = reduceDims(data, n, d, 6);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.dims).toBe(6);
    for (const [a, b] of [
      [0, 1],
      [10, 500],
      [77, 599],
    ] as const) {
      let full = 0;
      let reduced = 0;
      for (let j = 0; j < d; j++) full += (data[a * d + j]! - data[b * d + j]!) ** 2;
      for (let j = 0; j < 6; j++) reduced += (r.data[a * 6 + j]! - r.data[b * 6 + j]!) ** 2;
      // Only the 0.01 noise in the other directions is lost.
      expect(Math.sqrt(reduced)).toBeCloseTo(Math.sqrt(full), 0);
      expect(Math.abs(Math.sqrt(reduced) - Math.sqrt(full)) / Math.sqrt(full)).toBeLessThan(0.05);
    }
  });
});
