/**
 * Builds training batches from the `Uint8Array` image store into reusable float buffers:
 * no per-batch allocation of the dataset, only of the batch.
 */
import { DEFAULT_AUGMENT, randomAffine, warpInto, type AugmentParams } from './augment.ts';
import { inputPixels, writeInput, type InputFormat } from '../preprocess/input-format.ts';
import type { Rng } from '../util/random.ts';
import type { MnistSplit } from '../mnist/idx.ts';

const PIXELS = 784;

export interface BatchBuffers {
  /** `[size * 784]`, values in [0, 1]; or `[size * 1024]` in the `classic32` format. */
  readonly x: Float32Array;
  /** `[size * 10]`, one-hot. */
  readonly y: Float32Array;
  /** Format of `x`; absent means `mnist28`. */
  readonly format?: InputFormat;
}

/** Buffers for batches of up to `size` images in `format` (default: the modern 28x28 [0, 1]). */
export function allocBatch(size: number, format: InputFormat = 'mnist28'): BatchBuffers {
  return { x: new Float32Array(size * inputPixels(format)), y: new Float32Array(size * 10), format };
}

/**
 * Fills `buf` with the images `order[start … start+n)` of `split`, optionally distorted, in
 * `buf.format` (distortions apply to the 28x28 image, before any padding). Returns n (the last
 * batch of an epoch may be short).
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
  const format = buf.format ?? 'mnist28';
  if (format !== 'mnist28') {
    const pixels = inputPixels(format);
    const warped = augment ? new Float32Array(PIXELS) : null;
    for (let i = 0; i < n; i++) {
      const idx = order[start + i]!;
      if (augment) {
        warpInto(split.images, idx * PIXELS, randomAffine(augment.params ?? DEFAULT_AUGMENT, augment.rng), warped!, 0);
        writeInput(warped!, 0, 1, format, buf.x, i * pixels);
      } else {
        writeInput(split.images, idx * PIXELS, 1 / 255, format, buf.x, i * pixels);
      }
      buf.y[i * 10 + split.labels[idx]!] = 1;
    }
    return n;
  }
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
