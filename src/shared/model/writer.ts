/**
 * The one model writer: a tfjs LayersModel (or its artifacts) as the text of `model.json` and the
 * bytes of its weights file — the layout `tf.loadLayersModel` and the lab's importer read.
 * `npm run train` writes them to `public/models/<variant>/`; the page's Export downloads them.
 */
import * as tf from '@tensorflow/tfjs';

export interface ModelFiles {
  /** `model.json`: topology, weights manifest (pointing at `weightsPath`), user metadata if any. */
  readonly json: string;
  /** The weights, float32, in the manifest's order. */
  readonly weights: ArrayBuffer;
}

/** Model artifacts (from a save handler, or read from storage) as files; the manifest names the weights `weightsPath`. */
export function artifactsFiles(a: tf.io.ModelArtifacts, weightsPath: string): ModelFiles {
  const json = {
    modelTopology: a.modelTopology,
    format: 'layers-model',
    generatedBy: a.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: a.convertedBy ?? null,
    weightsManifest: [{ paths: [weightsPath], weights: a.weightSpecs ?? [] }],
    ...(a.userDefinedMetadata ? { userDefinedMetadata: a.userDefinedMetadata } : {}),
  };
  const data = a.weightData;
  return { json: JSON.stringify(json), weights: Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : (data ?? new ArrayBuffer(0)) };
}

/** Serializes `model`; the manifest names its weights file `weightsPath` (relative to model.json). */
export async function modelFiles(model: tf.LayersModel, weightsPath: string): Promise<ModelFiles> {
  let files: ModelFiles | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      files = artifactsFiles(a, weightsPath);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!files) throw new Error('the model could not be serialized');
  return files;
}
