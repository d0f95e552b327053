/**
 * The places a model for the lab can come from: the shipped files of a variant, the user's model
 * saved in this browser, or files the user imports. Each is read as plain artifacts (topology,
 * weight manifest, bytes) and checked against the variant's spec (`import-check.ts`) *before* tfjs
 * builds anything, so a hostile or stale file is refused without allocating a tensor. A saved
 * model that no longer opens is set aside (kept, exportable) and the shipped model is used instead.
 */
import * as tf from '@tensorflow/tfjs';
import { variantSpec, type Variant } from '../../shared/model/variants.ts';
import {
  checkModel,
  checkModelJson,
  checkWeights,
  ImportError,
  MAX_MODEL_JSON_BYTES,
  type CheckedModel,
} from '../../shared/model/import-check.ts';
import { readSavedMeta, setAsideModelUrl, userModelUrl, type CheckedMeta } from '../../shared/model/storage.ts';
import type { ModelMetrics } from '../../shared/model/metrics.ts';
import { assetUrl } from '../env.ts';
import { downloadArtifacts } from './download.ts';

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
  /** What the user should know about this model: metadata dropped, a saved model set aside. */
  readonly notices: readonly string[];
}

/** A saved model that could not be opened and was moved aside (see `setAsideModelUrl`). */
export interface SetAsideModel {
  readonly variant: Variant;
  readonly reason: string;
  readonly at: string;
}

/** Metadata written on a set-aside copy; the model's own metadata is kept under `original`. */
interface SetAsideMeta {
  readonly app: 'lenet-lab-set-aside';
  readonly reason: string;
  readonly at: string;
  readonly original: unknown;
}

const isSetAsideMeta = (x: unknown): x is SetAsideMeta =>
  typeof x === 'object' && x !== null && (x as Partial<SetAsideMeta>).app === 'lenet-lab-set-aside';

export function accuracyOf(meta: CheckedMeta): Accuracy | null {
  if (meta.testAccuracy !== undefined) return { value: meta.testAccuracy, on: 'test' };
  return meta.valAccuracy !== undefined ? { value: meta.valAccuracy, on: 'validation' } : null;
}

const byteLength = (data: tf.io.WeightData | undefined): number =>
  data === undefined ? 0 : Array.isArray(data) ? data.reduce((a, b) => a + b.byteLength, 0) : data.byteLength;

/**
 * Builds a checked model from its checked artifacts; the weights' byte count is checked first.
 * A model that still fails the architecture check is disposed before the error is thrown.
 */
async function build(checked: CheckedModel, weightData: tf.io.WeightData | undefined): Promise<tf.LayersModel> {
  checkWeights(checked, byteLength(weightData));
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: checked.modelTopology,
      weightSpecs: checked.weightSpecs.map((s) => ({ ...s, shape: [...s.shape] })),
      weightData: tf.io.concatenateArrayBuffers(weightData ?? new ArrayBuffer(0)),
    }),
  );
  try {
    variantSpec(checked.variant).assertArchitecture(model);
    return model;
  } catch (e) {
    model.dispose();
    throw new ImportError(`not a ${checked.variant} LeNet-5: ${(e as Error).message}`);
  }
}

/** Reads stored artifacts without building anything (null when there are none or storage is unavailable). */
async function readStored(url: string): Promise<tf.io.ModelArtifacts | null> {
  try {
    const listed = await tf.io.listModels();
    if (!(url in listed)) return null;
    const handler = tf.io.getLoadHandlers(url)[0];
    return handler?.load ? await handler.load() : null;
  } catch {
    return null;
  }
}

async function openShipped(variant: Variant): Promise<OpenedModel> {
  const path = `models/${variant}/model.json`;
  let model: tf.LayersModel;
  try {
    const handler = tf.io.http(assetUrl(path));
    if (!handler.load) throw new Error('no HTTP loader');
    const artifacts = await handler.load();
    model = await build(checkModel(artifacts.modelTopology, artifacts.weightSpecs, variant), artifacts.weightData);
  } catch (e) {
    throw new Error(`could not load ${path}: ${(e as Error).message}`);
  }
  let metrics: ModelMetrics | undefined;
  try {
    const res = await fetch(assetUrl(`models/${variant}/metrics.json`));
    const m: unknown = res.ok ? await res.json() : null;
    const acc = typeof m === 'object' && m !== null ? (m as { testAccuracy?: unknown }).testAccuracy : undefined;
    if (typeof acc === 'number' && acc >= 0 && acc <= 1) metrics = m as ModelMetrics;
  } catch {
    /* the metrics are a nicety; the model works without them */
  }
  return {
    model,
    variant,
    kind: 'shipped',
    label: `shipped ${variant}`,
    accuracy: metrics ? { value: metrics.testAccuracy, on: 'test' } : null,
    ...(metrics ? { metrics } : {}),
    notices: [],
  };
}

