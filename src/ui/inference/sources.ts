/**
 * The places a model for the lab can come from: the shipped files, the user's model saved in this
 * browser, or files the user imports. Each opens to a checked LeNet-5 plus what we know of its
 * accuracy. Imported files are checked as data first (size, JSON, weight bytes), then by architecture.
 */
import * as tf from '@tensorflow/tfjs';
import { assertModernArchitecture } from '../../shared/model/lenet.ts';
import { checkModelJson, checkWeights, ImportError } from '../../shared/model/import-check.ts';
import { isSavedModelMeta, userModelUrl, type SavedModelMeta } from '../../shared/model/storage.ts';
import type { ModelMetrics } from '../../shared/model/metrics.ts';
import { assetUrl } from '../env.ts';

export type ModelSource =
  { kind: 'auto' } | { kind: 'shipped' } | { kind: 'saved' } | { kind: 'imported'; files: readonly File[] } | { kind: 'trained' };

export interface Accuracy {
  readonly value: number;
  readonly on: 'test' | 'validation';
}

export interface OpenedModel {
  readonly model: tf.LayersModel;
  readonly kind: Exclude<ModelSource['kind'], 'auto'>;
  readonly label: string;
  readonly accuracy: Accuracy | null;
  readonly savedAt?: string;
}

const SHIPPED_MODEL = 'models/modern/model.json';
const SHIPPED_METRICS = 'models/modern/metrics.json';

function checked(model: tf.LayersModel, what: string): tf.LayersModel {
  try {
    assertModernArchitecture(model);
    return model;
  } catch (e) {
    model.dispose();
    throw new Error(`${what} is not a modern LeNet-5: ${(e as Error).message}`);
  }
}

export function accuracyOf(meta: SavedModelMeta): Accuracy | null {
  if (meta.testAccuracy !== undefined) return { value: meta.testAccuracy, on: 'test' };
  const last = meta.epochs[meta.epochs.length - 1];
  return last ? { value: last.valAccuracy, on: 'validation' } : null;
}

async function openShipped(): Promise<OpenedModel> {
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(assetUrl(SHIPPED_MODEL));
  } catch (e) {
    throw new Error(`could not load ${SHIPPED_MODEL}: ${(e as Error).message}`);
  }
  let accuracy: Accuracy | null = null;
  try {
    const res = await fetch(assetUrl(SHIPPED_METRICS));
    if (res.ok) accuracy = { value: ((await res.json()) as ModelMetrics).testAccuracy, on: 'test' };
  } catch {
    /* the metrics are a nicety; the model works without them */
  }
  return { model: checked(model, 'the shipped model file'), kind: 'shipped', label: 'shipped modern', accuracy };
}

/** The user's saved model, or null if there is none (or storage is unavailable). */
export async function openSaved(): Promise<OpenedModel | null> {
  let model: tf.LayersModel;
  try {
    const listed = await tf.io.listModels();
    if (!(userModelUrl('modern') in listed)) return null;
    model = await tf.loadLayersModel(userModelUrl('modern'));
  } catch {
    return null;
  }
  const meta = model.getUserDefinedMetadata();
  const m = isSavedModelMeta(meta) ? meta : null;
  return {
    model: checked(model, 'the saved model'),
    kind: 'saved',
    label: 'your saved',
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
  const meta = spec.userDefinedMetadata;
  return {
    model: checked(model, 'the imported model'),
    kind: 'imported',
    label: `imported (${json.name})`,
    accuracy: isSavedModelMeta(meta) ? accuracyOf(meta) : null,
  };
}

/** Opens a model from `source`; `auto` is the saved model if there is one, else the shipped one. */
export async function openModel(source: Exclude<ModelSource, { kind: 'trained' }>): Promise<OpenedModel> {
  switch (source.kind) {
    case 'auto':
      return (await openSaved()) ?? openShipped();
    case 'shipped':
      return openShipped();
    case 'saved': {
      const saved = await openSaved();
      if (!saved) throw new Error('there is no saved model in this browser');
      return saved;
    }
    case 'imported':
      return openImported(source.files);
  }
}
