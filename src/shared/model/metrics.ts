/** The `metrics.json` written beside a trained model by `npm run train`. */
export interface ModelMetrics {
  readonly variant: 'modern' | 'classic';
  /** Fraction correct on the test images evaluated (all 10,000 unless --limit). */
  readonly testAccuracy: number;
  readonly testCorrect: number;
  readonly testCount: number;
  readonly testLoss: number;
  readonly bestEpoch: number;
  readonly epochsRun: number;
  readonly epochsMax: number;
  readonly seed: number;
  readonly seconds: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Per-epoch multiplicative decay of the learning rate. */
  readonly learningRateDecay: number;
  readonly optimizer: string;
  /**
   * How the optimizer differs from the paper's (classic variant): the paper used stochastic diagonal
   * Levenberg–Marquardt; this run used `optimizer` as a stand-in.
   */
  readonly optimizerNote?: string;
  /** `decay`: `learningRate` × `learningRateDecay` per epoch; `paper`: the paper's per-pass rates (absent = decay). */
  readonly schedule?: 'paper' | 'decay';
  /** Learning rate used in each epoch, in order (written when `schedule` is `paper`). */
  readonly learningRates?: readonly number[];
  /** Training criterion (absent = crossEntropy, the modern net's). */
  readonly loss?: 'crossEntropy' | 'map' | 'mse';
  /** The MAP criterion's constant j, when `loss` is `map`. */
  readonly mapJ?: number;
  /** 1 − testAccuracy, as the paper reports it. */
  readonly testError?: number;
  /** Other runs compared with this one before it was shipped, and why this one was chosen. */
  readonly selection?: {
    readonly reason: string;
    readonly alternatives: ReadonlyArray<{ readonly trainedWith: string; readonly augment: boolean; readonly testAccuracy: number }>;
  };
  readonly augment: boolean;
  readonly validationSplit: number;
  readonly backend: string;
  readonly trainedWith: string;
  readonly date: string;
  readonly history: ReadonlyArray<{
    epoch: number;
    loss: number;
    accuracy: number;
    /** Absent when no validation set was held out (`--val-split 0`). */
    valLoss?: number;
    valAccuracy?: number;
    seconds: number;
  }>;
}
