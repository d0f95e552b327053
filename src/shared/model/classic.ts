/**
 * The classic LeNet-5 of LeCun, Bottou, Bengio & Haffner 1998 (§II.B; /shared/LENET5.md): 32x32
 * input, squashed tanh units, trainable sub-sampling, the sparse C3 of Table I and a fixed Euclidean
 * RBF output whose prototypes are 7x12 digit bitmaps. 60,000 trainable parameters.
 *
 * Importing this module registers the custom layers, which `tf.loadLayersModel` needs to read a
 * saved classic model.
 */
import * as tf from '@tensorflow/tfjs';
import { EuclideanRBF, LeNetConv, LeNetDense, LeNetSubsampling } from './classic-layers.ts';
import { assertArchitecture, type LayerSpec } from './lenet.ts';
import { C3_TABLE } from './table1.ts';

export { DIGIT_BITMAPS, PROTOTYPE_HEIGHT, PROTOTYPE_WIDTH, RBF_PROTOTYPES } from './prototypes.ts';
export { SQUASH_A, SQUASH_S } from './classic-layers.ts';

/** Every layer of the classic LeNet-5, in order, with its output shape (tanh-squashed ones are signed). */

/** Input of the classic variant: `[batch, 32, 32, 1]`, background −0.1, ink 1.175. */
export const CLASSIC_INPUT_SHAPE = [32, 32, 1] as const;

/** Trainable parameters: C1 156 + S2 12 + C3 1,516 + S4 32 + C5 48,120 + F6 10,164 + output 0. */
export const CLASSIC_PARAM_COUNT = 60_000;

export { C3_TABLE };

/** Every layer of the classic LeNet-5, in order, with its output shape (tanh-squashed ones are signed). */
export const CLASSIC_LAYERS: readonly LayerSpec[] = [
  { id: 'c1', label: 'C1', shape: [28, 28, 6], signed: true, view: { op: 'conv', kernels: 'row' } },
  { id: 's2', label: 'S2', shape: [14, 14, 6], signed: true, view: { op: 'pool' } },
  { id: 'c3', label: 'C3', shape: [10, 10, 16], signed: true, view: { op: 'conv', kernels: 'grid', table: C3_TABLE } },
  { id: 's4', label: 'S4', shape: [5, 5, 16], signed: true, view: { op: 'pool' } },
  { id: 'c5', label: 'C5', shape: [1, 1, 120], signed: true, view: { op: 'conv', grid: { w: 12, h: 10 } } },
  { id: 'f6', label: 'F6', shape: [84], signed: true, view: { op: 'dense', grid: { w: 7, h: 12 }, prototypes: true } },
  // Squared distances: ≥ 0, smaller is better.
  {
    id: 'output',
    label: 'Output',
    shape: [10],
    signed: false,
    view: { op: 'dense', grid: { w: 10, h: 1 }, digits: true, note: 'RBF distances, smaller = nearer' },
  },
];

/**
 * Builds the classic LeNet-5 (all squashing is f(a) = 1.7159·tanh(2a/3), weights uniform ±2.4/Fi):
 * `[b,32,32,1]` → C1 conv 6@5x5 `[b,28,28,6]` → S2 2x2 sum·coef+bias `[b,14,14,6]`
 * → C3 conv 16@5x5 over Table I's S2 maps `[b,10,10,16]` → S4 `[b,5,5,16]` → C5 conv 120@5x5
 * `[b,1,1,120]` → flatten `[b,120]` → F6 dense 84 `[b,84]` → output RBF distances `[b,10]`.
 * The prediction is the argmin of the output. With a `seed`, initialization is deterministic.
 */
export function createClassicLeNet(seed?: number): tf.LayersModel {
  let n = 0;
  const s = () => (seed === undefined ? null : seed * 16 + n++);
  const input = tf.input({ shape: [...CLASSIC_INPUT_SHAPE], name: 'input' });
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor) => layer.apply(x) as tf.SymbolicTensor;
  let x = apply(new LeNetConv({ name: 'c1', filters: 6, kernelSize: 5, seed: s() }), input);
  x = apply(new LeNetSubsampling({ name: 's2', seed: s() }), x);
  x = apply(new LeNetConv({ name: 'c3', filters: 16, kernelSize: 5, table: C3_TABLE, seed: s() }), x);
  x = apply(new LeNetSubsampling({ name: 's4', seed: s() }), x);
  x = apply(new LeNetConv({ name: 'c5', filters: 120, kernelSize: 5, seed: s() }), x);
  x = apply(tf.layers.flatten({ name: 'flatten' }), x);
  x = apply(new LeNetDense({ name: 'f6', units: 84, seed: s() }), x);
  const out = apply(new EuclideanRBF({ name: 'output', units: 10 }), x);
  return tf.model({ inputs: input, outputs: out, name: 'lenet5_classic' });
}

/** Trainable parameters of one layer. */
export function layerParams(model: tf.LayersModel, id: string): number {
  return model.getLayer(id).trainableWeights.reduce((a, w) => a + w.shape.reduce((p: number, d) => p * (d ?? 1), 1), 0);
}

/** The dense C3 kernel `[5, 5, 6, 16]` the convolution uses (zeros where Table I has no connection). */
export function c3EffectiveKernel(model: tf.LayersModel): tf.Tensor4D {
  const c3 = model.getLayer('c3');
  if (!(c3 instanceof LeNetConv)) throw new Error('layer c3 is not a classic LeNet-5 convolution');
  return c3.effectiveKernel();
}

/**
 * Checks that a loaded model is the classic LeNet-5: input, layer names and output shapes,
 * 60,000 trainable parameters, a table-connected C3 and an RBF output; throws at the first difference.
 */
export function assertClassicArchitecture(model: tf.LayersModel): void {
  assertArchitecture(model, {
    name: 'classic LeNet-5',
    inputShape: CLASSIC_INPUT_SHAPE,
    layers: CLASSIC_LAYERS,
    paramCount: CLASSIC_PARAM_COUNT,
  });
  const c3 = model.getLayer('c3');
  if (!(c3 instanceof LeNetConv) || JSON.stringify(c3.table) !== JSON.stringify(C3_TABLE)) {
    throw new Error("layer C3 is not connected as Table I (the paper's connection table)");
  }
  if (!(model.getLayer('output') instanceof EuclideanRBF)) throw new Error('the output layer is not the Euclidean RBF layer');
}
