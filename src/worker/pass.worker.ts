/// <reference lib="webworker" />
/**
 * The explain worker's pass helper: computes the batches of a forward pass over the test images
 * from the last one down, on its own core, until it reaches those the explain worker has taken
 * (`splitActivations`, `pass-helper.ts`). No state between passes but the backend.
 */
import { initBackend } from '../shared/tf/backends.ts';
import { variantSpec } from '../shared/model/variants.ts';
import { restoreWeights } from '../shared/train/core.ts';
import { LayerPass } from '../shared/explain/embedding.ts';
import type { FromPassWorker, ToPassWorker } from './pass-protocol.ts';
import { scope, yieldToEvents } from './port.ts';

const post = (msg: FromPassWorker, transfer: Transferable[] = []): void => scope.postMessage(msg satisfies FromPassWorker, transfer);

// The backend starts as soon as the helper does, while the explain worker loads the test set.
const backend = initBackend(['wasm', 'cpu']);
/** Per pass in progress: the batches below this are taken. */
const limits = new Map<number, number>();

async function pass(msg: Extract<ToPassWorker, { type: 'pass' }>): Promise<void> {
  const { id } = msg;
  limits.set(id, limits.get(id) ?? 0);
  await backend;
  const model = variantSpec(msg.variant).create();
  try {
    restoreWeights(
      model,
      msg.weights.map((b) => new Float32Array(b)),
    );
    const lp = new LayerPass(model, msg.variant, msg.layers);
    const images = new Uint8Array(msg.images);
    for (let b = Math.ceil(msg.count / msg.batch) - 1; b >= 0; b--) {
      // Lets the explain worker's latest limit in first.
      await yieldToEvents();
      if (b < limits.get(id)!) break;
      const n = Math.min(msg.batch, msg.count - b * msg.batch);
      const out = lp.alloc(n);
      lp.run(images, b * msg.batch, n, out, 0);
      const acts = out.map((a) => a.buffer as ArrayBuffer);
      post({ type: 'batch', id, batch: b, acts }, acts);
    }
    post({ type: 'stopped', id });
  } catch (e) {
    post({ type: 'error', id, message: (e as Error).message || String(e) });
  } finally {
    model.dispose();
    limits.delete(id);
  }
}

scope.onmessage = (e: MessageEvent<ToPassWorker>) => {
  const msg = e.data;
  if (msg.type === 'limit') {
    const now = limits.get(msg.id);
    if (now !== undefined) limits.set(msg.id, Math.max(now, msg.below));
  } else void pass(msg);
};
