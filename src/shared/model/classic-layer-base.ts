/**
 * What the classic LeNet-5's layers (`classic-layers.ts`) share: the squashing function and a base
 * layer whose weights start from the paper's seeded initialization.
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32, type Rng } from '../util/random.ts';

/** Squashing function amplitude A and slope S: f(a) = A·tanh(S·a) (Appendix A). */
export const SQUASH_A = 1.7159;
export const SQUASH_S = 2 / 3;

/** f(a) = 1.7159 · tanh(2a/3), elementwise. */
export function squash(a: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.tanh(tf.mul(a, SQUASH_S)), SQUASH_A));
}

/**
 * Whether a gradient is being taped. Reading (predictions, evaluation, the map's pass: no tape), the
 * classic layers take fused ops that do their bias in the same pass; under a tape (training, saliency,
 * nudges, activation maximisation) they keep the plain ops, since a fused op's gradient computes every
 * input's gradient whether needed or not (C1's input gradient while training, every filter gradient
 * for a saliency map), and wasm has no gradient kernels for the depthwise convolution.
 */
export const taping = (): boolean => tf.engine().isTapeOn();

export type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
export type Shape = (number | null)[];
export type Inputs = tf.Tensor | tf.Tensor[];

export const one = (inputs: Inputs): tf.Tensor => (Array.isArray(inputs) ? inputs[0]! : inputs);

/** A layer whose weights start from values computed here (seeded), not from a tfjs initializer. */
export abstract class SeededLayer extends tf.layers.Layer {
  /** Seed of the initial weights; null draws a random one. */
  readonly seed: number | null;
  private rng: Rng | null = null;

  constructor(args: LayerArgs & { seed?: number | null }) {
    super(args);
    this.seed = args.seed ?? null;
  }

  protected random(): Rng {
    this.rng ??= mulberry32(this.seed ?? Math.floor(Math.random() * 2 ** 32));
    return this.rng;
  }

  /** Uniform in ±2.4/fanIn: the paper's initialization (Appendix A), `count` values. */
  protected lecunUniform(count: number, fanIn: number | ((i: number) => number)): Float32Array {
    const rng = this.random();
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const r = 2.4 / (typeof fanIn === 'number' ? fanIn : fanIn(i));
      out[i] = (rng() * 2 - 1) * r;
    }
    return out;
  }

  /** Adds a weight and sets it to `values`. */
  protected addWeightWithValues(name: string, shape: number[], values: Float32Array, trainable = true): tf.LayerVariable {
    const w = this.addWeight(name, shape, 'float32', tf.initializers.zeros(), undefined, trainable);
    const t = tf.tensor(values, shape);
    w.write(t);
    t.dispose();
    return w;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed };
  }
}
