/**
 * Saliency maps of a class score over the 28x28 input (pure tfjs, no DOM), for either variant
 * through a `ClassScorer`:
 * - `gradient`: ∂score/∂pixel (Simonyan et al. 2013), signed;
 * - `input-x-gradient`: pixel × ∂score/∂pixel (only ink can carry evidence);
 * - `smoothgrad`: the gradient averaged over noisy copies of the input (Smilkov et al. 2017);
 * - `occlusion`: how much the class loses when a small patch is blanked (Zeiler & Fergus 2014).
 * The score of a `Target` is the evidence of `cls`, minus that of `versus` when set ("why 3 and
 * not 8?"). Every map is `[784]`, row-major, positive = pushes toward `cls`.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../util/random.ts';
import { ExplainCancelled } from './cancel.ts';
import { PIXELS, SIDE, type ClassScorer } from './scorer.ts';

export type SaliencyMethod = 'gradient' | 'input-x-gradient' | 'smoothgrad' | 'occlusion';
export const SALIENCY_METHODS: readonly SaliencyMethod[] = ['gradient', 'input-x-gradient', 'smoothgrad', 'occlusion'];

/** Which class to explain, and optionally against which other class. */
export interface Target {
  readonly cls: number;
  readonly versus: number | null;
}

/** Hooks that let a long explanation run in slices: yield between chunks, stop when cancelled. */
export interface Slicing {
  readonly yieldNow?: () => Promise<void>;
  readonly isCancelled?: () => boolean;
}

export { ExplainCancelled } from './cancel.ts';

/** `[b, 10]` → `[b]`: ev[cls] − ev[versus]. */
function targetScore(ev: tf.Tensor2D, t: Target): tf.Tensor1D {
  const w = new Float32Array(10);
  w[t.cls] = 1;
  if (t.versus !== null && t.versus !== t.cls) w[t.versus] = -1;
  return tf.matMul(ev, tf.tensor2d(w, [10, 1])).reshape([ev.shape[0]]);
}

/**
 * Gradients of the target score for `n` images `[n*784]` in [0, 1] → `[n*784]`, plus the images'
 * evidence `[n*10]`. One forward and one backward pass; no tensor outlives the call.
 */
export function scoreGradients(
  scorer: ClassScorer,
  images: Float32Array,
  n: number,
  target: Target,
): { grads: Float32Array; evidence: Float32Array } {
  let ev: tf.Tensor2D | null = null;
  try {
    const grads = tf.tidy(() => {
      const x = tf.tensor4d(images, [n, SIDE, SIDE, 1]);
      const g = tf.grad((xi: tf.Tensor) => {
        // Kept past the gradient's own scopes so the caller gets the forward pass's evidence too.
        ev = tf.keep(scorer.evidence(xi as tf.Tensor4D));
        return targetScore(ev, target).sum();
      })(x);
      return g.dataSync() as Float32Array;
    });
    const evidence = (ev as tf.Tensor2D | null)?.dataSync() as Float32Array;
    return { grads, evidence };
  } finally {
    (ev as tf.Tensor2D | null)?.dispose();
  }
}

/** ∂score/∂pixel for one image `[784]` → `[784]`. */
export function gradientSaliency(scorer: ClassScorer, image: Float32Array, target: Target): Float32Array {
  return scoreGradients(scorer, image, 1, target).grads;
}

/** pixel × ∂score/∂pixel for one image `[784]` → `[784]`. */
export function inputTimesGradient(scorer: ClassScorer, image: Float32Array, target: Target): Float32Array {
  const g = gradientSaliency(scorer, image, target);
  for (let i = 0; i < PIXELS; i++) g[i]! *= image[i]!;
  return g;
}

export interface SmoothGradOptions extends Slicing {
  /** Noisy copies averaged (16 by default). */
  readonly samples?: number;
  /** Standard deviation of the Gaussian noise, in pixel units (0.15 of the [0, 1] range). */
  readonly sigma?: number;
  /** Copies per forward/backward pass (between yields). */
  readonly chunk?: number;
  readonly seed?: number;
}

/** SmoothGrad: the gradient averaged over `samples` copies of `image` plus N(0, σ²) noise. */
export async function smoothGrad(
  scorer: ClassScorer,
  image: Float32Array,
  target: Target,
  o: SmoothGradOptions = {},
): Promise<Float32Array> {
  const samples = o.samples ?? 16;
  const sigma = o.sigma ?? 0.15;
  const chunk = Math.max(1, Math.min(samples, o.chunk ?? 8));
  const rng = mulberry32(o.seed ?? 1);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const sum = new Float32Array(PIXELS);
  const batch = new Float32Array(chunk * PIXELS);
  for (let done = 0; done < samples; done += chunk) {
    if (o.isCancelled?.()) throw new ExplainCancelled('cancelled');
    const n = Math.min(chunk, samples - done);
    for (let k = 0; k < n; k++) for (let i = 0; i < PIXELS; i++) batch[k * PIXELS + i] = image[i]! + sigma * gauss();
    const { grads } = scoreGradients(scorer, batch.subarray(0, n * PIXELS), n, target);
    for (let k = 0; k < n; k++) for (let i = 0; i < PIXELS; i++) sum[i]! += grads[k * PIXELS + i]!;
    if (done + n < samples) await o.yieldNow?.();
  }
  for (let i = 0; i < PIXELS; i++) sum[i]! /= samples;
  return sum;
}

