/**
 * `npx tsx bench/drawn/mnist-width.ts [--count N]`: MNIST's typical stroke width, measured on the
 * training set as ink area (sum of pixel values / 255) ÷ skeleton length (the traced Zhang–Suen
 * skeleton), per digit. The figure the stroke renderer's `MNIST_PEN_WIDTH` comes from.
 */
import { parseArgs } from 'node:util';
import { loadTrainSplit } from './data.ts';
import { traceDigit } from './strokeset.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '60000' } } });
const train = loadTrainSplit();
const n = Math.min(train.count, Number(values.count));
const widths: number[] = [];
const perClass: number[][] = Array.from({ length: 10 }, () => []);
let area = 0;
let length = 0;
for (let i = 0; i < n; i++) {
  const d = traceDigit(train.images, i * 784, i, train.labels[i]!);
  if (d.skeletonLength < 1) continue;
  const w = d.inkArea / d.skeletonLength;
  widths.push(w);
  perClass[d.label]!.push(w);
  area += d.inkArea;
  length += d.skeletonLength;
}
const q = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.floor(p * (a.length - 1))]!;
console.log(`${widths.length} training digits: ink area ÷ skeleton length, px (28x28 pixels)`);
console.log(
  `  median ${q(widths, 0.5).toFixed(3)}, mean ${(widths.reduce((a, b) => a + b, 0) / widths.length).toFixed(3)}, pooled ${(area / length).toFixed(3)}`,
);
console.log(`  10th–90th percentile ${q(widths, 0.1).toFixed(3)} – ${q(widths, 0.9).toFixed(3)}`);
console.log(`  per class median: ${perClass.map((a, c) => `${c}: ${q(a, 0.5).toFixed(2)}`).join(', ')}`);
