/**
 * The explain worker's work (loaded by `explain.worker.ts` while the test set downloads): the map of all digits (PCA at once, UMAP on request), the top test images of
 * each unit and activation maximisation, off the UI thread, with the lab's current weights. It
 * loads only the test split. One forward pass over the 10,000 test images yields every map layer's
 * activations (C3, C5, F6, output); they are kept for the last weights seen, so another layer, another
 * method or the top-9 of those layers cost no second pass.
 */
import type * as tf from '@tensorflow/tfjs';
import { initBackend } from '../shared/tf/backends.ts';
import type { LayerId } from '../shared/model/lenet.ts';
import { variantSpec, type Variant } from '../shared/model/variants.ts';
import { restoreWeights } from '../shared/train/core.ts';
import { EMBEDDING_LAYERS, embedActivations, splitActivations, type LayerActivations } from '../shared/explain/embedding.ts';
import { topFromActivations, topImages } from '../shared/explain/top.ts';
import { maximiseUnit, unitDrive, unitResponse } from '../shared/explain/actmax.ts';
import { umap2, type UmapMap } from '../shared/explain/umap.ts';
import { ExplainCancelled } from '../shared/explain/cancel.ts';
import { weightsKey } from '../shared/explain/weights-key.ts';
import type { ExplainKind, FromExplainWorker, ToExplainWorker } from '../shared/explain/protocol.ts';
import { yieldToEvents } from './port.ts';
import { helperFor, post, testSplit, type TestSet } from './explain-start.ts';

type Request = Extract<ToExplainWorker, { type: 'embed' | 'top' | 'maximise' | 'warm' }>;
type PassRequest = Extract<Request, { type: 'embed' | 'top' | 'warm' }>;
type PassResult = { acts: LayerActivations; ms: number; threads: number };
/** Images per forward pass between yields: big batches amortise the per-call cost on wasm. */
const PASS_BATCH = 500;

/** Latest request per kind: a newer one cancels the older between slices; the kinds run side by side. */
const latest: Record<ExplainKind, number> = { embed: 0, top: 0, maximise: 0, place: 0, warm: 0 };
/** The weights key of the latest embed / top / warm request: a forward pass nobody waits for stops. */
const wanted: Record<PassRequest['type'], string | null> = { embed: null, top: null, warm: null };
const isWanted = (key: string) => wanted.embed === key || wanted.top === key || wanted.warm === key;
let backend: Promise<{ name: string }> | null = null;
let testSetSent = false;
const models = new Map<string, tf.LayersModel>();
/** The map layers' activations for one set of weights: done, or being computed. */
let pass: { key: string; variant: Variant; result: Promise<PassResult>; done: boolean } | null = null;
/** The last UMAP map, to place the drawing on. */
let lastUmap: { layer: LayerId; map: UmapMap } | null = null;

/** The backend and the test split, loaded once (side by side: the download does not wait for wasm). */
async function base(msg: Request): Promise<{ ts: TestSet; backend: string }> {
  backend ??= initBackend(['wasm', 'cpu']);
  const [{ name }, ts] = await Promise.all([
    backend.catch((e: unknown) => {
      backend = null;
      throw e;
    }),
    testSplit(msg),
  ]);
  return { ts, backend: name };
}

/** `base`, and a model of the request's variant (one per purpose) holding the request's weights. */
async function prepare(msg: Request, purpose: string): Promise<{ ts: TestSet; model: tf.LayersModel; backend: string }> {
  const b = await base(msg);
  // One model per variant and purpose, so computations running side by side keep their weights.
  const key = `${msg.variant}:${purpose}`;
  let model = models.get(key);
  if (!model) models.set(key, (model = variantSpec(msg.variant).create()));
  restoreWeights(
    model,
    msg.weights.buffers.map((b) => new Float32Array(b)),
  );
  return { ...b, model };
}

/** The test images, sent with the first result only (transferred copies). */
function testSetOnce(ts: TestSet): { images: ArrayBuffer; labels: ArrayBuffer } | undefined {
  if (testSetSent) return undefined;
  testSetSent = true;
  return { images: ts.images.slice().buffer, labels: ts.labels.slice().buffer };
}

