/**
 * "What a unit looks for": the test images that excite each map (or unit) of a layer most. A map's
 * response to an image is its largest activation anywhere (the strongest occurrence of its
 * feature); a unit's is its activation. Runs in slices (a batch per slice), for the worker.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerId } from '../model/lenet.ts';
import { variantSpec, type Variant } from '../model/variants.ts';
import { inputPixels, writeInput } from '../preprocess/input-format.ts';
import { ExplainCancelled, type Slicing } from './saliency.ts';

export interface TopImages {
  readonly layer: LayerId;
  readonly k: number;
  /** Maps (spatial layers) or units (C5, F6, output). */
  readonly channels: number;
  /** `[channels*k]` test-image indices, best first per channel. */
  readonly indices: Int32Array;
  /** `[channels*k]` their responses. */
  readonly values: Float32Array;
  readonly ms: number;
}

/** Keeps the k largest (value, index) pairs of each of `channels` channels. */
export class TopK {
  readonly indices: Int32Array;
  readonly values: Float32Array;
  private readonly filled: Int32Array;

  constructor(
    readonly channels: number,
    readonly k: number,
  ) {
    this.indices = new Int32Array(channels * k).fill(-1);
    this.values = new Float32Array(channels * k).fill(-Infinity);
    this.filled = new Int32Array(channels);
  }

  /** Offers image `index`'s response `v` for channel `c` (ties keep the earlier image). */
  offer(c: number, v: number, index: number): void {
    const k = this.k;
    const base = c * k;
    const n = this.filled[c]!;
    if (n === k && !(v > this.values[base + k - 1]!)) return;
    let pos = Math.min(n, k - 1);
    while (pos > 0 && v > this.values[base + pos - 1]!) {
      this.values[base + pos] = this.values[base + pos - 1]!;
      this.indices[base + pos] = this.indices[base + pos - 1]!;
      pos--;
    }
    this.values[base + pos] = v;
    this.indices[base + pos] = index;
    if (n < k) this.filled[c] = n + 1;
  }
}

/** Each channel's response per image: `acts` `[n, spatial, channels]` → `[n, channels]` maxima. */
export function channelMaxima(acts: Float32Array, n: number, spatial: number, channels: number): Float32Array {
  const out = new Float32Array(n * channels).fill(-Infinity);
  for (let i = 0; i < n; i++)
    for (let p = 0; p < spatial; p++) {
      const off = (i * spatial + p) * channels;
      for (let c = 0; c < channels; c++) {
        const v = acts[off + c]!;
        if (v > out[i * channels + c]!) out[i * channels + c] = v;
      }
    }
  return out;
}

/** The `k` images of `images` (`[count*784]` bytes) that excite each map/unit of `layer` most. */
export async function topImages(
  model: tf.LayersModel,
  variant: Variant,
  layer: LayerId,
  images: Uint8Array,
  count: number,
  o: Slicing & { readonly k?: number; readonly batch?: number; readonly onProgress?: (done: number, total: number) => void } = {},
): Promise<TopImages> {
  const t0 = performance.now();
  const spec = variantSpec(variant);
  const [h = 28, w = 28] = spec.inputShape;
  const px = inputPixels(spec.inputFormat);
  const shape = spec.layers.find((l) => l.id === layer)?.shape;
  if (!shape) throw new Error(`no layer ${layer} in the ${variant} net`);
  const channels = shape[shape.length - 1]!;
  const spatial = shape.reduce((a, b) => a * b, 1) / channels;
  const k = o.k ?? 9;
  const batch = o.batch ?? 100;
  const sub = tf.model({ inputs: model.inputs, outputs: model.getLayer(layer).output as tf.SymbolicTensor });
  const x = new Float32Array(batch * px);
  const top = new TopK(channels, k);
  for (let start = 0; start < count; start += batch) {
    if (o.isCancelled?.()) throw new ExplainCancelled('cancelled');
    const n = Math.min(batch, count - start);
    for (let i = 0; i < n; i++) writeInput(images, (start + i) * 784, 1 / 255, spec.inputFormat, x, i * px);
    // Each map's maximum on the backend: reading whole maps back (C1: 100 × 4,704 floats) costs
    // far more on wasm than the convolutions themselves.
    const m = tf.tidy(() => {
      const acts = sub.apply(tf.tensor4d(x.subarray(0, n * px), [n, h, w, 1])) as tf.Tensor;
      return (spatial > 1 ? acts.max([1, 2]) : acts).dataSync() as Float32Array;
    });
    for (let i = 0; i < n; i++) for (let c = 0; c < channels; c++) top.offer(c, m[i * channels + c]!, start + i);
    o.onProgress?.(start + n, count);
    await o.yieldNow?.();
  }
  return { layer, k, channels, indices: top.indices, values: top.values, ms: performance.now() - t0 };
}

/**
 * The same top-`k` from activations already computed (the map's cached forward pass):
 * `acts` `[count, spatial, channels]` flattened. C3's 10,000 × 1,600 floats take tens of
 * milliseconds here instead of a second forward pass.
 */
export function topFromActivations(layer: LayerId, acts: Float32Array, count: number, spatial: number, channels: number, k = 9): TopImages {
  const t0 = performance.now();
  const top = new TopK(channels, k);
  const chunk = 500;
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    const m = channelMaxima(acts.subarray(start * spatial * channels, (start + n) * spatial * channels), n, spatial, channels);
    for (let i = 0; i < n; i++) for (let c = 0; c < channels; c++) top.offer(c, m[i * channels + c]!, start + i);
  }
  return { layer, k, channels, indices: top.indices, values: top.values, ms: performance.now() - t0 };
}
