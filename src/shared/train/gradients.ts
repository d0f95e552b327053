/**
 * Where a training step's gradients come from: the runner (`runner.ts`) stays the one training
 * loop and asks a `GradientSource` for each batch's step.
 *
 * - `LOCAL_GRADIENTS`: this thread computes the whole batch's gradients and applies them
 *   (`trainStep`), with nothing read back, so GPU backends keep pipelining.
 * - `ParallelGradients`: data-parallel over K workers. The batch is cut into K shares; this thread
 *   computes share 0 while K − 1 peers (other workers, each with a replica of the model) compute the
 *   others from the same weights; the share gradients are summed, weighted by share size, into the
 *   full batch's mean gradient, and one optimizer step is taken here. The weights after the step are
 *   what every peer loads before its next share, so all workers compute from the same weights.
 *
 * Gradients cross as flat `Float32Array`s `[P]` (the trainable weights in `model.trainableWeights`
 * order, concatenated); weights as flat `[W]` (`model.weights` order). LeNet-5 has no batch norm
 * and no dropout, so the mean of share gradients weighted by share size is exactly (up to float
 * rounding) the gradient of the full batch.
 */
import * as tf from '@tensorflow/tfjs';
import { trainStep, type StepResult } from './core.ts';
import { inputTensor, predictClasses } from './evaluate.ts';
import { inputPixels } from '../preprocess/input-format.ts';
import type { TrainTask } from './task.ts';

/** Computes and applies one batch's step; `x` `[n*pixels]`, `y` `[n*10]` as `fillBatch` writes them. */
export interface GradientSource {
  /** Workers computing each step (1 for the local source). */
  readonly workers: number;
  step(
    model: tf.LayersModel,
    optimizer: tf.Optimizer,
    x: Float32Array,
    y: Float32Array,
    n: number,
    task: TrainTask,
  ): StepResult | Promise<StepResult>;
}

/** This thread alone: the plain optimizer step. */
export const LOCAL_GRADIENTS: GradientSource = { workers: 1, step: trainStep };

/** One share's work for a peer: the weights to compute from, and the share's images. */
export interface ShareRequest {
  /** Increases each time the weights change; a peer that holds this version may skip loading them. */
  readonly version: number;
  /** Flat weights `[W]` (`model.weights` order). */
  readonly weights: Float32Array;
  /** The share's first image in the batch. */
  readonly start: number;
  /** `[n*pixels]` */
  readonly x: Float32Array;
  /** `[n*10]` one-hot */
  readonly y: Float32Array;
  readonly n: number;
}

/** A share's result: the loss gradient summed over its images `[P]`, its loss sum and correct count. */
export interface ShareResult {
  readonly grads: Float32Array;
  readonly lossSum: number;
  readonly correct: number;
}

/** Another worker (or, in tests, another model in this thread) that computes shares. */
export interface GradientPeer {
  compute(req: ShareRequest): Promise<ShareResult>;
}

/** A weight's shape (a built layer's weights have no unknown dimensions). */
export const dims = (w: { shape: ReadonlyArray<number | null> }): number[] => w.shape as number[];

/** Sizes of K near-equal shares of n images (the first n mod K one larger; zeros when n < K). */
export function shareSizes(n: number, k: number): number[] {
  const base = Math.floor(n / k);
  return Array.from({ length: k }, (_, i) => base + (i < n % k ? 1 : 0));
}

/** Number of trainable parameters `P` (the length of a flat gradient). */
export const gradientLength = (model: tf.LayersModel): number =>
  model.trainableWeights.reduce((s, w) => s + tf.util.sizeFromShape(dims(w)), 0);

/** The model's weights, flat `[W]` in `model.weights` order, written into `out` when given. */
export function flatWeights(model: tf.LayersModel, out?: Float32Array): Float32Array {
  const vals = model.weights.map((w) => w.read().dataSync() as Float32Array);
  const dst = out ?? new Float32Array(vals.reduce((s, v) => s + v.length, 0));
  let o = 0;
  for (const v of vals) {
    dst.set(v, o);
    o += v.length;
  }
  return dst;
}

/** Loads flat weights `[W]` (`flatWeights`' layout) into the model's variables. */
export function loadFlatWeights(model: tf.LayersModel, flat: Float32Array): void {
  let o = 0;
  for (const w of model.weights) {
    const size = tf.util.sizeFromShape(dims(w));
    const t = tf.tensor(flat.subarray(o, o + size), dims(w));
    w.write(t);
    t.dispose();
    o += size;
  }
  if (o !== flat.length) throw new Error(`weights: expected ${o} values, got ${flat.length}`);
}

/**
 * One share's gradients: the loss over its n images (mean) and its gradient times n, i.e. summed
 * over the share, flat `[P]` into `out` (or a new array). No weights change.
 */
