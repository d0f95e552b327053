/**
 * Evaluation results as plain arrays: confusion matrix, per-class accuracy and the list of
 * mistakes. Pure functions, shared by the UI and tests.
 */

export const CLASSES = 10;

/** Per test image: predicted class and the top-3 classes with their scores. */
export interface EvalRun {
  /** `[n]` predicted digit. */
  readonly predictions: Uint8Array;
  /** `[n * 3]` the three most likely digits, best first. */
  readonly top3: Uint8Array;
  /** `[n * 3]` their probabilities. */
  readonly top3Probs: Float32Array;
}

/** `m[t * 10 + p]` = images of true class t predicted as p. */
export function confusionMatrix(labels: ArrayLike<number>, predictions: ArrayLike<number>): Uint32Array {
  const m = new Uint32Array(CLASSES * CLASSES);
  for (let i = 0; i < predictions.length; i++) m[labels[i]! * CLASSES + predictions[i]!]!++;
  return m;
}

export function accuracyOf(m: Uint32Array): { correct: number; total: number; accuracy: number } {
  let correct = 0;
  let total = 0;
  for (let t = 0; t < CLASSES; t++) {
    for (let p = 0; p < CLASSES; p++) total += m[t * CLASSES + p]!;
    correct += m[t * CLASSES + t]!;
  }
  return { correct, total, accuracy: total ? correct / total : 0 };
}

/** Fraction correct of each true class (NaN for a class with no images). */
export function perClassAccuracy(m: Uint32Array): number[] {
  return Array.from({ length: CLASSES }, (_, t) => {
    let row = 0;
    for (let p = 0; p < CLASSES; p++) row += m[t * CLASSES + p]!;
    return row ? m[t * CLASSES + t]! / row : NaN;
  });
}

/** Row-normalized share of a cell, for its color. */
export function rowShare(m: Uint32Array, t: number, p: number): number {
  let row = 0;
  for (let q = 0; q < CLASSES; q++) row += m[t * CLASSES + q]!;
  return row ? m[t * CLASSES + p]! / row : 0;
}

/**
 * Indices of the images matching a filter, sorted by the confidence of the prediction, highest
 * first (confident mistakes are the interesting ones).
 */
export function selectImages(
  run: EvalRun,
  labels: ArrayLike<number>,
  filter: { readonly trueClass?: number | null; readonly predicted?: number | null; readonly mistakesOnly?: boolean },
): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < run.predictions.length; i++) {
    const t = labels[i]!;
    const p = run.predictions[i]!;
    if (filter.mistakesOnly && t === p) continue;
    if (filter.trueClass != null && t !== filter.trueClass) continue;
    if (filter.predicted != null && p !== filter.predicted) continue;
    out.push(i);
  }
  out.sort((a, b) => run.top3Probs[b * 3]! - run.top3Probs[a * 3]!);
  return Uint32Array.from(out);
}

/** The top 3 classes of each row of `probs` (`[n * 10]`). */
export function topK3(probs: ArrayLike<number>, n: number): { top3: Uint8Array; top3Probs: Float32Array } {
  const top3 = new Uint8Array(n * 3);
  const top3Probs = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const idx = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].sort((a, b) => probs[i * 10 + b]! - probs[i * 10 + a]!);
    for (let k = 0; k < 3; k++) {
      top3[i * 3 + k] = idx[k]!;
      top3Probs[i * 3 + k] = probs[i * 10 + idx[k]!]!;
    }
  }
  return { top3, top3Probs };
}