/**
 * Every map layer's activations for the request's weights: the kept ones, the pass in flight for
 * the same weights, or a new pass (which stops between batches once no request wants its weights).
 */
async function activations(msg: PassRequest, key: string): Promise<PassResult> {
  if (pass?.key === key && pass.variant === msg.variant) return pass.result;
  const { ts } = await base(msg);
  if (!isWanted(key)) throw new ExplainCancelled('cancelled');
  // Another call may have started the same pass while this one waited for the test set.
  if (pass?.key === key && pass.variant === msg.variant) return pass.result;
  // A model of its own for each pass: two passes for different weights can run side by side (the
  // map for one model, a top-9 search for another); a shared model would give the first pass the
  // second one's weights halfway through. Disposed when the pass ends.
  const model = variantSpec(msg.variant).create();
  restoreWeights(
    model,
    msg.weights.buffers.map((b) => new Float32Array(b)),
  );
  const t0 = performance.now();
  const peer = helperFor(msg);
  const result = splitActivations(peer, model, msg.variant, msg.weights.buffers, EMBEDDING_LAYERS, ts.images, ts.count, {
    batch: PASS_BATCH,
    yieldNow: yieldToEvents,
    isCancelled: () => !isWanted(key),
    onProgress: (done, total) => {
      // Both waiting requests see the pass's progress.
      for (const kind of ['embed', 'top'] as const)
        if (wanted[kind] === key) post({ type: 'progress', id: latest[kind], stage: 'computing', done, total });
    },
  })
    .then(({ acts, threads }) => {
      mine.done = true;
      return { acts, ms: performance.now() - t0, threads };
    })
    .finally(() => model.dispose());
  const mine = { key, variant: msg.variant, result, done: false };
  pass = mine;
  result.catch(() => {
    if (pass === mine) pass = null;
  });
  return result;
}

