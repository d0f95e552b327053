/**
 * The one batched evaluation: a model over some images of a split, in chunks, with the task's
 * input format, loss and readout. Used for validation and test passes while training (the worker
 * and `npm run train`) and for the lab's full evaluation (top-3 per image, progress, cancel).
 */
import * as tf from '@tensorflow/tfjs';
import { allocBatch, fillBatch } from './batch.ts';
import { MODERN_TASK, type TrainTask } from './task.ts';
import { INPUT_FORMATS, inputPixels } from '../preprocess/input-format.ts';
import { toProbabilities, type Readout } from '../model/readout.ts';
import { topK3 } from '../eval/metrics.ts';
import type { MnistSplit } from '../mnist/idx.ts';

/** Thrown by `evaluate` when `isCancelled` says so between chunks. */
export class Cancelled extends Error {
  override name = 'Cancelled';
}

/** `[n, h, w, 1]` tensor of the first n images of a flat batch buffer in `task.input`'s format. */
export function inputTensor(x: Float32Array, n: number, task: TrainTask): tf.Tensor4D {
  const [h, w] = INPUT_FORMATS[task.input].shape;
  return tf.tensor4d(x.subarray(0, n * inputPixels(task.input)), [n, h, w, 1]);
}

/** Predicted class per row of outputs `[b,10]`: argmax of probabilities or argmin of distances. */
export function predictClasses(out: tf.Tensor, readout: Readout): tf.Tensor1D {
  return tf.tidy(() => (readout === 'argmax' ? tf.argMax(out, -1) : tf.argMin(out, -1)) as tf.Tensor1D);
}

export interface EvaluateOptions {
  /** Input format, loss and readout (default: the modern net's). */
  readonly task?: TrainTask;
  /** Images per chunk (default 500). */
  readonly batchSize?: number;
  /** Also return each image's three most likely digits and their confidences. */
  readonly top3?: boolean;
  /** Called after each chunk; a returned promise is awaited (a worker yields to its messages there). */
  readonly onProgress?: ((done: number, total: number) => void | Promise<void>) | undefined;
  /** Checked before each chunk: true throws `Cancelled`. */
  readonly isCancelled?: () => boolean;
}

export interface EvalResult {
  /** Mean loss under the task's loss. */
  readonly loss: number;
  readonly accuracy: number;
  readonly count: number;
  /** `[count]` predicted digit per evaluated image, in `order`. */
  readonly predictions: Uint8Array;
  /** With `top3`: `[count * 3]` the three most likely digits, best first, and `[count * 3]` their confidences. */
  readonly top3?: Uint8Array;
  readonly top3Probs?: Float32Array;
}

/** Evaluates `model` on `order`'s images of `split` (no distortions). */
export async function evaluate(
  model: tf.LayersModel,
  split: MnistSplit,
  order: Uint32Array,
  opts: EvaluateOptions = {},
): Promise<EvalResult> {
  const task = opts.task ?? MODERN_TASK;
  const batchSize = opts.batchSize ?? 500;
  const buf = allocBatch(batchSize, task.input);
  const predictions = new Uint8Array(order.length);
  const probs = opts.top3 ? new Float32Array(order.length * 10) : null;
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < order.length; start += batchSize) {
    if (opts.isCancelled?.()) throw new Cancelled('evaluation cancelled');
    const n = fillBatch(split, order, start, batchSize, buf, null);
    const [l, pred, out] = tf.tidy(() => {
      const xs = inputTensor(buf.x, n, task);
      const ys = tf.tensor2d(buf.y.subarray(0, n * 10), [n, 10]);
      const p = model.predict(xs) as tf.Tensor;
      return [tf.mul(task.loss(ys, p), n), predictClasses(p, task.readout), probs ? p : null];
    });
    const [lv, pv, ov] = await Promise.all([l.data(), pred.data(), out ? out.data() : null]);
    tf.dispose([l, pred, ...(out ? [out] : [])]);
    lossSum += lv[0]!;
    for (let i = 0; i < n; i++) {
      predictions[start + i] = pv[i]!;
      if (pv[i] === split.labels[order[start + i]!]) correct++;
      if (probs && ov) probs.set(toProbabilities((ov as Float32Array).subarray(i * 10, i * 10 + 10), task.readout), (start + i) * 10);
    }
    await opts.onProgress?.(Math.min(start + n, order.length), order.length);
  }
  const count = order.length;
  const base = { loss: count ? lossSum / count : NaN, accuracy: count ? correct / count : 0, count, predictions };
  if (!probs) return base;
  const { top3, top3Probs } = topK3(probs, count);
  return { ...base, top3, top3Probs };
}
