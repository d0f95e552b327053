/**
 * The map of all digits by UMAP (McInnes, Healy & Melville 2018) through `umap-js`: a 2-D layout
 * that keeps each test image's nearest neighbours in the layer's activation space near it. Slower
 * than PCA (a neighbour graph, then a few hundred epochs of layout), so it runs on request in the
 * explain worker, in slices (a few epochs per slice, yielding between, with progress). A fitted map
 * places new points (the drawing) with `transform`.
 */
import { UMAP } from 'umap-js';
import { mulberry32 } from '../util/random.ts';
import { ExplainCancelled, type Slicing } from './saliency.ts';

export interface UmapOptions extends Slicing {
  /** Neighbours per point (umap-js's default 15). */
  readonly neighbors?: number;
  /** Layout epochs (200 is umap-js's own choice for 10,000 points). */
  readonly epochs?: number;
  readonly seed?: number;
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

/** UMAP of `n` rows of `d` floats (`data` `[n*d]`). Deterministic for a given `seed`. */
export async function umap2(data: Float32Array, n: number, d: number, o: UmapOptions = {}): Promise<UmapMap> {
  const neighbors = o.neighbors ?? 15;
  if (n <= neighbors) throw new Error(`UMAP needs more than ${neighbors} points, got ${n}`);
  const epochs = o.epochs ?? 200;
  const perSlice = o.epochsPerSlice ?? 5;
  const umap = new UMAP({ nComponents: 2, nNeighbors: neighbors, nEpochs: epochs, random: mulberry32(o.seed ?? 42), minDist: 0.1 });
  const x = rows(data, n, d);
  o.onProgress?.('neighbours', 0, 1);
  const total = umap.initializeFit(x);
  o.onProgress?.('neighbours', 1, 1);
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
      const [p] = umap.transform([Array.from(v)]);
      return [p![0]!, p![1]!];
    },
  };
}
