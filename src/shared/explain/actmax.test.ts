import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '../tf/wasm-kernels.ts';
import '../model/classic.ts';
import { parseIdxImages } from '../mnist/idx.ts';
import type { LayerId } from '../model/lenet.ts';
import type { Variant } from '../model/variants.ts';
import { maximiseUnit, unitDrive, unitResponse } from './actmax.ts';
import { PIXELS, SIDE } from './scorer.ts';

async function shipped(variant: Variant): Promise<tf.LayersModel> {
  const json = JSON.parse(readFileSync(`public/models/${variant}/model.json`, 'utf8')) as {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  const bin = readFileSync(`public/models/${variant}/weights.bin`);
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  return tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData }),
  );
}

/** 40 MNIST test images, spread over the set, `[40*784]` in [0, 1]. */
function someTestImages(): Float32Array {
  const images = parseIdxImages('test-images', gunzipSync(readFileSync('public/data/mnist/test-images.idx3.gzbin')));
  const out = new Float32Array(40 * PIXELS);
  for (let k = 0; k < 40; k++) {
    const i = (k * 2477) % images.count;
    for (let p = 0; p < PIXELS; p++) out[k * PIXELS + p] = images.pixels[i * PIXELS + p]! / 255;
  }
  return out;
}

describe.each<Variant>(['modern', 'classic'])('activation maximisation on the shipped %s net', (variant) => {
  let model: tf.LayersModel;
  const images = someTestImages();

  beforeAll(async () => {
    registerWasmKernels();
    await tf.setBackend('wasm');
    await tf.ready();
    model = await shipped(variant);
  });

  it.each<[LayerId, number]>([
    ['c5', 7],
    ['f6', 3],
    ['output', 2],
  ])('finds an input in [0, 1] that excites %s unit %i more than the grey start and than test images on average', async (layer, unit) => {
    const f = unitResponse(model, variant, layer, unit);
    const before = tf.memory().numTensors;
    const r = await maximiseUnit(f, { steps: 60 }, unitDrive(model, variant, layer, unit));
    expect(tf.memory().numTensors).toBe(before);
    expect(r.image).toHaveLength(PIXELS);
    expect(Math.min(...r.image)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...r.image)).toBeLessThanOrEqual(1);
    // The response reported is the response of the image returned.
    const own = tf.tidy(() => f(tf.tensor4d(r.image, [1, SIDE, SIDE, 1])).dataSync()[0]!);
    expect(own).toBeCloseTo(r.value, 3);
    const grey = tf.tidy(() => f(tf.fill([1, SIDE, SIDE, 1], 0.5) as tf.Tensor4D).dataSync()[0]!);
    expect(r.start).toBeCloseTo(grey, 4);
    expect(r.value).toBeGreaterThan(r.start);
    const mean = tf.tidy(
      () =>
        f(tf.tensor4d(images, [40, SIDE, SIDE, 1]))
          .mean()
          .dataSync()[0]!,
    );
    expect(r.value).toBeGreaterThan(mean);
  });

  it('refuses layers and units it cannot maximise, with a clear message', () => {
    expect(() => unitResponse(model, variant, 'c3', 0)).toThrow(/C5, F6 and output/);
    expect(() => unitResponse(model, variant, 'output', 10)).toThrow(/units 0…9/);
  });
});
