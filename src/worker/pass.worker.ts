/// <reference lib="webworker" />
/**
 * The explain worker's pass helper: the map layers' activations of its share of the test images,
 * on its own core, with the weights it is sent (`pass-helper.ts`). Nothing else: no test set of its
 * own, no state between passes but the backend.
 */
import { initBackend } from '../shared/tf/backends.ts';
import { variantSpec } from '../shared/model/variants.ts';
import { restoreWeights } from '../shared/train/core.ts';
import { layerActivations } from '../shared/explain/embedding.ts';
import { ExplainCancelled } from '../shared/explain/saliency.ts';
import type { FromPassWorker, ToPassWorker } from './pass-protocol.ts';
import { scope, yieldToEvents } from './port.ts';

const post = (msg: FromPassWorker, transfer: Transferable[] = []): void => scope.postMessage(msg satisfies FromPassWorker, transfer);

// The backend starts as soon as the helper does, while the explain worker loads the test set.
const backend = initBackend(['wasm', 'cpu']);
let cancelledUpTo = 0;

async function pass(msg: Extract<ToPassWorker, { type: 'pass' }>): Promise<void> {
  const { id } = msg;
  await backend;
  const model = variantSpec(msg.variant).create();
  try {
    restoreWeights(
      model,
      msg.weights.map((b) => new Float32Array(b)),
    );
    const acts = await layerActivations(model, msg.variant, msg.layers, new Uint8Array(msg.images), msg.count, {
      batch: msg.batch,
      yieldNow: yieldToEvents,
      isCancelled: () => id <= cancelledUpTo,
      onProgress: (done) => post({ type: 'progress', id, done }),
    });
    const out = msg.layers.map((l) => acts.get(l)!);
    const buffers = out.map((a) => a.data.buffer as ArrayBuffer);
    post({ type: 'done', id, acts: buffers, dims: out.map((a) => a.dims) }, buffers);
  } catch (e) {
    if (e instanceof ExplainCancelled) post({ type: 'cancelled', id });
    else post({ type: 'error', id, message: (e as Error).message || String(e) });
  } finally {
    model.dispose();
  }
}

scope.onmessage = (e: MessageEvent<ToPassWorker>) => {
  const msg = e.data;
  if (msg.type === 'cancel') cancelledUpTo = Math.max(cancelledUpTo, msg.id);
  else void pass(msg);
};