/** Moves the saved model of `variant` aside (kept in this browser, exportable), with the reason. */
async function setAside(variant: Variant, artifacts: tf.io.ModelArtifacts, reason: string): Promise<void> {
  const meta: SetAsideMeta = {
    app: 'lenet-lab-set-aside',
    reason,
    at: new Date().toISOString(),
    original: artifacts.userDefinedMetadata ?? null,
  };
  try {
    const handler = tf.io.getSaveHandlers(setAsideModelUrl(variant))[0];
    if (!handler?.save) return;
    await handler.save({ ...artifacts, userDefinedMetadata: meta as unknown as Record<string, object> });
    await tf.io.removeModel(userModelUrl(variant));
  } catch (e) {
    console.error('LeNet Lab: could not set the saved model aside', e);
  }
}

/** Thrown when the saved model exists but does not open; it has been set aside. */
export class SetAsideError extends Error {
  override name = 'SetAsideError';
}

/**
 * The user's saved model of `variant`, or null if there is none (or storage is unavailable). One
 * that fails its checks is set aside and a `SetAsideError` says why.
 */
export async function openSaved(variant: Variant): Promise<OpenedModel | null> {
  const artifacts = await readStored(userModelUrl(variant));
  if (!artifacts) return null;
  let model: tf.LayersModel;
  try {
    model = await build(checkModel(artifacts.modelTopology, artifacts.weightSpecs, variant), artifacts.weightData);
  } catch (e) {
    const reason = (e as Error).message;
    await setAside(variant, artifacts, reason);
    throw new SetAsideError(`your saved ${variant} model could not be opened (${reason}); it was set aside in this browser`);
  }
  const { meta, notices } = readSavedMeta(artifacts.userDefinedMetadata);
  return {
    model,
    variant,
    kind: 'saved',
    label: `your saved ${variant}`,
    accuracy: accuracyOf(meta),
    ...(meta.savedAt ? { savedAt: meta.savedAt } : {}),
    notices: notices.map((n) => `Your saved ${variant} model: ${n}.`),
  };
}

async function openImported(files: readonly File[]): Promise<OpenedModel> {
  const json = files.find((f) => f.name.endsWith('.json'));
  const bins = files.filter((f) => !f.name.endsWith('.json'));
  if (!json) throw new ImportError('choose the model.json file together with its weights file');
  if (bins.length !== 1) throw new ImportError(`choose model.json and exactly one weights file (got ${bins.length})`);
  const weightsFile = bins[0]!;
  const checked = checkModelJson(json.size > MAX_MODEL_JSON_BYTES ? '' : await json.text(), json.size);
  checkWeights(checked, weightsFile.size);
  const model = await build(checked, await weightsFile.arrayBuffer());
  const { meta, notices } = readSavedMeta(checked.userDefinedMetadata);
  return {
    model,
    variant: checked.variant,
    kind: 'imported',
    label: `imported ${checked.variant} (${json.name})`,
    accuracy: accuracyOf(meta),
    notices: notices.map((n) => `The imported model: ${n}.`),
  };
}

/** Opens a model from `source`; `auto` is the saved model of the variant if it opens, else the shipped one. */
export async function openModel(source: Exclude<ModelSource, { kind: 'trained' }>): Promise<OpenedModel> {
  switch (source.kind) {
    case 'auto': {
      try {
        const saved = await openSaved(source.variant);
        if (saved) return saved;
      } catch (e) {
        if (!(e instanceof SetAsideError)) throw e;
        const shipped = await openShipped(source.variant);
        return { ...shipped, notices: [`${e.message[0]?.toUpperCase() ?? ''}${e.message.slice(1)}; the shipped model is in use.`] };
      }
      return openShipped(source.variant);
    }
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

/** The set-aside saved model of `variant`, if there is one. */
export async function findSetAside(variant: Variant): Promise<SetAsideModel | null> {
  const artifacts = await readStored(setAsideModelUrl(variant));
  if (!artifacts) return null;
  const m = artifacts.userDefinedMetadata;
  return isSetAsideMeta(m) ? { variant, reason: String(m.reason), at: String(m.at) } : { variant, reason: 'unknown', at: '' };
}

/** Downloads the set-aside model of `variant` as it was saved (its own metadata restored). */
export async function exportSetAside(variant: Variant): Promise<void> {
  const artifacts = await readStored(setAsideModelUrl(variant));
  if (!artifacts) throw new Error(`there is no set-aside ${variant} model`);
  const m = artifacts.userDefinedMetadata;
  const original = isSetAsideMeta(m) ? m.original : null;
  const { userDefinedMetadata: _drop, ...rest } = artifacts;
  void _drop;
  downloadArtifacts(
    { ...rest, ...(typeof original === 'object' && original !== null ? { userDefinedMetadata: original as Record<string, object> } : {}) },
    `lenet-lab-${variant}-set-aside`,
  );
}

/** Deletes the set-aside model of `variant`. */
export async function discardSetAside(variant: Variant): Promise<void> {
  await tf.io.removeModel(setAsideModelUrl(variant));
}
