/**
 * Evaluation of the worker's model on a whole split, in batches, yielding between batches so a
 * cancel gets through. Returns each image's top-3 classes and confidences (probabilities for the
 * modern net, MAP posteriors of the RBF distances for the classic one).
 */
import * as tf from '@tensorflow/tfjs';
import { allocBatch, fillBatch } from '../shared/train/batch.ts';
import { toProbabilities } from '../shared/model/readout.ts';
import { variantSpec, type Variant } from '../shared/model/variants.ts';
import { topK3, type EvalRun } from '../shared/eval/metrics.ts';
import { range } from '../shared/util/random.ts';
import type { MnistSplit } from '../shared/mnist/idx.ts';

export class Cancelled extends Error {
  override name = 'Cancelled';
}

export async function evaluateSplit(
  model: tf.LayersModel,
  variant: Variant,
  split: MnistSplit,
  opts: {
    batchSize?: number;
    isCancelled: () => boolean;
    onProgress: (done: number, total: number) => void;
    yieldNow: () => Promise<void>;
  },
): Promise<EvalRun> {
  const spec = variantSpec(variant);
  const batchSize = opts.batchSize ?? 500;
  const buf = allocBatch(batchSize, spec.inputFormat);
  const order = range(split.count);
  const probs = new Float32Array(split.count * 10);
  const [h = 28, w = 28] = spec.inputShape;
  for (let start = 0; start < split.count; start += batchSize) {
    if (opts.isCancelled()) throw new Cancelled('evaluation cancelled');
    const n = fillBatch(split, order, start, batchSize, buf, null);
    const out = tf.tidy(() => model.predict(tf.tensor4d(buf.x.subarray(0, n * h * w), [n, h, w, 1])) as tf.Tensor);
    const scores = (await out.data()) as Float32Array;
    out.dispose();
    for (let i = 0; i < n; i++) probs.set(toProbabilities(scores.subarray(i * 10, i * 10 + 10), spec.readout), (start + i) * 10);
    opts.onProgress(start + n, split.count);
    await opts.yieldNow();
  }
  const { top3, top3Probs } = topK3(probs, split.count);
  return { predictions: top3.filter((_, i) => i % 3 === 0), top3, top3Probs };
}
