import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '../tf/wasm-kernels.ts';
import { createModernLeNet } from '../model/lenet.ts';
import { DIVERGED_LOSS, TrainingRun, runIndices } from './runner.ts';
import { evaluate } from './evaluate.ts';
import { snapshotWeights } from './core.ts';
import { mulberry32, range } from '../util/random.ts';
import { DEFAULT_TRAIN_CONFIG, type BatchProgress, type EpochRow, type TrainConfig } from '../protocol.ts';
import { barsSplit } from './test-fixtures.ts';

const config = (p: Partial<TrainConfig>): TrainConfig => ({ ...DEFAULT_TRAIN_CONFIG, augment: false, batchSize: 32, ...p });

describe('the training runner (wasm backend)', () => {
  beforeAll(async () => {
    registerWasmKernels();
    await tf.setBackend('wasm');
  });

  it('splits, limits and shuffles by the seed', () => {
    const a = runIndices({ validationSplit: 0.2, limit: 0 }, 1000, 500, mulberry32(1));
    expect([a.train.length, a.val.length, a.test.length]).toEqual([800, 200, 500]);
    expect(new Set([...a.train, ...a.val]).size).toBe(1000);
    const b = runIndices({ validationSplit: 0.2, limit: 300 }, 1000, 500, mulberry32(1));
    expect([b.train.length, b.val.length, b.test.length]).toEqual([300, 100, 200]);
    expect(Array.from(b.train)).toEqual(Array.from(a.train.slice(0, 300)));
  });

  it('trains to the end: falling loss, an epoch row each, the best epoch kept, tensors flat', async () => {
    const data = { train: barsSplit(400), test: barsSplit(100) };
    const model = createModernLeNet(3);
    const tensors = tf.memory().numTensors;
    const rows: EpochRow[] = [];
    const progress: BatchProgress[] = [];
    const run = new TrainingRun(model, data, config({ epochs: 3, learningRate: 0.003, seed: 2 }), {
      onEpoch: (r) => void rows.push(r),
      onProgress: (p) => void progress.push(p),
      progressEveryMs: 0,
    });
    const result = await run.runToEnd();
    run.dispose();
    expect(rows.map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(rows[2]!.loss).toBeLessThan(rows[0]!.loss);
    expect(result.testAccuracy).toBeGreaterThan(0.8);
    expect(result.bestEpoch).toBeGreaterThanOrEqual(1);
    expect(progress[0]!.imagesSeen).toBe(32);
    expect(progress.at(-1)!.batch).toBe(progress.at(-1)!.batches);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });

  it('stops early when validation stops improving, and without validation keeps the last epoch', async () => {
    const data = { train: barsSplit(200), test: barsSplit(100) };
    const model = createModernLeNet(4);
    const run = new TrainingRun(model, data, config({ epochs: 3, validationSplit: 0, seed: 3 }));
    const result = await run.runToEnd();
    run.dispose();
    expect(result.epochs).toBe(3);
    expect(result.bestEpoch).toBe(3);
    expect(Number.isNaN(result.history[0]!.valLoss)).toBe(true);
    model.dispose();
  });

  it('rolls a diverging run back to the last good weights', async () => {
    const data = { train: barsSplit(400), test: barsSplit(100) };
    const model = createModernLeNet(5);
    const run = new TrainingRun(model, data, config({ epochs: 5, learningRate: 50, optimizer: 'sgd', seed: 4 }), { progressEveryMs: 0 });
    const good = snapshotWeights(model);
    let outcome = await run.step();
    for (let i = 0; i < 60 && outcome === 'ok'; i++) outcome = await run.step();
    expect(outcome).toBe('diverged');
    const after = snapshotWeights(model);
    expect(after.every((w) => w.every(Number.isFinite))).toBe(true);
    expect(after.map((w) => w.length)).toEqual(good.map((w) => w.length));
    expect(after).toEqual(run.lastGood);
    // The weights rolled back to are ones a healthy loss was measured on, not the first wrecked update's.
    const check = await evaluate(model, data.train, range(100), { batchSize: 100 });
    expect(check.loss).toBeLessThan(DIVERGED_LOSS.modern);
    run.dispose();
    model.dispose();
  });
});
