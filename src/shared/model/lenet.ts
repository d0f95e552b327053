/**
 * LeNet-5 model factory (the "modern" Keras-style variant; see ../shared/LENET5.md) and the
 * activations model that returns every layer's output from a single `predict()`.
 *
 * Layer names follow the paper (C1, S2, C3, S4, C5, F6, output) so panels can label maps the way
 * the paper draws them. `LAYERS` is the single source of truth for names and shapes.
 */
import * as tf from '@tensorflow/tfjs';

/** Which LeNet-5: `variants.ts` maps each to its layers, input, factory and checks. */
export type { Variant } from './variants.ts';

export type LayerId = 'c1' | 's2' | 'c3' | 's4' | 'c5' | 'f6' | 'output';

export interface LayerSpec {
  readonly id: LayerId;
  /** Paper name, e.g. "C3". */
  readonly label: string;
  /** Output shape without the batch dimension: [h, w, channels] or [units]. */
  readonly shape: readonly number[];
  /** Whether the layer's output can be negative (chooses a diverging vs. sequential colormap). */
  readonly signed: boolean;
  /** How the lab draws the layer (the views read this; none of them switches on `id`). */
  readonly view: LayerView;
}

/** How a layer is drawn in the lab's panels and zoom view. */
export interface LayerView {
  /** What each map computes from the layer before: a convolution (a 5×5 kernel per input map), a 2×2 average, or a dense layer. */
  readonly op: 'conv' | 'pool' | 'dense';
  /** A 1-D layer's units as a picture `w × h` (C5 12×10, F6 7×12 like the paper's bitmaps, output 10×1). */
  readonly grid?: { readonly w: number; readonly h: number };
  /** Kernels shown beside the layer: one small picture per output map (`row`, C1) or all of them as one grid (`grid`, C3). */
  readonly kernels?: 'row' | 'grid';
  /** Which maps of the layer before each map reads (`table[o]`); absent = all of them. The classic C3: Table I. */
  readonly table?: readonly (readonly number[])[];
  /** Show the fixed RBF prototypes beside this layer (the classic F6). */
  readonly prototypes?: boolean;
  /** Units are the ten digits (labels under the picture). */
  readonly digits?: boolean;
  /** Replaces the shape in the layer's title, e.g. what the output's numbers mean. */
  readonly note?: string;
}

/** Every layer of the modern LeNet-5, in order, with its output shape. */
export const MODERN_LAYERS: readonly LayerSpec[] = [
  { id: 'c1', label: 'C1', shape: [28, 28, 6], signed: false, view: { op: 'conv', kernels: 'row' } },
  { id: 's2', label: 'S2', shape: [14, 14, 6], signed: false, view: { op: 'pool' } },
  { id: 'c3', label: 'C3', shape: [10, 10, 16], signed: false, view: { op: 'conv', kernels: 'grid' } },
  { id: 's4', label: 'S4', shape: [5, 5, 16], signed: false, view: { op: 'pool' } },
  { id: 'c5', label: 'C5', shape: [1, 1, 120], signed: false, view: { op: 'conv', grid: { w: 12, h: 10 } } },
  { id: 'f6', label: 'F6', shape: [84], signed: true, view: { op: 'dense', grid: { w: 7, h: 12 } } },
  { id: 'output', label: 'Output', shape: [10], signed: false, view: { op: 'dense', grid: { w: 10, h: 1 }, digits: true } },
];

/** Input of the modern variant: `[batch, 28, 28, 1]`, values in [0, 1], ink = 1. */
export const MODERN_INPUT_SHAPE = [28, 28, 1] as const;

/** Trainable parameters of the modern LeNet-5: 156 + 2,416 + 48,120 + 10,164 + 850. */
export const MODERN_PARAM_COUNT = 61_706;

/**
 * Builds the modern LeNet-5:
 * `[b,28,28,1]` → C1 Conv 6@5x5 same ReLU `[b,28,28,6]` → S2 AvgPool 2 `[b,14,14,6]`
 * → C3 Conv 16@5x5 ReLU `[b,10,10,16]` → S4 AvgPool 2 `[b,5,5,16]` → C5 Conv 120@5x5 ReLU `[b,1,1,120]`
 * → Flatten `[b,120]` → F6 Dense 84 tanh `[b,84]` → output Dense 10 softmax `[b,10]`.
 * With a `seed`, weight initialization is deterministic.
 */
