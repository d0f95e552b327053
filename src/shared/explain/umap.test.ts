import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../util/random.ts';
import * as tf from '@tensorflow/tfjs';
import { exactKnn, umap2 } from './umap.ts';
import { ExplainCancelled } from './saliency.ts';

// The cpu backend, named: with Vitest's modules shared across files (isolate: false), another file may
// have left wasm selected.
beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Three tight, well-apart Gaussian clusters of `per` points in `d` dimensions. */
function clusters(per: number, d: number): { data: Float32Array; label: number[]; centres: Float32Array[] } {
  const rng = mulberry32(3);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const centres = [0, 1, 2].map((c) => Float32Array.from({ length: d }, (_, j) => (j % 3 === c ? 10 : 0)));
  const data = new Float32Array(3 * per * d);
  const label: number[] = [];
  for (let i = 0; i < 3 * per; i++) {
    const c = i % 3;
    label.push(c);
    for (let j = 0; j < d; j++) data[i * d + j] = centres[c]![j]! + gauss();
  }
  return { data, label, centres };
}

describe('the UMAP map', () => {
  it('keeps clusters together, and places a new point by its neighbours', async () => {
    const { data, label, centres } = clusters(60, 9);
    const n = label.length;
    const stages: string[] = [];
    const m = await umap2(data, n, 9, { onProgress: (s) => stages.push(s) });
    expect(m.coords).toHaveLength(2 * n);
    expect(m.coords.every(Number.isFinite)).toBe(true);
    expect(stages[0]).toBe('neighbours');
    expect(stages.at(-1)).toBe('layout');
    // Each point's nearest point on the map is from its own cluster.
    let same = 0;
    for (let i = 0; i < n; i++) {
      let best = -1;
      let bestD = Infinity;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const dd = (m.coords[2 * i]! - m.coords[2 * j]!) ** 2 + (m.coords[2 * i + 1]! - m.coords[2 * j + 1]!) ** 2;
        if (dd < bestD) [bestD, best] = [dd, j];
      }
      if (label[best] === label[i]) same++;
    }
    expect(same / n).toBeGreaterThan(0.95);
    // A cluster's centre lands among that cluster's points.
    for (let c = 0; c < 3; c++) {
      const [x, y] = m.place(centres[c]!);
      const mean = [0, 0];
      const others = [0, 0, 0].map(() => [0, 0]);
      for (let i = 0; i < n; i++) {
        others[label[i]!]![0]! += m.coords[2 * i]! / (n / 3);
        others[label[i]!]![1]! += m.coords[2 * i + 1]! / (n / 3);
      }
      mean[0] = others[c]![0]!;
      mean[1] = others[c]![1]!;
      const own = Math.hypot(x - mean[0]!, y - mean[1]!);
      for (let o = 0; o < 3; o++) if (o !== c) expect(own).toBeLessThan(Math.hypot(x - others[o]![0]!, y - others[o]![1]!));
    }
  });

  it('reduces wide rows to principal coordinates first, keeps the clusters, and places a new point the same way', async () => {
    const { data, label, centres } = clusters(50, 60);
    const n = label.length;
    const before = tf.memory().numTensors;
    const m = await umap2(data, n, 60, { reduceTo: 8, epochs: 60 });
    const [x, y] = m.place(centres[1]!);
    expect(tf.memory().numTensors).toBe(before);
    const centre = (c: number) => {
      const s = [0, 0];
      for (let i = 0; i < n; i++) if (label[i] === c) [s[0], s[1]] = [s[0]! + m.coords[2 * i]! / 50, s[1]! + m.coords[2 * i + 1]! / 50];
      return s;
    };
    const dist = (c: number) => Math.hypot(x - centre(c)[0]!, y - centre(c)[1]!);
    expect(dist(1)).toBeLessThan(dist(0));
    expect(dist(1)).toBeLessThan(dist(2));
  });

  it('stops between slices when cancelled, and refuses too few points', async () => {
    const { data, label } = clusters(20, 6);
    let slices = 0;
    await expect(
      umap2(data, label.length, 6, { epochs: 100, epochsPerSlice: 5, yieldNow: async () => void slices++, isCancelled: () => slices >= 3 }),
    ).rejects.toBeInstanceOf(ExplainCancelled);
    await expect(umap2(data, 10, 6)).rejects.toThrow(/more than/);
  });

  it('finds the exact nearest neighbours (itself first), as brute force does', async () => {
    const { data } = clusters(40, 5);
    const n = 120;
    const before = tf.memory().numTensors;
    const knn = await exactKnn(data, n, 5, 6, { block: 50 });
    expect(tf.memory().numTensors).toBe(before);
    for (const i of [0, 33, 119]) {
      const dist = Array.from({ length: n }, (_, j) => {
        let s = 0;
        for (let c = 0; c < 5; c++) s += (data[i * 5 + c]! - data[j * 5 + c]!) ** 2;
        return Math.sqrt(s);
      });
      const order = dist.map((v, j) => [v, j] as const).sort((a, b) => a[0] - b[0]);
      expect(knn.indices[i]![0]).toBe(i);
      expect(knn.distances[i]![0]).toBe(0);
      for (let r = 1; r < 6; r++) expect(knn.distances[i]![r]).toBeCloseTo(order[r]![0], 3);
    }
  });
});
