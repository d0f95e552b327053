/**
 * Downloads a tfjs model as `<name>.json` + `<name>.weights.bin` (the layout `tf.loadLayersModel`
 * and our importer read), written by the shared model writer. tfjs' own `downloads://` router is
 * not registered in our bundle.
 */
import type * as tf from '@tensorflow/tfjs';
import { artifactsFiles, modelFiles, type ModelFiles } from '../../shared/model/writer.ts';

function clickDownload(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function downloadFiles(files: ModelFiles, name: string, weightsName: string): void {
  clickDownload(new Blob([files.json], { type: 'application/json' }), `${name}.json`);
  clickDownload(new Blob([files.weights], { type: 'application/octet-stream' }), weightsName);
}

/** Downloads model artifacts (e.g. a set-aside save) as `<name>.json` + `<name>.weights.bin`. */
export function downloadArtifacts(artifacts: tf.io.ModelArtifacts, name: string): void {
  const weightsName = `${name}.weights.bin`;
  downloadFiles(artifactsFiles(artifacts, `./${weightsName}`), name, weightsName);
}

export async function downloadModel(model: tf.LayersModel, name: string): Promise<void> {
  const weightsName = `${name}.weights.bin`;
  downloadFiles(await modelFiles(model, `./${weightsName}`), name, weightsName);
}
