/**
 * The UI's side of the explain worker: the only module that posts to it. One request of each kind
 * (map, top-9, maximise, place) at a time: a new one cancels the previous of its kind (whose promise
 * then never settles — callers check their own id).
 */
import type { Pca2 } from '../../shared/explain/pca.ts';
import type { EmbedMethod, ExplainKind, FromExplainWorker, ToExplainWorker } from '../../shared/explain/protocol.ts';
import { weightsKey } from '../../shared/explain/weights-key.ts';
import { withServices } from '../store/services.ts';
import { useAppStore } from '../store/index.ts';
import { selectWorkerBusy } from '../store/selectors.ts';
import type { LayerId } from '../../shared/model/lenet.ts';
import type { Variant } from '../../shared/model/variants.ts';
import type { WeightsSnapshot } from '../../shared/protocol.ts';

export { weightsKey };

export interface EmbedResult {
  readonly layer: LayerId;
  readonly method: EmbedMethod;
  /** `[2n]` each test image's (x, y). */
  readonly coords: Float32Array;
  /** PCA maps: the axes, to place the drawing here on the UI thread. */
  readonly pca: Pca2 | null;
  /** Wall time in the worker, and its forward passes' part (0: the activations were kept). */
  readonly ms: number;
  readonly forwardMs: number;
  /** Workers that ran the forward passes (0: the activations were kept). */
  readonly threads: number;
  readonly backend: string;
  /** The weights it was made with (see `weightsKey`). */
  readonly key: string;
}

export interface MaxResult {
  readonly layer: LayerId;
  readonly unit: number;
  /** `[784]` in [0, 1]. */
  readonly image: Float32Array;
  readonly start: number;
  readonly value: number;
  readonly steps: number;
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

/** The model in use (its weights copied) and its variant; null before one is loaded. */
export function modelInUse(): { snapshot: WeightsSnapshot; variant: Variant } | null {
  return withServices((s) => s.inference.snapshot()) ?? null;
}

/**
 * Threads a pass over the test set may use: two (the explain worker and its helper) where the
 * device has two cores and no training run is using them, else one.
 */
const passCores = (): number =>
  selectWorkerBusy(useAppStore.getState()) ? 1 : Math.min(2, globalThis.navigator?.hardwareConcurrency ?? 1);

export interface EmbedProgress {
  readonly stage: Extract<FromExplainWorker, { type: 'progress' }>['stage'];
  readonly done: number;
  readonly total: number;
}

type Handler = { resolve: (msg: FromExplainWorker) => void; reject: (e: Error) => void; onProgress: (p: EmbedProgress) => void };

export class ExplainWorkerClient {
  private worker: Worker | null = null;
  private nextId = 0;
  /** The request in flight per kind; a newer one replaces (and so cancels) the older. */
  private pending = new Map<number, Handler>();
  private latest: Record<ExplainKind, number> = { embed: 0, top: 0, maximise: 0, place: 0, warm: 0 };
  private topCache = new Map<string, TopResult>();
  private maxCache = new Map<string, MaxResult>();
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
    kind: ExplainKind,
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
  async embed(
    variant: Variant,
    weights: WeightsSnapshot,
    layer: LayerId,
    method: EmbedMethod,
    onProgress: (p: EmbedProgress) => void,
  ): Promise<EmbedResult> {
    const key = weightsKey(weights);
    const msg = await this.request(
      'embed',
      (id) =>
        ({ type: 'embed', id, baseUrl: document.baseURI, cores: passCores(), variant, weights, layer, method }) satisfies ToExplainWorker,
      weights.buffers,
      onProgress,
    );
    if (msg.type !== 'embedded') throw new Error(`unexpected ${msg.type}`);
    this.keepTestSet(msg.testSet);
    const coords = new Float32Array(msg.coords);
    const p = msg.pca;
    const mean = p ? new Float32Array(p.mean) : null;
    return {
      layer: msg.layer,
      method: msg.method,
      coords,
      ms: msg.ms,
      forwardMs: msg.forwardMs,
      threads: msg.threads,
      backend: msg.backend,
      key,
      pca:
        p && mean
          ? {
              dims: mean.length,
              mean,
              axes: new Float32Array(p.axes),
              variance: p.variance,
              totalVariance: p.totalVariance,
              coords,
              iterations: p.iterations,
            }
          : null,
    };
  }

  /**
   * Readies the worker for a map with these weights (backend, test set, the map layers'
   * activations) before one is asked for; resolves with the warm-up's wall time once the
   * activations are kept. Lowest priority: a map or top-9 request for other weights stops it (its
   * promise then never settles, as with any replaced request).
   */
  async warm(variant: Variant, weights: WeightsSnapshot): Promise<number> {
    const msg = await this.request(
      'warm',
      (id) => ({ type: 'warm', id, baseUrl: document.baseURI, cores: passCores(), variant, weights }) satisfies ToExplainWorker,
      weights.buffers,
      () => {},
    );
    if (msg.type !== 'warmed') throw new Error(`unexpected ${msg.type}`);
    return msg.ms;
  }

  /** Places activations `[d]` of the drawing on the last UMAP map of `layer` (latest call wins). */
  async place(layer: LayerId, vector: Float32Array): Promise<[number, number]> {
    const v = Float32Array.from(vector);
    const msg = await this.request(
      'place',
      (id) => ({ type: 'place', id, layer, vector: v.buffer }) satisfies ToExplainWorker,
      [v.buffer],
      () => {},
    );
    if (msg.type !== 'placed') throw new Error(`unexpected ${msg.type}`);
    return [msg.x, msg.y];
  }

  /** The cached input that excites `unit` of `layer` most for these weights, if computed. */
  cachedMax(weights: WeightsSnapshot, layer: LayerId, unit: number): MaxResult | null {
    return this.maxCache.get(`${weightsKey(weights)}:${layer}:${unit}`) ?? null;
  }

  /** Activation maximisation of `unit` of `layer` (C5, F6, output), cached per weights. */
  async maximise(
    variant: Variant,
    weights: WeightsSnapshot,
    layer: LayerId,
    unit: number,
    onProgress: (p: EmbedProgress) => void,
  ): Promise<MaxResult> {
    const key = `${weightsKey(weights)}:${layer}:${unit}`;
    const hit = this.maxCache.get(key);
    if (hit) return hit;
    const msg = await this.request(
      'maximise',
      (id) => ({ type: 'maximise', id, baseUrl: document.baseURI, variant, weights, layer, unit }) satisfies ToExplainWorker,
      weights.buffers,
      onProgress,
    );
    if (msg.type !== 'maximised') throw new Error(`unexpected ${msg.type}`);
    const r: MaxResult = {
      layer: msg.layer,
      unit: msg.unit,
      image: new Float32Array(msg.image),
      start: msg.start,
      value: msg.value,
      steps: msg.steps,
      ms: msg.ms,
    };
    if (this.maxCache.size > 64) this.maxCache.clear();
    this.maxCache.set(key, r);
    return r;
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
      (id) => ({ type: 'top', id, baseUrl: document.baseURI, cores: passCores(), variant, weights, layer }) satisfies ToExplainWorker,
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
