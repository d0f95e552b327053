/**
 * The UI side of the training worker boundary: the only module that creates the worker or posts
 * to it. Routes the worker's typed messages into the store and hands weight snapshots to the
 * predictor; a crashed worker is reported and can be restarted without reloading the page.
 */
import { useAppStore } from '../store/index.ts';
import type { FromWorker, ToWorker, WeightsSnapshot } from '../../shared/protocol.ts';
import { FAULTS, TEST_MODE } from '../env.ts';

export interface TrainingClient {
  send(msg: ToWorker, transfer?: Transferable[]): void;
  restart(): void;
  /** Asks the worker for `tf.memory().numTensors` (tests). */
  numTensors(): Promise<number>;
  dispose(): void;
}

/**
 * `onWeights` receives training snapshots; `onSpawn` runs after each (re)start of the worker, so
 * the new worker can take over the lab's model.
 */
export function startTrainingClient(onWeights: (s: WeightsSnapshot) => void, onSpawn: () => void = () => {}): TrainingClient {
  const store = useAppStore;
  let worker: Worker | null = null;
  const memoryWaiters: Array<(n: number) => void> = [];

  const onMessage = (e: MessageEvent<FromWorker>) => {
    const msg = e.data;
    const t = store.getState().training.actions;
    switch (msg.type) {
      case 'backend':
        return t.backendChosen(msg.choice);
      case 'data-progress':
        return t.dataProgress(msg.loaded, msg.total, msg.file);
      case 'data-ready':
        return t.dataReady(msg.ms);
      case 'status':
        return t.status(msg.status, msg.message);
      case 'progress':
        return t.progress(msg.progress);
      case 'epoch':
        return t.epoch(msg.row);
      case 'weights':
        return onWeights(msg.snapshot);
      case 'done':
        return t.done({ testAccuracy: msg.testAccuracy, testCount: msg.testCount, seconds: msg.seconds, epochs: msg.epochs });
      case 'saved':
        return t.saved(msg.ok ? { ok: true, at: msg.at, epoch: msg.epoch } : { ok: false, error: msg.error });
      case 'eval-progress':
        return store.getState().evaluation.actions.progress(msg.done, msg.total);
      case 'eval-done':
        return store
          .getState()
          .evaluation.actions.done(
            { predictions: new Uint8Array(msg.predictions), top3: new Uint8Array(msg.top3), top3Probs: new Float32Array(msg.top3Probs) },
            msg.ms,
            msg.testSet ? { images: new Uint8Array(msg.testSet.images), labels: new Uint8Array(msg.testSet.labels) } : null,
          );
      case 'eval-cancelled':
        return store.getState().evaluation.actions.cancelled();
      case 'eval-error':
        return store.getState().evaluation.actions.failed(msg.message);
      case 'memory':
        return memoryWaiters.shift()?.(msg.numTensors);
      case 'finetune-progress':
        return store.getState().mydigits.actions.finetuneProgress(msg.progress);
      case 'finetune-done':
        return store.getState().mydigits.actions.finetuneDone(msg.result);
      case 'finetune-error':
        return store.getState().mydigits.actions.finetuneError(msg.message);
      case 'digits-predicted':
        return store.getState().mydigits.actions.answered(msg.requestId, new Uint8Array(msg.predictions));
      case 'error':
        return t.error(msg.stage === 'data' ? `Training data could not load: ${msg.message}` : msg.message);
    }
  };

  const spawn = () => {
    worker = new Worker(new URL('../../worker/train.worker.ts', import.meta.url), { type: 'module', name: 'lenet-trainer' });
    worker.onmessage = onMessage;
    worker.onerror = (e) => {
      e.preventDefault();
      store
        .getState()
        .training.actions.crashed(
          `The training worker crashed${e.message ? `: ${e.message}` : ''}. Restart it to go on; the model in use is kept.`,
        );
    };
    const { backendPref } = store.getState().training;
    send({
      type: 'init',
      baseUrl: document.baseURI,
      backend: backendPref,
      // Software WebGL (SwiftShader) is ~10x slower than wasm here: only tests may ask for it.
      allowSoftwareWebgl: TEST_MODE && backendPref === 'webgl',
      ...(TEST_MODE && FAULTS.length ? { faults: FAULTS } : {}),
    });
    onSpawn();
  };

  const send = (msg: ToWorker, transfer: Transferable[] = []) => worker?.postMessage(msg satisfies ToWorker, transfer);

  spawn();
  return {
    send,
    restart() {
      worker?.terminate();
      store.getState().training.actions.restarted();
      spawn();
    },
    numTensors() {
      return new Promise((resolve) => {
        memoryWaiters.push(resolve);
        send({ type: 'memory' });
      });
    },
    dispose() {
      worker?.terminate();
      worker = null;
    },
  };
}
