/**
 * The training worker's message protocol: the one typed boundary between the UI thread and the
 * worker. Every `postMessage` on either side is checked with `satisfies` against these unions.
 * Arrays cross as transferred `ArrayBuffer`s, never as tensors. Test-only messages are apart, in
 * `protocol-test.ts`.
 */
import type { BackendChoice, BackendName } from './tf/backends.ts';
import type { ProbeResult } from './tf/probe.ts';
import type { Variant } from './model/variants.ts';
import type { LossName } from './train/losses.ts';
import type { FinetuneProgress, FinetuneResult } from './mydigits/finetune.ts';

export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';
export type TrainBackendPref = 'auto' | BackendName;

export interface TrainConfig {
  readonly variant: Variant;
  /**
   * What a new run starts from: fresh random weights (learning from scratch, the default) or the
   * model in use (fine-tuning it). Pause/resume and "step" always go on with the run's own weights.
   */
  readonly init: 'fresh' | 'continue';
  /** Loss for the classic variant (the modern one always uses cross-entropy). */
  readonly classicLoss: Extract<LossName, 'map' | 'mse'>;
  /** Learning-rate schedule: per-epoch decay, or the paper's per-pass rates (LENET5.md). */
  readonly schedule: 'decay' | 'paper';
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Per-epoch multiplicative decay of the learning rate (1 = constant). */
  readonly learningRateDecay: number;
  readonly optimizer: OptimizerName;
  /** Fraction of the training set held out for validation. */
  readonly validationSplit: number;
  /** Epochs without a better validation loss before stopping (0 = never stop early). */
  readonly patience: number;
  readonly augment: boolean;
  readonly seed: number;
  /** Train on only this many training images (test mode, quick tries); 0 = all. */
  readonly limit: number;
  /**
   * Workers training data-parallel (each a share of every batch, gradients averaged, one step):
   * 1 = the training worker alone. Used on wasm and cpu; a GPU backend trains with one.
   */
  readonly workers: number;
}

/** The most workers a run may train with (the panel's limit). */
export const MAX_WORKERS = 16;

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  variant: 'modern',
  init: 'fresh',
  classicLoss: 'map',
  schedule: 'decay',
  epochs: 10,
  batchSize: 64,
  // Tuned for time to 99 % validation accuracy (bench/README): 5–6 epochs here, vs 8+ at 0.001 × 0.85.
  learningRate: 0.003,
  learningRateDecay: 0.7,
  optimizer: 'adam',
  validationSplit: 0.2,
  patience: 3,
  augment: true,
  seed: 1,
  limit: 0,
  workers: 1,
};

export type TrainStatus = 'idle' | 'loading' | 'ready' | 'training' | 'paused' | 'done' | 'stopped' | 'error';

/** Per-batch readout, throttled to ≤ 10 per second. */
export interface BatchProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batches: number;
  readonly imagesSeen: number;
  /** Mean loss of the batches since the previous report (≤ 100 ms of training). */
  readonly loss: number;
  /** Running accuracy over this epoch so far. */
  readonly accuracy: number;
  readonly imagesPerSec: number;
  /** Workers computing each batch (1, or K data-parallel). */
  readonly workers: number;
  /** Estimated seconds left in the run. */
  readonly etaSec: number;
}

export interface EpochRow {
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly valLoss: number;
  readonly valAccuracy: number;
  readonly seconds: number;
}

export interface WeightsSnapshot {
  /** One buffer per weight, in `model.getWeights()` order (float32). */
  readonly buffers: ArrayBuffer[];
  readonly shapes: number[][];
}

