/**
 * The explain worker's side of its pass helper (`pass.worker.ts`): a nested worker that computes
 * half of each forward pass over the test images on the other core (`splitActivations`). Started
 * with the first request that may use two cores, so its backend loads while the test set does;
 * kept for later passes. When it fails once, it is dropped and this worker computes alone.
 */
import type { LayerId } from '../shared/model/lenet.ts';
import { ExplainCancelled } from '../shared/explain/cancel.ts';
import type { LayerActivations, PassPeer, PassShare } from '../shared/explain/embedding.ts';
import type { FromPassWorker, ToPassWorker } from './pass-protocol.ts';

type Pending = {
  layers: readonly LayerId[];
  resolve: (a: LayerActivations) => void;
  reject: (e: Error) => void;
  onProgress: (done: number) => void;
  isCancelled: () => boolean;
};

export class PassHelper implements PassPeer {
  private worker: Worker | null = null;
  private failed = false;
  private nextId = 0;
  private pending = new Map<number, Pending>();

  /** Starts the helper if it is not running; false when it cannot run (it failed before). */
  start(): boolean {
    if (this.failed) return false;
    if (this.worker) return true;
    try {
      this.worker = new Worker(new URL('./pass.worker.ts', import.meta.url), { type: 'module', name: 'lenet-explain-pass' });
    } catch {
      this.failed = true;
      return false;
    }
    this.worker.onmessage = (e: MessageEvent<FromPassWorker>) => this.receive(e.data);
    this.worker.onerror = (e) => this.fail(new Error(`the map's helper worker crashed: ${e.message || 'unknown error'}`));
    return true;
  }

  run(share: PassShare, onProgress: (done: number) => void, isCancelled: () => boolean): Promise<LayerActivations> {
    if (!this.start()) return Promise.reject(new Error("the map's helper worker is not available"));
    const id = ++this.nextId;
    const whole = share.images.byteOffset === 0 && share.images.byteLength === share.images.buffer.byteLength;
    const images = (whole ? share.images : share.images.slice()).buffer as ArrayBuffer;
    const msg: ToPassWorker = { type: 'pass', id, ...share, weights: share.weights.map((b) => b.slice(0)), images };
    return new Promise<LayerActivations>((resolve, reject) => {
      this.pending.set(id, { layers: share.layers, resolve, reject, onProgress, isCancelled });
      this.worker!.postMessage(msg, [images, ...msg.weights]);
    });
  }

  private receive(msg: FromPassWorker): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') {
      p.onProgress(msg.done);
      if (p.isCancelled()) this.worker?.postMessage({ type: 'cancel', id: msg.id } satisfies ToPassWorker);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.type === 'done') p.resolve(new Map(p.layers.map((l, i) => [l, { data: new Float32Array(msg.acts[i]!), dims: msg.dims[i]! }])));
    else if (msg.type === 'cancelled') p.reject(new ExplainCancelled('cancelled'));
    else p.reject(new Error(msg.message));
  }

  private fail(e: Error): void {
    this.failed = true;
    this.worker?.terminate();
    this.worker = null;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
