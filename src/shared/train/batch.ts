/**
 * Builds training batches from the `Uint8Array` image store into reusable float buffers:
 * no per-batch allocation of the dataset, only of the batch.
 */
import { DEFAULT_AUGMENT, randomAffine, warpInto, type AugmentParams } from './augment.ts';
import type { Rng } from '../util/random.ts';
import type { MnistSplit } from '../mnist/idx.ts';

const PIXELS = 784;

export interface BatchBuffers {
  /** `[size * 784]`, values in [0, 1]. */
  readonly x: Float32Array;
  /** `[size * 10]`, one-hot. */
  readonly y: Float32Array;
}

export function allocBatch(size: number): BatchBuffers {
  return { x: new Float32Array(size * PIXELS), y: new Float32Array(size * 10) };
}

/**
 * Fills `buf` with the images `order[start … start+n)` of `split`, optionally distorted.
 * Returns n (the last batch of an epoch may be short).
 */
export function fillBatch(
  split: MnistSplit,
  order: Uint32Array,
  start: number,
  size: number,
  buf: BatchBuffers,
  augment: { rng: Rng; params?: AugmentParams } | null,
): number {
  const n = Math.min(size, order.length - start);
  buf.y.fill(0, 0, n * 10);
  for (let i = 0; i < n; i++) {
    const idx = order[start + i]!;
    const src = idx * PIXELS;
    if (augment) {
      warpInto(split.images, src, randomAffine(augment.params ?? DEFAULT_AUGMENT, augment.rng), buf.x, i * PIXELS);
    } else {
      for (let p = 0; p < PIXELS; p++) buf.x[i * PIXELS + p] = split.images[src + p]! / 255;
    }
    buf.y[i * 10 + split.labels[idx]!] = 1;
  }
  return n;
}
