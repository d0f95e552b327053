/**
 * Reading a digit out of a network's 10 outputs, as pure functions over plain arrays:
 * the modern variant outputs softmax probabilities (higher is better, `argmax`); the classic one
 * outputs Euclidean RBF distances to each digit's prototype (lower is better, `argmin`).
 */

export type Readout = 'argmax' | 'argmin';

/**
 * The MAP criterion's constant j (LeCun et al. 1998 §II.C, eq. 9): the energy of a "rubbish" class
 * that competes with the 10 digits. An F6 output farther than j (squared distance) from every
 * prototype gives most of its posterior to rubbish; a wrong class whose distance is well above j is
 * no longer pushed away. 10 ≈ an RMS miss of √(10/84) ≈ 0.35 per F6 unit, while two prototypes
 * differ by ≥ 12 of 84 bits, a squared distance ≥ 48: so j lets the loss stop pulling on outputs
 * that are already clearly nearest the right prototype, but never ignores a real confusion.
 */
export const MAP_J = 10;

/** Index of the predicted class in `scores` `[10]`: the largest for `argmax`, the smallest for `argmin`. */
export function predictedClass(scores: ArrayLike<number>, readout: Readout): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) {
    const better = readout === 'argmax' ? scores[i]! > scores[best]! : scores[i]! < scores[best]!;
    if (better) best = i;
  }
  return best;
}

/**
 * Posterior of each class under the MAP criterion, from RBF distances `y` `[10]`:
 * `P(i) = e^{-y_i} / (e^{-j} + Σ_k e^{-y_k})` (the rest, `1 − Σ P`, is the rubbish class).
 * Computed with the largest exponent factored out, so distances of hundreds do not underflow to 0/0.
 */
export function rbfPosterior(y: ArrayLike<number>, j = MAP_J): Float32Array {
  let m = -j;
  for (let i = 0; i < y.length; i++) m = Math.max(m, -y[i]!);
  let z = Math.exp(-j - m);
  for (let i = 0; i < y.length; i++) z += Math.exp(-y[i]! - m);
  const out = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = Math.exp(-y[i]! - m) / z;
  return out;
}

/**
 * Scores shown as "confidence" in [0, 1] for either readout: softmax probabilities as they are,
 * RBF distances through `rbfPosterior`.
 */
export function toProbabilities(scores: ArrayLike<number>, readout: Readout): Float32Array {
  return readout === 'argmax' ? Float32Array.from(scores) : rbfPosterior(scores);
}
