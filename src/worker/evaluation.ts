/**
 * The lab's evaluation: the worker's copy of the model in use on all 10,000 test images, in
 * chunks (progress, cancel), with each image's top-3 digits; the test images go to the UI once,
 * for the gallery's thumbnails.
 */
import { evaluate, Cancelled } from '../shared/train/evaluate.ts';
import { trainTask } from '../shared/train/task.ts';
import { range } from '../shared/util/random.ts';
import type { FromWorker } from '../shared/protocol.ts';
import type { MnistSplit } from '../shared/mnist/idx.ts';
import { labModel } from './lab-model.ts';
import { ensureData } from './data.ts';
import { post, yieldToEvents } from './port.ts';

let running = false;
let cancelled = false;
let testSetSent = false;

export const cancelEvaluation = (): void => void (cancelled = true);
/**
 * An evaluation was asked for (called as its message arrives, before it waits its turn behind
 * `init` or a data load): a Cancel that comes after this one, even before it runs, cancels it.
 */
export const evaluationRequested = (): void => void (cancelled = false);
export const isEvaluating = (): boolean => running;

/** Evaluates the model in use on the MNIST test set, or on `mine` (your digits, always sent back with the result). */
export async function runEvaluation(onDataLoad: () => void, mine?: MnistSplit): Promise<void> {
  if (running) return;
  running = true;
  try {
    if (cancelled) throw new Cancelled();
    const split = mine ?? (await ensureData(onDataLoad)).test;
    const lab = labModel();
    if (!lab) throw new Error('there is no model to evaluate yet');
    const t0 = performance.now();
    const result = await evaluate(lab.model, split, range(split.count), {
      task: trainTask(lab.variant),
      top3: true,
      isCancelled: () => cancelled,
      onProgress: async (done, total) => {
        post({ type: 'eval-progress', done, total });
        await yieldToEvents();
      },
    });
    const msg = {
      type: 'eval-done',
      ms: performance.now() - t0,
      predictions: result.predictions.buffer as ArrayBuffer,
      top3: result.top3!.buffer as ArrayBuffer,
      top3Probs: result.top3Probs!.buffer as ArrayBuffer,
      ...(testSetSent && !mine ? {} : { testSet: { images: split.images.slice().buffer, labels: split.labels.slice().buffer } }),
    } satisfies FromWorker;
    // After your digits, the UI holds them as its test set: the next MNIST evaluation sends MNIST's again.
    testSetSent = !mine;
    const transfer: Transferable[] = [msg.predictions, msg.top3, msg.top3Probs];
    if (msg.testSet) transfer.push(msg.testSet.images, msg.testSet.labels);
    post(msg, transfer);
  } catch (e) {
    if (e instanceof Cancelled) post({ type: 'eval-cancelled' });
    else post({ type: 'eval-error', message: `Evaluation failed: ${(e as Error).message}` });
  } finally {
    running = false;
  }
}
