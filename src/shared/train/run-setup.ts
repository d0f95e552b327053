/** What a training run starts from: its images (split, shuffled, limited) and its optimizer. */
import * as tf from '@tensorflow/tfjs';
import { splitIndices } from './core.ts';
import { range, shuffleInPlace, type Rng } from '../util/random.ts';
import type { TrainConfig } from '../protocol.ts';

/** Which images a run trains, validates and tests on (shuffled by the run's seed). */
export interface RunIndices {
  readonly train: Uint32Array;
  readonly val: Uint32Array;
  readonly test: Uint32Array;
}

/**
 * The run's images: the training set shuffled by `rng`, the last `validationSplit` of it held out;
 * with `limit` > 0 only `limit` training images, max(100, limit/4) validation and max(200, limit/2)
 * test images (quick tries and tests).
 */
export function runIndices(
  config: Pick<TrainConfig, 'validationSplit' | 'limit'>,
  trainCount: number,
  testCount: number,
  rng: Rng,
): RunIndices {
  const all = range(trainCount);
  shuffleInPlace(all, rng);
  const { train, val } = splitIndices(trainCount, config.validationSplit, all);
  const test = range(testCount);
  if (config.limit <= 0) return { train, val, test };
  return {
    train: train.slice(0, config.limit),
    val: val.slice(0, Math.max(100, Math.ceil(config.limit / 4))),
    test: test.slice(0, Math.max(200, Math.ceil(config.limit / 2))),
  };
}

export function makeOptimizer(c: Pick<TrainConfig, 'optimizer' | 'learningRate'>): tf.Optimizer {
  if (c.optimizer === 'sgd') return tf.train.momentum(c.learningRate, 0.9);
  if (c.optimizer === 'rmsprop') return tf.train.rmsprop(c.learningRate);
  return tf.train.adam(c.learningRate);
}
