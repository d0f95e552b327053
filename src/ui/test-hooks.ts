/**
 * Read-only hooks for e2e tests and the bench, installed only in test mode (`?test`):
 * tensor counts on both threads and the drawing session.
 */
import * as tf from '@tensorflow/tfjs';
import type { DrawingSession } from './drawing/session.ts';
import type { TrainingClient } from './training/client.ts';
import type { PoolCheck } from '../shared/protocol-test.ts';
import { useAppStore } from './store/index.ts';

export interface LenetTestHooks {
  numTensors(): number;
  workerNumTensors(): Promise<number>;
  backend(): string;
  /** Makes the training worker throw an uncaught error. */
  crashWorker(): void;
  /** Loses the training worker's WebGL context. */
  loseWebgl(): void;
  session: DrawingSession;
  /** The latest prediction's activations of layer `i` (in the predictor's layer order). */
  activations(i: number): number[] | null;
  /** Milliseconds the worker took to fetch, inflate and verify MNIST (null before it has). */
  dataMs(): number | null;
  /** The bench: training img/s in the worker with the project's wasm kernels vs stock tfjs-wasm's. */
  kernelRates(batchSize: number, windows: number, windowMs: number): Promise<{ ours: number[]; stock: number[] }>;
  /** Two steps over 2 workers (shared memory, transferred buffers) against one worker's. */
  poolCheck(): Promise<PoolCheck>;
}

export function installTestHooks(session: DrawingSession, training: TrainingClient): () => void {
  const hooks: LenetTestHooks = {
    numTensors: () => tf.memory().numTensors,
    workerNumTensors: () => training.test.numTensors(),
    backend: () => tf.getBackend(),
    crashWorker: () => training.test.crash(),
    loseWebgl: () => training.test.loseWebgl(),
    session,
    dataMs: () => useAppStore.getState().training.data.ms,
    kernelRates: (batchSize, windows, windowMs) => training.test.kernelRates(batchSize, windows, windowMs),
    poolCheck: () => training.test.poolCheck(),
    activations: (i) => {
      const a = useAppStore.getState().prediction.result?.activations[i];
      return a ? Array.from(a) : null;
    },
  };
  (globalThis as { __lenetLab?: LenetTestHooks }).__lenetLab = hooks;
  return () => delete (globalThis as { __lenetLab?: LenetTestHooks }).__lenetLab;
}
