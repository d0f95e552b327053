/**
 * A training step on a fixed synthetic batch (random pixels, one-hot labels), for the Node
 * benchmarks that time steps (`profile.ts`, `ceiling.ts`): the same `trainStep` the worker runs,
 * the loss read back so that the step has finished when it returns, nothing left behind.
 */
import * as tf from '@tensorflow/tfjs';
import { trainStep } from '../src/shared/train/core.ts';
import { inputPixels } from '../src/shared/preprocess/input-format.ts';
import type { TrainTask } from '../src/shared/train/task.ts';

export function syntheticStep(model: tf.LayersModel, optimizer: tf.Optimizer, task: TrainTask, batch: number): () => void {
  const x = new Float32Array(batch * inputPixels(task.input)).map(() => Math.random());
  const y = new Float32Array(batch * 10);
  for (let i = 0; i < batch; i++) y[i * 10 + (i % 10)] = 1;
  return () => {
    const { loss, correct } = trainStep(model, optimizer, x, y, batch, task);
    loss.dataSync();
    tf.dispose([loss, correct]);
  };
}
