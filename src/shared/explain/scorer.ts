/**
 * One view of either LeNet-5 for explanations: a function from the drawing's 28x28 image (values in
 * [0, 1], what the user drew and what a nudge changes) to each class's *evidence*, higher = more of
 * that class, for both variants:
 * - modern: the output layer's logits (pre-softmax; gradients of probabilities vanish once sure);
 * - classic: minus the RBF output, i.e. minus the *penalty* y_d = ‖F6 − prototype_d‖² (lower penalty
 *   is better, LeCun et al. 1998 §II.B), so "pushes toward d" means "lowers d's penalty".
 * The input format (the classic 32x32 padding and −0.1…1.175 range) is part of the graph, so
 * gradients are with respect to the 28x28 [0, 1] pixels for both.
 */
import * as tf from '@tensorflow/tfjs';
import { INPUT_FORMATS } from '../preprocess/input-format.ts';
import { MAP_J } from '../model/readout.ts';
import { variantSpec, type Variant } from '../model/variants.ts';

export const SIDE = 28;
export const PIXELS = SIDE * SIDE;

export interface ClassScorer {
  readonly variant: Variant;
  /** `[b, 28, 28, 1]` in [0, 1] → `[b, 10]` evidence (logits, or −RBF penalty). Call inside `tf.tidy`. */
  evidence(x: tf.Tensor4D): tf.Tensor2D;
  /**
   * `[b, 10]` evidence → the confidence the prediction bars show, in [0, 1]: softmax (modern), or
   * the MAP posterior `e^{−y_i} / (e^{−j} + Σ e^{−y_k})` (classic, see `readout.ts`).
   */
  confidence(evidence: tf.Tensor2D): tf.Tensor2D;
  /** Frees the wrapper model (never the shared weights, which belong to the caller's model). */
  dispose(): void;
}

/**
 * The graph from the drawing's 28x28 image `[b, 28, 28, 1]` in [0, 1] to the input `variant`'s
 * model takes (the classic net's 32x32 padding and −0.1…1.175 range), so that gradients are with
 * respect to the drawing's pixels. Call inside `tf.tidy`.
 */
export function formatInput(variant: Variant): (x: tf.Tensor4D) => tf.Tensor4D {
  const format = INPUT_FORMATS[variantSpec(variant).inputFormat];
  return (x) => {
    if (format.pad === 0 && format.background === 0 && format.ink === 1) return x;
    const scaled = x.mul(format.ink - format.background).add(format.background) as tf.Tensor4D;
    const p = format.pad;
    return p > 0
      ? tf.pad(
          scaled,
          [
            [0, 0],
            [p, p],
            [p, p],
            [0, 0],
          ],
          format.background,
        )
      : scaled;
  };
}

/**
 * Wraps `model` (a checked LeNet-5 of `variant`; its weights are shared, not copied, so a scorer
 * follows weight updates made in place).
 */
export function createScorer(model: tf.LayersModel, variant: Variant): ClassScorer {
  const spec = variantSpec(variant);
  const toModel = formatInput(variant);

  if (spec.readout === 'argmin') {
    return {
      variant,
      evidence: (x) => (model.apply(toModel(x)) as tf.Tensor2D).neg(),
      confidence: (ev) => {
        const rubbish = tf.fill([ev.shape[0], 1], -MAP_J);
        return tf.softmax(tf.concat([ev, rubbish], 1)).slice([0, 0], [ev.shape[0], 10]) as tf.Tensor2D;
      },
      dispose: () => {},
    };
  }
  // Modern: the output layer is Dense(10, softmax); its logits are F6 · W + b.
  const output = model.getLayer('output');
  const trunk = tf.model({ inputs: model.inputs, outputs: model.getLayer('f6').output as tf.SymbolicTensor });
  return {
    variant,
    evidence: (x) => {
      const [kernel, bias] = output.getWeights() as [tf.Tensor2D, tf.Tensor1D];
      const f6 = trunk.apply(toModel(x)) as tf.Tensor2D;
      return tf.add(tf.matMul(f6, kernel), bias);
    },
    confidence: (ev) => tf.softmax(ev),
    dispose: () => {
      // A functional model over existing layers owns no weights; nothing to free but the wrapper.
    },
  };
}
