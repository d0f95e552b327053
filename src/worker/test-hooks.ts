/**
 * Test builds only (the dispatcher calls this behind `TEST_BUILD`): faults the e2e tests inject
 * into the worker — a crash, a lost WebGL context, a missing or full IndexedDB — and its tensor count.
 */
import * as tf from '@tensorflow/tfjs';
import type { FromWorkerTest, ToWorkerTest } from '../shared/protocol-test.ts';
import { loseWebglForTest } from './backend.ts';
import { scope } from './port.ts';
import { switchBackend, type BackendName } from '../shared/tf/backends.ts';
import { timeTraining } from '../shared/tf/probe.ts';
import { useStockWasmKernels } from '../shared/tf/wasm-kernels.ts';
import { variantSpec } from '../shared/model/variants.ts';
import { trainTask } from '../shared/train/task.ts';
import { flatWeights, loadFlatWeights, LOCAL_GRADIENTS } from '../shared/train/gradients.ts';
import { inputPixels } from '../shared/preprocess/input-format.ts';
import { gradientSource, sharedMemory, stopGradientWorkers } from './grad-pool.ts';

function injectFaults(faults: readonly string[]): void {
  if (faults.includes('idb-missing')) Object.defineProperty(self, 'indexedDB', { configurable: true, get: () => undefined });
  if (faults.includes('idb-quota')) {
    const quota = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    Object.defineProperty(self, 'indexedDB', { configurable: true, get: () => ({ open: quota, deleteDatabase: quota }) });
  }
}

/** Ours vs stock tfjs-wasm kernels, alternating windows in this worker (on wasm, whatever trains now). */
async function kernelRates(batchSize: number, windows: number, windowMs: number): Promise<void> {
  const before = tf.getBackend() as BackendName;
  await switchBackend('wasm');
  const ours: number[] = [];
  const stock: number[] = [];
  try {
    for (let i = 0; i < windows; i++) {
      useStockWasmKernels(false);
      ours.push(await timeTraining('modern', batchSize, { budgetMs: windowMs }));
      useStockWasmKernels(true);
      stock.push(await timeTraining('modern', batchSize, { budgetMs: windowMs }));
    }
  } finally {
    useStockWasmKernels(false);
    await switchBackend(before);
  }
  scope.postMessage({ type: 'test:kernel-rates', ours, stock, backend: tf.getBackend() } satisfies FromWorkerTest);
}

/**
 * Two SGD steps of the modern net from the same weights and batches, in this worker alone and over
 * 2 workers through shared memory (when the page is cross-origin isolated) and through transferred
 * buffers: the weights after them must agree up to float rounding.
 */
async function poolCheck(): Promise<void> {
  const before = tf.getBackend() as BackendName;
  await switchBackend('wasm');
  const tensors0 = tf.memory().numTensors;
  const spec = variantSpec('modern');
  const task = trainTask('modern');
  const [n, px] = [50, inputPixels(task.input)]; // 50: shares of 25, not a power of two
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const batches = [0, 1].map(() => {
    const x = Float32Array.from({ length: n * px }, () => (rand() < 0.2 ? rand() : 0));
    const y = new Float32Array(n * 10);
    for (let i = 0; i < n; i++) y[i * 10 + Math.floor(rand() * 10)] = 1;
    return { x, y };
  });
  const first = spec.create();
  const w0 = flatWeights(first);
  first.dispose();
  const ways = sharedMemory() ? (['local', 'shared', 'transfer'] as const) : (['local', 'transfer'] as const);
  const weights: Record<string, Float32Array> = {};
  const losses: Record<string, number[]> = {};
  try {
    for (const way of ways) {
      const model = spec.create();
      loadFlatWeights(model, w0);
      const optimizer = tf.train.sgd(0.5);
      const source = way === 'local' ? LOCAL_GRADIENTS : await gradientSource(2, model, 'modern', n, task, way === 'shared');
      losses[way] = [];
      for (const b of batches) {
        const r = await source.step(model, optimizer, b.x, b.y, n, task);
        losses[way].push(r.loss.dataSync()[0]!);
        tf.dispose([r.loss, r.correct]);
      }
      weights[way] = flatWeights(model);
      optimizer.dispose();
      model.dispose();
    }
  } finally {
    stopGradientWorkers();
    await switchBackend(before);
  }
  const local = weights['local']!;
  /** The largest absolute difference between `a` and `from` (one worker's weights); NaN for a way not run. */
  const apart = (a: Float32Array | undefined, from = local) => (a ? a.reduce((m, v, i) => Math.max(m, Math.abs(v - from[i]!)), 0) : NaN);
  scope.postMessage({
    type: 'test:pool-check',
    shared: 'shared' in weights,
    sharedDiff: apart(weights['shared']),
    transferDiff: apart(weights['transfer']),
    scale: apart(local, new Float32Array(local.length)),
    moved: apart(w0),
    losses,
    tensorsLeft: tf.memory().numTensors - tensors0,
  } satisfies FromWorkerTest);
}

export async function handleTestMessage(msg: ToWorkerTest): Promise<void> {
  switch (msg.type) {
    case 'test:crash':
      setTimeout(() => {
        throw new Error('crash requested by a test');
      });
      return;
    case 'test:lose-webgl':
      return loseWebglForTest();
    case 'test:faults':
      return injectFaults(msg.faults);
    case 'test:memory':
      scope.postMessage({ type: 'test:memory', numTensors: tf.memory().numTensors } satisfies FromWorkerTest);
      return;
    case 'test:kernel-rates':
      return kernelRates(msg.batchSize, msg.windows, msg.windowMs);
    case 'test:pool-check':
      return poolCheck();
  }
}
