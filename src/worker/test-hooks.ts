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
  }
}
