import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { crossEntropy, lossFn, mapCriterion, rbfMse } from './losses.ts';
import { MAP_J, predictedClass, rbfPosterior, toProbabilities } from '../model/readout.ts';

const oneHot = (labels: number[]) => tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat();

/** E for one example, written out as in the paper (eq. 9), in float64. */
function mapByHand(d: number[], label: number, j: number): number {
  return d[label]! + Math.log(Math.exp(-j) + d.reduce((a, y) => a + Math.exp(-y), 0));
}

describe('classic losses', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('MSE criterion is the mean distance to the correct prototype', () => {
    const d = [
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      [10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
    ];
    const v = tf.tidy(() => rbfMse(oneHot([2, 9]), tf.tensor2d(d)).dataSync()[0]);
    expect(v).toBeCloseTo((3 + 1) / 2, 6);
  });

  it('MAP criterion equals the paper\u2019s formula with j = MAP_J', () => {
    const d = [
      [3, 12, 9, 30, 5, 7, 11, 2.5, 40, 8],
      [20, 18, 25, 30, 19, 22, 21, 24, 26, 23],
    ];
    const v = tf.tidy(() => mapCriterion(oneHot([7, 4]), tf.tensor2d(d)).dataSync()[0]);
    expect(v).toBeCloseTo((mapByHand(d[0]!, 7, MAP_J) + mapByHand(d[1]!, 4, MAP_J)) / 2, 4);
    expect(lossFn('map')).toBe(mapCriterion);
  });

  it('MAP criterion stays finite for distances of hundreds (stable log-sum-exp)', () => {
    const d = [Array.from({ length: 10 }, (_, i) => 300 + i)];
    const v = tf.tidy(() => mapCriterion(oneHot([0]), tf.tensor2d(d)).dataSync()[0]!);
    // Every e^{-y} underflows next to e^{-j}: E ≈ y_correct − j.
    expect(v).toBeCloseTo(300 - MAP_J, 3);
    const g = tf.tidy(() =>
      tf
        .grad((x: tf.Tensor) => mapCriterion(oneHot([0]), x))(tf.tensor2d(d))
        .dataSync(),
    );
    expect(Array.from(g).every(Number.isFinite)).toBe(true);
    expect(g[0]).toBeCloseTo(1, 5);
  });

  it('keeps the modern cross-entropy as it was', () => {
    const p = [[0.1, 0.9, 0, 0, 0, 0, 0, 0, 0, 0]];
    const v = tf.tidy(() => crossEntropy(oneHot([1]), tf.tensor2d(p)).dataSync()[0]);
    expect(v).toBeCloseTo(-Math.log(0.9), 5);
  });
});

describe('readout', () => {
  it('reads argmax of probabilities and argmin of distances', () => {
    const s = [5, 1, 9, 3];
    expect(predictedClass(s, 'argmax')).toBe(2);
    expect(predictedClass(s, 'argmin')).toBe(1);
  });

  it('turns distances into the MAP posterior, the rest going to the rubbish class', () => {
    const d = [1, 2, 50, 400, 400, 400, 400, 400, 400, 400];
    const p = rbfPosterior(d);
    const z = Math.exp(-MAP_J) + d.reduce((a, y) => a + Math.exp(-y), 0);
    expect(p[0]).toBeCloseTo(Math.exp(-1) / z, 6);
    expect(p[1]).toBeCloseTo(Math.exp(-2) / z, 6);
    const far = rbfPosterior(Array.from({ length: 10 }, () => 500));
    expect(Array.from(far).every((v) => Number.isFinite(v) && v < 1e-6)).toBe(true);
    expect(Array.from(toProbabilities([0.2, 0.8], 'argmax'))).toEqual([Math.fround(0.2), Math.fround(0.8)]);
  });
});
