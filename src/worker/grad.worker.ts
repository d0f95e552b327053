/// <reference lib="webworker" />
/**
 * A gradient worker: holds a replica of the model on wasm and computes the gradients of the shares
 * of each batch the training worker sends it (`grad-pool.ts`, `shared/train/gradients.ts`). It
 * never steps an optimizer: the training worker averages and steps, and sends the new weights with
 * the next share.
 */
import * as tf from '@tensorflow/tfjs';
import { switchBackend } from '../shared/tf/backends.ts';
import { variantSpec } from '../shared/model/variants.ts';
import { trainTask, type TrainTask } from '../shared/train/task.ts';
import { loadFlatWeights, shareGradients } from '../shared/train/gradients.ts';
import { inputPixels } from '../shared/preprocess/input-format.ts';
import type { FromGradWorker, SharedLayout, ToGradWorker } from './grad-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromGradWorker, transfer: Transferable[] = []): void => scope.postMessage(msg satisfies FromGradWorker, transfer);

let model: tf.LayersModel | null = null;
let task: TrainTask | null = null;
let shared: SharedLayout | null = null;
let held = -1;
let backendReady: Promise<boolean> | null = null;

async function handle(msg: ToGradWorker): Promise<void> {
  if (msg.type === 'setup') {
    backendReady ??= switchBackend('wasm').then(async (ok) => ok || (await switchBackend('cpu')));
    if (!(await backendReady)) throw new Error('neither wasm nor cpu started in a gradient worker');
    model?.dispose();
    const spec = variantSpec(msg.variant);
    model = spec.create();
    task = trainTask(msg.variant, msg.variant === 'classic' ? msg.loss : undefined);
    shared = msg.shared;
    held = -1;
    return post({ type: 'ready', backend: tf.getBackend() });
  }
  if (!model || !task) throw new Error('a share arrived before setup');
  const px = inputPixels(task.input);
  const { n } = msg;
  if (shared) {
    const f = new Float32Array(shared.buffer);
    if (msg.version !== held) loadFlatWeights(model, f.slice(shared.weights, shared.xAt));
    const x = f.slice(shared.xAt + msg.start * px, shared.xAt + (msg.start + n) * px);
    const y = f.slice(shared.yAt + msg.start * 10, shared.yAt + (msg.start + n) * 10);
    const r = shareGradients(model, x, y, n, task, f.subarray(shared.gradsAt, shared.gradsAt + shared.grads));
    held = msg.version;
    return post({ type: 'share-done', id: msg.id, lossSum: r.lossSum, correct: r.correct });
  }
  if (msg.weights) loadFlatWeights(model, new Float32Array(msg.weights));
  else if (msg.version !== held) throw new Error(`weights version ${msg.version} was not sent`);
  held = msg.version;
  const r = shareGradients(model, new Float32Array(msg.x!), new Float32Array(msg.y!), n, task);
  const grads = r.grads.buffer as ArrayBuffer;
  post({ type: 'share-done', id: msg.id, lossSum: r.lossSum, correct: r.correct, grads }, [grads]);
}

let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e: MessageEvent<ToGradWorker>) => {
  queue = queue
    .then(() => handle(e.data))
    .catch((err: unknown) => post({ type: 'failed', message: (err as Error).message || String(err) }));
};
