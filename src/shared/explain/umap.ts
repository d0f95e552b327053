/**
 * The map of all digits by UMAP (McInnes, Healy & Melville 2018) through `umap-js`: a 2-D layout
 * that keeps each test image's nearest neighbours in the layer's activation space near it. Slower
 * than PCA (a neighbour graph, then a few hundred epochs of layout), so it runs on request in the
 * explain worker, in slices (a few epochs per slice, yielding between, with progress). A fitted map
 * places new points (the drawing) with `transform`.
 *
 * The neighbours are exact and found on the tfjs backend (`exactKnn`: distances as one matrix
 * product per block of rows, then `topk`), not by umap-js's NN-descent, which takes minutes for
 * 10,000 × 120 in plain JS. Wider layers are first reduced to their top `reduceTo` (32) principal
 * coordinates, as umap-learn's documentation advises (PCA to a few tens of dimensions before UMAP):
 * the neighbours, umap-js's graph and `transform` all work on those, and the drawing is projected
 * the same way before it is placed.
 */
import * as tf from '@tensorflow/tfjs';
import { UMAP } from 'umap-js';
import { mulberry32 } from '../util/random.ts';
import { principalAxes, projectOnAxes } from './pca-fast.ts';
import { readback } from './readback.ts';
import { ExplainCancelled, type Slicing } from './saliency.ts';

export interface UmapOptions extends Slicing {
  /** Neighbours per point (umap-js's default 15). */
  readonly neighbors?: number;
  /** Layout epochs, rounded to a multiple of 3 (120; umap-js would choose 200 for 10,000 points, at 1.7x the time). */
  readonly epochs?: number;
  readonly seed?: number;
  /** Rows wider than this are reduced to this many principal coordinates first (32; 0: never). */
  readonly reduceTo?: number;
  /** Epochs between yields. */
  readonly epochsPerSlice?: number;
  /** Called with a stage and its fraction done. */
  readonly onProgress?: (stage: 'neighbours' | 'layout', done: number, total: number) => void;
}

export interface UmapMap {
  /** `[2n]` each point's (x, y). */
  readonly coords: Float32Array;
  /** Places new vectors `[d]` on the map (umap-js's `transform`: its neighbours among the fitted points). */
  place(v: ArrayLike<number>): [number, number];
  readonly epochs: number;
}

/** Rows of `data` `[n*d]` as the arrays umap-js takes. */
function rows(data: Float32Array, n: number, d: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, (i + 1) * d)));
}

/**
 * The `k` nearest rows of each row of `data` `[n*d]` (itself first, at distance 0), by Euclidean
 * distance `‖a‖² + ‖b‖² − 2 a·b`: the dot products of a block of rows with all rows as one plain
 * matrix product on the backend (all rows laid out once as `[d, n]`: a transposed operand costs a
 * transpose per call on wasm), then each row's `k` smallest picked here in one pass (a sorted
 * list of k, most candidates rejected by one comparison), cheaper than the backend's `topk`.
 */
