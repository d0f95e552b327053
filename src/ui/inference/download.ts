/**
 * Downloads a tfjs model as `<name>.json` + `<name>.weights.bin` (the layout `tf.loadLayersModel`
 * and our importer read). tfjs' own `downloads://` router is not registered in our bundle.
 */
import * as tf from '@tensorflow/tfjs';

function clickDownload(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads model artifacts as `<name>.json` (a layers-model `model.json`) + `<name>.weights.bin`. */
export function downloadArtifacts(artifacts: tf.io.ModelArtifacts, name: string): void {
  const weightsName = `${name}.weights.bin`;
  const json = {
    modelTopology: artifacts.modelTopology,
    format: 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [`./${weightsName}`], weights: artifacts.weightSpecs ?? [] }],
    ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
  };
  clickDownload(new Blob([JSON.stringify(json)], { type: 'application/json' }), `${name}.json`);
  const weights = tf.io.concatenateArrayBuffers(artifacts.weightData ?? new ArrayBuffer(0));
  clickDownload(new Blob([weights], { type: 'application/octet-stream' }), weightsName);
}

export async function downloadModel(model: tf.LayersModel, name: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      downloadArtifacts(artifacts, name);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}
