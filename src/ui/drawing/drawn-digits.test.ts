/**
 * The drawing path end to end, without a browser: the fixture digits drawn at every placement on a
 * real `DrawingSession` (as the pad feeds it), turned into the network's input by `drawingInput`,
 * read by the shipped models. (The browser sample in e2e/draw.spec.ts draws a few with the mouse.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { DrawingSession } from './session.ts';
import { drawingInput } from '../../shared/preprocess/drawing-input.ts';
import { toModelInput } from '../../shared/preprocess/mnist-style.ts';
import { PLACEMENTS, placeDigit } from '../../shared/preprocess/fixtures/digit-strokes.ts';
import { predictedClass } from '../../shared/model/readout.ts';
import { variantSpec, VARIANTS } from '../../shared/model/variants.ts';
import { loadShippedModel } from '../../../scripts/shipped-model.ts';
import { registerWasmKernels } from '../../shared/tf/wasm-kernels.ts';

function readDrawing(model: tf.LayersModel, variant: (typeof VARIANTS)[number], session: DrawingSession): number {
  const input = drawingInput(session);
  if (input.kind === 'empty') return -1;
  const spec = variantSpec(variant);
  const [h = 28, w = 28] = spec.inputShape;
  const scores = tf.tidy(() =>
    (model.predict(tf.tensor4d(toModelInput(input.image, spec.inputFormat), [1, h, w, 1])) as tf.Tensor).dataSync(),
  );
  return predictedClass(scores, spec.readout);
}

describe('drawn digits through the real pipeline and the shipped models', () => {
  beforeAll(async () => {
    registerWasmKernels();
    await tf.setBackend('wasm');
  });

  for (const variant of VARIANTS) {
    it(`the ${variant} net reads the ten digits at every size and position, with thin and thick pens alike`, async () => {
      const model = await loadShippedModel(variant);
      const session = new DrawingSession();
      const misses: string[] = [];
      const perPlacement = new Map<string, number>();
      let total = 0;
      for (const pen of [6, 21, 40]) {
        for (const p of PLACEMENTS) {
          for (let d = 0; d <= 9; d++) {
            session.clear();
            for (const stroke of placeDigit(d, p)) {
              session.begin(stroke[0]!, pen);
              session.extend(stroke.slice(1));
              session.end();
            }
            const got = readDrawing(model, variant, session);
            total++;
            if (got === d) perPlacement.set(p.name, (perPlacement.get(p.name) ?? 0) + 1);
            else misses.push(`${d} drawn ${p.name} with pen ${pen} read as ${got}`);
          }
        }
      }
      model.dispose();
      expect(1 - misses.length / total, misses.join(', ')).toBeGreaterThanOrEqual(0.97);
      for (const p of PLACEMENTS) expect((perPlacement.get(p.name) ?? 0) / 30, p.name).toBeGreaterThanOrEqual(0.9);
    });
  }
});
