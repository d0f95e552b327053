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

export { EMBEDDING_LAYERS } from './protocol.ts';

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
 * One model whose outputs are `layers` of `model` (a LeNet-5 of `variant`): the activations of a
 * batch of test images in one forward pass, written into arrays that hold every image.
 */
export class LayerPass {
  readonly dims: readonly number[];
  private readonly sub: tf.LayersModel;
  private readonly spec;
  private readonly px: number;
  private x = new Float32Array(0);

  constructor(
    model: tf.LayersModel,
    variant: Variant,
    readonly layers: readonly LayerId[],
  ) {
    this.spec = variantSpec(variant);
    this.px = inputPixels(this.spec.inputFormat);
    this.dims = layers.map((id) => {
      const l = this.spec.layers.find((s) => s.id === id);
      if (!l) throw new Error(`no layer ${id} in the ${variant} net`);
      return l.shape.reduce((a, b) => a * b, 1);
    });
    this.sub = tf.model({ inputs: model.inputs, outputs: layers.map((id) => model.getLayer(id).output as tf.SymbolicTensor) });
  }

  /** Arrays for `count` images' activations, one per layer (`[count * dims]`). */
  alloc(count: number): Float32Array[] {
    return this.dims.map((d) => new Float32Array(count * d));
  }

  /** Images `[start, start + n)` of `images` (`[*784]` bytes 0..255) into `out` at image `at` (default `start`). */
  run(images: Uint8Array, start: number, n: number, out: readonly Float32Array[], at = start): void {
    const [h = 28, w = 28] = this.spec.inputShape;
    const px = this.px;
    if (this.x.length < n * px) this.x = new Float32Array(n * px);
    const x = this.x;
    for (let i = 0; i < n; i++) writeInput(images, (start + i) * 784, 1 / 255, this.spec.inputFormat, x, i * px);
    tf.tidy(() => {
      // `apply`, not `predict`: predict re-batches by 32 and checks its inputs on every call.
      const r = this.sub.apply(tf.tensor4d(x.subarray(0, n * px), [n, h, w, 1])) as tf.Tensor | tf.Tensor[];
      const ts = Array.isArray(r) ? r : [r];
      ts.forEach((t, i) => out[i]!.set(t.dataSync(), at * this.dims[i]!));
    });
  }

  toMap(out: readonly Float32Array[]): LayerActivations {
    return new Map(this.layers.map((id, i) => [id, { data: out[i]!, dims: this.dims[i]! }]));
  }
}

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
  const pass = new LayerPass(model, variant, layers);
  const batch = o.batch ?? 250;
  const out = pass.alloc(count);
  for (let start = 0; start < count; start += batch) {
    if (o.isCancelled?.()) throw new ExplainCancelled('cancelled');
    const n = Math.min(batch, count - start);
    pass.run(images, start, n, out);
    o.onProgress?.(start + n, count);
    await o.yieldNow?.();
  }
  return pass.toMap(out);
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

/** A pass for another worker to help with: the model, the layers and the images of the whole pass. */
export interface PassShare {
  readonly variant: Variant;
  /** The model's weights, one buffer per variable. */
  readonly weights: readonly ArrayBuffer[];
  readonly layers: readonly LayerId[];
  /** `[count*784]` bytes: the pass's images (a copy the peer may keep). */
  readonly images: Uint8Array;
  readonly count: number;
  readonly batch: number;
}

/** A peer's part of one pass, as it goes. */
export interface PeerJob {
  /** Batches below `b` are taken by this thread: the peer starts none of them. */
  stopBelow(b: number): void;
  /** Settles when the peer has stopped (done, told to stop, failed). */
  readonly done: Promise<void>;
}

/**
 * Another worker that helps with a pass: it computes batches from the last one down, handing each
 * to `onBatch` (per layer, `[n * dims]`), until it reaches a batch this thread has taken.
 */
export interface PassPeer {
  run(share: PassShare, onBatch: (batch: number, acts: readonly Float32Array[]) => void): PeerJob;
}

/**
 * `layerActivations` over two workers, sharing the batches as they go: this thread takes them from
 * the first up, `peer` from the last down, until they meet; whoever is slower (or starts later)
 * simply does fewer. A peer that never starts, or fails, leaves this thread to do them all. A batch
 * both happened to compute counts once. `threads` says whether the peer did any (2) or not (1).
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
  const batches = Math.ceil(count / batch);
  if (!peer || batches < 2) return { acts: await layerActivations(model, variant, layers, images, count, o), threads: 1 };
  const pass = new LayerPass(model, variant, layers);
  const out = pass.alloc(count);
  /** Who computed each batch first: 0 nobody yet, 1 this thread, 2 the peer. */
  const by = new Uint8Array(batches);
  let done = 0;
  const finish = (b: number, who: 1 | 2) => {
    by[b] = who;
    done += Math.min(batch, count - b * batch);
    o.onProgress?.(done, count);
  };
  const job = peer.run({ variant, weights, layers, images: images.slice(0, count * 784), count, batch }, (b, acts) => {
    if (b < 0 || b >= batches || by[b]) return;
    acts.forEach((a, i) => out[i]!.set(a, b * batch * pass.dims[i]!));
    finish(b, 2);
  });
  job.done.catch(() => {}); // a failed peer: this thread goes on alone
  try {
    for (let b = 0; b < batches; b++) {
      if (by[b]) continue;
      if (o.isCancelled?.()) throw new ExplainCancelled('cancelled');
      job.stopBelow(b + 1);
      const start = b * batch;
      pass.run(images, start, Math.min(batch, count - start), out);
      if (!by[b]) finish(b, 1);
      // The peer's batches arrive between slices.
      await o.yieldNow?.();
    }
  } finally {
    job.stopBelow(batches);
  }
  return { acts: pass.toMap(out), threads: by.includes(2) ? 2 : 1 };
}
