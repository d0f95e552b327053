/**
 * The worker's copy of the lab's model. The UI owns the model in use (`ui/inference/lab-model.ts`)
 * and hands it over with `load-weights` whenever it changes; a training run trains this copy and
 * streams its weights back. Evaluation and checkpoints read it. Between runs it always holds the
 * weights the UI shows as "In use".
 */
import type * as tf from '@tensorflow/tfjs';
import { variantSpec, type Variant } from '../shared/model/variants.ts';
import { restoreWeights, snapshotWeights } from '../shared/train/core.ts';
import type { WeightsSnapshot } from '../shared/protocol.ts';
import { post } from './port.ts';

let model: tf.LayersModel | null = null;
let variant: Variant = 'modern';
let lastSent = 0;

export const labModel = (): { model: tf.LayersModel; variant: Variant } | null => (model ? { model, variant } : null);

function replace(next: tf.LayersModel | null, v: Variant): void {
  try {
    model?.dispose();
  } catch {
    /* its textures went with a lost WebGL context */
  }
  model = next;
  variant = v;
}

/** Takes over the lab's model (after a load, restore, import or reset in the UI). */
export function adoptWeights(snapshot: WeightsSnapshot, v: Variant): void {
  if (!model || variant !== v) replace(variantSpec(v).create(), v);
  restoreWeights(
    model!,
    snapshot.buffers.map((b) => new Float32Array(b)),
  );
}

/** The model a new run trains: fresh random weights (seeded), or the lab's model to fine-tune. */
export function modelForRun(v: Variant, init: 'fresh' | 'continue', seed: number): tf.LayersModel {
  if (!model || variant !== v || init === 'fresh') replace(variantSpec(v).create(seed), v);
  return model!;
}

/** Rebuilds the model on the current backend from plain weights (after a lost WebGL context). */
export function rebuildFrom(weights: readonly Float32Array[]): tf.LayersModel {
  replace(variantSpec(variant).create(), variant);
  restoreWeights(model!, weights);
  return model!;
}

/** Rebuilds the lab's model on the backend tfjs uses now (after the probe moved training). */
export function rehomeLabModel(): void {
  if (!model) return;
  // Reading works across backends: each tensor's data is read from the backend that holds it.
  const weights = snapshotWeights(model);
  rebuildFrom(weights);
}

/** Sends the model's weights to the UI (transferred), which shows them as the model in use. */
export function sendWeights(): void {
  if (!model) return;
  const buffers = snapshotWeights(model).map((v) => v.buffer as ArrayBuffer);
  post({ type: 'weights', snapshot: { buffers, shapes: model.getWeights().map((w) => w.shape) } }, buffers);
  lastSent = performance.now();
}

/** Sends the weights if the last snapshot is older than `everyMs`. */
export function sendWeightsEvery(everyMs: number): void {
  if (performance.now() - lastSent >= everyMs) sendWeights();
}