export function shareGradients(
  model: tf.LayersModel,
  x: Float32Array,
  y: Float32Array,
  n: number,
  task: TrainTask,
  out?: Float32Array,
): ShareResult {
  const P = gradientLength(model);
  const grads = out ?? new Float32Array(P);
  if (n === 0) {
    grads.fill(0, 0, P);
    return { grads, lossSum: 0, correct: 0 };
  }
  const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const [gs, loss, correct] = tf.tidy(() => {
    const xs = inputTensor(x, n, task);
    const ys = tf.tensor2d(y.subarray(0, n * 10), [n, 10]);
    let right: tf.Scalar | null = null;
    const { value, grads: g } = tf.variableGrads(() => {
      const p = model.apply(xs, { training: true }) as tf.Tensor;
      right = tf.keep(tf.sum(tf.cast(tf.equal(predictClasses(p, task.readout), tf.argMax(ys, -1)), 'float32')) as tf.Scalar);
      return tf.mul(task.loss(ys, p), n) as tf.Scalar;
    }, vars);
    return [vars.map((v) => g[v.name]!), value, right!] as const;
  });
  let o = 0;
  for (const g of gs) {
    const v = g.dataSync() as Float32Array;
    grads.set(v, o);
    o += v.length;
  }
  const result = { grads, lossSum: loss.dataSync()[0]!, correct: correct.dataSync()[0]! };
  tf.dispose([...gs, loss, correct]);
  return result;
}

/** One optimizer step with the mean gradient `sum / n` (`sum` flat `[P]`, summed over n images). */
export function applySummedGradients(model: tf.LayersModel, optimizer: tf.Optimizer, sum: Float32Array, n: number): void {
  tf.tidy(() => {
    const named: tf.NamedTensorMap = {};
    let o = 0;
    for (const w of model.trainableWeights) {
      const size = tf.util.sizeFromShape(dims(w));
      const v = (w as unknown as { val: tf.Variable }).val;
      named[v.name] = tf.mul(tf.tensor(sum.subarray(o, o + size), dims(w)), 1 / n);
      o += size;
    }
    optimizer.applyGradients(named);
  });
}

/**
 * Data-parallel steps over this thread and `peers` (K = peers + 1 workers): shares computed at
 * once, gradients averaged, one optimizer step here. Weights are read back every step (cheap on
 * wasm and cpu; on a GPU backend one worker is the better choice).
 */
export class ParallelGradients implements GradientSource {
  private version = 0;
  private sum: Float32Array | null = null;
  constructor(private readonly peers: readonly GradientPeer[]) {}

  get workers(): number {
    return this.peers.length + 1;
  }

  async step(
    model: tf.LayersModel,
    optimizer: tf.Optimizer,
    x: Float32Array,
    y: Float32Array,
    n: number,
    task: TrainTask,
  ): Promise<StepResult> {
    const px = inputPixels(task.input);
    const sizes = shareSizes(n, this.workers);
    const weights = flatWeights(model);
    const version = ++this.version;
    let start = sizes[0]!;
    const remote = this.peers.map((peer, i) => {
      const m = sizes[i + 1]!;
      const req: ShareRequest = {
        version,
        weights,
        start,
        x: x.subarray(start * px, (start + m) * px),
        y: y.subarray(start * 10, (start + m) * 10),
        n: m,
      };
      start += m;
      return peer.compute(req);
    });
    const P = gradientLength(model);
    if (this.sum?.length !== P) this.sum = new Float32Array(P);
    const own = shareGradients(model, x, y, sizes[0]!, task, this.sum);
    let { lossSum, correct } = own;
    const sum = this.sum;
    for (const r of await Promise.all(remote)) {
      if (r.grads.length !== P) throw new Error(`a worker sent ${r.grads.length} gradients, expected ${P}`);
      for (let i = 0; i < P; i++) sum[i]! += r.grads[i]!;
      lossSum += r.lossSum;
      correct += r.correct;
    }
    applySummedGradients(model, optimizer, sum, n);
    return { loss: tf.scalar(lossSum / n), correct: tf.scalar(correct) };
  }
}

/**
 * A peer in this thread with its own replica of the model (tests, and a reference for the worker
 * peer): loads the request's weights and computes its share.
 */
export class LocalPeer implements GradientPeer {
  /** The weights version this replica holds (and the flat weights it last loaded, for tests). */
  held = -1;
  loaded: Float32Array | null = null;
  constructor(
    readonly model: tf.LayersModel,
    private readonly task: TrainTask,
  ) {}
  compute(req: ShareRequest): Promise<ShareResult> {
    if (req.version !== this.held) {
      loadFlatWeights(this.model, req.weights);
      this.held = req.version;
      this.loaded = req.weights.slice();
    }
    return Promise.resolve(shareGradients(this.model, req.x, req.y, req.n, this.task));
  }
}
