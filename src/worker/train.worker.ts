/// <reference lib="webworker" />
/**
 * The training worker's dispatcher: typed messages from the UI (`shared/protocol.ts`) to the
 * modules that own each concern —
 * - `backend.ts`: which tfjs backend trains, and surviving a lost WebGL context;
 * - `probe.ts`: timing each backend that starts and moving to the fastest;
 * - `data.ts`: MNIST, fetched and verified once;
 * - `lab-model.ts`: the worker's copy of the lab's model in use;
 * - `session.ts`: the training run's state machine over the shared runner;
 * - `evaluation.ts`: the full test-set evaluation (or on your digits);
 * - `finetune.ts`: fine-tuning the model in use on your digits (started by `session.ts`);
 * - `checkpoints.ts`: saving to IndexedDB;
 * - `test-hooks.ts`: fault injection, compiled into test builds only.
 */
import type { DigitsPayload, ToWorker } from '../shared/protocol.ts';
import type { MnistSplit } from '../shared/mnist/idx.ts';
import { isTestMessage, type ToWorkerTest } from '../shared/protocol-test.ts';
import { TEST_BUILD } from '../shared/build.ts';
import { post, scope } from './port.ts';
import { startBackend } from './backend.ts';
import { useWasmThreads } from '../shared/tf/backends.ts';
import { initProbe, probeBackends, probeIfDue } from './probe.ts';
import { isLoadingData, setDataBase } from './data.ts';
import * as session from './session.ts';
import { cancelEvaluation, evaluationRequested, isEvaluating, runEvaluation } from './evaluation.ts';
import { handleTestMessage } from './test-hooks.ts';

/** Your digits as a split (the buffers were transferred to this worker). */
const digitsSplit = (d: DigitsPayload): MnistSplit => ({
  count: d.count,
  images: new Uint8Array(d.images),
  labels: new Uint8Array(d.labels),
});

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'init':
      setDataBase(msg.baseUrl);
      useWasmThreads(msg.wasmThreads === true);
      try {
        await startBackend(msg.backend, msg.allowSoftwareWebgl, initProbe(msg.backend === 'auto', msg.measured));
      } catch (e) {
        post({ type: 'error', stage: 'backend', message: (e as Error).message });
        session.setStatus('error', (e as Error).message);
      }
      return;
    case 'probe':
      if (session.holdsRun() || isEvaluating()) return;
      try {
        await probeBackends(msg.batchSize, msg.variant, msg.includeSoftware);
      } catch (e) {
        post({ type: 'error', stage: 'backend', message: `the backend probe failed: ${(e as Error).message || String(e)}` });
      }
      return;
    case 'start':
      if (!session.holdsRun()) await probeIfDue(msg.config.batchSize, msg.config.variant).catch(() => undefined);
      return session.start(msg.config);
    case 'resume':
      return session.resume();
    case 'step':
      return session.step(msg.config);
    case 'reset':
      return session.reset();
    case 'stop':
      return session.requestStop();
    case 'pause':
      return session.requestPause();
    case 'evaluate':
      if (!session.isTraining()) void runEvaluation(() => session.setStatus('loading'));
      return;
    case 'cancel-evaluate':
      return cancelEvaluation();
    case 'load-weights':
      return session.loadWeights(msg.snapshot, msg.variant);
    case 'evaluate-digits':
      if (!session.isTraining()) void runEvaluation(() => session.setStatus('loading'), digitsSplit(msg.digits));
      return;
    case 'finetune':
      return session.finetune(msg.digits, msg.config);
    case 'predict-digits':
      if (!session.isTraining()) await session.predictMyDigits(msg.requestId, msg.digits);
      return;
  }
}

/**
 * Messages are handled one after another, so none can race `init` (a model built before the
 * backend is ready throws). The training loop itself is not awaited by `start`, so pause, stop and
 * cancel still get through while it runs — and they jump the queue, since a long step (loading
 * data) may hold it.
 */
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e: MessageEvent<ToWorker | ToWorkerTest>) => {
  const msg = e.data;
  if (TEST_BUILD && isTestMessage(msg)) return void (queue = queue.then(() => handleTestMessage(msg)));
  if (isTestMessage(msg)) return;
  if (msg.type === 'evaluate' || msg.type === 'evaluate-digits') evaluationRequested();
  const inFlight = isLoadingData() || session.isTraining();
  if (msg.type === 'pause' || msg.type === 'cancel-evaluate' || (msg.type === 'stop' && inFlight)) return void handle(msg);
  queue = queue
    .then(() => handle(msg))
    .catch((err: unknown) => post({ type: 'error', stage: 'train', message: (err as Error).message || String(err) }));
};
