/**
 * The explain worker: computes the map of all digits (a layer's activations for the 10,000 test
 * images, reduced by PCA) off the UI thread, with the lab's current weights. It loads only the test
 * split, and keeps one model per variant whose weights each request replaces.
 */
import type * as tf from '@tensorflow/tfjs';
import { initBackend } from '../shared/tf/backends.ts';
import { loadMnist } from '../shared/mnist/load.ts';
import type { IdxImages, IdxLabels } from '../shared/mnist/idx.ts';
import { variantSpec, type Variant } from '../shared/model/variants.ts';
import { restoreWeights } from '../shared/train/core.ts';
import { embedImages } from '../shared/explain/embedding.ts';
import { ExplainCancelled } from '../shared/explain/saliency.ts';
import type { FromExplainWorker, ToExplainWorker } from '../shared/explain/protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromExplainWorker, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);

const channel = new MessageChannel();
const waiting: Array<() => void> = [];
channel.port1.onmessage = () => waiting.shift()?.();
/** Lets queued messages (a newer request, a cancel) in between slices. */
const yieldToEvents = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

let latest = 0;
let backend: Promise<unknown> | null = null;
let testSet: Promise<{ images: Uint8Array; labels: Uint8Array; count: number }> | null = null;
let testSetSent = false;
const models = new Map<Variant, tf.LayersModel>();

async function embed(msg: Extract<ToExplainWorker, { type: 'embed' }>): Promise<void> {
  const { id } = msg;
  try {
    backend ??= initBackend(['wasm', 'cpu']);
    await backend;
    testSet ??= loadMnist({
      baseUrl: msg.baseUrl,
      only: ['testImages', 'testLabels'],
      onProgress: (p) => post({ type: 'progress', id, stage: 'loading', done: p.loaded, total: p.total }),
    }).then((f) => {
      const images = f.testImages as IdxImages;
      return { images: images.pixels, labels: (f.testLabels as IdxLabels).labels, count: images.count };
    });
    const ts = await testSet.catch((e: unknown) => {
      testSet = null;
      throw e;
    });
    if (id !== latest) return;
    let model = models.get(msg.variant);
    if (!model) models.set(msg.variant, (model = variantSpec(msg.variant).create()));
    restoreWeights(
      model,
      msg.weights.buffers.map((b) => new Float32Array(b)),
    );
    const e = await embedImages(model, msg.variant, msg.layer, ts.images, ts.count, {
      batch: 100,
      yieldNow: yieldToEvents,
      isCancelled: () => id !== latest,
      onProgress: (done, total) => post({ type: 'progress', id, stage: 'computing', done, total }),
    });
    const out: FromExplainWorker = {
      type: 'embedded',
      id,
      layer: e.layer,
      ms: e.ms,
      coords: e.pca.coords.buffer as ArrayBuffer,
      mean: e.pca.mean.buffer as ArrayBuffer,
      axes: e.pca.axes.buffer as ArrayBuffer,
      variance: e.pca.variance,
      totalVariance: e.pca.totalVariance,
      iterations: e.pca.iterations,
      ...(testSetSent ? {} : { testSet: { images: ts.images.slice().buffer, labels: ts.labels.slice().buffer } }),
    };
    testSetSent = true;
    const transfer: Transferable[] = [out.coords, out.mean, out.axes];
    if (out.testSet) transfer.push(out.testSet.images, out.testSet.labels);
    post(out, transfer);
  } catch (e) {
    if (e instanceof ExplainCancelled || id !== latest) return;
    post({ type: 'error', id, message: (e as Error).message || String(e) });
  }
}

scope.onmessage = (e: MessageEvent<ToExplainWorker>) => {
  const msg = e.data;
  if (msg.type === 'cancel') {
    latest++;
    return;
  }
  latest = msg.id;
  void embed(msg);
};
