/**
 * Read-only hooks for e2e tests and the bench, installed only in test mode (`?test`):
 * tensor counts on both threads and the drawing session.
 */
import * as tf from '@tensorflow/tfjs';
import type { DrawingSession } from './drawing/session.ts';
import type { TrainingClient } from './training/client.ts';

export interface LenetTestHooks {
  numTensors(): number;
  workerNumTensors(): Promise<number>;
  backend(): string;
  session: DrawingSession;
}

export function installTestHooks(session: DrawingSession, training: TrainingClient): () => void {
  const hooks: LenetTestHooks = {
    numTensors: () => tf.memory().numTensors,
    workerNumTensors: () => training.numTensors(),
    backend: () => tf.getBackend(),
    session,
  };
  (globalThis as { __lenetLab?: LenetTestHooks }).__lenetLab = hooks;
  return () => delete (globalThis as { __lenetLab?: LenetTestHooks }).__lenetLab;
}
