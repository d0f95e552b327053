import { describe, expect, it } from 'vitest';
import { accuracyOf, confusionMatrix, perClassAccuracy, rowShare, selectImages, topK3 } from './metrics.ts';

describe('evaluation metrics', () => {
  const labels = [0, 0, 1, 1, 2];
  const preds = [0, 1, 1, 1, 0];
  const m = confusionMatrix(labels, preds);

  it('counts true vs. predicted in a 10x10 matrix', () => {
    expect(m[0 * 10 + 0]).toBe(1);
    expect(m[0 * 10 + 1]).toBe(1);
    expect(m[1 * 10 + 1]).toBe(2);
    expect(m[2 * 10 + 0]).toBe(1);
    expect(accuracyOf(m)).toEqual({ correct: 3, total: 5, accuracy: 0.6 });
  });

  it('gives per-class accuracy and row shares', () => {
    const pc = perClassAccuracy(m);
    expect(pc.slice(0, 3)).toEqual([0.5, 1, 0]);
    expect(Number.isNaN(pc[5])).toBe(true);
    expect(rowShare(m, 0, 1)).toBe(0.5);
  });

  it('takes the top 3 classes and sorts mistakes by confidence', () => {
    const probs = new Float32Array(30);
    probs.set([0.1, 0.7, 0.2], 0); // image 0: predicts 1
    probs.set([0.05, 0.9, 0.05], 10); // image 1: predicts 1, more confident
    probs[20 + 2] = 1; // image 2: predicts 2
    const { top3, top3Probs } = topK3(probs, 3);
    expect(Array.from(top3.subarray(0, 3))).toEqual([1, 2, 0]);
    expect(top3Probs[0]).toBeCloseTo(0.7);
    const run = { predictions: Uint8Array.from([1, 1, 2]), top3, top3Probs };
    expect(Array.from(selectImages(run, [0, 0, 2], { mistakesOnly: true }))).toEqual([1, 0]);
    expect(Array.from(selectImages(run, [0, 0, 2], { trueClass: 2, predicted: 2 }))).toEqual([2]);
  });
});
