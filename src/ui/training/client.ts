/**
 * The UI side of the training worker boundary: the only module that creates the worker or posts to
 * it. Offers the worker's verbs as typed calls, routes its messages into the store and hands weight
 * snapshots to the predictor; a crashed worker is reported and can be restarted without reloading.
 */
import { useAppStore } from '../store/index.ts';
import type { DigitsPayload, FromWorker, ToWorker, TrainConfig, WeightsSnapshot } from '../../shared/protocol.ts';
import type { FromWorkerTest, PoolCheck, ToWorkerTest } from '../../shared/protocol-test.ts';
import type { Variant } from '../../shared/model/variants.ts';
import { TEST_BUILD } from '../../shared/build.ts';
import { FAULTS, TEST_MODE, WASM_THREADS } from '../env.ts';
import { rememberedProbes, rememberProbe } from './probe-memory.ts';

export interface TrainingClient {
  start(config: TrainConfig): void;
  resume(): void;
  pause(): void;
  stop(): void;
  step(config: TrainConfig): void;
  reset(): void;
  /** Times each backend on a short burst of training and moves to the fastest (not during a run). */
  probe(batchSize: number, variant: Variant, includeSoftware: boolean): void;
  evaluate(): void;
  cancelEvaluate(): void;
  /** Fine-tunes the model in use on your digits (buffers transferred). */
  finetune(digits: DigitsPayload, config: TrainConfig): void;
  /** The model in use's answer for each of your digits (answered with `digits-predicted`). */
  predictDigits(requestId: number, digits: DigitsPayload): void;
  /** Evaluates the model in use on your digits (answered as `evaluate` is). */
  evaluateDigits(digits: DigitsPayload): void;
  /** Makes `snapshot` the worker's model (the lab's model in use changed); its buffers are transferred. */
  loadWeights(snapshot: WeightsSnapshot, variant: Variant): void;
  /** Terminates the worker and starts a new one (after a crash, or to change backend). */
  restart(): void;
  dispose(): void;
  /** Test builds only: faults and counters for the e2e tests. */
  readonly test: {
    crash(): void;
    loseWebgl(): void;
    numTensors(): Promise<number>;
    /** The bench: img/s with the project's wasm kernels and with stock tfjs-wasm's, alternating windows. */
    kernelRates(batchSize: number, windows: number, windowMs: number): Promise<{ ours: number[]; stock: number[] }>;
    /** Steps over 2 workers (shared memory, transferred buffers) against one worker's. */
    poolCheck(): Promise<PoolCheck>;
  };
}

/**
 * `onWeights` receives training snapshots; `onSpawn` runs after each (re)start of the worker, so
 * the new worker can take over the lab's model.
 */
