/**
 * The explain worker: computes the map of all digits (a layer's activations for the 10,000 test
 * images, reduced by PCA) off the UI thread, with the lab's current weights. It loads only the test
 * split, and keeps one model per variant whose weights each request replaces.
 */
import type * as tf from '@tensorflow/tfjs';
import { initBackend } from '../shared/tf/backends.ts';
import { loadMnist } from '../shared/mnist/load.ts';
import type { IdxImages, IdxLabels } from '../shared/mnist/idx.ts';
import { variantSpec } from '../shared/model/variants.ts';
import { restoreWeights } from '../shared/train/core.ts';
import { embedImages } from '../shared/explain/embedding.ts';
import { topImages } from '../shared/explain/top.ts';
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

/** Latest request per kind: a newer one cancels the older between slices; the kinds run side by side. */
const latest = { embed: 0, top: 0 };
let backend: Promise<unknown> | null = null;
let testSet: Promise<{ images: Uint8Array; labels: Uint8Array; count: number }> | null = null;
let testSetSent = false;
const models = new Map<string, tf.LayersModel>();

type Request = Extract<ToExplainWorker, { type: 'embed' | 'top' }>;

/** The backend, the test split and the request's model with its weights. */
async function prepare(msg: Request): Promise<{ ts: { images: Uint8Array; labels: Uint8Array; count: number }; model: tf.LayersModel }> {
  backend ??= initBackend(['wasm', 'cpu']);
  await backend;
  testSet ??= loadMnist({
    baseUrl: msg.baseUrl,
    only: ['testImages', 'testLabels'],
    onProgress: (p) => post({ type: 'progress', id: msg.id, stage: 'loading', done: p.loaded, total: p.total }),
  }).then((f) => {
    const images = f.testImages as IdxImages;
    return { images: images.pixels, labels: (f.testLabels as IdxLabels).labels, count: images.count };
  });
  const ts = await testSet.catch((e: unknown) => {
    testSet = null;
    throw e;
  });
  // One model per variant and kind, so a map and a top-9 computing side by side keep their weights.
  const key = `${msg.variant}:${msg.type}`;
  let model = models.get(key);
  if (!model) models.set(key, (model = variantSpec(msg.variant).create()));
  restoreWeights(
    model,
    msg.weights.buffers.map((b) => new Float32Array(b)),
  );
  return { ts, model };
}

/** The test images, sent with the first result only (transferred copies). */
function testSetOnce(ts: { images: Uint8Array; labels: Uint8Array }): { images: ArrayBuffer; labels: ArrayBuffer } | undefined {
  if (testSetSent) return undefined;
  testSetSent = true;
  return { images: ts.images.slice().buffer, labels: ts.labels.slice().buffer };
}

async function run(msg: Request): Promise<void> {
  const { id } = msg;
  const current = () => latest[msg.type] === id;
  try {
    const { ts, model } = await prepare(msg);
    if (!current()) return;
    const slicing = {
      batch: 100,
      yieldNow: yieldToEvents,
      isCancelled: () => !current(),
      onProgress: (done: number, total: number) => post({ type: 'progress', id, stage: 'computing', done, total }),
    };
    if (msg.type === 'embed') {
      const e = await embedImages(model, msg.variant, msg.layer, ts.images, ts.count, slicing);
      const testSet = testSetOnce(ts);
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
        ...(testSet ? { testSet } : {}),
      };
      post(out, [out.coords, out.mean, out.axes, ...(testSet ? [testSet.images, testSet.labels] : [])]);
    } else {
      const t = await topImages(model, msg.variant, msg.layer, ts.images, ts.count, slicing);
      const testSet = testSetOnce(ts);
      const out: FromExplainWorker = {
        type: 'top-done',
        id,
        layer: t.layer,
        ms: t.ms,
        k: t.k,
        channels: t.channels,
        indices: t.indices.buffer as ArrayBuffer,
        values: t.values.buffer as ArrayBuffer,
        ...(testSet ? { testSet } : {}),
      };
      post(out, [out.indices, out.values, ...(testSet ? [testSet.images, testSet.labels] : [])]);
    }
  } catch (e) {
    if (e instanceof ExplainCancelled || !current()) return;
    post({ type: 'error', id, message: (e as Error).message || String(e) });
  }
}

scope.onmessage = (e: MessageEvent<ToExplainWorker>) => {
  const msg = e.data;
  if (msg.type === 'cancel') {
    latest.embed++;
    latest.top++;
    return;
  }
  latest[msg.type] = msg.id;
  void run(msg);
};
