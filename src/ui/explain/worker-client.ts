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

export interface EmbedProgress {
  readonly stage: 'loading' | 'computing';
  readonly done: number;
  readonly total: number;
}

export class ExplainWorkerClient {
  private worker: Worker | null = null;
  private nextId = 0;
  private pending: {
    id: number;
    resolve: (r: EmbedResult) => void;
    reject: (e: Error) => void;
    onProgress: (p: EmbedProgress) => void;
  } | null = null;
  /** The test images `[n*784]` bytes and labels, once the first map has come back. */
  testSet: { images: Uint8Array; labels: Uint8Array } | null = null;

  private send(msg: ToExplainWorker, transfer: Transferable[] = []): void {
    if (!this.worker) {
      this.worker = new Worker(new URL('../../worker/explain.worker.ts', import.meta.url), { type: 'module', name: 'lenet-explain' });
      this.worker.onmessage = (e: MessageEvent<FromExplainWorker>) => this.onMessage(e.data);
      this.worker.onerror = (e) => {
        this.pending?.reject(new Error(`the explain worker failed: ${e.message || 'unknown error'}`));
        this.pending = null;
        this.worker?.terminate();
        this.worker = null;
      };
    }
    this.worker.postMessage(msg, transfer);
  }

  /** Maps the test set by `layer` of the given weights (copied: the caller keeps its snapshot). */
  embed(variant: Variant, weights: WeightsSnapshot, layer: LayerId, onProgress: (p: EmbedProgress) => void): Promise<EmbedResult> {
    const id = ++this.nextId;
    return new Promise<EmbedResult>((resolve, reject) => {
      this.pending = { id, resolve, reject, onProgress };
      const msg = { type: 'embed', id, baseUrl: document.baseURI, variant, weights, layer } satisfies ToExplainWorker;
      this.send(msg, weights.buffers);
    });
  }

  private onMessage(msg: FromExplainWorker): void {
    const p = this.pending;
    if (!p || msg.id !== p.id) return;
    switch (msg.type) {
      case 'progress':
        p.onProgress(msg);
        return;
      case 'embedded': {
        if (msg.testSet) this.testSet = { images: new Uint8Array(msg.testSet.images), labels: new Uint8Array(msg.testSet.labels) };
        const mean = new Float32Array(msg.mean);
        this.pending = null;
        p.resolve({
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
        });
        return;
      }
      case 'error':
        this.pending = null;
        p.reject(new Error(msg.message));
        return;
    }
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.pending = null;
  }
}
