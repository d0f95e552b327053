/**
 * The one training runner: everything a LeNet-5 training run does, for the training worker and for
 * `npm run train` alike — seeded shuffles, the train/validation split and `limit`, the learning
 * rate schedule, batches (with random distortions), throttled progress with the loss read back
 * only when a report is due, divergence detection with roll-back to the last good weights,
 * validation after each epoch, early stopping with the best weights restored, and the final test
 * pass. Callers drive it batch by batch (`step`) or to the end (`runToEnd`) and hear about it
 * through hooks; it owns the optimizer, not the model.
 */
import * as tf from '@tensorflow/tfjs';
import { allocBatch, fillBatch, type BatchBuffers } from './batch.ts';
import { trainTask, type TrainTask } from './task.ts';
import { evaluate } from './evaluate.ts';
import { EarlyStopping, epochRate, restoreWeights, setLearningRate, snapshotWeights } from './core.ts';
import { LOCAL_GRADIENTS } from './gradients.ts';
import { makeOptimizer, runIndices, type RunIndices } from './run-setup.ts';

export { makeOptimizer, runIndices, type RunIndices } from './run-setup.ts';
import { mulberry32, shuffleInPlace, type Rng } from '../util/random.ts';
import type { EpochRow, TrainConfig } from '../protocol.ts';
import { DIVERGED_BATCHES, DIVERGED_LOSS, type RunData, type RunHooks, type RunResult, type StepOutcome } from './run-types.ts';

export { DIVERGED_BATCHES, DIVERGED_LOSS, type RunData, type RunHooks, type RunResult, type StepOutcome } from './run-types.ts';

/** A training run of `model` on `data` under `config`. The caller keeps the model; `dispose` frees the optimizer. */
export class TrainingRun {
  readonly task: TrainTask;
  readonly rng: Rng;
  readonly indices: RunIndices;
  readonly history: EpochRow[] = [];
  readonly learningRates: number[] = [];
  optimizer: tf.Optimizer;
  /** 1-based epoch in progress (or the next one, between epochs). */
  epoch = 1;
  /** Batches done in this epoch. */
  batch = 0;
  imagesSeen = 0;
  private readonly stopper: EarlyStopping;
  private best: Float32Array[] | null = null;
  /** Weights a healthy loss was measured on: where a diverged run rolls back to. */
  lastGood: Float32Array[];
  /** Weights at the last report, not yet vouched for by a healthy loss. */
  private unvouched: Float32Array[];
  private readonly buf: BatchBuffers;
  private readonly started = performance.now();
  private epochStarted = performance.now();
  private lastReport = -Infinity;
  private highLossBatches = 0;
  private epochSums = { loss: 0, correct: 0, seen: 0 };
  /**
   * Loss·n and correct counts summed on the backend since the last readback. Reading a value back
   * stalls an asynchronous backend's pipeline (WebGL), so it happens only with progress reports.
   */
  private pending: { loss: tf.Scalar; correct: tf.Scalar; n: number; batches: number } | null = null;

  constructor(
    public model: tf.LayersModel,
    readonly data: RunData,
    readonly config: TrainConfig,
    private readonly hooks: RunHooks = {},
  ) {
    this.task = trainTask(config.variant, config.variant === 'classic' ? config.classicLoss : undefined);
    this.rng = mulberry32(config.seed);
    this.indices = runIndices(config, data.train.count, data.test.count, this.rng);
    this.optimizer = makeOptimizer(config);
    this.stopper = new EarlyStopping(config.patience > 0 ? config.patience : Infinity);
    this.lastGood = snapshotWeights(model);
    this.unvouched = this.lastGood;
    this.buf = allocBatch(config.batchSize, this.task.input);
  }

  get batchesPerEpoch(): number {
    return Math.ceil(this.indices.train.length / this.config.batchSize);
  }
  /** Whether every batch of the current epoch is done (time for `endEpoch`). */
  get epochComplete(): boolean {
    return this.batch >= this.batchesPerEpoch;
  }
  get bestEpoch(): number {
    return this.stopper.bestEpoch;
  }

  /** Trains one batch; reads the loss back only when a report is due or `flush` asks for it. */
  async step(flush = false): Promise<StepOutcome> {
    const { config, indices } = this;
    if (this.batch === 0) {
      shuffleInPlace(indices.train, this.rng);
      const rate = epochRate(config.schedule, config.learningRate, config.learningRateDecay, this.epoch);
      setLearningRate(this.optimizer, rate);
      this.learningRates[this.epoch - 1] = rate;
      this.epochStarted = performance.now();
      this.epochSums = { loss: 0, correct: 0, seen: 0 };
    }
    const n = fillBatch(
      this.data.train,
      indices.train,
      this.batch * config.batchSize,
      config.batchSize,
      this.buf,
      config.augment ? { rng: this.rng } : null,
    );
    const source = this.hooks.gradients ?? LOCAL_GRADIENTS;
    const { loss, correct } = await source.step(this.model, this.optimizer, this.buf.x, this.buf.y, n, this.task);
    const p = this.pending;
    const sums = tf.tidy(() => ({
      loss: (p ? p.loss.add(loss.mul(n)) : loss.mul(n)) as tf.Scalar,
      correct: (p ? p.correct.add(correct) : correct.clone()) as tf.Scalar,
    }));
    tf.dispose([loss, correct]);
    if (p) tf.dispose([p.loss, p.correct]);
    this.pending = { ...sums, n: (p?.n ?? 0) + n, batches: (p?.batches ?? 0) + 1 };
    this.batch++;
    this.imagesSeen += n;
    const due = performance.now() - this.lastReport >= (this.hooks.progressEveryMs ?? 100);
    // The run's first batch is reported at once, so numbers appear as soon as training starts.
    if (flush || due || this.imagesSeen === n || this.epochComplete) return this.report();
    return 'ok';
  }

