/**
 * The training worker's gradient workers: K − 1 nested workers (`grad.worker.ts`) that, with this
 * worker, train data-parallel (`shared/train/gradients.ts`). Started on the first run that asks for
 * more than one worker and kept between runs; set up again for each run's variant and batch size.
 * Shared memory when the page is cross-origin isolated, transferred buffers otherwise.
 */
import * as tf from '@tensorflow/tfjs';
import {
  dims,
  gradientLength,
  LOCAL_GRADIENTS,
  ParallelGradients,
  type GradientPeer,
  type GradientSource,
  type ShareRequest,
  type ShareResult,
} from '../shared/train/gradients.ts';
import { inputPixels } from '../shared/preprocess/input-format.ts';
import type { TrainTask } from '../shared/train/task.ts';
import type { Variant } from '../shared/model/variants.ts';
import { MAX_WORKERS } from '../shared/protocol.ts';
import type { FromGradWorker, SharedLayout, ToGradWorker } from './grad-protocol.ts';

/** Whether shares can use shared memory here. */
export const sharedMemory = (): boolean => typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated === true;

class WorkerPeer implements GradientPeer {
  private nextId = 0;
  private held = -1;
  private pending = new Map<number, { resolve: (r: ShareResult) => void; reject: (e: Error) => void }>();
  private ready: { resolve: () => void; reject: (e: Error) => void } | null = null;
  broken: Error | null = null;
  /** Set by the pool for shared memory: the whole buffer and this worker's slot. */
  layout: SharedLayout | null = null;
  /** Set by the pool: writes the request's weights and images into shared memory once per version. */
  writeShared: ((req: ShareRequest) => number) | null = null;

  constructor(readonly worker: Worker) {
    worker.onmessage = (e: MessageEvent<FromGradWorker>) => this.receive(e.data);
    worker.onerror = (e) => this.fail(new Error(`a gradient worker crashed: ${e.message || 'unknown error'}`));
  }

  private receive(msg: FromGradWorker): void {
    if (msg.type === 'ready') return void (this.ready?.resolve(), (this.ready = null));
    if (msg.type === 'failed') return this.fail(new Error(`a gradient worker failed: ${msg.message}`));
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    const layout = this.layout;
    const grads = msg.grads ? new Float32Array(msg.grads) : new Float32Array(layout!.buffer, layout!.gradsAt * 4, layout!.grads);
    p.resolve({ grads, lossSum: msg.lossSum, correct: msg.correct });
  }

  private fail(e: Error): void {
    this.broken = e;
    this.ready?.reject(e);
    this.ready = null;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  setup(variant: Variant, loss: TrainTask['lossName']): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    this.held = -1;
    return new Promise<void>((resolve, reject) => {
      this.ready = { resolve, reject };
      this.worker.postMessage({ type: 'setup', variant, loss, shared: this.layout } satisfies ToGradWorker);
    });
  }

  compute(req: ShareRequest): Promise<ShareResult> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    const result = new Promise<ShareResult>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    if (this.writeShared) {
      const start = this.writeShared(req);
      this.worker.postMessage({ type: 'share', id, version: req.version, n: req.n, start } satisfies ToGradWorker);
    } else {
      const weights = req.version !== this.held ? (req.weights.slice().buffer as ArrayBuffer) : undefined;
      const x = req.x.slice().buffer as ArrayBuffer;
      const y = req.y.slice().buffer as ArrayBuffer;
      const msg: ToGradWorker = { type: 'share', id, version: req.version, n: req.n, start: 0, x, y, ...(weights ? { weights } : {}) };
      this.worker.postMessage(msg, weights ? [weights, x, y] : [x, y]);
    }
    this.held = req.version;
    return result;
  }
}

let peers: WorkerPeer[] = [];

function resize(count: number): void {
  for (const p of peers.filter((q) => q.broken)) p.worker.terminate();
  peers = peers.filter((p) => !p.broken);
  while (peers.length > count) peers.pop()!.worker.terminate();
  while (peers.length < count) peers.push(new WorkerPeer(new Worker(new URL('./grad.worker.ts', import.meta.url), { type: 'module' })));
}

/**
 * The gradient source for a run over `workers` workers (this one included): local for one worker,
 * or on a GPU backend (which the readback every step would stall); else the pool, set up for
 * `model`'s size, `batchSize` and `task`. `sharedOk` false forces transferred buffers (bench).
 */
export async function gradientSource(
  workers: number,
  model: tf.LayersModel,
  variant: Variant,
  batchSize: number,
  task: TrainTask,
  sharedOk = true,
): Promise<GradientSource> {
  const k = Math.max(1, Math.min(MAX_WORKERS, Math.floor(workers)));
  const backend = tf.getBackend();
  if (k === 1 || (backend !== 'wasm' && backend !== 'cpu')) {
    stopGradientWorkers();
    return LOCAL_GRADIENTS;
  }
  resize(k - 1);
  const W = model.weights.reduce((s, w) => s + tf.util.sizeFromShape(dims(w)), 0);
  const P = gradientLength(model);
  const px = inputPixels(task.input);
  if (sharedOk && sharedMemory()) {
    const xAt = W;
    const yAt = xAt + batchSize * px;
    const gradsAt = yAt + batchSize * 10;
    const buffer = new SharedArrayBuffer((gradsAt + peers.length * P) * 4);
    const f = new Float32Array(buffer);
    let written = -1;
    const writeShared = (req: ShareRequest): number => {
      if (req.version !== written) {
        f.set(req.weights, 0);
        written = req.version;
      }
      f.set(req.x, xAt + req.start * px);
      f.set(req.y, yAt + req.start * 10);
      return req.start;
    };
    peers.forEach((p, i) => {
      p.layout = { buffer, weights: 0, xAt, yAt, gradsAt: gradsAt + i * P, grads: P };
      p.writeShared = writeShared;
    });
  } else {
    for (const p of peers) [p.layout, p.writeShared] = [null, null];
  }
  await Promise.all(peers.map((p) => p.setup(variant, task.lossName)));
  return new ParallelGradients(peers);
}

/** Ends the gradient workers (the training worker keeps going alone). */
export function stopGradientWorkers(): void {
  resize(0);
}
