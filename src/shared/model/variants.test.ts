import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '../tf/wasm-kernels.ts';
import { VARIANTS, isVariant, variantSpec } from './variants.ts';
import { createActivationsModel, countParams } from './lenet.ts';
import { createClassicLeNet } from './classic.ts';
import { mapCriterion } from '../train/losses.ts';

describe('variant lookup', () => {
  it('describes each variant consistently with the model its factory builds', async () => {
    await tf.setBackend('cpu');
    for (const v of VARIANTS) {
      const spec = variantSpec(v);
      const model = spec.create(1);
      expect(countParams(model)).toBe(spec.paramCount);
      expect(() => spec.assertArchitecture(model)).not.toThrow();
      expect(model.inputs[0]!.shape.slice(1)).toEqual([...spec.inputShape]);
      const acts = createActivationsModel(model, spec.layers);
      expect(acts.outputs.map((o) => o.shape.slice(1))).toEqual(spec.layers.map((l) => [...l.shape]));
      model.dispose();
    }
    expect(variantSpec('classic')).toMatchObject({ inputFormat: 'classic32', readout: 'argmin', defaultLoss: 'map' });
    expect(variantSpec('modern')).toMatchObject({ inputFormat: 'mnist28', readout: 'argmax', defaultLoss: 'crossEntropy' });
    const classic = variantSpec('classic').create(1);
    expect(() => variantSpec('modern').assertArchitecture(classic)).toThrow(/input is \[32,32,1\]/);
    classic.dispose();
    expect(isVariant('classic')).toBe(true);
    expect(isVariant('lenet')).toBe(false);
  });
});

/** Gradients of the MAP loss for every trainable weight of a fresh classic net, as flat arrays. */
async function classicGradients(backend: 'cpu' | 'wasm'): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const model = createClassicLeNet(11);
  const grads = tf.tidy(() => {
    const x = tf.randomUniform([4, 32, 32, 1], -0.1, 1.175, 'float32', 3);
    const y = tf.oneHot(tf.tensor1d([0, 3, 7, 9], 'int32'), 10).toFloat();
    const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const { grads } = tf.variableGrads(() => mapCriterion(y, model.apply(x, { training: true }) as tf.Tensor), vars);
    return vars.map((v) => grads[v.name]!.dataSync() as Float32Array);
  });
  model.dispose();
  return grads;
}

describe('classic layers on the wasm backend', () => {
  it('have the wasm kernels for forward and backward, and give the cpu backend\u2019s gradients', async () => {
    registerWasmKernels();
    const wasm = await classicGradients('wasm');
    const cpu = await classicGradients('cpu');
    expect(wasm).toHaveLength(12);
    wasm.forEach((g, i) => {
      const c = cpu[i]!;
      const scale = Math.max(...Array.from(c, Math.abs));
      expect(scale).toBeGreaterThan(0);
      expect(Array.from(g).every(Number.isFinite)).toBe(true);
      for (let k = 0; k < g.length; k++) expect(Math.abs(g[k]! - c[k]!)).toBeLessThan(1e-3 * scale + 1e-6);
    });
  });
});

describe('the classic net read with no gradient taped', () => {
  it.each(['wasm', 'cpu'])(
    'gives the taped path’s outputs on %s (fused bias in C1/C3/C5, one depthwise pass in S2/S4)',
    async (backend) => {
      registerWasmKernels();
      await tf.setBackend(backend);
      const model = createClassicLeNet(3);
      const x = tf.randomUniform([4, 32, 32, 1], -0.1, 1.175, 'float32', 5);
      const before = tf.memory().numTensors;
      const read = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
      expect(tf.memory().numTensors).toBe(before);
      let taped: ArrayLike<number> = [];
      tf.tidy(() =>
        tf.grad((v: tf.Tensor) => {
          const y = model.apply(v) as tf.Tensor;
          taped = y.dataSync();
          return tf.sum(y);
        })(x),
      );
      expect(taped).toHaveLength(40);
      read.forEach((r, i) => expect(Math.abs(r - taped[i]!)).toBeLessThan(1e-4 * Math.max(1, Math.abs(r))));
      x.dispose();
      model.dispose();
    },
  );
});