/**
 * What occlusion measures for `target`, per image `[b]`: the confidence the bars show (modern:
 * softmax probability) or, for the classic net, the evidence (−RBF penalty: its MAP posterior is
 * 0 or 1 for most drawings, so its drop would say nothing).
 */
function occlusionScore(scorer: ClassScorer, ev: tf.Tensor2D, t: Target): tf.Tensor1D {
  return targetScore(scorer.variant === 'classic' ? ev : scorer.confidence(ev), t);
}

/** The occlusion measure of `n` images `[n*784]` → `[n]`. */
export function occlusionScores(scorer: ClassScorer, images: Float32Array, n: number, target: Target): Float32Array {
  return tf.tidy(() => occlusionScore(scorer, scorer.evidence(tf.tensor4d(images, [n, SIDE, SIDE, 1])), target).dataSync() as Float32Array);
}

export interface Patch {
  readonly x: number;
  readonly y: number;
  /** Score of the original minus score with this patch blanked (positive: the patch helped). */
  readonly drop: number;
}

export interface OcclusionOptions extends Slicing {
  /** Side of the blanked square, pixels (4). */
  readonly patch?: number;
  /** Step between patches, pixels (2). */
  readonly stride?: number;
  /** Occluded copies per forward pass (between yields). */
  readonly chunk?: number;
  /**
   * Skip patches without ink (their copy equals the original, so their drop is exactly 0). On by
   * default; tests turn it off to check that claim against the network.
   */
  readonly skipBlank?: boolean;
}

export interface OcclusionResult {
  /** `[784]`: each pixel's mean drop over the patches covering it. */
  readonly map: Float32Array;
  readonly patches: readonly Patch[];
  /** Forward passes made (occluded copies evaluated). */
  readonly evaluated: number;
}

/** Occlusion map: blank (set to 0) a `patch`² square at every `stride`, measure the score's drop. */
export async function occlusion(
  scorer: ClassScorer,
  image: Float32Array,
  target: Target,
  o: OcclusionOptions = {},
): Promise<OcclusionResult> {
  const size = o.patch ?? 4;
  const stride = o.stride ?? 2;
  const chunk = o.chunk ?? 48;
  const skipBlank = o.skipBlank ?? true;
  const base = occlusionScores(scorer, image, 1, target)[0]!;
  const starts: number[] = [];
  for (let p = 0; p + size <= SIDE; p += stride) starts.push(p);
  if (starts[starts.length - 1]! + size < SIDE) starts.push(SIDE - size);
  const todo: { x: number; y: number }[] = [];
  const patches: Patch[] = [];
  for (const y of starts)
    for (const x of starts) {
      let ink = false;
      for (let r = y; r < y + size && !ink; r++) for (let c = x; c < x + size; c++) if (image[r * SIDE + c]! !== 0) ink = true;
      if (ink || !skipBlank) todo.push({ x, y });
      else patches.push({ x, y, drop: 0 });
    }
  const batch = new Float32Array(chunk * PIXELS);
  for (let start = 0; start < todo.length; start += chunk) {
    if (o.isCancelled?.()) throw new ExplainCancelled('cancelled');
    const part = todo.slice(start, start + chunk);
    part.forEach((p, k) => {
      const off = k * PIXELS;
      batch.set(image, off);
      for (let r = p.y; r < p.y + size; r++) batch.fill(0, off + r * SIDE + p.x, off + r * SIDE + p.x + size);
    });
    const scores = occlusionScores(scorer, batch.subarray(0, part.length * PIXELS), part.length, target);
    part.forEach((p, k) => patches.push({ ...p, drop: base - scores[k]! }));
    if (start + chunk < todo.length) await o.yieldNow?.();
  }
  const sum = new Float32Array(PIXELS);
  const count = new Float32Array(PIXELS);
  for (const p of patches)
    for (let r = p.y; r < p.y + size; r++)
      for (let c = p.x; c < p.x + size; c++) {
        sum[r * SIDE + c]! += p.drop;
        count[r * SIDE + c]! += 1;
      }
  for (let i = 0; i < PIXELS; i++) sum[i] = count[i]! > 0 ? sum[i]! / count[i]! : 0;
  return { map: sum, patches, evaluated: todo.length };
}

/** Any method, one call: the live ones return at once, the others run in slices. */
export async function saliency(
  scorer: ClassScorer,
  image: Float32Array,
  target: Target,
  method: SaliencyMethod,
  slicing: Slicing = {},
): Promise<Float32Array> {
  switch (method) {
    case 'gradient':
      return gradientSaliency(scorer, image, target);
    case 'input-x-gradient':
      return inputTimesGradient(scorer, image, target);
    case 'smoothgrad':
      return smoothGrad(scorer, image, target, slicing);
    case 'occlusion':
      return (await occlusion(scorer, image, target, slicing)).map;
  }
}
