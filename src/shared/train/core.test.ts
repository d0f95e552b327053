import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '../tf/wasm-kernels.ts';
import { createModernLeNet } from '../model/lenet.ts';
import { createClassicLeNet } from '../model/classic.ts';
import {
  EarlyStopping,
  decayedRate,
  epochRate,
  evaluate,
  paperRate,
  restoreWeights,
  setLearningRate,
  snapshotWeights,
  splitIndices,
  trainStep,
  trainTask,
} from './core.ts';
import { allocBatch, fillBatch } from './batch.ts';
import { DEFAULT_AUGMENT, randomAffine, warpInto } from './augment.ts';
import { mulberry32, range, shuffleInPlace } from '../util/random.ts';
import { barsSplit } from './test-fixtures.ts';

describe('training core (wasm backend)', () => {
  beforeAll(async () => {
    registerWasmKernels();
    await tf.setBackend('wasm');
  });

  it('learns, and keeps tf.memory().numTensors flat across batches and evaluations', async () => {
    const split = barsSplit(200);
    const model = createModernLeNet(3);
    const optimizer = tf.train.adam(0.003);
    const order = range(split.count);
    const buf = allocBatch(50);
    const before = await evaluate(model, split, order, { batchSize: 100 });
    let tensorsAfterFirst = -1;
    for (let step = 0; step < 40; step++) {
      const n = fillBatch(split, order, (step % 4) * 50, 50, buf, null);
      const { loss, correct } = trainStep(model, optimizer, buf.x, buf.y, n);
      expect(Number.isFinite(loss.dataSync()[0])).toBe(true);
      tf.dispose([loss, correct]);
      if (step === 0) tensorsAfterFirst = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
    const after = await evaluate(model, split, order, { batchSize: 100 });
    expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
    expect(after.loss).toBeLessThan(before.loss / 4);
    expect(after.accuracy).toBeGreaterThan(0.9);
    optimizer.dispose();
    model.dispose();
  });

  it('trains the classic net on 32x32 inputs with the MAP criterion, argmin readout and flat numTensors', async () => {
    const split = barsSplit(200);
    const model = createClassicLeNet(3);
    const task = trainTask('classic', 'map');
    const optimizer = tf.train.adam(0.003);
    const order = range(split.count);
    const buf = allocBatch(50, task.input);
    const before = await evaluate(model, split, order, { batchSize: 100, task });
    let tensorsAfterFirst = -1;
    for (let step = 0; step < 60; step++) {
      const n = fillBatch(split, order, (step % 4) * 50, 50, buf, null);
      const { loss, correct } = trainStep(model, optimizer, buf.x, buf.y, n, task);
      expect(Number.isFinite(loss.dataSync()[0])).toBe(true);
      tf.dispose([loss, correct]);
      if (step === 0) tensorsAfterFirst = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
    const after = await evaluate(model, split, order, { batchSize: 100, task });
    expect(tf.memory().numTensors).toBe(tensorsAfterFirst);
    expect(after.loss).toBeLessThan(before.loss / 4);
    expect(after.accuracy).toBeGreaterThan(0.9);
    optimizer.dispose();
    model.dispose();
  });

  it('lowers the plain MSE criterion too', async () => {
    const split = barsSplit(100);
    const model = createClassicLeNet(4);
    const task = trainTask('classic', 'mse');
    const optimizer = tf.train.adam(0.003);
    const order = range(split.count);
    const buf = allocBatch(50, task.input);
    const before = await evaluate(model, split, order, { batchSize: 100, task });
    for (let step = 0; step < 10; step++) {
      const n = fillBatch(split, order, (step % 2) * 50, 50, buf, null);
      tf.dispose(Object.values(trainStep(model, optimizer, buf.x, buf.y, n, task)));
    }
    const after = await evaluate(model, split, order, { batchSize: 100, task });
    expect(after.loss).toBeLessThan(before.loss * 0.8);
    optimizer.dispose();
    model.dispose();
  });

  it('restores snapshotted weights', () => {
    const model = createModernLeNet(4);
    const snap = snapshotWeights(model);
    const other = createModernLeNet(5);
    restoreWeights(other, snap);
    expect(Array.from(other.getWeights()[0]!.dataSync())).toEqual(Array.from(snap[0]!));
    model.dispose();
    other.dispose();
  });

  it('changes an optimizer learning rate and decays it per epoch', () => {
    const opt = tf.train.adam(0.01);
    setLearningRate(opt, 0.5);
    expect((opt.getConfig() as { learningRate: number }).learningRate).toBe(0.5);
    expect(decayedRate(0.001, 0.5, 3)).toBeCloseTo(0.00025);
    opt.dispose();
  });

  it('follows the paper’s per-pass learning rates', () => {
    expect([1, 2, 3, 5, 6, 8, 9, 12, 13, 20].map((e) => paperRate(e))).toEqual([
      0.0005, 0.0005, 0.0002, 0.0002, 0.0001, 0.0001, 0.00005, 0.00005, 0.00001, 0.00001,
    ]);
    expect(paperRate(1, 2)).toBe(0.001);
  });

  it('gives each epoch its rate under either schedule', () => {
    expect(epochRate('decay', 0.003, 0.7, 3)).toBeCloseTo(0.003 * 0.49);
    // The paper's schedule scaled so that pass 1 runs at the given rate.
    expect(epochRate('paper', 0.001, 0.7, 1)).toBeCloseTo(0.001);
    expect(epochRate('paper', 0.001, 0.7, 13)).toBeCloseTo(0.00002);
  });

  it('pairs each variant with its own loss', () => {
    expect(trainTask('modern')).toMatchObject({ input: 'mnist28', lossName: 'crossEntropy', readout: 'argmax' });
    expect(trainTask('classic')).toMatchObject({ input: 'classic32', lossName: 'map', readout: 'argmin' });
    expect(() => trainTask('modern', 'map')).toThrow(/cross-entropy/);
    expect(() => trainTask('classic', 'crossEntropy')).toThrow(/MAP or MSE/);
  });
});

describe('early stopping', () => {
  it('stops after `patience` epochs without a better validation loss and remembers the best', () => {
    const es = new EarlyStopping(2);
    expect(es.update(1, 0.5)).toEqual({ improved: true, stop: false });
    expect(es.update(2, 0.4)).toEqual({ improved: true, stop: false });
    expect(es.update(3, 0.45)).toEqual({ improved: false, stop: false });
    expect(es.update(4, 0.41)).toEqual({ improved: false, stop: true });
    expect(es.bestEpoch).toBe(2);
  });
});

describe('data helpers', () => {
  it('splits indices into a held-out validation fraction', () => {
    const { train, val } = splitIndices(100, 0.2, range(100));
    expect(train).toHaveLength(80);
    expect(val).toHaveLength(20);
  });

  it('shuffles deterministically for a seed', () => {
    const a = range(50);
    const b = range(50);
    shuffleInPlace(a, mulberry32(9));
    shuffleInPlace(b, mulberry32(9));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(range(50)));
  });

  it('fills batches with [0,1] pixels and one-hot labels', () => {
    const split = barsSplit(3);
    const buf = allocBatch(4);
    const n = fillBatch(split, range(3), 0, 4, buf, null);
    expect(n).toBe(3);
    expect(buf.x[6 * 28 + 4]).toBe(1);
    expect(Array.from(buf.y.subarray(10, 20))).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('fills classic batches as 32x32 with background −0.1 and ink 1.175, distorted or not', () => {
    const split = barsSplit(2);
    const buf = allocBatch(2, 'classic32');
    expect(buf.x).toHaveLength(2 * 1024);
    fillBatch(split, range(2), 0, 2, buf, null);
    expect(buf.x[0]).toBeCloseTo(-0.1);
    expect(buf.x[(6 + 2) * 32 + 4 + 2]).toBeCloseTo(1.175);
    expect(buf.x[1024 + (6 + 2) * 32 + 6 + 2]).toBeCloseTo(1.175);
    expect(Array.from(buf.y.subarray(10, 20))).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    fillBatch(split, range(2), 0, 2, buf, { rng: mulberry32(2) });
    const ink = buf.x.subarray(0, 1024).reduce((a, v) => a + (v + 0.1) / 1.275, 0);
    expect(ink).toBeGreaterThan(16 * 0.7);
    expect(ink).toBeLessThan(16 * 1.3);
    expect(buf.x[0]).toBeCloseTo(-0.1);
  });

  it('distorts a digit slightly: ink moves but most of it stays', () => {
    const split = barsSplit(1);
    const out = new Float32Array(784);
    warpInto(split.images, 0, randomAffine(DEFAULT_AUGMENT, mulberry32(1)), out, 0);
    const mass = out.reduce((a, v) => a + v, 0);
    expect(mass).toBeGreaterThan(16 * 0.7);
    expect(mass).toBeLessThan(16 * 1.3);
    const identity = new Float32Array(784);
    warpInto(split.images, 0, { a: 1, b: 0, c: 0, d: 1, tx: 0, ty: 0 }, identity, 0);
    expect(Array.from(identity)).toEqual(Array.from(split.images.subarray(0, 784), (v) => v / 255));
  });
});
