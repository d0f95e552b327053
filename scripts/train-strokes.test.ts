import { describe, expect, it } from 'vitest';
import { loadTrainSplit } from '../bench/drawn/data.ts';
import { buildStrokeSet } from '../bench/drawn/strokeset.ts';
import type { MnistSplit } from '../src/shared/mnist/idx.ts';
import { strokeAugmentedSplit } from './train-strokes.ts';

/** The first `n` MNIST training digits. */
function firstDigits(n: number): MnistSplit {
  const all = loadTrainSplit();
  return { count: n, images: all.images.slice(0, n * 784), labels: all.labels.slice(0, n) };
}

/** Longer side of the box of pixels ≥ 0.1 of full ink, and the centre of mass. */
function geometry(img: Uint8Array): { long: number; cx: number; cy: number } {
  let [minX, minY, maxX, maxY, m, sx, sy] = [28, 28, -1, -1, 0, 0, 0];
  img.forEach((v, i) => {
    const x = i % 28;
    const y = (i - x) / 28;
    m += v;
    sx += v * x;
    sy += v * y;
    if (v < 26) return;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  });
  return { long: Math.max(maxX - minX, maxY - minY) + 1, cx: sx / m, cy: sy / m };
}

describe('strokeAugmentedSplit', () => {
  const train = firstDigits(120);
  const heldOut = buildStrokeSet(train.images, train.labels, 2).map((d) => d.index);

  it('leaves the stroke set out of training and keeps every other digit, labels with it, with share 0', () => {
    const { split, excluded, rendered } = strokeAugmentedSplit(train, { share: 0, seed: 1, holdOutPerClass: 2 });
    expect(excluded).toEqual([...heldOut].sort((a, b) => a - b));
    expect(excluded).toHaveLength(20);
    expect(rendered).toBe(0);
    expect(split.count).toBe(100);
    const kept = Array.from({ length: 120 }, (_, i) => i).filter((i) => !excluded.includes(i));
    kept.forEach((i, j) => {
      expect(split.labels[j]).toBe(train.labels[i]);
      expect(split.images.subarray(j * 784, j * 784 + 784)).toEqual(train.images.subarray(i * 784, i * 784 + 784));
    });
  });

  it('replaces the chosen share by the app-style rendering: a 20-px box centred by its mass', () => {
    const all = strokeAugmentedSplit(train, { share: 1, seed: 1, holdOutPerClass: 2 });
    expect(all.rendered).toBe(100);
    for (let j = 0; j < all.split.count; j++) {
      const img = all.split.images.subarray(j * 784, j * 784 + 784);
      const g = geometry(img);
      expect(g.long, `digit ${j}`).toBeGreaterThanOrEqual(19);
      expect(g.long, `digit ${j}`).toBeLessThanOrEqual(21);
      // (14, 14) with pixel centres at index + 0.5, to whole pixels.
      expect(Math.max(Math.abs(g.cx - 13.5), Math.abs(g.cy - 13.5)), `digit ${j}`).toBeLessThanOrEqual(1);
    }
    const some = strokeAugmentedSplit(train, { share: 0.3, seed: 1, holdOutPerClass: 2 });
    expect(some.rendered).toBeGreaterThan(15);
    expect(some.rendered).toBeLessThan(45);
    expect(strokeAugmentedSplit(train, { share: 0.3, seed: 1, holdOutPerClass: 2 }).split.images).toEqual(some.split.images);
  });
});
