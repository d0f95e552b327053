/** Test data for the training tests: a tiny synthetic "MNIST". */
import type { MnistSplit } from '../mnist/idx.ts';

/** `count` images where class k is a bright vertical bar at column 4 + 2k. */
export function barsSplit(count: number): MnistSplit {
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const k = i % 10;
    labels[i] = k;
    for (let y = 6; y < 22; y++) images[i * 784 + y * 28 + 4 + 2 * k] = 255;
  }
  return { count, images, labels };
}
