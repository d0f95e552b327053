/** The `metrics.json` written beside a trained model by `npm run train`. */
export interface ModelMetrics {
  readonly variant: 'modern';
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
  readonly augment: boolean;
  readonly validationSplit: number;
  readonly backend: string;
  readonly trainedWith: string;
  readonly date: string;
  readonly history: ReadonlyArray<{
    epoch: number;
    loss: number;
    accuracy: number;
    valLoss: number;
    valAccuracy: number;
    seconds: number;
  }>;
}
