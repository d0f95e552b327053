/**
 * "What a unit looks for", synthesised: activation maximisation (Erhan et al. 2009; Simonyan et al.
 * 2013 §2) — the 28x28 input (values kept in [0, 1]) that excites one unit of C5, F6 or the output
 * most, by gradient ascent from a grey image with a smoothness penalty (the squared differences of
 * neighbouring pixels, so the picture is a shape rather than high-frequency noise).
 *
 * The same code serves both variants through `formatInput`. The classic net's output is an RBF
 * *distance* (a penalty, lower is better, LeCun et al. 1998 §II.B): for it the response maximised is
 * the class's *negative penalty*, −‖F6 − prototype_d‖².
 */
import * as tf from '@tensorflow/tfjs';
import type { LayerId } from '../model/lenet.ts';
import { variantSpec, type Variant } from '../model/variants.ts';
import { createScorer, formatInput, PIXELS, SIDE } from './scorer.ts';
import { ExplainCancelled, type Slicing } from './saliency.ts';
import { mulberry32 } from '../util/random.ts';

/** Layers whose single units can be maximised (the spatial maps are shown by their top images). */
export const ACTMAX_LAYERS: readonly LayerId[] = ['c5', 'f6', 'output'];

/** A unit's response: `[b, 28, 28, 1]` drawing pixels → `[b]`. Call inside `tf.tidy`. */
export type UnitResponse = (x: tf.Tensor4D) => tf.Tensor1D;

/**
 * Unit `unit` of `layer` of `model` (a LeNet-5 of `variant`) as a function of the drawing's pixels:
 * C5 and F6 activations as the lab shows them; the output's logit (modern) or negative RBF penalty
 * (classic). The returned `dispose` frees the wrapper only (the weights stay the caller's).
 */
export function unitResponse(model: tf.LayersModel, variant: Variant, layer: LayerId, unit: number): UnitResponse {
  if (!ACTMAX_LAYERS.includes(layer)) throw new Error(`activation maximisation is for C5, F6 and output units, not ${layer}`);
  const spec = variantSpec(variant).layers.find((l) => l.id === layer);
  if (!spec) throw new Error(`no layer ${layer} in the ${variant} net`);
  const units = spec.shape[spec.shape.length - 1]!;
  if (!Number.isInteger(unit) || unit < 0 || unit >= units) throw new Error(`${layer} has units 0…${units - 1}, not ${unit}`);
  if (layer === 'output') {
    const scorer = createScorer(model, variant);
    return (x) => scorer.evidence(x).slice([0, unit], [-1, 1]).reshape([-1]);
  }
  const toModel = formatInput(variant);
  const sub = tf.model({ inputs: model.inputs, outputs: model.getLayer(layer).output as tf.SymbolicTensor });
  return (x) => {
    const a = sub.apply(toModel(x)) as tf.Tensor;
    return a.reshape([a.shape[0]!, -1]).slice([0, unit], [-1, 1]).reshape([-1]);
  };
}

/**
 * What the ascent climbs for unit `unit` of `layer`: its input before a ReLU (the modern C5), which
 * has a gradient even where the unit is silent and rises exactly when the ReLU's output does; the
 * unit's response itself for every other activation (tanh, the classic squash, the output).
 */
export function unitDrive(model: tf.LayersModel, variant: Variant, layer: LayerId, unit: number): UnitResponse {
  const target = model.getLayer(layer);
  const config = target.getConfig() as { activation?: unknown };
  if (layer === 'output' || config.activation !== 'relu') return unitResponse(model, variant, layer, unit);
  const toModel = formatInput(variant);
  const below = tf.model({ inputs: model.inputs, outputs: target.input as tf.SymbolicTensor });
  return (x) => {
    // C5 (5x5 valid over S4's 5x5) and a Dense layer are both `flatten(input) · kernel + bias`.
    const [kernel, bias] = target.getWeights() as [tf.Tensor, tf.Tensor1D];
    const inp = below.apply(toModel(x)) as tf.Tensor;
    const flat = inp.reshape([inp.shape[0]!, -1]) as tf.Tensor2D;
    const w = kernel.reshape([flat.shape[1], -1]).slice([0, unit], [-1, 1]) as tf.Tensor2D;
    return tf
      .matMul(flat, w)
      .reshape([-1])
      .add(bias.slice([unit], [1])) as tf.Tensor1D;
  };
}