export async function exactKnn(
  data: Float32Array,
  n: number,
  d: number,
  k: number,
  o: Slicing & { readonly block?: number; readonly onProgress?: (done: number, total: number) => void } = {},
): Promise<{ indices: number[][]; distances: number[][] }> {
  const block = o.block ?? 500;
  const indices: number[][] = [];
  const distances: number[][] = [];
  const norms = new Float32Array(n);
  const cols = new Float32Array(d * n);
  for (let i = 0; i < n; i++)
    for (let j = 0, off = i * d; j < d; j++) {
      const v = data[off + j]!;
      norms[i]! += v * v;
      cols[j * n + i] = v;
    }
  const allT = tf.tensor2d(cols, [d, n]);
  const key = new Float32Array(k);
  const idx = new Int32Array(k);
  try {
    for (let start = 0; start < n; start += block) {
      if (o.isCancelled?.()) throw new ExplainCancelled('cancelled');
      const m = Math.min(block, n - start);
      const dots = readback(() => tf.matMul(tf.tensor2d(data.subarray(start * d, (start + m) * d), [m, d]), allT));
      for (let r = 0; r < m; r++) {
        // The k smallest ‖b‖² − 2 a·b (‖a‖² is the same for the whole row), ties to the earlier row.
        key.fill(Infinity);
        idx.fill(-1);
        let worst = Infinity;
        for (let j = 0, off = r * n; j < n; j++) {
          const v = norms[j]! - 2 * dots[off + j]!;
          if (v >= worst) continue;
          let p = k - 1;
          while (p > 0 && key[p - 1]! > v) {
            key[p] = key[p - 1]!;
            idx[p] = idx[p - 1]!;
            p--;
          }
          key[p] = v;
          idx[p] = j;
          worst = key[k - 1]!;
        }
        const self = start + r;
        const ix = Array.from(idx);
        const dist = Array.from(key, (v) => Math.sqrt(Math.max(0, norms[self]! + v)));
        // Itself first at 0 (rounding can put a duplicate image first, or leave a tiny distance).
        const at = ix.indexOf(self);
        if (at > 0) [ix[0], ix[at]] = [ix[at]!, ix[0]!];
        if (at !== 0) ix[0] = self;
        dist[0] = 0;
        indices.push(ix);
        distances.push(dist);
      }
      o.onProgress?.(start + m, n);
      await o.yieldNow?.();
    }
  } finally {
    allT.dispose();
  }
  return { indices, distances };
}

/** UMAP of `n` rows of `d` floats (`data` `[n*d]`). Deterministic for a given `seed`. */
export async function umap2(data: Float32Array, n: number, d: number, o: UmapOptions = {}): Promise<UmapMap> {
  const neighbors = o.neighbors ?? 15;
  if (n <= neighbors) throw new Error(`UMAP needs more than ${neighbors} points, got ${n}`);
  // A multiple of 3: umap-js's `transform` runs nEpochs / 3 epochs and loops until its epoch count
  // *equals* that, so a fraction never ends (umap-js 1.4.0).
  const epochs = Math.max(3, 3 * Math.round((o.epochs ?? 120) / 3));
  const perSlice = o.epochsPerSlice ?? 5;
  const umap = new UMAP({ nComponents: 2, nNeighbors: neighbors, nEpochs: epochs, random: mulberry32(o.seed ?? 42), minDist: 0.1 });
  const reduceTo = o.reduceTo ?? 32;
  let project = (v: ArrayLike<number>): number[] => Array.from(v);
  if (reduceTo > 0 && d > reduceTo) {
    const p = principalAxes(data, n, d, reduceTo);
    data = projectOnAxes(data, n, d, p, reduceTo);
    d = reduceTo;
    project = (v) => Array.from(projectOnAxes(Float32Array.from(v), 1, p.dims, p, reduceTo));
    await o.yieldNow?.();
  }
  const x = rows(data, n, d);
  const knn = await exactKnn(data, n, d, neighbors, {
    ...(o.yieldNow ? { yieldNow: o.yieldNow } : {}),
    ...(o.isCancelled ? { isCancelled: o.isCancelled } : {}),
    onProgress: (done, all) => o.onProgress?.('neighbours', done, all),
  });
  umap.setPrecomputedKNN(knn.indices, knn.distances);
  const total = umap.initializeFit(x);
  await o.yieldNow?.();
  for (let e = 0; e < total;) {
    if (o.isCancelled?.()) throw new ExplainCancelled('cancelled');
    for (let k = 0; k < perSlice && e < total; k++) e = umap.step();
    o.onProgress?.('layout', e, total);
    await o.yieldNow?.();
  }
  const emb = umap.getEmbedding();
  const coords = new Float32Array(2 * n);
  emb.forEach((p, i) => {
    coords[2 * i] = p[0]!;
    coords[2 * i + 1] = p[1]!;
  });
  return {
    coords,
    epochs: total,
    place: (v) => {
      const [p] = umap.transform([project(v)]);
      return [p![0]!, p![1]!];
    },
  };
}
