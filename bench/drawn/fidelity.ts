/**
 * `npx tsx bench/drawn/fidelity.ts [--per-class 100] [--show]`: a quick look at the stroke set
 * alone, for working on the tracer and the renderer: the strokes' fidelity to their digits (IoU and
 * correlation of the strokes redrawn in place against the original pixels) and how the shipped
 * models read (a) the digits' pixels, (b) their strokes redrawn in place with each digit's own
 * width, (c) the same at MNIST's pen width, (d) the strokes through `preprocessStrokes` (the app's
 * stroke path, placement-free: size, position and pen do not change its input). `--show` prints
 * the digits some model misreads as text pictures (original | drawn); `--png FILE` saves the modern
 * net's drawn misreads as a picture (original | in place | drawn); `--modern-dir DIR` reads a
 * candidate modern model instead of the shipped one. Training digits only.
 */
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { initNodeBackend } from '../../scripts/tf-node.ts';
import { loadShippedModel } from '../../scripts/shipped-model.ts';
import { variantSpec, type Variant } from '../../src/shared/model/variants.ts';
import { inputPixels, writeInput } from '../../src/shared/preprocess/input-format.ts';
import { MNIST_PEN_WIDTH, preprocessStrokes } from '../../src/shared/preprocess/stroke-render.ts';
import { loadTrainSplit, modernNeverTrainedOn } from './data.ts';
import { encodeGreyPng, tileDigits } from './png.ts';
import { buildStrokeSet, correlation, redrawInPlace } from './strokeset.ts';

const { values: args } = parseArgs({
  options: {
    'per-class': { type: 'string', default: '100' },
    show: { type: 'boolean', default: false },
    /** A candidate modern model's folder (`npm run train -- --out DIR`) instead of the shipped one. */
    'modern-dir': { type: 'string' },
    png: { type: 'string' },
  },
});

await initNodeBackend('wasm');
const train = loadTrainSplit();
const t0 = performance.now();
const set = buildStrokeSet(train.images, train.labels, Number(args['per-class']));
const n = set.length;
console.log(`${n} training digits traced in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const inputs = {
  pixels: set.map((d) => Float32Array.from(train.images.subarray(d.index * 784, d.index * 784 + 784), (v) => v / 255)),
  ownWidth: set.map((d) => redrawInPlace(d.strokes, d.inkArea / d.skeletonLength)),
  mnistPen: set.map((d) => redrawInPlace(d.strokes, MNIST_PEN_WIDTH)),
  drawn: set.map((d) => {
    const r = preprocessStrokes(d.strokes.map((l) => ({ points: l.map((p) => ({ x: p.x * 10, y: p.y * 10 })), width: 1 })));
    return r.kind === 'digit' ? r.image : new Float32Array(784);
  }),
};
console.log(
  `fidelity (IoU ≥ 0.5): mean ${mean(set.map((d) => d.fidelity)).toFixed(4)}; correlation in place (own width) ${mean(
    inputs.pixels.map((p, i) => correlation(p, inputs.ownWidth[i]!)),
  ).toFixed(4)}, at ${MNIST_PEN_WIDTH} px ${mean(inputs.pixels.map((p, i) => correlation(p, inputs.mnistPen[i]!))).toFixed(4)}`,
);
/** Longer side of the box of pixels with any ink, px. */
function longSide(img: Float32Array): number {
  const xs: number[] = [];
  const ys: number[] = [];
  img.forEach((v, i) => {
    if (v > 0.5 / 255) {
      xs.push(i % 28);
      ys.push(Math.floor(i / 28));
    }
  });
  return Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) + 1;
}
const hist = (imgs: Float32Array[]) => {
  const h = new Map<number, number>();
  for (const im of imgs) {
    const l = longSide(im);
    h.set(l, (h.get(l) ?? 0) + 1);
  }
  return [...h].map(([k, v]) => `${k} px: ${v}`).join(', ');
};
console.log(`long side of the ink's box: pixels ${hist(inputs.pixels)}; drawn ${hist(inputs.drawn)}`);
const heldOut = modernNeverTrainedOn(args['modern-dir']);
const isHeld = set.map((d) => heldOut.has(d.index));
console.log(`${isHeld.filter(Boolean).length} of ${n} digits were held out of the modern net's training`);
const wrong = new Map<number, string[]>();
for (const variant of ['modern', 'classic'] as Variant[]) {
  const model = await loadShippedModel(variant, variant === 'modern' ? args['modern-dir'] : undefined);
  const spec = variantSpec(variant);
  const px = inputPixels(spec.inputFormat);
  const [h = 28, w = 28] = spec.inputShape;
  const line: string[] = [];
  for (const [name, imgs] of Object.entries(inputs)) {
    const x = new Float32Array(n * px);
    imgs.forEach((img, i) => writeInput(img, 0, 1, spec.inputFormat, x, i * px));
    const pred = tf.tidy(() => {
      const s = model.predict(tf.tensor4d(x, [n, h, w, 1])) as tf.Tensor2D;
      return (spec.readout === 'argmax' ? s.argMax(1) : s.argMin(1)).dataSync();
    });
    let ok = 0;
    let okHeld = 0;
    set.forEach((d, i) => {
      if (pred[i] === d.label && isHeld[i]) okHeld++;
      if (pred[i] === d.label) ok++;
      else wrong.set(i, [...(wrong.get(i) ?? []), `${variant}/${name}→${pred[i]}`]);
    });
    line.push(`${name} ${((100 * ok) / n).toFixed(1)} % (held out ${((100 * okHeld) / isHeld.filter(Boolean).length).toFixed(1)} %)`);
  }
  model.dispose();
  console.log(`${variant}: ${line.join(', ')}`);
}
if (args.png) {
  // The modern net's drawn misreads, four to a row: original pixels | strokes in place | drawn input.
  const misread = [...wrong].filter(([, what]) => what.some((w) => w.startsWith('modern/drawn'))).map(([i]) => i);
  const rows: Float32Array[][] = [];
  for (let r = 0; r < misread.length; r += 4)
    rows.push(misread.slice(r, r + 4).flatMap((i) => [inputs.pixels[i]!, inputs.mnistPen[i]!, inputs.drawn[i]!]));
  if (rows.length) {
    const t = tileDigits(rows);
    writeFileSync(args.png, encodeGreyPng(t.pixels, t.width, t.height));
    console.log(`wrote ${args.png}: ${misread.map((i) => `#${set[i]!.index} (${set[i]!.label})`).join(' ')}, in reading order`);
  }
}
const shade = (v: number) => ' .:-=+*#%@'[Math.min(9, Math.floor(v * 10))]!;
for (const [i, what] of [...wrong].sort((a, b) => a[0] - b[0])) {
  const d = set[i]!;
  console.log(`#${d.index} label ${d.label} fidelity ${d.fidelity.toFixed(2)} strokes ${d.strokes.length}: ${what.join(' ')}`);
  if (!args.show) continue;
  for (let y = 0; y < 28; y++) {
    let row = '';
    for (let x = 0; x < 28; x++) row += shade(inputs.pixels[i]![y * 28 + x]!);
    row += ' | ';
    for (let x = 0; x < 28; x++) row += shade(inputs.mnistPen[i]![y * 28 + x]!);
    console.log(row);
  }
}
