import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '../tf/wasm-kernels.ts';
import { createModernLeNet } from '../model/lenet.ts';
import { MODERN_TASK, snapshotWeights } from '../train/core.ts';
import { range } from '../util/random.ts';
import type { MnistSplit } from '../mnist/idx.ts';
import { DEFAULT_FINETUNE, finetune, FinetuneStopped } from './finetune.ts';

/** Class k is a bright bar: vertical at column 4 + 2k ("MNIST"), or horizontal at row 4 + 2k ("your hand"). */
function bars(count: number, horizontal: boolean): MnistSplit {
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const k = i % 10;
    labels[i] = k;
    for (let t = 6; t < 22; t++) images[i * 784 + (horizontal ? (4 + 2 * k) * 28 + t : t * 28 + 4 + 2 * k)] = 255;
  }
  return { count, images, labels };
}

const quick = { ...DEFAULT_FINETUNE, epochs: 4, stepsPerEpoch: 15, batchSize: 32, learningRate: 0.003 };

describe('fine-tuning on your digits (wasm backend)', () => {
  beforeAll(async () => {
    registerWasmKernels();
    await tf.setBackend('wasm');
  });

  it('learns your style, measures it on the held-back digits before and after, and frees its tensors', async () => {
    const model = createModernLeNet(3);
    const mine = bars(40, true);
    const mnist = bars(300, false);
    const tensors = tf.memory().numTensors;
    const steps: number[] = [];
    const r = await finetune(model, MODERN_TASK, mine, mnist, mnist, range(100), quick, { onStep: (p) => void steps.push(p.step) });
    expect(r.heldBack).toBe(10);
    expect(r.taught).toBe(30);
    // From random weights, with shifts of ±2 px blurring bars 2 px apart: clearly learned, not perfect.
    expect(r.yoursAfter!).toBeGreaterThanOrEqual(r.yoursBefore! + 0.3);
    expect(r.mnistAfter).toBeGreaterThanOrEqual(0.5);
    expect(r.predictions.length).toBe(40);
    expect(r.notes).toEqual([]);
    expect(steps.length).toBeGreaterThanOrEqual(quick.stepsPerEpoch);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  }, 60_000);

  it('says what it cannot measure when a label has one digit or none', async () => {
    const model = createModernLeNet(1);
    const mine: MnistSplit = { count: 1, images: bars(1, true).images, labels: new Uint8Array([0]) };
    const mnist = bars(50, false);
    const r = await finetune(model, MODERN_TASK, mine, mnist, mnist, range(20), { ...quick, epochs: 1, stepsPerEpoch: 2 });
    expect(r.yoursBefore).toBeNull();
    expect(r.yoursAfter).toBeNull();
    expect(r.notes.join(' ')).toMatch(/No 1, 2, 3, 4, 5, 6, 7, 8, 9 taught.*Only one 0.*not measured/);
    model.dispose();
  });

  it('puts the weights back when stopped', async () => {
    const model = createModernLeNet(2);
    const before = snapshotWeights(model);
    let n = 0;
    const run = finetune(model, MODERN_TASK, bars(20, true), bars(50, false), bars(50, false), range(20), quick, {
      shouldStop: () => ++n > 3,
    });
    await expect(run).rejects.toBeInstanceOf(FinetuneStopped);
    expect(snapshotWeights(model)).toEqual(before);
    model.dispose();
  });

  it('refuses to run without any of your digits', async () => {
    const model = createModernLeNet(2);
    const empty: MnistSplit = { count: 0, images: new Uint8Array(), labels: new Uint8Array() };
    await expect(finetune(model, MODERN_TASK, empty, empty, empty, range(0))).rejects.toThrow(/no digits/);
    model.dispose();
  });
});
