/**
 * The map of all digits: one layer's activations for every test image, reduced to 2-D by PCA.
 * The forward passes run in slices (a batch of images per slice, yielding between); the PCA runs
 * on the tfjs backend (`pca-fast.ts`). Meant for the explain worker.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerId } from '../model/lenet.ts';
import { variantSpec, type Variant } from '../model/variants.ts';
import { inputPixels, writeInput } from '../preprocess/input-format.ts';
import type { Pca2 } from './pca.ts';
import { pca2Fast } from './pca-fast.ts';
import { ExplainCancelled, type Slicing } from './saliency.ts';

/** Layers the map can be made from. */
export const EMBEDDING_LAYERS: readonly LayerId[] = ['c3', 'c5', 'f6', 'output'];

export interface EmbeddingOptions extends Slicing {
  /** Images per forward pass (between yields). */
  readonly batch?: number;
  /** Called after each batch with images done and total. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface Embedding {
  readonly layer: LayerId;
  readonly pca: Pca2;
  readonly ms: number;
}

/** Flattened activations per layer: `[count * dims]` each. */
export type LayerActivations = ReadonlyMap<LayerId, { readonly data: Float32Array; readonly dims: number }>;

/**
 * `layers`' activations (flattened, `[count * dims]` each) of `count` images (`images`
 * `[count*784]` bytes 0..255) through `model`, a LeNet-5 of `variant`, in one forward pass per batch
 * (one model whose outputs are all the layers asked for), yielding between batches. The forward
 * passes are what a map costs in the page (10,000 images through C1 and C3); the PCA is small.
 */
export async function layerActivations(
  model: tf.LayersModel,
  variant: Variant,
  layers: readonly LayerId[],
  images: Uint8Array,
  count: number,
  o: EmbeddingOptions = {},
): Promise<LayerActivations> {
  const spec = variantSpec(variant);
  const [h = 28, w = 28] = spec.inputShape;
  const px = inputPixels(spec.inputFormat);
  const dims = layers.map((id) => {
    const l = spec.layers.find((s) => s.id === id);
    if (!l) throw new Error(`no layer ${id} in the ${variant} net`);
    return l.shape.reduce((a, b) => a * b, 1);
  });
  const sub = tf.model({ inputs: model.inputs, outputs: layers.map((id) => model.getLayer(id).output as tf.SymbolicTensor) });
  const batch = o.batch ?? 250;
  const x = new Float32Array(batch * px);
  const out = layers.map((_, i) => new Float32Array(count * dims[i]!));
  for (let start = 0; start < count; start += batch) {
    if (o.isCancelled?.()) throw new ExplainCancelled('cancelled');
    const n = Math.min(batch, count - start);
    for (let i = 0; i < n; i++) writeInput(images, (start + i) * 784, 1 / 255, spec.inputFormat, x, i * px);
    tf.tidy(() => {
      // `apply`, not `predict`: predict re-batches by 32 and checks its inputs on every call.
      const r = sub.apply(tf.tensor4d(x.subarray(0, n * px), [n, h, w, 1])) as tf.Tensor | tf.Tensor[];
      const ts = Array.isArray(r) ? r : [r];
      ts.forEach((t, i) => out[i]!.set(t.dataSync(), start * dims[i]!));
    });
    o.onProgress?.(start + n, count);
    await o.yieldNow?.();
  }
  return new Map(layers.map((id, i) => [id, { data: out[i]!, dims: dims[i]! }]));
}

/** PCA map of `count` rows of activations (`[count * dims]`), on the tfjs backend. */
export function embedActivations(layer: LayerId, data: Float32Array, dims: number, count: number): Embedding {
  const t0 = performance.now();
  return { layer, pca: pca2Fast(data, count, dims), ms: performance.now() - t0 };
}

/**
 * PCA map of `count` images (`images` `[count*784]` bytes 0..255) by `layer`'s activations
 * (flattened) of `model`, a LeNet-5 of `variant`.
 */
export async function embedImages(
  model: tf.LayersModel,
  variant: Variant,
  layer: LayerId,
  images: Uint8Array,
  count: number,
  o: EmbeddingOptions = {},
): Promise<Embedding> {
  const t0 = performance.now();
  const acts = (await layerActivations(model, variant, [layer], images, count, o)).get(layer)!;
  const e = embedActivations(layer, acts.data, acts.dims, count);
  return { ...e, ms: performance.now() - t0 };
}

/** A share of the images to run elsewhere (another worker): the request a `PassPeer` gets. */
export interface PassShare {
  readonly variant: Variant;
  /** The model's weights, one buffer per variable. */
  readonly weights: readonly ArrayBuffer[];
  readonly layers: readonly LayerId[];
  /** `[count*784]` bytes: the share's images (a copy the peer may keep). */
  readonly images: Uint8Array;
  readonly count: number;
  readonly batch: number;
}

/**
 * Computes `layerActivations` of a share on another core. Rejects with `ExplainCancelled` once
 * `isCancelled` (asked at each progress report) says so, with another error when it failed.
 */
export interface PassPeer {
  run(share: PassShare, onProgress: (done: number) => void, isCancelled: () => boolean): Promise<LayerActivations>;
}

/**
 * `layerActivations` over two cores: `peer` computes the second half of the images while this
 * thread computes the first (whole batches); the halves are joined in order. Without a peer, or
 * for a pass shorter than two batches, one thread does it all; when the peer fails, this thread
 * computes its half afterwards. `threads` says how many computed.
 */
export async function splitActivations(
  peer: PassPeer | null,
  model: tf.LayersModel,
  variant: Variant,
  weights: readonly ArrayBuffer[],
  layers: readonly LayerId[],
  images: Uint8Array,
  count: number,
  o: EmbeddingOptions = {},
): Promise<{ acts: LayerActivations; threads: number }> {
  const batch = o.batch ?? 250;
  if (!peer || count < 2 * batch) return { acts: await layerActivations(model, variant, layers, images, count, o), threads: 1 };
  const mine = Math.min(count, Math.ceil(count / 2 / batch) * batch);
  let doneMine = 0;
  let doneTheirs = 0;
  const report = () => o.onProgress?.(doneMine + doneTheirs, count);
  const share: PassShare = { variant, weights, layers, images: images.slice(mine * 784, count * 784), count: count - mine, batch };
  const cancelled = () => o.isCancelled?.() === true;
  // Set when this thread's half stops or fails: the peer then stops at its next report.
  let stop = false;
  const theirs = peer
    .run(
      share,
      (d) => ((doneTheirs = d), report()),
      () => stop || cancelled(),
    )
    .then(
      (acts) => ({ acts, error: null }),
      (error: unknown) => ({ acts: null, error }),
    );
  let ours: LayerActivations;
  try {
    ours = await layerActivations(model, variant, layers, images, mine, { ...o, onProgress: (d) => ((doneMine = d), report()) });
  } catch (e) {
    stop = true;
    throw e;
  }
  const r = await theirs;
  if (r.error instanceof ExplainCancelled || cancelled()) throw new ExplainCancelled('cancelled');
  let threads = 2;
  let rest = r.acts;
  if (!rest) {
    threads = 1;
    doneTheirs = 0;
    rest = await layerActivations(model, variant, layers, images.subarray(mine * 784), count - mine, {
      ...o,
      onProgress: (d) => ((doneTheirs = d), report()),
    });
  }
  const joined = new Map(
    layers.map((id) => {
      const a = ours.get(id)!;
      const b = rest.get(id)!;
      const data = new Float32Array(count * a.dims);
      data.set(a.data);
      data.set(b.data, mine * a.dims);
      return [id, { data, dims: a.dims }] as const;
    }),
  );
  return { acts: joined, threads };
}