async function run(msg: Request): Promise<void> {
  const { id } = msg;
  const current = () => latest[msg.type] === id;
  const slicing = { yieldNow: yieldToEvents, isCancelled: () => !current() };
  try {
    if (msg.type === 'maximise') {
      const t0 = performance.now();
      const { model } = await prepare(msg, 'maximise');
      if (!current()) return;
      const r = await maximiseUnit(
        unitResponse(model, msg.variant, msg.layer, msg.unit),
        {
          ...slicing,
          steps: 150,
          onProgress: (done, total) => post({ type: 'progress', id, stage: 'computing', done, total }),
        },
        unitDrive(model, msg.variant, msg.layer, msg.unit),
      );
      const out = {
        type: 'maximised',
        id,
        layer: msg.layer,
        unit: msg.unit,
        ms: performance.now() - t0,
        image: r.image.buffer as ArrayBuffer,
        start: r.start,
        value: r.value,
        steps: r.steps,
      } satisfies FromExplainWorker;
      post(out, [out.image]);
      return;
    }
    const key = `${msg.variant}:${weightsKey(msg.weights)}`;
    // A warm-up never displaces a pass someone waits for (they share one model).
    if (msg.type === 'warm' && pass && !pass.done && pass.key !== key && isWanted(pass.key)) return;
    // A warm-up for other weights gives way (the pass shares one model: it must stop).
    if (msg.type !== 'warm' && wanted.warm !== key) wanted.warm = null;
    wanted[msg.type] = key;
    const t0 = performance.now();
    if (msg.type === 'warm') {
      await activations(msg, key);
      if (current()) post({ type: 'warmed', id, ms: performance.now() - t0 });
      return;
    }
    if (msg.type === 'top' && !EMBEDDING_LAYERS.includes(msg.layer)) {
      // C1, S2, S4: their own pass (their maxima on the backend; C1's maps are too big to keep).
      const { ts, model } = await prepare(msg, 'top');
      if (!current()) return;
      const t = await topImages(model, msg.variant, msg.layer, ts.images, ts.count, {
        ...slicing,
        batch: PASS_BATCH,
        onProgress: (done, total) => post({ type: 'progress', id, stage: 'computing', done, total }),
      });
      return postTop(id, t, ts);
    }
    const kept = pass?.key === key && pass.variant === msg.variant && pass.done;
    const { acts, ms: passMs, threads } = await activations(msg, key);
    if (!current()) return;
    const { ts, backend: backendName } = await base(msg);
    const layer = acts.get(msg.layer);
    if (!layer) throw new Error(`no activations of ${msg.layer}`);
    const forwardMs = kept ? 0 : passMs;
    if (msg.type === 'top') {
      const spec = variantSpec(msg.variant).layers.find((l) => l.id === msg.layer)!;
      const channels = spec.shape[spec.shape.length - 1]!;
      return postTop(id, topFromActivations(msg.layer, layer.data, ts.count, layer.dims / channels, channels), ts, performance.now() - t0);
    }
    let coords: Float32Array;
    let pcaPart: Extract<FromExplainWorker, { type: 'embedded' }>['pca'];
    if (msg.method === 'pca') {
      const e = embedActivations(msg.layer, layer.data, layer.dims, ts.count);
      coords = e.pca.coords;
      pcaPart = {
        mean: e.pca.mean.buffer as ArrayBuffer,
        axes: e.pca.axes.buffer as ArrayBuffer,
        variance: e.pca.variance,
        totalVariance: e.pca.totalVariance,
        iterations: e.pca.iterations,
      };
    } else {
      const map = await umap2(layer.data, ts.count, layer.dims, {
        ...slicing,
        onProgress: (stage, done, total) => post({ type: 'progress', id, stage, done, total }),
      });
      lastUmap = { layer: msg.layer, map };
      coords = map.coords;
    }
    const sent = testSetOnce(ts);
    const out = {
      type: 'embedded',
      id,
      layer: msg.layer,
      method: msg.method,
      ms: performance.now() - t0,
      forwardMs,
      threads: kept ? 0 : threads,
      backend: backendName,
      coords: coords.buffer as ArrayBuffer,
      ...(pcaPart ? { pca: pcaPart } : {}),
      ...(sent ? { testSet: sent } : {}),
    } satisfies FromExplainWorker;
    post(out, [out.coords, ...(pcaPart ? [pcaPart.mean, pcaPart.axes] : []), ...(sent ? [sent.images, sent.labels] : [])]);
  } catch (e) {
    if (e instanceof ExplainCancelled || !current()) return;
    post({ type: 'error', id, message: (e as Error).message || String(e) });
  }
}

function postTop(
  id: number,
  t: { layer: LayerId; k: number; channels: number; indices: Int32Array; values: Float32Array; ms: number },
  ts: TestSet,
  ms = t.ms,
): void {
  const sent = testSetOnce(ts);
  const out = {
    type: 'top-done',
    id,
    layer: t.layer,
    ms,
    k: t.k,
    channels: t.channels,
    indices: t.indices.buffer as ArrayBuffer,
    values: t.values.buffer as ArrayBuffer,
    ...(sent ? { testSet: sent } : {}),
  } satisfies FromExplainWorker;
  post(out, [out.indices, out.values, ...(sent ? [sent.images, sent.labels] : [])]);
}

function place(msg: Extract<ToExplainWorker, { type: 'place' }>): void {
  if (!lastUmap || lastUmap.layer !== msg.layer) {
    post({ type: 'error', id: msg.id, message: `no UMAP map of ${msg.layer} to place the drawing on` });
    return;
  }
  try {
    const [x, y] = lastUmap.map.place(new Float32Array(msg.vector));
    post({ type: 'placed', id: msg.id, layer: msg.layer, x, y });
  } catch (e) {
    post({ type: 'error', id: msg.id, message: (e as Error).message || String(e) });
  }
}

/** Handles one request, in the order they arrived (the entry forwards them once this module has loaded). */
export function handle(msg: ToExplainWorker): void {
  if (msg.type === 'cancel') {
    for (const k of Object.keys(latest) as ExplainKind[]) latest[k]++;
    wanted.embed = wanted.top = wanted.warm = null;
    return;
  }
  latest[msg.type] = msg.id;
  if (msg.type === 'place') return place(msg);
  void run(msg);
}