export interface ActMaxOptions extends Slicing {
  /** Gradient steps (the budget). */
  readonly steps?: number;
  /** Largest change of any pixel per step, at the start (it decays to a tenth). */
  readonly stepSize?: number;
  /** Weight of the smoothness penalty, relative to the response's scale at the start. */
  readonly smoothness?: number;
  /** Steps between yields. */
  readonly stepsPerSlice?: number;
  /** Seed of the noise added to the grey start when a unit is silent on plain grey. */
  readonly seed?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ActMaxResult {
  /** The input `[784]` in [0, 1] that excites the unit most (the best step seen). */
  readonly image: Float32Array;
  /** The unit's response to the grey start and to `image`. */
  readonly start: number;
  readonly value: number;
  readonly steps: number;
}

/** Σ of squared differences of horizontally and vertically neighbouring pixels, per image `[b]`. */
function roughness(x: tf.Tensor4D): tf.Tensor1D {
  const dx = x.slice([0, 0, 1, 0], [-1, -1, -1, -1]).sub(x.slice([0, 0, 0, 0], [-1, -1, SIDE - 1, -1]));
  const dy = x.slice([0, 1, 0, 0], [-1, -1, -1, -1]).sub(x.slice([0, 0, 0, 0], [-1, SIDE - 1, -1, -1]));
  return dx
    .square()
    .sum([1, 2, 3])
    .add(dy.square().sum([1, 2, 3])) as tf.Tensor1D;
}

const responseOf = (f: UnitResponse, x: Float32Array): number => tf.tidy(() => f(tf.tensor4d(x, [1, SIDE, SIDE, 1])).dataSync()[0]!);

/**
 * Gradient ascent on `response(x) − λ·roughness(x)` from a grey image (0.5; a little noise added
 * when the unit is silent there), with sign-free steps
 * scaled so the largest pixel change is `stepSize` (scale-free: C5 activations, logits and RBF
 * penalties differ by orders of magnitude), climbing `drive` (see `unitDrive`; by default `f`
 * itself) while the best image is judged by `f`, pixels clipped to [0, 1] after each step. λ is
 * `smoothness` × the gradient's size at the start, so the penalty weighs alike for every unit.
 */
export async function maximiseUnit(f: UnitResponse, o: ActMaxOptions = {}, drive: UnitResponse = f): Promise<ActMaxResult> {
  const steps = o.steps ?? 120;
  const step0 = o.stepSize ?? 0.08;
  const perSlice = o.stepsPerSlice ?? 10;
  const x = new Float32Array(PIXELS).fill(0.5);
  const start = responseOf(f, x);
  const gradOf = (lambda: number) =>
    tf.tidy(() => {
      const g = tf.grad((xi: tf.Tensor) => {
        const v = drive(xi as tf.Tensor4D).sum();
        return lambda > 0
          ? v.sub(
              roughness(xi as tf.Tensor4D)
                .sum()
                .mul(lambda),
            )
          : v;
      })(tf.tensor4d(x, [1, SIDE, SIDE, 1]));
      return g.dataSync() as Float32Array;
    });
  // λ from the response's gradient at the grey start (its mean |∂/∂pixel|), so "smooth" means
  // the same for a C5 unit and an RBF penalty.
  let scale = 0;
  for (const v of gradOf(0)) scale += Math.abs(v);
  // A ReLU unit silent on plain grey has no gradient there: start from grey with a little seeded
  // noise, more each try, until the unit responds at all.
  const rng = mulberry32(o.seed ?? 1);
  for (let tries = 1; !(scale > 0) && tries <= 8; tries++) {
    for (let i = 0; i < PIXELS; i++) x[i] = Math.min(1, Math.max(0, 0.5 + 0.12 * tries * (rng() - 0.5)));
    scale = 0;
    for (const v of gradOf(0)) scale += Math.abs(v);
  }
  const lambda = (o.smoothness ?? 0.5) * (scale / PIXELS);
  let best = Float32Array.from(x);
  let bestValue = start;
  let done = 0;
  while (done < steps) {
    if (o.isCancelled?.()) throw new ExplainCancelled('cancelled');
    const g = gradOf(lambda);
    let big = 0;
    for (let i = 0; i < PIXELS; i++) big = Math.max(big, Math.abs(g[i]!));
    if (!(big > 0)) break; // a flat spot (every path dead): nowhere to go
    const size = (step0 * (1 - (0.9 * done) / steps)) / big;
    for (let i = 0; i < PIXELS; i++) x[i] = Math.min(1, Math.max(0, x[i]! + size * g[i]!));
    done++;
    if (done % perSlice === 0 || done === steps) {
      const v = responseOf(f, x);
      if (v > bestValue) {
        bestValue = v;
        best = Float32Array.from(x);
      }
      o.onProgress?.(done, steps);
      if (done < steps) await o.yieldNow?.();
    }
  }
  return { image: best, start, value: bestValue, steps: done };
}
