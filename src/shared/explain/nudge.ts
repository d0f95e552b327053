/**
 * "Nudge it to d": a small change to the input that makes the network answer `target` — iterated,
 * L2-normalised gradient steps on the target's log-confidence, pixels kept in [0, 1] (a targeted
 * attack in the spirit of Szegedy et al. 2014 / Kurakin et al. 2016's iterative method). Then a
 * bisection along the change finds the smallest fraction of it that still gets there.
 */
import * as tf from '@tensorflow/tfjs';
import { PIXELS, SIDE, type ClassScorer } from './scorer.ts';
import { ExplainCancelled, type Slicing } from './saliency.ts';

export interface NudgeOptions extends Slicing {
  /** Gradient steps at most (the budget). */
  readonly maxSteps?: number;
  /** L2 length of each step, in [0, 1] pixel units. */
  readonly stepL2?: number;
  /** Steps between yields. */
  readonly stepsPerSlice?: number;
}

export interface NudgeResult {
  readonly target: number;
  /** Whether the network answers `target` for `input`. */
  readonly reached: boolean;
  /** Gradient steps taken. */
  readonly steps: number;
  /** ‖input − original‖₂ in [0, 1] pixel units. */
  readonly l2: number;
  /** The changed input `[784]`, values in [0, 1]. */
  readonly input: Float32Array;
  /** `input − original` `[784]`. */
  readonly delta: Float32Array;
  /** The network's answer for `input`, and the target's confidence there. */
  readonly answer: number;
  readonly confidence: number;
}

const argmax = (a: ArrayLike<number>): number => {
  let b = 0;
  for (let i = 1; i < a.length; i++) if (a[i]! > a[b]!) b = i;
  return b;
};

/** Evidence `[10]` of one image, and its gradient of log-confidence of `target`. */
function step(scorer: ClassScorer, x: Float32Array, target: number): { ev: Float32Array; grad: Float32Array } {
  let ev: tf.Tensor2D | null = null;
  try {
    const grad = tf.tidy(() => {
      const g = tf.grad((xi: tf.Tensor) => {
        ev = tf.keep(scorer.evidence(xi as tf.Tensor4D));
        // log-softmax of the evidence: for the classic net, −y_t − log Σ e^{−y_k} (the MAP loss's
        // terms without the rubbish class, which would not change the argmin).
        return tf.logSoftmax(ev).slice([0, target], [1, 1]).sum();
      })(tf.tensor4d(x, [1, SIDE, SIDE, 1]));
      return g.dataSync() as Float32Array;
    });
    return { ev: (ev as tf.Tensor2D | null)!.dataSync() as Float32Array, grad };
  } finally {
    (ev as tf.Tensor2D | null)?.dispose();
  }
}

function evidenceOf(scorer: ClassScorer, x: Float32Array): Float32Array {
  return tf.tidy(() => scorer.evidence(tf.tensor4d(x, [1, SIDE, SIDE, 1])).dataSync() as Float32Array);
}

function confidenceOf(scorer: ClassScorer, ev: Float32Array, cls: number): number {
  return tf.tidy(() => scorer.confidence(tf.tensor2d(ev, [1, 10])).dataSync()[cls]!);
}

const blend = (a: Float32Array, d: Float32Array, t: number, out: Float32Array): Float32Array => {
  for (let i = 0; i < PIXELS; i++) out[i] = a[i]! + t * d[i]!;
  return out;
};

/** Nudges `image` `[784]` (values in [0, 1]) until the network answers `target`, within the budget. */
export async function nudge(scorer: ClassScorer, image: Float32Array, target: number, o: NudgeOptions = {}): Promise<NudgeResult> {
  const maxSteps = o.maxSteps ?? 200;
  const stepL2 = o.stepL2 ?? 0.2;
  const perSlice = o.stepsPerSlice ?? 8;
  const x = Float32Array.from(image);
  let steps = 0;
  // One forward/backward pass per step: it gives the point's evidence (reached yet?) and the
  // direction to go from it.
  let s = step(scorer, x, target);
  let ev = s.ev;
  while (argmax(ev) !== target && steps < maxSteps) {
    if (o.isCancelled?.()) throw new ExplainCancelled('cancelled');
    let norm = 0;
    for (let i = 0; i < PIXELS; i++) norm += s.grad[i]! * s.grad[i]!;
    norm = Math.sqrt(norm);
    if (!(norm > 0)) break; // a flat spot (dead ReLUs): no direction to go
    for (let i = 0; i < PIXELS; i++) x[i] = Math.min(1, Math.max(0, x[i]! + (stepL2 * s.grad[i]!) / norm));
    steps++;
    s = step(scorer, x, target);
    ev = s.ev;
    if (steps % perSlice === 0) await o.yieldNow?.();
  }
  const delta = new Float32Array(PIXELS);
  for (let i = 0; i < PIXELS; i++) delta[i] = x[i]! - image[i]!;
  let reached = argmax(ev) === target;
  if (reached && steps > 0) {
    // The steps overshoot a little: keep the smallest fraction of the change that still works.
    // Pixels stay in [0, 1] because both ends are.
    let lo = 0;
    let hi = 1;
    const probe = new Float32Array(PIXELS);
    for (let k = 0; k < 8; k++) {
      const mid = (lo + hi) / 2;
      if (argmax(evidenceOf(scorer, blend(image, delta, mid, probe))) === target) hi = mid;
      else lo = mid;
    }
    blend(image, delta, hi, x);
    for (let i = 0; i < PIXELS; i++) delta[i] = x[i]! - image[i]!;
    ev = evidenceOf(scorer, x);
    reached = argmax(ev) === target;
  }
  let l2 = 0;
  for (let i = 0; i < PIXELS; i++) l2 += delta[i]! * delta[i]!;
  return { target, reached, steps, l2: Math.sqrt(l2), input: x, delta, answer: argmax(ev), confidence: confidenceOf(scorer, ev, target) };
}
