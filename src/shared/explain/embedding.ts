/**
 * The map of all digits: one layer's activations for every test image, reduced to 2-D by PCA.
 * Runs in slices (a batch of images per slice, yielding between), so it can run on the UI thread
 * without a long task, or in a worker.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerId } from '../model/lenet.ts';
import { variantSpec, type Variant } from '../model/variants.ts';
import { inputPixels, writeInput } from '../preprocess/input-format.ts';
import { CovarianceAccumulator, pcaFromCovariance, projectRows, type Pca2 } from './pca.ts';
import { ExplainCancelled, type Slicing } from './saliency.ts';

/** Layers the map can be made from (small enough for an exact covariance). */
export const EMBEDDING_LAYERS: readonly LayerId[] = ['c5', 'f6', 'output'];

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
  const spec = variantSpec(variant);
  const [h = 28, w = 28] = spec.inputShape;
  const px = inputPixels(spec.inputFormat);
  const layerSpec = spec.layers.find((l) => l.id === layer);
  if (!layerSpec) throw new Error(`no layer ${layer} in the ${variant} net`);
  const dims = layerSpec.shape.reduce((a, b) => a * b, 1);
  const sub = tf.model({ inputs: model.inputs, outputs: model.getLayer(layer).output as tf.SymbolicTensor });
  const batch = o.batch ?? 100;
  const x = new Float32Array(batch * px);
  const acts = new Float32Array(count * dims);
  const acc = new CovarianceAccumulator(dims);
  for (let start = 0; start < count; start += batch) {
    if (o.isCancelled?.()) throw new ExplainCancelled('cancelled');
    const n = Math.min(batch, count - start);
    for (let i = 0; i < n; i++) writeInput(images, (start + i) * 784, 1 / 255, spec.inputFormat, x, i * px);
    const out = tf.tidy(() => (sub.predict(tf.tensor4d(x.subarray(0, n * px), [n, h, w, 1])) as tf.Tensor).dataSync() as Float32Array);
    acts.set(out, start * dims);
    acc.add(acts, n, start * dims);
    o.onProgress?.(start + n, count);
    await o.yieldNow?.();
  }
  const p = pcaFromCovariance(acc);
  const coords = new Float32Array(2 * count);
  for (let start = 0; start < count; start += 2000) {
    projectRows(p, acts, Math.min(2000, count - start), start * dims, coords, start);
  }
  return { layer, pca: { ...p, coords }, ms: performance.now() - t0 };
}
