/** What a training run (`runner.ts`) is given, calls back and returns, and when it counts as diverged. */
import type { MnistSplit } from '../mnist/idx.ts';
import type { BatchProgress, EpochRow } from '../protocol.ts';
import type { Variant } from '../model/variants.ts';
import type { GradientSource } from './gradients.ts';

/**
 * Softmax cross-entropy is clipped, so a run that blows up may saturate instead of reaching NaN:
 * a loss above 3·ln 10 (three times a uniform guess) for `DIVERGED_BATCHES` batches in a row counts
 * as diverged too.
 */
export const DIVERGED_LOSS: Record<Variant, number> = {
  modern: 3 * Math.log(10),
  // The MAP criterion on RBF distances starts near 74 with fresh weights (84 squared ±1 misses).
  classic: 200,
};
export const DIVERGED_BATCHES = 10;

export interface RunData {
  readonly train: MnistSplit;
  readonly test: MnistSplit;
}

export interface RunHooks {
  /** Throttled batch readouts (every `progressEveryMs`, the run's first batch and each epoch's last). */
  onProgress?: (p: BatchProgress) => void;
  /** After each epoch's validation; awaited (the worker saves a checkpoint there). */
  onEpoch?: (row: EpochRow) => void | Promise<void>;
  /** Awaited between validation and test chunks (a worker yields to its messages there). */
  yieldNow?: () => Promise<void>;
  /**
   * Wraps every readback: a backend that is gone (a lost WebGL context) never settles its reads,
   * so the caller may race them and resolve null, which `step` reports as `lost`.
   */
  guardRead?: <T>(read: Promise<T>) => Promise<T | null>;
  /** Milliseconds between progress reports (default 100). */
  progressEveryMs?: number;
  /** Where each batch's step is computed: this thread (default) or K workers (`gradients.ts`). */
  gradients?: GradientSource;
}

/** What one `step` did: trained a batch (`ok`), rolled back a diverged run, or lost its backend. */
export type StepOutcome = 'ok' | 'diverged' | 'lost';

export interface RunResult {
  readonly testAccuracy: number;
  readonly testLoss: number;
  readonly testCount: number;
  readonly seconds: number;
  /** Epochs run. */
  readonly epochs: number;
  /** The epoch whose weights were kept (best validation loss; the last without validation). */
  readonly bestEpoch: number;
  readonly history: readonly EpochRow[];
  readonly learningRates: readonly number[];
}