  /**
   * Reads back the sums of the batches since the last report, checks them for divergence (the
   * weights roll back to the last good ones) and reports progress.
   */
  async report(): Promise<StepOutcome> {
    const pend = this.pending;
    if (!pend) return 'ok';
    this.pending = null;
    const read = Promise.all([pend.loss.data(), pend.correct.data()]);
    const values = this.hooks.guardRead ? await this.hooks.guardRead(read) : await read;
    if (!values) return 'lost';
    tf.dispose([pend.loss, pend.correct]);
    const now = performance.now();
    const l = values[0][0]! / pend.n;
    this.highLossBatches = l > DIVERGED_LOSS[this.config.variant] ? this.highLossBatches + pend.batches : 0;
    if (!Number.isFinite(l) || this.highLossBatches >= DIVERGED_BATCHES) {
      this.highLossBatches = 0;
      restoreWeights(this.model, this.lastGood);
      return 'diverged';
    }
    const s = this.epochSums;
    s.loss += values[0][0]!;
    s.correct += values[1][0]!;
    s.seen += pend.n;
    this.lastReport = now;
    // These batches' losses were measured before their updates: they vouch for the weights the
    // window started from (the previous report's), not for the weights now. Those become good only
    // when the next window's losses are healthy too.
    if (this.highLossBatches === 0) {
      this.lastGood = this.unvouched;
      this.unvouched = snapshotWeights(this.model);
    }
    const secs = (now - this.started) / 1000;
    const ips = this.imagesSeen / Math.max(secs, 1e-3);
    const trainCount = this.indices.train.length;
    const left = (this.config.epochs - this.epoch) * trainCount + (trainCount - this.batch * this.config.batchSize);
    this.hooks.onProgress?.({
      epoch: this.epoch,
      epochs: this.config.epochs,
      batch: this.batch,
      batches: this.batchesPerEpoch,
      imagesSeen: this.imagesSeen,
      loss: l,
      accuracy: s.correct / Math.max(1, s.seen),
      imagesPerSec: ips,
      workers: (this.hooks.gradients ?? LOCAL_GRADIENTS).workers,
      etaSec: Math.max(0, left) / ips,
    });
    return 'ok';
  }

  /** Ends an epoch: validation, early stopping, `onEpoch`; returns true when the run is over. */
  async endEpoch(): Promise<boolean> {
    const validate = this.indices.val.length > 0;
    const val = validate
      ? await evaluate(this.model, this.data.train, this.indices.val, { task: this.task, onProgress: this.hooks.yieldNow })
      : null;
    const s = this.epochSums;
    const row: EpochRow = {
      epoch: this.epoch,
      loss: s.loss / Math.max(1, s.seen),
      accuracy: s.correct / Math.max(1, s.seen),
      valLoss: val ? val.loss : NaN,
      valAccuracy: val ? val.accuracy : NaN,
      seconds: (performance.now() - this.epochStarted) / 1000,
    };
    this.history.push(row);
    // Without a validation set every epoch counts as the best so far: the last weights are kept.
    const { improved, stop } = this.stopper.update(this.epoch, val ? val.loss : -this.epoch);
    if (improved) this.best = snapshotWeights(this.model);
    this.epoch++;
    this.batch = 0;
    await this.hooks.onEpoch?.(row);
    return stop || this.epoch > this.config.epochs;
  }

  /** Restores the best weights and evaluates on the run's test images. */
  async finish(): Promise<RunResult> {
    if (this.best) restoreWeights(this.model, this.best);
    const test = await evaluate(this.model, this.data.test, this.indices.test, { task: this.task, onProgress: this.hooks.yieldNow });
    return {
      testAccuracy: test.accuracy,
      testLoss: test.loss,
      testCount: test.count,
      seconds: (performance.now() - this.started) / 1000,
      epochs: this.epoch - 1,
      bestEpoch: this.stopper.bestEpoch,
      history: this.history,
      learningRates: this.learningRates,
    };
  }

  /** Trains to the end (`npm run train`): every epoch, then `finish`. Throws if the run diverges. */
  async runToEnd(): Promise<RunResult> {
    for (;;) {
      const outcome = await this.step();
      if (outcome === 'diverged')
        throw new Error(
          `the loss diverged in epoch ${this.epoch}, near batch ${this.batch}: lower the learning rate (${this.config.learningRate})`,
        );
      if (outcome === 'lost') throw new Error('the backend was lost');
      if (this.epochComplete && (await this.endEpoch())) return this.finish();
    }
  }

  /**
   * Goes on with `model` (e.g. rebuilt on another backend after a lost WebGL context): the last
   * good weights, a fresh optimizer, unread sums dropped. The caller disposes the old model.
   */
  replaceModel(model: tf.LayersModel): void {
    this.dropPending();
    this.model = model;
    restoreWeights(model, this.lastGood);
    this.unvouched = this.lastGood;
    try {
      this.optimizer.dispose();
    } catch {
      /* its variables went with the backend */
    }
    this.optimizer = makeOptimizer(this.config);
  }

  /** Frees the optimizer's variables (which `model.dispose()` does not) and any unread sums. */
  dispose(): void {
    this.dropPending();
    try {
      this.optimizer.dispose();
    } catch {
      /* its variables went with a lost WebGL context */
    }
  }

  private dropPending(): void {
    try {
      if (this.pending) tf.dispose([this.pending.loss, this.pending.correct]);
    } catch {
      /* their textures went with a lost WebGL context */
    }
    this.pending = null;
  }
}
