/**
 * Eigenpairs of small symmetric matrices in Float64, for the PCA map (`pca-fast.ts`): all of them by
 * Jacobi rotations (`symmetricEigen`), the top k by subspace iteration with Rayleigh–Ritz
 * (`topEigen`), and the Gram–Schmidt step both lean on (`orthonormalColumns`).
 */
import { mulberry32 } from '../util/random.ts';

/**
 * All eigenpairs of a symmetric `m` `[d*d]` (not modified) by cyclic Jacobi rotations (Golub & Van
 * Loan §8.5), sorted by decreasing eigenvalue: `vectors` `[d*d]`, row `i` the i-th unit eigenvector.
 */
export function symmetricEigen(m: Float64Array, d: number, maxSweeps = 50): { values: number[]; vectors: Float64Array; sweeps: number } {
  const a = Float64Array.from(m);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  let sweeps = 0;
  let scale = 0;
  for (let i = 0; i < d * d; i++) scale += a[i]! * a[i]!;
  const tiny = 1e-30 * scale;
  for (; sweeps < maxSweeps; sweeps++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q]! ** 2;
    if (off <= 1e-24 * scale || off <= tiny) break;
    for (let p = 0; p < d - 1; p++)
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * d + p]!;
        const aqq = a[q * d + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // A ← Jᵀ A J on rows/columns p, q (A kept symmetric, full storage).
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p]!;
          const akq = a[k * d + q]!;
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k]!;
          const aqk = a[q * d + k]!;
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        // The eigenvectors as rows of V: V ← Jᵀ V.
        for (let k = 0; k < d; k++) {
          const vp = v[p * d + k]!;
          const vq = v[q * d + k]!;
          v[p * d + k] = c * vp - s * vq;
          v[q * d + k] = s * vp + c * vq;
        }
      }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((x, y) => a[y * d + y]! - a[x * d + x]!);
  const vectors = new Float64Array(d * d);
  order.forEach((src, dst) => vectors.set(v.subarray(src * d, (src + 1) * d), dst * d));
  return { values: order.map((i) => a[i * d + i]!), vectors, sweeps };
}

/**
 * The top `k` eigenpairs of a symmetric `m` `[d*d]` by subspace iteration on k + 8 vectors with a
 * Rayleigh–Ritz step every few iterations (converges like (λ_{k+9}/λ_k)^t, not (λ_{k+1}/λ_k)^t as
 * k vectors alone would): `vectors` `[k*d]` unit rows, `values` decreasing.
 */
export function topEigen(
  m: Float64Array,
  d: number,
  k: number,
  seed = 7,
  tolerance = 1e-13,
  maxIterations = 1000,
): { values: number[]; vectors: Float64Array; iterations: number } {
  const r = Math.min(d, k + 8);
  if (r === d) {
    const e = symmetricEigen(m, d);
    return { values: e.values.slice(0, k), vectors: e.vectors.slice(0, k * d), iterations: e.sweeps };
  }
  const rng = mulberry32(seed);
  // r vectors as the columns of V `[d, r]` (row-major, as `orthonormalColumns` takes them).
  let v = orthonormalColumns(
    Float64Array.from({ length: d * r }, () => rng() - 0.5),
    d,
    r,
  );
  const times = (x: Float64Array): Float64Array => {
    const out = new Float64Array(d * r);
    for (let i = 0; i < d; i++)
      for (let j = 0, base = i * d; j < d; j++) {
        const a = m[base + j]!;
        if (a === 0) continue;
        for (let c = 0, xo = j * r, oo = i * r; c < r; c++) out[oo + c]! += a * x[xo + c]!;
      }
    return out;
  };
  let values = new Array<number>(r).fill(0);
  let iterations = 0;
  let u = new Float64Array(0);
  while (iterations < maxIterations) {
    iterations++;
    const w = times(v);
    if (iterations % 4 !== 0 && iterations < maxIterations) {
      v = orthonormalColumns(w, d, r);
      continue;
    }
    // Rayleigh–Ritz: H = Vᵀ M V `[r, r]`, its eigenvectors rotate V.
    const h = new Float64Array(r * r);
    for (let i = 0; i < d; i++)
      for (let a = 0; a < r; a++) {
        const x = v[i * r + a]!;
        for (let b = 0; b < r; b++) h[a * r + b]! += x * w[i * r + b]!;
      }
    for (let a = 0; a < r; a++) for (let b = 0; b < a; b++) h[a * r + b] = h[b * r + a] = (h[a * r + b]! + h[b * r + a]!) / 2;
    const e = symmetricEigen(h, r);
    u = new Float64Array(d * r);
    for (let i = 0; i < d; i++)
      for (let c = 0; c < r; c++) {
        let s = 0;
        for (let a = 0; a < r; a++) s += v[i * r + a]! * e.vectors[c * r + a]!;
        u[i * r + c] = s;
      }
    const scale = Math.abs(e.values[0]!) || 1;
    let moved = 0;
    for (let c = 0; c < k; c++) moved = Math.max(moved, Math.abs(e.values[c]! - values[c]!) / scale);
    values = e.values;
    if (moved < tolerance) break;
    v = orthonormalColumns(times(u), d, r);
  }
  const vectors = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    let norm = 0;
    for (let i = 0; i < d; i++) norm += u[i * r + c]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < d; i++) vectors[c * d + i] = u[i * r + c]! / norm;
  }
  return { values: values.slice(0, k), vectors, iterations };
}

/** Modified Gram–Schmidt on the `k` columns of `m` `[n, k]` (row-major, Float64), in place; returns it. */
export function orthonormalColumns(m: Float64Array, n: number, k: number): Float64Array {
  for (let c = 0; c < k; c++) {
    for (let p = 0; p < c; p++) {
      let dot = 0;
      for (let r = 0; r < n; r++) dot += m[r * k + p]! * m[r * k + c]!;
      for (let r = 0; r < n; r++) m[r * k + c]! -= dot * m[r * k + p]!;
    }
    let norm = 0;
    for (let r = 0; r < n; r++) norm += m[r * k + c]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let r = 0; r < n; r++) m[r * k + c]! /= norm;
  }
  return m;
}
