/**
 * `npm run train -- --stroke-share P`: training-time augmentation that teaches the net the app's own
 * drawn look. A share P of the training digits is traced into pen strokes (the bench's tracer,
 * `bench/drawn/strokeset.ts`) and replaced by those strokes redrawn through the app's stroke path
 * (`preprocessStrokes`: crop → 20-px box at MNIST's pen width → centre of mass), so the net learns to
 * read a constant-width, re-centred rendering of a digit as well as MNIST's own pixels. The usual
 * random distortions then apply to both kinds alike. The digits of the drawn-digit benchmark's
 * stroke set (the first `holdOutPerClass` training digits of each class, traced) are removed from
 * the training set altogether, so the benchmark reads digits the net has never seen in any form.
 */
import type { MnistSplit } from '../src/shared/mnist/idx.ts';
import { preprocessStrokes } from '../src/shared/preprocess/stroke-render.ts';
import { mulberry32 } from '../src/shared/util/random.ts';
import { buildStrokeSet, traceStrokes } from '../bench/drawn/strokeset.ts';

const PIXELS = 784;
/** MNIST pixels → surface units for `preprocessStrokes` (any scale works: it crops and rescales). */
const UNITS_PER_PX = 10;

export interface StrokeAugmented {
  /** The training split without the stroke set's digits, a share of the rest redrawn from strokes. */
  readonly split: MnistSplit;
  /** MNIST training indices left out (the benchmark's stroke set), ascending. */
  readonly excluded: readonly number[];
  /** How many of `split`'s digits are stroke renderings. */
  readonly rendered: number;
  readonly seconds: number;
}

/** The 28x28 the app would feed the net for `strokes` (MNIST pixel coordinates), as bytes; null if empty. */
export function renderLikeTheApp(strokes: readonly { x: number; y: number }[][]): Uint8Array | null {
  const r = preprocessStrokes(strokes.map((l) => ({ points: l.map((p) => ({ x: p.x * UNITS_PER_PX, y: p.y * UNITS_PER_PX })), width: 1 })));
  if (r.kind !== 'digit') return null;
  return Uint8Array.from(r.image, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
}

/**
 * `train` without the stroke set's digits (`holdOutPerClass` per class), each remaining digit
 * replaced, with probability `share` (seeded by `seed`), by its stroke rendering.
 */
export function strokeAugmentedSplit(
  train: MnistSplit,
  opts: { share: number; seed: number; holdOutPerClass: number; onProgress?: (done: number, total: number) => void },
): StrokeAugmented {
  const t0 = performance.now();
  const excluded = buildStrokeSet(train.images, train.labels, opts.holdOutPerClass)
    .map((d) => d.index)
    .sort((a, b) => a - b);
  const skip = new Set(excluded);
  const count = train.count - skip.size;
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  const rng = mulberry32(opts.seed * 7919 + 17);
  const chosen: number[] = [];
  let j = 0;
  for (let i = 0; i < train.count; i++) {
    if (skip.has(i)) continue;
    images.set(train.images.subarray(i * PIXELS, (i + 1) * PIXELS), j * PIXELS);
    labels[j] = train.labels[i]!;
    if (rng() < opts.share) chosen.push(j);
    j++;
  }
  let rendered = 0;
  chosen.forEach((k, n) => {
    const img = renderLikeTheApp(traceStrokes(images, k * PIXELS).strokes);
    if (img) {
      images.set(img, k * PIXELS);
      rendered++;
    }
    if (n % 500 === 0) opts.onProgress?.(n, chosen.length);
  });
  return { split: { count, images, labels }, excluded, rendered, seconds: (performance.now() - t0) / 1000 };
}
