/// <reference lib="webworker" />
/**
 * The worker's side of "fine-tune on your digits": takes the lab's model, runs the shared
 * `finetune` (your digits mixed with MNIST, held-back part, early stopping), reports progress,
 * hands the weights back to the UI (they become the model in use) and saves the model like any
 * trained one. Pause and stop come through the worker's usual flags.
 */
import type * as tf from '@tensorflow/tfjs';
import type { MnistData } from '../shared/mnist/load.ts';
import type { Variant } from '../shared/model/variants.ts';
import type { DigitsPayload, FromWorker, TrainConfig, TrainStatus } from '../shared/protocol.ts';
import { DEFAULT_FINETUNE, finetune, FinetuneStopped } from '../shared/mydigits/finetune.ts';
import { trainTask } from '../shared/train/task.ts';
import { evaluate } from '../shared/train/evaluate.ts';
import { range } from '../shared/util/random.ts';
import type { MnistSplit } from '../shared/mnist/idx.ts';

/** What the fine-tune needs from the worker that holds the model. */
export interface FinetuneHost {
  readonly model: tf.LayersModel | null;
  readonly variant: Variant;
  data(): Promise<MnistData>;
  post(msg: FromWorker, transfer?: Transferable[]): void;
  setStatus(s: TrainStatus, message?: string): void;
  yieldNow(): Promise<void>;
  stopRequested(): boolean;
  pauseRequested(): boolean;
  sendWeights(): void;
  save(config: TrainConfig, test: { accuracy: number; count: number }): Promise<void>;
}

const PROGRESS_EVERY_MS = 100;
const PAUSE_POLL_MS = 100;

const toSplit = (d: DigitsPayload): MnistSplit => ({ count: d.count, images: new Uint8Array(d.images), labels: new Uint8Array(d.labels) });

/** Runs a fine-tune to its end, reporting `finetune-progress`, then `finetune-done` or `finetune-error`. */
export async function runFinetune(host: FinetuneHost, digits: DigitsPayload, config: TrainConfig): Promise<void> {
  const model = host.model;
  try {
    if (!model) throw new Error('there is no model to fine-tune yet (it is still loading)');
    if (digits.count === 0) throw new Error('there are no digits of yours to fine-tune on');
    const d = await host.data();
    const testIdx = range(config.limit > 0 ? Math.min(d.test.count, Math.max(200, Math.ceil(config.limit / 2))) : d.test.count);
    const task = trainTask(host.variant, host.variant === 'classic' ? config.classicLoss : undefined);
    host.setStatus('training');
    let last = 0;
    let paused = false;
    const r = await finetune(
      model,
      task,
      toSplit(digits),
      d.train,
      d.test,
      testIdx,
      { ...DEFAULT_FINETUNE, seed: config.seed },
      {
        onStep: async (progress) => {
          const now = performance.now();
          if (now - last >= PROGRESS_EVERY_MS || progress.step === progress.steps) {
            last = now;
            host.post({ type: 'finetune-progress', progress });
          }
          await host.yieldNow();
        },
        shouldStop: host.stopRequested,
        waitWhilePaused: async () => {
          while (host.pauseRequested() && !host.stopRequested()) {
            if (!paused) host.setStatus('paused');
            paused = true;
            await new Promise((resolve) => setTimeout(resolve, PAUSE_POLL_MS));
          }
          if (paused) host.setStatus('training');
          paused = false;
        },
        yieldNow: host.yieldNow,
      },
    );
    host.sendWeights();
    await host.save({ ...config, init: 'continue' }, { accuracy: r.mnistAfter, count: r.mnistCount });
    const predictions = r.predictions.buffer as ArrayBuffer;
    host.post(
      {
        type: 'finetune-done',
        result: {
          yoursBefore: r.yoursBefore,
          yoursAfter: r.yoursAfter,
          heldBack: r.heldBack,
          taught: r.taught,
          mnistBefore: r.mnistBefore,
          mnistAfter: r.mnistAfter,
          mnistCount: r.mnistCount,
          epochs: r.epochs,
          seconds: r.seconds,
          notes: r.notes,
          predictions,
        },
      },
      [predictions],
    );
    host.setStatus('done');
  } catch (e) {
    const stopped = e instanceof FinetuneStopped;
    host.post({
      type: 'finetune-error',
      message: stopped ? 'Fine-tuning was stopped; the model in use is unchanged.' : `Fine-tuning failed: ${(e as Error).message}`,
    });
    host.setStatus(stopped ? 'stopped' : 'ready');
  }
}

/** Answers `predict-digits`: the model's answer for each digit (none when there is no model yet). */
export async function predictDigits(
  host: Pick<FinetuneHost, 'model' | 'variant' | 'post'>,
  requestId: number,
  digits: DigitsPayload,
): Promise<void> {
  if (!host.model || digits.count === 0) return;
  const task = trainTask(host.variant);
  const r = await evaluate(host.model, toSplit(digits), range(digits.count), { task });
  const predictions = r.predictions.buffer as ArrayBuffer;
  host.post({ type: 'digits-predicted', requestId, predictions }, [predictions]);
}