export type ToWorker =
  | {
      readonly type: 'init';
      readonly baseUrl: string;
      readonly backend: TrainBackendPref;
      /** Allow GPU backends on a software renderer / fallback adapter (test mode only). */
      readonly allowSoftwareWebgl: boolean;
      /**
       * With `backend: 'auto'`: the probe's earlier choices by device (`deviceKey()`); the worker
       * tries this device's first. The UI keeps them (localStorage); the worker knows the device.
       */
      readonly measured?: Readonly<Record<string, ProbeResult>>;
      /** tfjs-wasm's threaded SIMD build (test mode and bench only, `useWasmThreads`). */
      readonly wasmThreads?: boolean;
    }
  /**
   * Times a short burst of training on each backend that starts and moves to the fastest
   * (answered by `probe`, then `backend`). Ignored while a run holds the model.
   */
  | { readonly type: 'probe'; readonly batchSize: number; readonly variant: Variant; readonly includeSoftware: boolean }
  | { readonly type: 'start'; readonly config: TrainConfig }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'stop' }
  | { readonly type: 'reset' }
  | { readonly type: 'step'; readonly config: TrainConfig }
  /** Evaluates the lab's model on all 10,000 test images. */
  | { readonly type: 'evaluate' }
  | { readonly type: 'cancel-evaluate' }
  /** Makes the worker's model the lab's model (after restore, load or import). */
  | { readonly type: 'load-weights'; readonly snapshot: WeightsSnapshot; readonly variant: Variant }
  /** Fine-tunes the lab's model on your digits (`[count*784]` bytes and `[count]` labels, transferred). */
  | { readonly type: 'finetune'; readonly digits: DigitsPayload; readonly config: TrainConfig }
  /** The lab's model's answer for each of your digits (answered with `digits-predicted`). */
  | { readonly type: 'predict-digits'; readonly requestId: number; readonly digits: DigitsPayload }
  /** Evaluates the lab's model on your digits, answered as `evaluate` is (with them as the test set). */
  | { readonly type: 'evaluate-digits'; readonly digits: DigitsPayload };

/** Your digits as they cross to the worker: 28x28 bytes and labels, buffers transferred. */
export interface DigitsPayload {
  readonly count: number;
  readonly images: ArrayBuffer;
  readonly labels: ArrayBuffer;
}

/** A fine-tune's outcome as it crosses to the UI (see `FinetuneResult`); `predictions` `[count]` is transferred. */
export type FinetuneSummary = Omit<FinetuneResult, 'predictions' | 'bestEpoch'> & { readonly predictions: ArrayBuffer };

export type FromWorker =
  | { readonly type: 'backend'; readonly choice: BackendChoice }
  /** The probe began timing backends (a Start on a device not measured yet, or the user asked). */
  | { readonly type: 'probing' }
  /** The probe's rates and choice (`remembered`: this device's earlier measurement, sent at init). */
  | { readonly type: 'probe'; readonly result: ProbeResult; readonly remembered: boolean }
  | { readonly type: 'data-progress'; readonly loaded: number; readonly total: number; readonly file: string }
  | { readonly type: 'data-ready'; readonly ms: number; readonly train: number; readonly test: number }
  | { readonly type: 'status'; readonly status: TrainStatus; readonly message?: string }
  | { readonly type: 'progress'; readonly progress: BatchProgress }
  | { readonly type: 'epoch'; readonly row: EpochRow }
  | { readonly type: 'weights'; readonly snapshot: WeightsSnapshot }
  | { readonly type: 'done'; readonly testAccuracy: number; readonly testCount: number; readonly seconds: number; readonly epochs: number }
  | { readonly type: 'eval-progress'; readonly done: number; readonly total: number }
  | {
      readonly type: 'eval-done';
      readonly ms: number;
      /** `[n]` predicted digits, `[n*3]` top-3 digits, `[n*3]` their confidences (transferred). */
      readonly predictions: ArrayBuffer;
      readonly top3: ArrayBuffer;
      readonly top3Probs: ArrayBuffer;
      /** The test images `[n*784]` and labels `[n]`, sent with the first evaluation only. */
      readonly testSet?: { readonly images: ArrayBuffer; readonly labels: ArrayBuffer };
    }
  | { readonly type: 'eval-cancelled' }
  | { readonly type: 'eval-error'; readonly message: string }
  | { readonly type: 'saved'; readonly ok: true; readonly at: string; readonly epoch: number }
  | { readonly type: 'saved'; readonly ok: false; readonly error: string }
  | { readonly type: 'error'; readonly stage: 'backend' | 'data' | 'train'; readonly message: string }
  | { readonly type: 'finetune-progress'; readonly progress: FinetuneProgress }
  | { readonly type: 'finetune-done'; readonly result: FinetuneSummary }
  | { readonly type: 'finetune-error'; readonly message: string }
  | { readonly type: 'digits-predicted'; readonly requestId: number; readonly predictions: ArrayBuffer };
