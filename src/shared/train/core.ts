/**
 * Training primitives under the training runner (`runner.ts`), which the worker and `npm run train` share.
 * All tensor work is inside `tf.tidy`; only the returned scalars outlive a call and the caller
 * disposes them.
 */
import * as tf from '@tensorflow/tfjs';
import { MODERN_TASK, type TrainTask } from './task.ts';
import { inputTensor, predictClasses } from './evaluate.ts';

export { crossEntropy } from './losses.ts';
export { MODERN_TASK, trainTask, type TrainTask } from './task.ts';
export { evaluate, predictClasses, type EvalResult } from './evaluate.ts';

export interface StepResult {
  /** Mean loss of the batch (a scalar tensor: read it when needed; the caller disposes it). */
  readonly loss: tf.Scalar;
  /** Number of correct predictions in the batch (scalar tensor; the caller disposes it). */
  readonly correct: tf.Scalar;
}

/**
 * One optimizer step on a batch given as flat floats: `x` `[n*784]` in [0,1] (or, for a classic
 * `task`, `[n*1024]` 32x32 in −0.1…1.175, as `fillBatch` writes them), `y` `[n*10]` one-hot.
 * `task` (default: the modern net's) picks the input shape, the loss and how to read a prediction.
 * Does not read anything back (no `dataSync`), so batches pipeline on asynchronous backends.
 */
export function trainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  x: Float32Array,
  y: Float32Array,
  n: number,
  task: TrainTask = MODERN_TASK,
): StepResult {
  return tf.tidy(() => {
    const xs = inputTensor(x, n, task);
    const ys = tf.tensor2d(y.subarray(0, n * 10), [n, 10]);
    let correct: tf.Scalar | null = null;
    const loss = optimizer.minimize(
      () => {
        const p = model.apply(xs, { training: true }) as tf.Tensor;
        // Kept: it leaves both tidy scopes and the caller disposes it.
        correct = tf.keep(tf.sum(tf.cast(tf.equal(predictClasses(p, task.readout), tf.argMax(ys, -1)), 'float32')) as tf.Scalar);
        return task.loss(ys, p);
      },
      true,
      model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val),
    ) as tf.Scalar;
    return { loss: tf.keep(loss), correct: correct! };
  });
}

/** Early stopping on validation loss, as Keras' `EarlyStopping(restore_best_weights=True)`. */
export class EarlyStopping {
  best = Infinity;
  bestEpoch = -1;
  private wait = 0;
  constructor(
    readonly patience: number,
    readonly minDelta = 0,
  ) {}
  /** Records an epoch's validation loss; returns whether it is a new best and whether to stop. */
  update(epoch: number, valLoss: number): { improved: boolean; stop: boolean } {
    if (valLoss < this.best - this.minDelta) {
      this.best = valLoss;
      this.bestEpoch = epoch;
      this.wait = 0;
      return { improved: true, stop: false };
    }
    this.wait++;
    return { improved: false, stop: this.wait >= this.patience };
  }
}

/** Splits `count` indices into shuffled train and validation sets (last `fraction` held out). */
export function splitIndices(count: number, fraction: number, shuffled: Uint32Array): { train: Uint32Array; val: Uint32Array } {
  const nVal = Math.round(count * fraction);
  return { train: shuffled.slice(0, count - nVal), val: shuffled.slice(count - nVal) };
}

/**
 * Changes an optimizer's learning rate in place (tfjs reads it at every step but does not expose a
 * setter). Works for the SGD, momentum, RMSprop and Adam optimizers.
 */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = lr;
}

/** Learning rate of epoch `epoch` (1-based) under per-epoch exponential decay. */
export function decayedRate(base: number, decay: number, epoch: number): number {
  return base * Math.pow(decay, epoch - 1);
}

/**
 * The paper's global learning rates per pass (LeCun et al. 1998 §III.C; LENET5.md "Training schedule"):
 * `[lastPass, rate]`, passes 1–2 0.0005, 3–5 0.0002, 6–8 0.0001, 9–12 0.00005, then 0.00001.
 * The paper scaled them per parameter by stochastic diagonal Levenberg–Marquardt.
 */
export const PAPER_SCHEDULE: ReadonlyArray<readonly [number, number]> = [
  [2, 0.0005],
  [5, 0.0002],
  [8, 0.0001],
  [12, 0.00005],
  [Infinity, 0.00001],
];

/** The paper's global learning rate of pass `epoch` (1-based), times `scale`. */
export function paperRate(epoch: number, scale = 1): number {
  return PAPER_SCHEDULE.find(([last]) => epoch <= last)![1] * scale;
}

/**
 * The learning rate of pass `epoch` under a run's schedule: `learningRate` decayed by `decay` per
 * epoch, or the paper's per-pass rates scaled so that pass 1 runs at `learningRate`.
 */
export function epochRate(schedule: 'decay' | 'paper', learningRate: number, decay: number, epoch: number): number {
  return schedule === 'paper' ? paperRate(epoch, learningRate / paperRate(1)) : decayedRate(learningRate, decay, epoch);
}

/** Copies of the trainable weights' values, for "restore best weights". */
export function snapshotWeights(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
}

export function restoreWeights(model: tf.LayersModel, values: readonly Float32Array[]): void {
  const current = model.getWeights();
  const tensors = current.map((w, i) => tf.tensor(values[i]!, w.shape));
  model.setWeights(tensors);
  tf.dispose(tensors);
}
