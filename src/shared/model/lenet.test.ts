import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import {
  MODERN_LAYERS,
  MODERN_PARAM_COUNT,
  assertModernArchitecture,
  countParams,
  createActivationsModel,
  createModernLeNet,
} from './lenet.ts';

describe('modern LeNet-5', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('has 61,706 trainable parameters', () => {
    const model = createModernLeNet(1);
    expect(countParams(model)).toBe(MODERN_PARAM_COUNT);
    expect(model.countParams()).toBe(61_706);
    expect(() => assertModernArchitecture(model)).not.toThrow();
    model.dispose();
  });

  it('gives every layer the output shape of the recipe', () => {
    const model = createModernLeNet(1);
    const acts = createActivationsModel(model);
    const x = tf.zeros([2, 28, 28, 1]);
    const outs = acts.predict(x) as tf.Tensor[];
    expect(outs.map((t) => t.shape)).toEqual(MODERN_LAYERS.map((l) => [2, ...l.shape]));
    tf.dispose([x, ...outs]);
    model.dispose();
  });

  it('outputs a probability distribution over 10 digits', () => {
    const model = createModernLeNet(2);
    const p = tf.tidy(() => (model.predict(tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 5)) as tf.Tensor).sum(-1));
    for (const s of p.dataSync()) expect(s).toBeCloseTo(1, 5);
    p.dispose();
    model.dispose();
  });

  it('is deterministic for a seed', () => {
    const a = createModernLeNet(7);
    const b = createModernLeNet(7);
    const wa = a.getWeights()[0]!.dataSync();
    const wb = b.getWeights()[0]!.dataSync();
    expect(Array.from(wa)).toEqual(Array.from(wb));
    a.dispose();
    b.dispose();
  });

  it('leaves tf.memory().numTensors unchanged across a predict of every activation', () => {
    const model = createModernLeNet(3);
    const acts = createActivationsModel(model);
    const x = tf.zeros([1, 28, 28, 1]);
    const run = () => tf.tidy(() => (acts.predict(x) as tf.Tensor[]).map((t) => t.dataSync()[0]));
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  it('rejects a model of another architecture', () => {
    const input = tf.input({ shape: [28, 28, 1] });
    const out = tf.layers.dense({ units: 10, name: 'output' }).apply(tf.layers.flatten().apply(input)) as tf.SymbolicTensor;
    const other = tf.model({ inputs: input, outputs: out });
    expect(() => assertModernArchitecture(other)).toThrow(/no layer "c1"/);
    other.dispose();
  });
});
