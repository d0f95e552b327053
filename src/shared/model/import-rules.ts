/**
 * What a model file must say to be imported (`import-check.ts` checks it): each LeNet-5 variant's
 * layers (class, fixed settings, the settings that may vary and their checks) and its weight
 * manifest, as plain data.
 */
import type { Variant } from './variants.ts';
import { C3_TABLE } from './table1.ts';

export type Json = unknown;
type Check = (v: Json) => boolean;

interface LayerRule {
  readonly name: string;
  readonly className: string;
  /** Settings that must equal these values (deep equality of JSON). */
  readonly fixed: Readonly<Record<string, Json>>;
  /** Settings that may vary (initial-weight seeds, initializers…), each with its own check. */
  readonly free?: Readonly<Record<string, Check>>;
}

export interface ModelRule {
  readonly variant: Variant;
  readonly label: string;
  readonly layers: readonly LayerRule[];
  readonly weights: readonly { readonly name: string; readonly shape: readonly number[] }[];
}

export const isPlainObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Deep equality of JSON data (own keys only; arrays by position). */
export function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** tfjs initializers that only draw numbers for the (fixed) weight shapes: cheap whatever their settings. */
const INITIALIZERS = new Set([
  'Zeros',
  'Ones',
  'Constant',
  'RandomUniform',
  'RandomNormal',
  'TruncatedNormal',
  'VarianceScaling',
  'GlorotUniform',
  'GlorotNormal',
  'HeUniform',
  'HeNormal',
  'LeCunUniform',
  'LeCunNormal',
]);
const isSmallValue = (v: Json): boolean => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
const isInitializer: Check = (v) =>
  isPlainObject(v) &&
  Object.keys(v).every((k) => k === 'class_name' || k === 'config') &&
  typeof v['class_name'] === 'string' &&
  INITIALIZERS.has(v['class_name']) &&
  isPlainObject(v['config']) &&
  Object.values(v['config']).every(isSmallValue);
const isNull: Check = (v) => v === null;
const isSeed: Check = (v) => v === null || (typeof v === 'number' && Number.isSafeInteger(v));

const KERAS_WEIGHTED: Readonly<Record<string, Check>> = {
  kernel_initializer: isInitializer,
  bias_initializer: isInitializer,
  kernel_regularizer: isNull,
  bias_regularizer: isNull,
  activity_regularizer: isNull,
  kernel_constraint: isNull,
  bias_constraint: isNull,
};

const inputRule = (size: number): LayerRule => ({
  name: 'input',
  className: 'InputLayer',
  fixed: { batch_input_shape: [null, size, size, 1], dtype: 'float32', sparse: false },
});
const conv2d = (name: string, filters: number, padding: 'same' | 'valid'): LayerRule => ({
  name,
  className: 'Conv2D',
  fixed: {
    filters,
    kernel_size: [5, 5],
    strides: [1, 1],
    padding,
    data_format: 'channels_last',
    dilation_rate: [1, 1],
    activation: 'relu',
    use_bias: true,
  },
  free: KERAS_WEIGHTED,
});
const avgPool = (name: string): LayerRule => ({
  name,
  className: 'AveragePooling2D',
  fixed: { pool_size: [2, 2], padding: 'valid', strides: [2, 2], data_format: 'channels_last' },
});
const flatten: LayerRule = { name: 'flatten', className: 'Flatten', fixed: {} };
const dense = (name: string, units: number, activation: string): LayerRule => ({
  name,
  className: 'Dense',
  fixed: { units, activation, use_bias: true },
  free: KERAS_WEIGHTED,
});
const seeded = (name: string, className: string, fixed: Readonly<Record<string, Json>>): LayerRule => ({
  name,
  className,
  fixed,
  free: { seed: isSeed },
});

/** Table I of the paper, as JSON arrays. */
const C3_TABLE_JSON = C3_TABLE.map((inputs) => [...inputs]);

const w = (name: string, ...shape: number[]) => ({ name, shape });

/** What each variant's `model.json` must say (lenet.ts and classic.ts build these; a test holds them equal). */
export const MODEL_RULES: Readonly<Record<Variant, ModelRule>> = {
  modern: {
    variant: 'modern',
    label: 'modern LeNet-5',
    layers: [
      inputRule(28),
      conv2d('c1', 6, 'same'),
      avgPool('s2'),
      conv2d('c3', 16, 'valid'),
      avgPool('s4'),
      conv2d('c5', 120, 'valid'),
      flatten,
      dense('f6', 84, 'tanh'),
      dense('output', 10, 'softmax'),
    ],
    weights: [
      w('c1/kernel', 5, 5, 1, 6),
      w('c1/bias', 6),
      w('c3/kernel', 5, 5, 6, 16),
      w('c3/bias', 16),
      w('c5/kernel', 5, 5, 16, 120),
      w('c5/bias', 120),
      w('f6/kernel', 120, 84),
      w('f6/bias', 84),
      w('output/kernel', 84, 10),
      w('output/bias', 10),
    ],
  },
  classic: {
    variant: 'classic',
    label: 'classic LeNet-5',
    layers: [
      inputRule(32),
      seeded('c1', 'LeNetConv', { filters: 6, kernel_size: 5, table: null }),
      seeded('s2', 'LeNetSubsampling', {}),
      seeded('c3', 'LeNetConv', { filters: 16, kernel_size: 5, table: C3_TABLE_JSON }),
      seeded('s4', 'LeNetSubsampling', {}),
      seeded('c5', 'LeNetConv', { filters: 120, kernel_size: 5, table: null }),
      flatten,
      seeded('f6', 'LeNetDense', { units: 84 }),
      { name: 'output', className: 'EuclideanRBF', fixed: { units: 10 } },
    ],
    weights: [
      w('c1/kernel', 5, 5, 1, 6),
      w('c1/bias', 6),
      w('s2/coefficient', 6),
      w('s2/bias', 6),
      w('c3/kernel', 5, 5, 60),
      w('c3/bias', 16),
      w('s4/coefficient', 16),
      w('s4/bias', 16),
      w('c5/kernel', 5, 5, 16, 120),
      w('c5/bias', 120),
      w('f6/kernel', 120, 84),
      w('f6/bias', 84),
      w('output/prototypes', 10, 84),
    ],
  },
};