export function startTrainingClient(onWeights: (s: WeightsSnapshot) => void, onSpawn: () => void = () => {}): TrainingClient {
  const store = useAppStore;
  let worker: Worker | null = null;
  /** Test builds: who waits for the worker's answer to a test question, by the answer's type (answered in order). */
  const answers = new Map<FromWorkerTest['type'], Array<(m: FromWorkerTest) => void>>();

  const onMessage = (e: MessageEvent<FromWorker | FromWorkerTest>) => {
    const msg = e.data;
    const t = store.getState().training.actions;
    const ev = store.getState().evaluation.actions;
    switch (msg.type) {
      case 'backend':
        return t.backendChosen(msg.choice);
      case 'probing':
        return t.probing();
      case 'probe':
        if (!msg.remembered) rememberProbe(msg.result);
        return t.probed(msg.result);
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
        return ev.progress(msg.done, msg.total);
      case 'eval-done':
        return ev.done(
          { predictions: new Uint8Array(msg.predictions), top3: new Uint8Array(msg.top3), top3Probs: new Float32Array(msg.top3Probs) },
          msg.ms,
          msg.testSet ? { images: new Uint8Array(msg.testSet.images), labels: new Uint8Array(msg.testSet.labels) } : null,
        );
      case 'eval-cancelled':
        return ev.cancelled();
      case 'eval-error':
        return ev.failed(msg.message);
      case 'error':
        return t.error(msg.stage === 'data' ? `Training data could not load: ${msg.message}` : msg.message, msg.stage);
      case 'finetune-progress':
        return store.getState().mydigits.actions.finetuneProgress(msg.progress);
      case 'finetune-done':
        return store.getState().mydigits.actions.finetuneDone(msg.result);
      case 'finetune-error':
        return store.getState().mydigits.actions.finetuneError(msg.message);
      case 'digits-predicted':
        return store.getState().mydigits.actions.answered(msg.requestId, new Uint8Array(msg.predictions));
      case 'test:memory':
      case 'test:kernel-rates':
      case 'test:pool-check':
        return answers.get(msg.type)?.shift()?.(msg);
    }
  };

  let disposed = false;
  /**
   * The worker starts on first use (a run, a step, a probe, an evaluation, your digits), not with
   * the page: its tfjs and backend start (~1 s of CPU here) would compete with the first answer.
   */
  const ensure = (): Worker | null => {
    if (!worker && !disposed) spawn();
    return worker;
  };
  const send = (msg: ToWorker, transfer: Transferable[] = []) => ensure()?.postMessage(msg satisfies ToWorker, transfer);
  const sendTest = (msg: ToWorkerTest) => {
    if (TEST_BUILD) ensure()?.postMessage(msg satisfies ToWorkerTest);
  };
  /** Sends a test question and resolves with the worker's answer of the same type. */
  const ask = <T extends FromWorkerTest['type']>(msg: ToWorkerTest & { type: T }) =>
    new Promise<Extract<FromWorkerTest, { type: T }>>((resolve) => {
      const queue = answers.get(msg.type) ?? [];
      answers.set(msg.type, queue);
      queue.push(resolve as (m: FromWorkerTest) => void);
      sendTest(msg);
    });

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
    // Software WebGL / WebGPU (SwiftShader) train far slower than wasm: only tests may ask for them.
    send({
      type: 'init',
      baseUrl: document.baseURI,
      backend: backendPref,
      allowSoftwareWebgl: TEST_MODE && (backendPref === 'webgl' || backendPref === 'webgpu'),
      measured: rememberedProbes(),
      ...(WASM_THREADS ? { wasmThreads: true } : {}),
    });
    if (TEST_MODE && FAULTS.length) sendTest({ type: 'test:faults', faults: FAULTS });
    onSpawn();
  };

  // A device measured before: the worker starts now, so that the panel shows the remembered rates
  // (the worker knows which device it is on) and the first run starts on the choice.
  if (Object.keys(rememberedProbes()).length > 0) spawn();
  return {
    start: (config) => send({ type: 'start', config }),
    resume: () => send({ type: 'resume' }),
    pause: () => send({ type: 'pause' }),
    stop: () => send({ type: 'stop' }),
    step: (config) => send({ type: 'step', config }),
    reset: () => send({ type: 'reset' }),
    probe: (batchSize, variant, includeSoftware) => send({ type: 'probe', batchSize, variant, includeSoftware }),
    evaluate: () => send({ type: 'evaluate' }),
    cancelEvaluate: () => send({ type: 'cancel-evaluate' }),
    finetune: (digits, config) => send({ type: 'finetune', digits, config }, [digits.images, digits.labels]),
    predictDigits: (requestId, digits) => send({ type: 'predict-digits', requestId, digits }, [digits.images, digits.labels]),
    evaluateDigits: (digits) => send({ type: 'evaluate-digits', digits }, [digits.images, digits.labels]),
    // Not a reason to start the worker: a worker that starts later takes over the model in use then (`onSpawn`).
    loadWeights: (snapshot, variant) =>
      worker?.postMessage({ type: 'load-weights', snapshot, variant } satisfies ToWorker, snapshot.buffers),
    // After a crash, or a backend chosen by hand: the new worker starts at once and says what it runs on.
    restart() {
      worker?.terminate();
      worker = null;
      store.getState().training.actions.restarted();
      spawn();
    },
    dispose() {
      disposed = true;
      worker?.terminate();
      worker = null;
    },
    test: {
      crash: () => sendTest({ type: 'test:crash' }),
      loseWebgl: () => sendTest({ type: 'test:lose-webgl' }),
      numTensors: () => ask({ type: 'test:memory' }).then((m) => m.numTensors),
      kernelRates: (batchSize, windows, windowMs) =>
        ask({ type: 'test:kernel-rates', batchSize, windows, windowMs }).then(({ ours, stock }) => ({ ours, stock })),
      poolCheck: () => ask({ type: 'test:pool-check' }),
    },
  };
}