export function createModernLeNet(seed?: number): tf.LayersModel {
  let n = 0;
  const init = () => tf.initializers.glorotUniform(seed === undefined ? {} : { seed: seed + n++ });
  const input = tf.input({ shape: [...MODERN_INPUT_SHAPE], name: 'input' });
  const conv = (filters: number, padding: 'same' | 'valid', name: string) =>
    tf.layers.conv2d({ filters, kernelSize: 5, padding, activation: 'relu', kernelInitializer: init(), name });
  const pool = (name: string) => tf.layers.averagePooling2d({ poolSize: 2, strides: 2, name });
  let x = conv(6, 'same', 'c1').apply(input) as tf.SymbolicTensor;
  x = pool('s2').apply(x) as tf.SymbolicTensor;
  x = conv(16, 'valid', 'c3').apply(x) as tf.SymbolicTensor;
  x = pool('s4').apply(x) as tf.SymbolicTensor;
  x = conv(120, 'valid', 'c5').apply(x) as tf.SymbolicTensor;
  x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 84, activation: 'tanh', kernelInitializer: init(), name: 'f6' }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers
    .dense({ units: 10, activation: 'softmax', kernelInitializer: init(), name: 'output' })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'lenet5_modern' });
}

/**
 * A model sharing `model`'s weights whose outputs are every layer in `MODERN_LAYERS`, in order, so
 * one `predict()` yields all feature maps: an array of tensors shaped `[b, ...spec.shape]`.
 * Disposing it does not dispose the shared weights; only dispose the base model for that.
 */
export function createActivationsModel(model: tf.LayersModel, layers: readonly LayerSpec[] = MODERN_LAYERS): tf.LayersModel {
  const outputs = layers.map((l) => model.getLayer(l.id).output as tf.SymbolicTensor);
  return tf.model({ inputs: model.inputs, outputs, name: `${model.name}_activations` });
}

/** Number of trainable parameters. */
export function countParams(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((a, w) => a + w.shape.reduce((p: number, d) => p * (d ?? 1), 1), 0);
}

/** What `assertArchitecture` checks a model against. */
export interface ArchitectureSpec {
  readonly name: string;
  readonly inputShape: readonly number[];
  readonly layers: readonly LayerSpec[];
  readonly paramCount: number;
}

/**
 * Checks that `model` has `spec`'s input shape, every layer of `spec.layers` by name with its output
 * shape, and `spec.paramCount` trainable parameters; throws with the first difference found.
 */
export function assertArchitecture(model: tf.LayersModel, spec: ArchitectureSpec): void {
  const inShape = model.inputs[0]?.shape.slice(1);
  if (JSON.stringify(inShape) !== JSON.stringify(spec.inputShape)) {
    throw new Error(`model input is ${JSON.stringify(inShape)}, expected ${JSON.stringify(spec.inputShape)} (${spec.name})`);
  }
  for (const l of spec.layers) {
    let layer: tf.layers.Layer;
    try {
      layer = model.getLayer(l.id);
    } catch {
      throw new Error(`model has no layer "${l.id}" (${l.label})`);
    }
    const shape = (layer.outputShape as number[]).slice(1);
    if (JSON.stringify(shape) !== JSON.stringify(l.shape)) {
      throw new Error(`layer ${l.label} outputs ${JSON.stringify(shape)}, expected ${JSON.stringify(l.shape)}`);
    }
  }
  const params = countParams(model);
  if (params !== spec.paramCount) throw new Error(`model has ${params} parameters, expected ${spec.paramCount} (${spec.name})`);
}

/**
 * Checks that a loaded model has the modern LeNet-5's architecture (layer names and output shapes,
 * parameter count); throws with the first difference found.
 */
export function assertModernArchitecture(model: tf.LayersModel): void {
  assertArchitecture(model, {
    name: 'modern LeNet-5',
    inputShape: MODERN_INPUT_SHAPE,
    layers: MODERN_LAYERS,
    paramCount: MODERN_PARAM_COUNT,
  });
}
