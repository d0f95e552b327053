import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import {
  C3_TABLE,
  CLASSIC_INPUT_SHAPE,
  CLASSIC_LAYERS,
  CLASSIC_PARAM_COUNT,
  RBF_PROTOTYPES,
  assertClassicArchitecture,
  c3EffectiveKernel,
  createClassicLeNet,
  layerParams,
} from './classic.ts';
import { squash } from './classic-layers.ts';
import { countParams, createActivationsModel, createModernLeNet } from './lenet.ts';
import { PROTOTYPE_SIZE } from './prototypes.ts';

/** Table I as the paper draws it: an X where S2 map (row) feeds C3 map (column 0…15). */
const TABLE_I_ART = [
  'X...XXX..XXXX.XX',
  'XX...XXX..XXXX.X',
  'XXX...XXX..X.XXX',
  '.XXX..XXXX..X.XX',
  '..XXX..XXXX.XX.X',
  '...XXX..XXXX.XXX',
];

describe('classic LeNet-5 (1998)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('has the paper\u2019s trainable parameters per layer, 60,000 in all', () => {
    const model = createClassicLeNet(1);
    const perLayer = Object.fromEntries(CLASSIC_LAYERS.map((l) => [l.id, layerParams(model, l.id)]));
    expect(perLayer).toEqual({ c1: 156, s2: 12, c3: 1_516, s4: 32, c5: 48_120, f6: 10_164, output: 0 });
    expect(countParams(model)).toBe(CLASSIC_PARAM_COUNT);
    expect(CLASSIC_PARAM_COUNT).toBe(60_000);
    // The prototypes are a weight too (saved with the model), but not a trainable one.
    expect(
      model
        .getLayer('output')
        .getWeights()
        .map((w) => w.shape),
    ).toEqual([[10, 84]]);
    expect(() => assertClassicArchitecture(model)).not.toThrow();
    model.dispose();
  });

  it('rejects the modern net as a classic one', () => {
    const modern = createModernLeNet(1);
    expect(() => assertClassicArchitecture(modern)).toThrow(/input is \[28,28,1\]/);
    modern.dispose();
  });

  it('gives every layer the output shape of the paper', () => {
    const model = createClassicLeNet(1);
    const acts = createActivationsModel(model, CLASSIC_LAYERS);
    const x = tf.fill([2, ...CLASSIC_INPUT_SHAPE], -0.1);
    const outs = acts.predict(x) as tf.Tensor[];
    expect(outs.map((t) => t.shape)).toEqual(CLASSIC_LAYERS.map((l) => [2, ...l.shape]));
    tf.dispose([x, ...outs]);
    model.dispose();
  });

  it('connects C3 to S2 exactly as Table I, read from the layer\u2019s behaviour', () => {
    const model = createClassicLeNet(2);
    const c3 = model.getLayer('c3');
    // Feed S2-shaped input with ink in one map only; the C3 maps whose output moves see that map.
    const mask = tf.tidy(() => {
      const base = c3.apply(tf.zeros([1, 14, 14, 6])) as tf.Tensor;
      const rows: boolean[][] = [];
      for (let i = 0; i < 6; i++) {
        const onehot = tf.oneHot(tf.fill([1, 14, 14], i, 'int32') as tf.Tensor3D, 6).toFloat();
        const moved = tf.max(tf.abs(tf.sub(c3.apply(onehot) as tf.Tensor, base)), [0, 1, 2]).dataSync();
        rows.push(Array.from(moved, (v) => v > 1e-6));
      }
      return rows;
    });
    expect(mask.map((r) => r.map((c) => (c ? 'X' : '.')).join(''))).toEqual(TABLE_I_ART);
    // The same table from the weights: nonzero dense-kernel columns are exactly the listed pairs.
    const k = c3EffectiveKernel(model);
    const nonzero = tf.tidy(() => tf.notEqual(tf.sum(tf.abs(k), [0, 1]), 0).arraySync() as number[][]);
    k.dispose();
    expect(nonzero.map((r) => r.map((c) => (c ? 'X' : '.')).join(''))).toEqual(TABLE_I_ART);
    expect(C3_TABLE.map((r) => r.length)).toEqual([3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 6]);
    model.dispose();
  });

  it('starts every weight uniform within ±2.4 / fan-in', () => {
    const model = createClassicLeNet(3);
    const maxAbs = (id: string, i = 0) => Math.max(...Array.from(model.getLayer(id).getWeights()[i]!.dataSync(), Math.abs));
    expect(maxAbs('c1')).toBeLessThanOrEqual(2.4 / 25);
    expect(maxAbs('c1')).toBeGreaterThan(0.8 * (2.4 / 25));
    expect(maxAbs('s2')).toBeLessThanOrEqual(2.4 / 4);
    expect(maxAbs('c3')).toBeLessThanOrEqual(2.4 / 75);
    expect(maxAbs('c5')).toBeLessThanOrEqual(2.4 / 400);
    expect(maxAbs('f6')).toBeLessThanOrEqual(2.4 / 120);
    // C3 map 15 sees all six S2 maps: fan-in 150, the narrowest range (its connections are the last six).
    const c3 = model.getLayer('c3').getWeights()[0]!;
    const last6 = tf.tidy(() => tf.max(tf.abs(tf.slice(c3, [0, 0, 54], [5, 5, 6]))).dataSync()[0]!);
    expect(last6).toBeLessThanOrEqual(2.4 / 150);
    model.dispose();
  });

  it('squashes with f(a) = 1.7159 tanh(2a/3), so f(±1) ≈ ±1', () => {
    const y = tf.tidy(() => squash(tf.tensor1d([-1, 0, 1, 100])).dataSync());
    expect(y[0]).toBeCloseTo(-1, 3);
    expect(y[1]).toBe(0);
    expect(y[2]).toBeCloseTo(1, 3);
    expect(y[3]).toBeCloseTo(1.7159, 4);
  });

  it('outputs the squared Euclidean distance from F6 to each prototype', () => {
    const model = createClassicLeNet(4);
    const rbf = model.getLayer('output');
    const x = new Float32Array(PROTOTYPE_SIZE).map((_, j) => Math.sin(j) * 1.3);
    x.set(RBF_PROTOTYPES.subarray(3 * 84, 3 * 84 + 10), 0);
    const got = tf.tidy(() => (rbf.apply(tf.tensor2d(x, [1, 84])) as tf.Tensor).dataSync());
    for (let i = 0; i < 10; i++) {
      let d = 0;
      for (let j = 0; j < 84; j++) d += (x[j]! - RBF_PROTOTYPES[i * 84 + j]!) ** 2;
      expect(got[i]).toBeCloseTo(d, 3);
    }
    // A prototype itself is at distance 0 from its class and 4 × (differing pixels) from the others.
    const p7 = tf.tidy(() => (rbf.apply(tf.tensor2d(RBF_PROTOTYPES.slice(7 * 84, 8 * 84), [1, 84])) as tf.Tensor).dataSync());
    expect(p7[7]).toBe(0);
    for (let i = 0; i < 10; i++) expect(p7[i]! % 4).toBe(0);
    model.dispose();
  });

  it('reloads from model.save with identical predictions', async () => {
    const model = createClassicLeNet(5);
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        saved = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    expect(saved).not.toBeNull();
    const topology = JSON.stringify(saved!.modelTopology);
    for (const cls of ['LeNetConv', 'LeNetSubsampling', 'LeNetDense', 'EuclideanRBF']) expect(topology).toContain(cls);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect(() => assertClassicArchitecture(loaded)).not.toThrow();
    const x = tf.randomUniform([3, ...CLASSIC_INPUT_SHAPE], -0.1, 1.175, 'float32', 7);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('is deterministic for a seed and leaves numTensors unchanged across predicts', () => {
    const a = createClassicLeNet(9);
    const b = createClassicLeNet(9);
    expect(Array.from(a.getWeights()[2]!.dataSync())).toEqual(Array.from(b.getWeights()[2]!.dataSync()));
    const acts = createActivationsModel(a, CLASSIC_LAYERS);
    const x = tf.zeros([1, ...CLASSIC_INPUT_SHAPE]);
    const run = () => tf.tidy(() => (acts.predict(x) as tf.Tensor[]).map((t) => t.dataSync()[0]));
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    a.dispose();
    b.dispose();
  });
});
