/**
 * Where a training step's time goes: tfjs `tf.profile` over training steps of a LeNet-5 on the
 * wasm backend in Node (the same kernels the worker runs), summed per kernel.
 * Usage: npm run bench:profile [-- --variant modern|classic --batch 64 --steps 20 --by-shape]
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { initNodeBackend } from '../scripts/tf-node.ts';
import { isVariant, variantSpec } from '../src/shared/model/variants.ts';
import { trainTask } from '../src/shared/train/core.ts';
import { syntheticStep } from './train-step.ts';

const { values } = parseArgs({
  options: {
    variant: { type: 'string', default: 'modern' },
    batch: { type: 'string', default: '64' },
    steps: { type: 'string', default: '20' },
    backend: { type: 'string', default: 'wasm' },
    'by-shape': { type: 'boolean', default: false },
  },
});
const variant = values.variant!;
if (!isVariant(variant)) throw new Error(`unknown variant ${variant}`);
const batch = Number(values.batch);
const steps = Number(values.steps);
const byShape = values['by-shape'] === true;
await initNodeBackend(values.backend === 'cpu' ? 'cpu' : 'wasm');

const task = trainTask(variant);
const model = variantSpec(variant).create(1);
const optimizer = tf.train.adam(0.001);
const step = syntheticStep(model, optimizer, task, batch);
for (let i = 0; i < 10; i++) step(); // warm-up

const t0 = performance.now();
for (let i = 0; i < steps; i++) step();
const wallMs = (performance.now() - t0) / steps;

const perKernel = new Map<string, { ms: number; calls: number; shapes: Set<string> }>();
let kernelMs = 0;
for (let i = 0; i < steps; i++) {
  const info = await tf.profile(step);
  for (const k of info.kernels) {
    const ms = Number(await k.kernelTimeMs);
    kernelMs += ms;
    const key = byShape ? `${k.name} ${JSON.stringify(k.inputShapes)}` : k.name;
    const e = perKernel.get(key) ?? { ms: 0, calls: 0, shapes: new Set<string>() };
    e.ms += ms;
    e.calls++;
    if (e.shapes.size < 3) e.shapes.add(JSON.stringify(k.inputShapes));
    perKernel.set(key, e);
  }
}
const rows = [...perKernel.entries()].sort((a, b) => b[1].ms - a[1].ms);
console.log(
  `${variant}, batch ${batch}, ${tf.getBackend()}: ${wallMs.toFixed(2)} ms/step wall (${((batch * 1000) / wallMs).toFixed(0)} img/s), kernels ${(kernelMs / steps).toFixed(2)} ms/step`,
);
console.log('| kernel | ms/step | % of kernel time | calls/step |');
console.log('|---|---:|---:|---:|');
for (const [name, e] of rows.slice(0, 25))
  console.log(`| ${name} | ${(e.ms / steps).toFixed(3)} | ${((e.ms / kernelMs) * 100).toFixed(1)} | ${e.calls / steps} |`);
