/**
 * The places a model for the lab can come from: the shipped files of a variant, the user's model
 * saved in this browser, or files the user imports. Each opens to a checked LeNet-5 plus what we
 * know of its accuracy. Imported files are checked as data first (size, JSON, weight bytes), then
 * by architecture (either variant).
 */
import * as tf from '@tensorflow/tfjs';
import { VARIANTS, variantSpec, type Variant } from '../../shared/model/variants.ts';
import { checkModelJson, checkWeights, ImportError } from '../../shared/model/import-check.ts';
import { isSavedModelMeta, userModelUrl, type SavedModelMeta } from '../../shared/model/storage.ts';
import type { ModelMetrics } from '../../shared/model/metrics.ts';
import { assetUrl } from '../env.ts';

export type ModelSource =
  | { kind: 'auto'; variant: Variant }
  | { kind: 'shipped'; variant: Variant }
  | { kind: 'saved'; variant: Variant }
  | { kind: 'imported'; files: readonly File[] }
  | { kind: 'trained' };

export interface Accuracy {
  readonly value: number;
  readonly on: 'test' | 'validation';
}

export interface OpenedModel {
  readonly model: tf.LayersModel;
  readonly variant: Variant;
  readonly kind: Exclude<ModelSource['kind'], 'auto'>;
  readonly label: string;
  readonly accuracy: Accuracy | null;
  readonly metrics?: ModelMetrics;
  readonly savedAt?: string;
}

function checked(model: tf.LayersModel, variant: Variant, what: string): tf.LayersModel {
  try {
    variantSpec(variant).assertArchitecture(model);
    return model;
  } catch (e) {
    model.dispose();
    throw new Error(`${what} is not a ${variant} LeNet-5: ${(e as Error).message}`);
  }
}

export function accuracyOf(meta: SavedModelMeta): Accuracy | null {
  if (meta.testAccuracy !== undefined) return { value: meta.testAccuracy, on: 'test' };
  const last = meta.epochs[meta.epochs.length - 1];
  return last ? { value: last.valAccuracy, on: 'validation' } : null;
}

async function openShipped(variant: Variant): Promise<OpenedModel> {
  const path = `models/${variant}/model.json`;
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(assetUrl(path));
  } catch (e) {
    throw new Error(`could not load ${path}: ${(e as Error).message}`);
  }
  let metrics: ModelMetrics | undefined;
  try {
    const res = await fetch(assetUrl(`models/${variant}/metrics.json`));
    if (res.ok) metrics = (await res.json()) as ModelMetrics;
  } catch {
    /* the metrics are a nicety; the model works without them */
  }
  return {
    model: checked(model, variant, 'the shipped model file'),
    variant,
    kind: 'shipped',
    label: `shipped ${variant}`,
    accuracy: metrics ? { value: metrics.testAccuracy, on: 'test' } : null,
    ...(metrics ? { metrics } : {}),
  };
}

/** The user's saved model of `variant`, or null if there is none (or storage is unavailable). */
export async function openSaved(variant: Variant): Promise<OpenedModel | null> {
  let model: tf.LayersModel;
  try {
    const listed = await tf.io.listModels();
    if (!(userModelUrl(variant) in listed)) return null;
    model = await tf.loadLayersModel(userModelUrl(variant));
  } catch {
    return null;
  }
  const meta = model.getUserDefinedMetadata();
  const m = isSavedModelMeta(meta) ? meta : null;
  return {
    model: checked(model, variant, 'the saved model'),
    variant,
    kind: 'saved',
    label: `your saved ${variant}`,
    accuracy: m ? accuracyOf(m) : null,
    ...(m ? { savedAt: m.savedAt } : {}),
  };
}

async function openImported(files: readonly File[]): Promise<OpenedModel> {
  const json = files.find((f) => f.name.endsWith('.json'));
  const bins = files.filter((f) => !f.name.endsWith('.json'));
  if (!json) throw new ImportError('choose the model.json file together with its weights file');
  if (bins.length !== 1) throw new ImportError(`choose model.json and exactly one weights file (got ${bins.length})`);
  const weightsFile = bins[0]!;
  const spec = checkModelJson(json.size > 1_000_000 ? '' : await json.text(), json.size);
  checkWeights(spec, weightsFile.size);
  const weightData = await weightsFile.arrayBuffer();
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: spec.modelTopology, weightSpecs: spec.weightSpecs as tf.io.WeightsManifestEntry[], weightData }),
    );
  } catch (e) {
    throw new ImportError(`the files do not make a TensorFlow.js model: ${(e as Error).message}`);
  }
  const variant = VARIANTS.find((v) => {
    try {
      variantSpec(v).assertArchitecture(model);
      return true;
    } catch {
      return false;
    }
  });
  if (!variant) {
    model.dispose();
    throw new ImportError('the model is neither the modern nor the classic LeNet-5 (layers or parameter count differ)');
  }
  const meta = spec.userDefinedMetadata;
  return {
    model,
    variant,
    kind: 'imported',
    label: `imported ${variant} (${json.name})`,
    accuracy: isSavedModelMeta(meta) ? accuracyOf(meta) : null,
  };
}

/** Opens a model from `source`; `auto` is the saved model of the variant if there is one, else the shipped one. */
export async function openModel(source: Exclude<ModelSource, { kind: 'trained' }>): Promise<OpenedModel> {
  switch (source.kind) {
    case 'auto':
      return (await openSaved(source.variant)) ?? openShipped(source.variant);
    case 'shipped':
      return openShipped(source.variant);
    case 'saved': {
      const saved = await openSaved(source.variant);
      if (!saved) throw new Error(`there is no saved ${source.variant} model in this browser`);
      return saved;
    }
    case 'imported':
      return openImported(source.files);
  }
}
