/// <reference lib="webworker" />
/**
 * The worker's side of the boundary: `post` (typed by the protocol) and `yieldToEvents`, which
 * lets queued messages (pause, stop, cancel) in between batches — `tf.nextFrame` does not yield in
 * a worker.
 */
import type { FromWorker } from '../shared/protocol.ts';

export const scope = self as unknown as DedicatedWorkerGlobalScope;

export const post = (msg: FromWorker, transfer: Transferable[] = []): void => scope.postMessage(msg satisfies FromWorker, transfer);

const channel = new MessageChannel();
const yieldQueue: Array<() => void> = [];
channel.port1.onmessage = () => yieldQueue.shift()?.();

/** Resolves after the worker's event loop has run once (a macrotask). */
export const yieldToEvents = (): Promise<void> =>
  new Promise<void>((resolve) => {
    yieldQueue.push(resolve);
    channel.port2.postMessage(0);
  });
