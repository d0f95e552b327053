/** The shipped models (`public/models/<variant>/`), read from disk in Node: for tests and benchmarks. */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { variantSpec, type Variant } from '../src/shared/model/variants.ts';

/** `dir`: another model folder of the same layout (a candidate written by `npm run train -- --out`). */
export async function loadShippedModel(variant: Variant, dir = join('public', 'models', variant)): Promise<tf.LayersModel> {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  const bin = readFileSync(join(dir, 'weights.bin'));
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((m) => m.weights),
      weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
    }),
  );
  variantSpec(variant).assertArchitecture(model);
  return model;
}
