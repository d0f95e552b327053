/**
 * Checks a tfjs layers model (`model.json` + weights, or the same artifacts read from IndexedDB) as
 * plain data, against a static spec of each LeNet-5 variant, before tfjs builds anything from it:
 * size limits, JSON shape, every layer's class, settings and wiring, the weight manifest (names,
 * order, shapes, dtypes) and that the weights hold exactly the bytes it describes. Nothing in the
 * file is evaluated, and nothing the spec does not allow reaches `tf.loadLayersModel`, so a hostile
 * file cannot make tfjs allocate (a 10⁶-unit layer, 22,000 weights) or compute garbage (a
 * reordered manifest, a duplicate weight, a `linear` output).
 */
import type { Variant } from './variants.ts';
import { isPlainObject, jsonEqual, MODEL_RULES, type Json, type ModelRule } from './import-rules.ts';

export { MODEL_RULES };

/** Largest model.json accepted (the real one is ~4 KB). */
export const MAX_MODEL_JSON_BYTES = 1_000_000;
/** Largest weights file accepted (LeNet-5's is ~247 KB). */
export const MAX_WEIGHTS_BYTES = 5_000_000;

export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32';
}

export interface CheckedModel {
  readonly variant: Variant;
  /** The topology as given (checked against the spec; plain JSON data). */
  readonly modelTopology: object;
  /** The manifest, in the variant's order, rebuilt from the spec (no property of the file's entries survives). */
  readonly weightSpecs: readonly WeightSpec[];
  readonly weightBytes: number;
  /** As given: check it with `readSavedMeta` (storage.ts) before using any of it. */
  readonly userDefinedMetadata?: unknown;
}

export class ImportError extends Error {
  override name = 'ImportError';
}

const show = (v: Json): string => {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(typeof v);
  } catch {
    s = typeof v;
  }
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
};

/** Throws at the first way `topology` differs from `rule`. */
function checkTopology(topology: Json, rule: ModelRule): void {
  const fail = (why: string): never => {
    throw new ImportError(`not a ${rule.label}: ${why}`);
  };
  if (!isPlainObject(topology)) return fail('"modelTopology" is not an object');
  for (const k of Object.keys(topology)) {
    if (k === 'class_name' || k === 'config') continue;
    if ((k === 'keras_version' || k === 'backend') && typeof topology[k] === 'string') continue;
    fail(`unexpected "modelTopology.${k}"`);
  }
  if (topology['class_name'] !== 'Model') fail(`the model class is ${show(topology['class_name'])}, expected "Model"`);
  const config = topology['config'];
  if (!isPlainObject(config)) return fail('the topology has no "config"');
  for (const k of Object.keys(config)) {
    if (k !== 'name' && k !== 'layers' && k !== 'input_layers' && k !== 'output_layers') fail(`unexpected model setting "${k}"`);
  }
  if (typeof config['name'] !== 'string') fail('the model has no name');
  const layers = config['layers'];
  if (!Array.isArray(layers)) return fail('the topology lists no layers');
  if (layers.length !== rule.layers.length) fail(`${layers.length} layers, expected ${rule.layers.length}`);
  if (!jsonEqual(config['input_layers'], [['input', 0, 0]])) fail(`inputs are ${show(config['input_layers'])}`);
  if (!jsonEqual(config['output_layers'], [['output', 0, 0]])) fail(`outputs are ${show(config['output_layers'])}`);
  rule.layers.forEach((r, i) => {
    const layer: Json = layers[i];
    if (!isPlainObject(layer)) return fail(`layer ${i + 1} is not an object`);
    const where = `layer ${i + 1} ("${r.name}")`;
    for (const k of Object.keys(layer)) {
      if (k !== 'name' && k !== 'class_name' && k !== 'config' && k !== 'inbound_nodes') fail(`${where} has an unexpected "${k}"`);
    }
    if (layer['name'] !== r.name) fail(`layer ${i + 1} is ${show(layer['name'])}, expected "${r.name}"`);
    if (layer['class_name'] !== r.className) fail(`${where} is a ${show(layer['class_name'])}, expected a ${r.className}`);
    const inbound = i === 0 ? [] : [[[rule.layers[i - 1]!.name, 0, 0, {}]]];
    if (!jsonEqual(layer['inbound_nodes'], inbound)) fail(`${where} is wired to ${show(layer['inbound_nodes'])}`);
    const c = layer['config'];
    if (!isPlainObject(c)) return fail(`${where} has no settings`);
    for (const [k, v] of Object.entries(c)) {
      if (k === 'name') {
        if (v !== r.name) fail(`${where} is named ${show(v)} in its settings`);
      } else if (k === 'trainable') {
        if (typeof v !== 'boolean') fail(`${where} has "trainable": ${show(v)}`);
      } else if (Object.hasOwn(r.fixed, k)) {
        if (!jsonEqual(v, r.fixed[k])) fail(`${where} has "${k}": ${show(v)}, expected ${show(r.fixed[k])}`);
      } else if (r.free && Object.hasOwn(r.free, k)) {
        if (!r.free[k]!(v)) fail(`${where} has an unexpected "${k}": ${show(v)}`);
      } else fail(`${where} has an unexpected setting "${k}"`);
    }
    for (const k of Object.keys(r.fixed)) if (!Object.hasOwn(c, k)) fail(`${where} does not say its "${k}"`);
  });
}

