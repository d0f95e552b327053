/**
 * The UI's side of the explain worker: the only module that posts to it. One request at a time;
 * a new one cancels the previous (its promise then never settles — callers check their own id).
 */
import type { Pca2 } from '../../shared/explain/pca.ts';
import type { FromExplainWorker, ToExplainWorker } from '../../shared/explain/protocol.ts';
import type { LayerId } from '../../shared/model/lenet.ts';
import type { Variant } from '../../shared/model/variants.ts';
import type { WeightsSnapshot } from '../../shared/protocol.ts';

export interface EmbedResult {
  readonly layer: LayerId;
  readonly pca: Pca2;
  readonly ms: number;
}

export interface TopResult {
  readonly layer: LayerId;
  readonly k: number;
  readonly channels: number;
  /** `[channels*k]` test-image indices and responses, best first per channel. */
  readonly indices: Int32Array;
  readonly values: Float32Array;
  readonly ms: number;
}

/** A copy of a model's weights, for the worker (buffers meant to be transferred). */
export function snapshotOf(net: { getWeights(): { dataSync(): ArrayLike<number>; shape: number[] }[] }): WeightsSnapshot {
  const weights = net.getWeights();
  return { buffers: weights.map((w) => Float32Array.from(w.dataSync()).buffer), shapes: weights.map((w) => w.shape) };
}

/** FNV-1a over the weights' bits: the top-9 cache key (a new snapshot with equal weights hits). */
export function weightsKey(w: WeightsSnapshot): string {
  let h = 0x811c9dc5;
  for (const b of w.buffers) {
    const u = new Uint32Array(b);
    for (let i = 0; i < u.length; i++) h = Math.imul(h ^ u[i]!, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

export interface EmbedProgress {
  readonly stage: 'loading' | 'computing';
  readonly done: number;
  readonly total: number;
}

type Handler = { resolve: (msg: FromExplainWorker) => void; reject: (e: Error) => void; onProgress: (p: EmbedProgress) => void };

export class ExplainWorkerClient {
  private worker: Worker | null = null;
  private nextId = 0;
  /** The request in flight per kind; a newer one replaces (and so cancels) the older. */
  private pending = new Map<number, Handler>();
  private latest = { embed: 0, top: 0 };
  private topCache = new Map<string, TopResult>();
  /** The test images `[n*784]` bytes and labels, once the first result has come back. */
  testSet: { images: Uint8Array; labels: Uint8Array } | null = null;

  private send(msg: ToExplainWorker, transfer: Transferable[] = []): void {
    if (!this.worker) {
      this.worker = new Worker(new URL('../../worker/explain.worker.ts', import.meta.url), { type: 'module', name: 'lenet-explain' });
      this.worker.onmessage = (e: MessageEvent<FromExplainWorker>) => this.onMessage(e.data);
      this.worker.onerror = (e) => {
        for (const h of this.pending.values()) h.reject(new Error(`the explain worker failed: ${e.message || 'unknown error'}`));
        this.pending.clear();
        this.worker?.terminate();
        this.worker = null;
      };
    }
    this.worker.postMessage(msg, transfer);
  }

  private request(
    kind: 'embed' | 'top',
    make: (id: number) => ToExplainWorker,
    transfer: Transferable[],
    onProgress: (p: EmbedProgress) => void,
  ): Promise<FromExplainWorker> {
    const id = ++this.nextId;
    this.pending.delete(this.latest[kind]);
    this.latest[kind] = id;
    return new Promise<FromExplainWorker>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.send(make(id), transfer);
    });
  }

  private keepTestSet(t: { images: ArrayBuffer; labels: ArrayBuffer } | undefined): void {
    if (t) this.testSet = { images: new Uint8Array(t.images), labels: new Uint8Array(t.labels) };
  }

  /** Maps the test set by `layer` of the given weights (its buffers are transferred). */
  async embed(variant: Variant, weights: WeightsSnapshot, layer: LayerId, onProgress: (p: EmbedProgress) => void): Promise<EmbedResult> {
    const msg = await this.request(
      'embed',
      (id) => ({ type: 'embed', id, baseUrl: document.baseURI, variant, weights, layer }) satisfies ToExplainWorker,
      weights.buffers,
      onProgress,
    );
    if (msg.type !== 'embedded') throw new Error(`unexpected ${msg.type}`);
    this.keepTestSet(msg.testSet);
    const mean = new Float32Array(msg.mean);
    return {
      layer: msg.layer,
      ms: msg.ms,
      pca: {
        dims: mean.length,
        mean,
        axes: new Float32Array(msg.axes),
        variance: msg.variance,
        totalVariance: msg.totalVariance,
        coords: new Float32Array(msg.coords),
        iterations: msg.iterations,
      },
    };
  }

  /** The cached top-9 of `layer` for these weights, if computed. */
  cachedTop(weights: WeightsSnapshot, layer: LayerId): TopResult | null {
    return this.topCache.get(`${weightsKey(weights)}:${layer}`) ?? null;
  }

  /** The 9 test images that excite each map/unit of `layer` most, cached per weights. */
  async top(variant: Variant, weights: WeightsSnapshot, layer: LayerId, onProgress: (p: EmbedProgress) => void): Promise<TopResult> {
    const key = `${weightsKey(weights)}:${layer}`;
    const hit = this.topCache.get(key);
    if (hit) return hit;
    const msg = await this.request(
      'top',
      (id) => ({ type: 'top', id, baseUrl: document.baseURI, variant, weights, layer }) satisfies ToExplainWorker,
      weights.buffers,
      onProgress,
    );
    if (msg.type !== 'top-done') throw new Error(`unexpected ${msg.type}`);
    this.keepTestSet(msg.testSet);
    const r: TopResult = {
      layer: msg.layer,
      k: msg.k,
      channels: msg.channels,
      indices: new Int32Array(msg.indices),
      values: new Float32Array(msg.values),
      ms: msg.ms,
    };
    if (this.topCache.size > 32) this.topCache.clear();
    this.topCache.set(key, r);
    return r;
  }

  private onMessage(msg: FromExplainWorker): void {
    const h = this.pending.get(msg.id);
    if (!h) return;
    if (msg.type === 'progress') return h.onProgress(msg);
    this.pending.delete(msg.id);
    if (msg.type === 'error') h.reject(new Error(msg.message));
    else h.resolve(msg);
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.pending.clear();
  }
}

let shared: ExplainWorkerClient | null = null;

/** The page's one explain worker client (the map and the zoom view share its worker and test set). */
export function explainWorker(): ExplainWorkerClient {
  return (shared ??= new ExplainWorkerClient());
}

/** Terminates the shared worker (its owner, the app, is going away). */
export function disposeExplainWorker(): void {
  shared?.dispose();
  shared = null;
}
