/**
 * Test builds only (the dispatcher calls this behind `TEST_BUILD`): faults the e2e tests inject
 * into the worker — a crash, a lost WebGL context, a missing or full IndexedDB — and its tensor count.
 */
import * as tf from '@tensorflow/tfjs';
import type { FromWorkerTest, ToWorkerTest } from '../shared/protocol-test.ts';
import { loseWebglForTest } from './backend.ts';
import { scope } from './port.ts';

function injectFaults(faults: readonly string[]): void {
  if (faults.includes('idb-missing')) Object.defineProperty(self, 'indexedDB', { configurable: true, get: () => undefined });
  if (faults.includes('idb-quota')) {
    const quota = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    Object.defineProperty(self, 'indexedDB', { configurable: true, get: () => ({ open: quota, deleteDatabase: quota }) });
  }
}

export function handleTestMessage(msg: ToWorkerTest): void {
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
  }
}