/** Throws unless `entries` is exactly the rule's weights, in its order, all float32. */
function checkManifest(entries: readonly Json[], rule: ModelRule): void {
  const fail = (why: string): never => {
    throw new ImportError(`the weights manifest is not a ${rule.label}'s: ${why}`);
  };
  const names = new Set<string>();
  entries.forEach((e, i) => {
    if (!isPlainObject(e)) return fail(`entry ${i + 1} is not an object`);
    const name = e['name'];
    if (typeof name !== 'string') return fail(`entry ${i + 1} has no name`);
    if (names.has(name)) fail(`"${name}" is listed twice`);
    names.add(name);
  });
  if (entries.length !== rule.weights.length) fail(`it lists ${entries.length} weights, expected ${rule.weights.length}`);
  rule.weights.forEach((want, i) => {
    const e = entries[i] as Record<string, Json>;
    if (e['name'] !== want.name) {
      fail(
        names.has(want.name)
          ? `weight ${i + 1} is "${String(e['name'])}", expected "${want.name}" (the order differs, so the bytes would land in the wrong weights)`
          : `it has no "${want.name}"`,
      );
    }
    for (const k of Object.keys(e)) if (k !== 'name' && k !== 'shape' && k !== 'dtype') fail(`"${want.name}" has an unexpected "${k}"`);
    if (!jsonEqual(e['shape'], want.shape)) fail(`"${want.name}" has shape ${show(e['shape'])}, expected ${show(want.shape)}`);
    if (!Object.hasOwn(e, 'dtype') || e['dtype'] !== 'float32') fail(`"${want.name}" has dtype ${show(e['dtype'])}, expected "float32"`);
  });
}

/** The variant a topology claims to be, by its input size (28 → modern, 32 → classic). */
function claimedVariant(topology: Json): Variant {
  const layers = isPlainObject(topology) && isPlainObject(topology['config']) ? topology['config']['layers'] : null;
  const first: Json = Array.isArray(layers) ? layers[0] : null;
  const shape = isPlainObject(first) && isPlainObject(first['config']) ? first['config']['batch_input_shape'] : null;
  return Array.isArray(shape) && shape[1] === 32 ? 'classic' : 'modern';
}

/**
 * Checks model artifacts (topology and a flat weight manifest) against `variant`'s spec, or against
 * the variant the topology claims (by its input size) when `variant` is not given.
 */
export function checkModel(modelTopology: Json, weightSpecs: Json, variant?: Variant, userDefinedMetadata?: Json): CheckedModel {
  const rule = MODEL_RULES[variant ?? claimedVariant(modelTopology)];
  if (!Array.isArray(weightSpecs)) throw new ImportError('the model lists no weights');
  // Counted first: a manifest of 22,000 entries is refused without looking at each one.
  if (weightSpecs.length > rule.weights.length * 4) {
    throw new ImportError(`the weights manifest lists ${weightSpecs.length} weights; a ${rule.label} has ${rule.weights.length}`);
  }
  checkTopology(modelTopology, rule);
  checkManifest(weightSpecs, rule);
  const specs: WeightSpec[] = rule.weights.map((x) => ({ name: x.name, shape: [...x.shape], dtype: 'float32' }));
  return {
    variant: rule.variant,
    modelTopology: modelTopology as object,
    weightSpecs: specs,
    weightBytes: specs.reduce((a, s) => a + s.shape.reduce((p, d) => p * d, 1) * 4, 0),
    ...(userDefinedMetadata === undefined ? {} : { userDefinedMetadata }),
  };
}

/** Parses and checks `model.json` text (see `checkModel`); returns the checked model and its expected weight bytes. */
export function checkModelJson(text: string, sizeBytes: number, variant?: Variant): CheckedModel {
  if (sizeBytes > MAX_MODEL_JSON_BYTES) {
    throw new ImportError(
      `model.json is ${(sizeBytes / 1e6).toFixed(1)} MB; a LeNet-5 model.json is a few KB (limit ${MAX_MODEL_JSON_BYTES / 1e6} MB)`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ImportError('model.json is not valid JSON');
  }
  if (!isPlainObject(json)) throw new ImportError('model.json is not a JSON object');
  if (typeof json['modelTopology'] !== 'object' || json['modelTopology'] === null) {
    throw new ImportError('model.json is not a TensorFlow.js layers model (no "modelTopology")');
  }
  if (json['format'] !== undefined && json['format'] !== 'layers-model') {
    throw new ImportError(`model.json has format ${show(json['format'])}, expected "layers-model"`);
  }
  const manifest = json['weightsManifest'];
  if (!Array.isArray(manifest) || manifest.length === 0) throw new ImportError('model.json has no "weightsManifest"');
  const entries: Json[] = [];
  for (const group of manifest as Json[]) {
    const weights = isPlainObject(group) ? group['weights'] : undefined;
    if (!Array.isArray(weights)) throw new ImportError('model.json has a weights group without "weights"');
    if (entries.length + weights.length > 1000) throw new ImportError(`model.json lists more than 1000 weights`);
    entries.push(...(weights as Json[]));
  }
  return checkModel(json['modelTopology'], entries, variant, json['userDefinedMetadata']);
}

/** Checks the weights' size against what the model describes. */
export function checkWeights(checked: Pick<CheckedModel, 'weightBytes'>, weightsBytes: number): void {
  if (weightsBytes > MAX_WEIGHTS_BYTES) {
    throw new ImportError(
      `the weights file is ${(weightsBytes / 1e6).toFixed(1)} MB; LeNet-5's is about 0.25 MB (limit ${MAX_WEIGHTS_BYTES / 1e6} MB)`,
    );
  }
  if (weightsBytes !== checked.weightBytes) {
    throw new ImportError(
      `the weights file has ${weightsBytes} bytes but model.json describes ${checked.weightBytes}: wrong or damaged weights`,
    );
  }
}
