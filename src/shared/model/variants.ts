/**
 * The two LeNet-5 variants side by side: one lookup, so code switches on `Variant` and never on
 * layer-name strings. See /shared/LENET5.md for what each is.
 */
import type * as tf from '@tensorflow/tfjs';
import {
  MODERN_INPUT_SHAPE,
  MODERN_LAYERS,
  MODERN_PARAM_COUNT,
  assertModernArchitecture,
  createModernLeNet,
  type LayerSpec,
} from './lenet.ts';
import { CLASSIC_INPUT_SHAPE, CLASSIC_LAYERS, CLASSIC_PARAM_COUNT, assertClassicArchitecture, createClassicLeNet } from './classic.ts';
import type { InputFormat } from '../preprocess/input-format.ts';
import type { Readout } from './readout.ts';

/** `modern`: the Keras-style ReLU/softmax net; `classic`: the 1998 paper's tanh/RBF net. */
export type Variant = 'modern' | 'classic';

export const VARIANTS: readonly Variant[] = ['modern', 'classic'];

export interface VariantSpec {
  readonly variant: Variant;
  /** Human name, e.g. "classic LeNet-5 (1998)". */
  readonly label: string;
  /** Every inspectable layer, in order, with output shapes. */
  readonly layers: readonly LayerSpec[];
  /** Model input shape without the batch dimension. */
  readonly inputShape: readonly number[];
  /** How a 28x28 [0,1] digit becomes the model's input (see `toModelInput`, `writeInput`). */
  readonly inputFormat: InputFormat;
  /** The input as the lab's panels describe it. */
  readonly inputLabel: string;
  readonly paramCount: number;
  /** What the 10 outputs are: probabilities (`argmax`) or RBF distances (`argmin`). */
  readonly readout: Readout;
  /** Training loss the variant uses unless told otherwise (see `train/losses.ts`). */
  readonly defaultLoss: 'crossEntropy' | 'map';
  readonly create: (seed?: number) => tf.LayersModel;
  /** Throws if `model` is not this variant. */
  readonly assertArchitecture: (model: tf.LayersModel) => void;
}

const SPECS: Readonly<Record<Variant, VariantSpec>> = {
  modern: {
    variant: 'modern',
    label: 'modern LeNet-5 (ReLU, softmax)',
    layers: MODERN_LAYERS,
    inputShape: MODERN_INPUT_SHAPE,
    inputFormat: 'mnist28',
    inputLabel: '28×28',
    paramCount: MODERN_PARAM_COUNT,
    readout: 'argmax',
    defaultLoss: 'crossEntropy',
    create: createModernLeNet,
    assertArchitecture: assertModernArchitecture,
  },
  classic: {
    variant: 'classic',
    label: 'classic LeNet-5 (1998: tanh, RBF output)',
    layers: CLASSIC_LAYERS,
    inputShape: CLASSIC_INPUT_SHAPE,
    inputFormat: 'classic32',
    inputLabel: '32×32 (padded, −0.1…1.175)',
    paramCount: CLASSIC_PARAM_COUNT,
    readout: 'argmin',
    defaultLoss: 'map',
    create: createClassicLeNet,
    assertArchitecture: assertClassicArchitecture,
  },
};

/** Everything that differs between the variants. */
export function variantSpec(variant: Variant): VariantSpec {
  return SPECS[variant];
}

export function isVariant(x: unknown): x is Variant {
  return x === 'modern' || x === 'classic';
}
