/**
 * The explain worker's side of its pass helper (`pass.worker.ts`): a nested worker that computes
 * batches of each forward pass over the test images on the other core, from the last one down,
 * while this worker computes from the first up (`splitActivations`). Started with the first request
 * that may use two cores, so its backend loads while the test set does; kept for later passes.
 * When it fails, it is dropped: this worker computes every batch itself.
 */
import type { PassPeer, PassShare, PeerJob } from '../shared/explain/embedding.ts';
import type { FromPassWorker, ToPassWorker } from './pass-protocol.ts';

type Pending = {
  onBatch: (batch: number, acts: readonly Float32Array[]) => void;
  resolve: () => void;
  reject: (e: Error) => void;
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

  run(share: PassShare, onBatch: (batch: number, acts: readonly Float32Array[]) => void): PeerJob {
    if (!this.start()) return { stopBelow: () => {}, done: Promise.reject(new Error("the map's helper worker is not available")) };
    const id = ++this.nextId;
    const whole = share.images.byteOffset === 0 && share.images.byteLength === share.images.buffer.byteLength;
    const images = (whole ? share.images : share.images.slice()).buffer as ArrayBuffer;
    const msg: ToPassWorker = { type: 'pass', id, ...share, weights: share.weights.map((b) => b.slice(0)), images };
    const done = new Promise<void>((resolve, reject) => this.pending.set(id, { onBatch, resolve, reject }));
    this.worker!.postMessage(msg, [images, ...msg.weights]);
    let below = 0;
    return {
      stopBelow: (b) => {
        if (b <= below || !this.pending.has(id)) return;
        below = b;
        this.worker?.postMessage({ type: 'limit', id, below: b } satisfies ToPassWorker);
      },
      done,
    };
  }

  private receive(msg: FromPassWorker): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'batch')
      return p.onBatch(
        msg.batch,
        msg.acts.map((b) => new Float32Array(b)),
      );
    this.pending.delete(msg.id);
    if (msg.type === 'stopped') p.resolve();
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
