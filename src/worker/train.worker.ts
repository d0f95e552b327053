/// <reference lib="webworker" />
/**
 * The training worker: loads MNIST from the app's origin, builds LeNet-5 from the shared factory and
 * trains it with tfjs (WebGL2 on OffscreenCanvas first, then wasm, then cpu), reporting throttled
 * progress and weight snapshots to the UI. Speaks only the typed protocol of `shared/protocol.ts`.
 */
import * as tf from '@tensorflow/tfjs';
import { BACKENDS, initBackend, type BackendName } from '../shared/tf/backends.ts';
import { loadMnistSplits, type MnistData } from '../shared/mnist/load.ts';
import { variantSpec, type Variant } from '../shared/model/variants.ts';
import { trainTask, type TrainTask } from '../shared/train/task.ts';
import { allocBatch, fillBatch, type BatchBuffers } from '../shared/train/batch.ts';
import {
  EarlyStopping,
  epochRate,
  evaluate,
  restoreWeights,
  setLearningRate,
  snapshotWeights,
  splitIndices,
  trainStep,
} from '../shared/train/core.ts';
import { mulberry32, range, shuffleInPlace, type Rng } from '../shared/util/random.ts';
import type { MnistSplit } from '../shared/mnist/idx.ts';
import type { EpochRow, FromWorker, ToWorker, TrainConfig, TrainStatus } from '../shared/protocol.ts';
import { userModelUrl, type SavedModelMeta } from '../shared/model/storage.ts';
import { Cancelled, evaluateSplit } from './evaluate.ts';
import { predictDigits, runFinetune, type FinetuneHost } from './finetune.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: FromWorker, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);

const PROGRESS_EVERY_MS = 100;
const WEIGHTS_EVERY_MS = 400;
/**
 * Softmax cross-entropy is clipped, so a run that blows up may saturate instead of reaching NaN:
 * a loss above 3·ln 10 (three times a uniform guess) for this many batches in a row counts as
 * diverged too.
 */
const DIVERGED_LOSS: Record<Variant, number> = {
  modern: 3 * Math.log(10),
  // The MAP criterion on RBF distances starts near 74 with fresh weights (84 squared ±1 misses).
  classic: 200,
};
const DIVERGED_BATCHES = 10;
let highLossBatches = 0;

/** Yields to the worker's event loop so pause/stop messages get through (`tf.nextFrame` does not here). */
const channel = new MessageChannel();
const yieldQueue: Array<() => void> = [];
channel.port1.onmessage = () => yieldQueue.shift()?.();
const yieldToEvents = () =>
  new Promise<void>((resolve) => {
    yieldQueue.push(resolve);
    channel.port2.postMessage(0);
  });

interface Run {
  config: TrainConfig;
  optimizer: tf.Optimizer;
  rng: Rng;
  trainIdx: Uint32Array;
  valIdx: Uint32Array;
  testIdx: Uint32Array;
  stopper: EarlyStopping;
  best: Float32Array[] | null;
  epoch: number;
  batch: number;
  lossSum: number;
  correct: number;
  seen: number;
  imagesSeen: number;
  started: number;
  epochStarted: number;
  lastGood: Float32Array[];
  task: TrainTask;
  buf: BatchBuffers;
  /**
   * Loss·n and correct counts summed on the backend since the last readback. Reading a value back
   * stalls an asynchronous backend's pipeline (WebGL), so it happens only with progress reports
   * (every PROGRESS_EVERY_MS), at the end of an epoch, and on pause or step.
   */
  pending: { loss: tf.Scalar; correct: tf.Scalar; n: number; batches: number } | null;
}

/** Ends the current run (the model stays): frees its optimizer's variables, which model.dispose() does not, and any unread sums. */
function endRun(): void {
  if (!run) return;
  run.optimizer.dispose();
  dropPending(run);
  run = null;
}

/** Ends the current run where it stands: the UI gets its weights, then `s`. */
function stopRun(s: TrainStatus, message?: string): void {
  sendWeights();
  endRun();
  setStatus(s, message);
}

function dropPending(r: Run): void {
  try {
    if (r.pending) tf.dispose([r.pending.loss, r.pending.correct]);
  } catch {
    /* their textures went with a lost WebGL context */
  }
  r.pending = null;
}

let data: MnistData | null = null;
let baseUrl = '';
let model: tf.LayersModel | null = null;
let modelVariant: Variant = 'modern';
let run: Run | null = null;
let status: TrainStatus = 'idle';
let pauseRequested = false;
let stopRequested = false;
let looping = false;
let lastProgress = 0;
let lastWeights = 0;
/** Epoch rows of the current run, saved with the model. */
let history: EpochRow[] = [];
let evalCancelled = false;
let evaluating = false;
let testSetSent = false;

/** Evaluates the lab's model on the MNIST test set, or on `mine` (your digits, always sent back with the result). */
async function runEvaluation(mine?: MnistSplit): Promise<void> {
  if (evaluating) return;
  evaluating = true;
  evalCancelled = false;
  try {
    const split = mine ?? (await ensureData()).test;
    if (!model) throw new Error('there is no model to evaluate yet');
    const t0 = performance.now();
    const result = await evaluateSplit(model, modelVariant, split, {
      isCancelled: () => evalCancelled,
      onProgress: (done, total) => post({ type: 'eval-progress', done, total }),
      yieldNow: yieldToEvents,
    });
    const msg: FromWorker = {
      type: 'eval-done',
      ms: performance.now() - t0,
      predictions: result.predictions.buffer as ArrayBuffer,
      top3: result.top3.buffer as ArrayBuffer,
      top3Probs: result.top3Probs.buffer as ArrayBuffer,
      ...(testSetSent && !mine ? {} : { testSet: { images: split.images.slice().buffer, labels: split.labels.slice().buffer } }),
    };
    // After your digits, the UI holds them as its test set: the next MNIST evaluation sends MNIST's again.
    testSetSent = !mine;
    const transfer: Transferable[] = [msg.predictions, msg.top3, msg.top3Probs];
    if (msg.testSet) transfer.push(msg.testSet.images, msg.testSet.labels);
    post(msg, transfer);
  } catch (e) {
    if (e instanceof Cancelled) post({ type: 'eval-cancelled' });
    else post({ type: 'eval-error', message: `Evaluation failed: ${(e as Error).message}` });
  } finally {
    evaluating = false;
  }
}

/** Saves the model to IndexedDB with its metrics; a failure is reported, never fatal. */
async function saveCheckpoint(config: TrainConfig, test?: { accuracy: number; count: number }): Promise<void> {
  if (!model) return;
  const meta: SavedModelMeta = {
    app: 'lenet-lab',
    variant: config.variant,
    savedAt: new Date().toISOString(),
    config,
    epochs: history,
    ...(test ? { testAccuracy: test.accuracy, testCount: test.count } : {}),
  };
  try {
    model.setUserDefinedMetadata(meta as unknown as Record<string, unknown>);
    await model.save(userModelUrl(config.variant));
    post({ type: 'saved', ok: true, at: meta.savedAt, epoch: history.length });
  } catch (e) {
    const err = e as Error;
    const why = err.name === 'QuotaExceededError' || /quota/i.test(err.message) ? 'the browser storage is full' : err.message || String(e);
    post({
      type: 'saved',
      ok: false,
      error: `Saving the model in this browser failed: ${why}. Training goes on; export the model to keep it.`,
    });
  }
}

function setStatus(s: TrainStatus, message?: string): void {
  status = s;
  post(message === undefined ? { type: 'status', status: s } : { type: 'status', status: s, message });
}

function makeOptimizer(c: TrainConfig): tf.Optimizer {
  if (c.optimizer === 'sgd') return tf.train.momentum(c.learningRate, 0.9);
  if (c.optimizer === 'rmsprop') return tf.train.rmsprop(c.learningRate);
  return tf.train.adam(c.learningRate);
}

function sendWeights(): void {
  if (!model) return;
  const buffers = snapshotWeights(model).map((v) => v.buffer as ArrayBuffer);
  post({ type: 'weights', snapshot: { buffers, shapes: model.getWeights().map((w) => w.shape) } }, buffers);
  lastWeights = performance.now();
}

/** Test mode only: make this worker's IndexedDB missing or full, as some browsers' are. */
function injectFaults(faults: readonly string[]): void {
  if (faults.includes('idb-missing')) Object.defineProperty(self, 'indexedDB', { configurable: true, get: () => undefined });
  if (faults.includes('idb-quota')) {
    const quota = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    Object.defineProperty(self, 'indexedDB', { configurable: true, get: () => ({ open: quota, deleteDatabase: quota }) });
  }
}

class LoadCancelled extends Error {
  override name = 'LoadCancelled';
}
let dataAbort: AbortController | null = null;

async function ensureData(): Promise<MnistData> {
  if (data) return data;
  setStatus('loading');
  const t0 = performance.now();
  dataAbort = new AbortController();
  try {
    data = await loadMnistSplits({
      baseUrl,
      signal: dataAbort.signal,
      onProgress: (p) => post({ type: 'data-progress', loaded: p.loaded, total: p.total, file: p.file }),
    });
  } catch (e) {
    if (dataAbort.signal.aborted) throw new LoadCancelled('Loading MNIST was cancelled. Press Start to load it again.');
    throw e;
  } finally {
    dataAbort = null;
  }
  post({ type: 'data-ready', ms: performance.now() - t0, train: data.train.count, test: data.test.count });
  return data;
}

function newRun(config: TrainConfig, d: MnistData): Run {
  const task = trainTask(config.variant, config.variant === 'classic' ? config.classicLoss : undefined);
  const rng = mulberry32(config.seed);
  const all = range(d.train.count);
  shuffleInPlace(all, rng);
  let { train, val } = splitIndices(d.train.count, config.validationSplit, all);
  let test = range(d.test.count);
  if (config.limit > 0) {
    train = train.slice(0, config.limit);
    val = val.slice(0, Math.max(100, Math.ceil(config.limit / 4)));
    test = test.slice(0, Math.max(200, Math.ceil(config.limit / 2)));
  }
  if (model && (modelVariant !== config.variant || config.init === 'fresh')) {
    model.dispose();
    model = null;
  }
  model ??= variantSpec(config.variant).create(config.seed);
  modelVariant = config.variant;
  history = [];
  const now = performance.now();
  return {
    config,
    optimizer: makeOptimizer(config),
    rng,
    trainIdx: train,
    valIdx: val,
    testIdx: test,
    stopper: new EarlyStopping(config.patience > 0 ? config.patience : Infinity),
    best: null,
    epoch: 1,
    batch: 0,
    lossSum: 0,
    correct: 0,
    seen: 0,
    imagesSeen: 0,
    started: now,
    epochStarted: now,
    lastGood: snapshotWeights(model),
    task,
    buf: allocBatch(config.batchSize, task.input),
    pending: null,
  };
}

/** Set when the WebGL context tfjs trains on is lost (GPU reset, driver crash, too many contexts). */
let contextLost = false;

const webglContext = (): WebGL2RenderingContext | null =>
  tf.getBackend() === 'webgl' ? ((tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl ?? null) : null;

function watchWebglContext(): void {
  const canvas = (webglContext() as unknown as { canvas?: OffscreenCanvas } | null)?.canvas;
  canvas?.addEventListener('webglcontextlost', () => (contextLost = true));
}

/**
 * A readback from a lost WebGL context never settles: on WebGL, race `read` with a check of the
 * context (null when it is lost). Other backends just await it.
 */
function unlessContextLost<T>(read: Promise<T>): Promise<T | null> {
  if (!webglContext()) return read;
  let timer = 0;
  const lost = new Promise<null>((resolve) => {
    timer = setInterval(() => webglLost() && resolve(null), 100) as unknown as number;
  });
  return Promise.race([read, lost]).finally(() => clearInterval(timer));
}

/** Whether training runs on a WebGL context that is gone (the event may not have arrived yet). */
const webglLost = (): boolean => contextLost || (webglContext()?.isContextLost() ?? false);

/**
 * After a lost WebGL context: move to wasm (else cpu), rebuild the model from the last good weights
 * (kept as plain arrays, not on the GPU) with a fresh optimizer, and let the run go on.
 */
async function recoverFromContextLoss(r: Run): Promise<void> {
  contextLost = false;
  const choice = await initBackend(['wasm', 'cpu']);
  post({
    type: 'backend',
    choice: { name: choice.name, skipped: [{ name: 'webgl', reason: 'the WebGL context was lost during training' }, ...choice.skipped] },
  });
  try {
    model?.dispose();
  } catch {
    /* its textures went with the context */
  }
  model = variantSpec(modelVariant).create();
  restoreWeights(model, r.lastGood);
  dropPending(r);
  r.optimizer = makeOptimizer(r.config);
  post({
    type: 'status',
    status: 'training',
    message: `The WebGL context was lost; training goes on on ${choice.name} from the last good weights (epoch ${r.epoch}, batch ${r.batch}).`,
  });
}

/**
 * One batch; returns false if the loss diverged (weights rolled back to the last good ones).
 * Reads the loss back only when a progress report is due, or when `flush` asks for it.
 */
async function trainOneBatch(r: Run, d: MnistData, flush = false): Promise<boolean> {
  if (webglLost()) await recoverFromContextLoss(r);
  const m = model!;
  if (r.batch === 0) {
    shuffleInPlace(r.trainIdx, r.rng);
    setLearningRate(r.optimizer, epochRate(r.config.schedule, r.config.learningRate, r.config.learningRateDecay, r.epoch));
    r.epochStarted = performance.now();
    r.lossSum = r.correct = r.seen = 0;
  }
  const n = fillBatch(
    d.train,
    r.trainIdx,
    r.batch * r.config.batchSize,
    r.config.batchSize,
    r.buf,
    r.config.augment ? { rng: r.rng } : null,
  );
  try {
    const { loss, correct } = trainStep(m, r.optimizer, r.buf.x, r.buf.y, n, r.task);
    const p = r.pending;
    const sums = tf.tidy(() => ({
      loss: (p ? p.loss.add(loss.mul(n)) : loss.mul(n)) as tf.Scalar,
      correct: (p ? p.correct.add(correct) : correct.clone()) as tf.Scalar,
    }));
    tf.dispose([loss, correct]);
    if (p) tf.dispose([p.loss, p.correct]);
    r.pending = { ...sums, n: (p?.n ?? 0) + n, batches: (p?.batches ?? 0) + 1 };
  } catch (e) {
    if (!webglLost()) throw e;
    await recoverFromContextLoss(r);
    return true; // the batch is retried on the new backend
  }
  r.batch++;
  r.imagesSeen += n;
  const now = performance.now();
  // The run's first batch is reported at once, so numbers appear as soon as training starts.
  if (flush || r.imagesSeen === n || now - lastProgress >= PROGRESS_EVERY_MS || r.batch === batchesOf(r)) return report(r);
  return true;
}

/**
 * Reads back the sums of the batches since the last report, checks them for divergence (false:
 * diverged, weights rolled back), and posts a progress report.
 */
async function report(r: Run): Promise<boolean> {
  const pend = r.pending;
  if (!pend) return true;
  const m = model!;
  const now = performance.now();
  r.pending = null;
  const values = await unlessContextLost(Promise.all([pend.loss.data(), pend.correct.data()]));
  if (!values || webglLost()) {
    await recoverFromContextLoss(r);
    return true;
  }
  tf.dispose([pend.loss, pend.correct]);
  const l = values[0][0]! / pend.n;
  highLossBatches = l > DIVERGED_LOSS[r.config.variant] ? highLossBatches + pend.batches : 0;
  if (!Number.isFinite(l) || highLossBatches >= DIVERGED_BATCHES) {
    highLossBatches = 0;
    restoreWeights(m, r.lastGood);
    return false;
  }
  r.lossSum += values[0][0]!;
  r.correct += values[1][0]!;
  r.seen += pend.n;
  lastProgress = now;
  // Divergence rolls back to the weights of the last healthy report, a few hundred ms old at most.
  if (highLossBatches === 0) r.lastGood = snapshotWeights(m);
  const secs = (now - r.started) / 1000;
  const ips = r.imagesSeen / Math.max(secs, 1e-3);
  const left = (r.config.epochs - r.epoch) * r.trainIdx.length + (r.trainIdx.length - r.batch * r.config.batchSize);
  post({
    type: 'progress',
    progress: {
      epoch: r.epoch,
      epochs: r.config.epochs,
      batch: r.batch,
      batches: batchesOf(r),
      imagesSeen: r.imagesSeen,
      loss: l,
      accuracy: r.correct / r.seen,
      imagesPerSec: ips,
      etaSec: Math.max(0, left) / ips,
    },
  });
  if (now - lastWeights >= WEIGHTS_EVERY_MS) sendWeights();
  return true;
}

const batchesOf = (r: Run) => Math.ceil(r.trainIdx.length / r.config.batchSize);

/** Ends an epoch: validation, early stopping; returns true when the run should end. */
async function endEpoch(r: Run, d: MnistData): Promise<boolean> {
  const val = await evaluate(model!, d.train, r.valIdx, 500, yieldToEvents, r.task);
  const row = {
    epoch: r.epoch,
    loss: r.lossSum / Math.max(1, r.seen),
    accuracy: r.correct / Math.max(1, r.seen),
    valLoss: val.loss,
    valAccuracy: val.accuracy,
    seconds: (performance.now() - r.epochStarted) / 1000,
  };
  post({ type: 'epoch', row });
  history.push(row);
  const { improved, stop } = r.stopper.update(r.epoch, val.loss);
  if (improved) r.best = snapshotWeights(model!);
  r.epoch++;
  r.batch = 0;
  await saveCheckpoint(r.config);
  return stop || r.epoch > r.config.epochs;
}

async function finish(r: Run, d: MnistData): Promise<void> {
  if (r.best) restoreWeights(model!, r.best);
  const test = await evaluate(model!, d.test, r.testIdx, 500, yieldToEvents, r.task);
  sendWeights();
  await saveCheckpoint(r.config, { accuracy: test.accuracy, count: test.count });
  post({
    type: 'done',
    testAccuracy: test.accuracy,
    testCount: test.count,
    seconds: (performance.now() - r.started) / 1000,
    epochs: r.epoch - 1,
  });
  endRun();
  setStatus('done');
}

async function loop(): Promise<void> {
  if (looping) return;
  looping = true;
  try {
    const d = await ensureData();
    while (run) {
      const r = run;
      if (stopRequested) {
        stopRequested = false;
        stopRun('stopped');
        break;
      }
      const healthy = pauseRequested ? await report(r) : await trainOneBatch(r, d);
      if (!healthy) {
        stopRun(
          'error',
          `The loss diverged (NaN, infinite or stuck far above chance) in epoch ${r.epoch}, near batch ${r.batch}: the learning rate (${r.config.learningRate}) is too high for this run. Try a lower one (e.g. ${r.config.learningRate / 10}). The last good weights are kept.`,
        );
        break;
      }
      if (pauseRequested) {
        if (status !== 'paused') {
          sendWeights();
          setStatus('paused');
        }
        break;
      }
      if (status !== 'training') setStatus('training');
      if (r.batch >= batchesOf(r) && (await endEpoch(r, d))) {
        await finish(r, d);
        break;
      }
      await yieldToEvents();
    }
  } catch (e) {
    setStatus('error', (e as Error).message);
    post({ type: 'error', stage: data ? 'train' : 'data', message: (e as Error).message });
  } finally {
    looping = false;
  }
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'init': {
      baseUrl = msg.baseUrl;
      if (msg.faults?.length) injectFaults(msg.faults);
      const order: BackendName[] = msg.backend === 'auto' ? [...BACKENDS] : [msg.backend, ...BACKENDS.filter((b) => b !== msg.backend)];
      try {
        post({ type: 'backend', choice: await initBackend(order, { allowSoftwareWebgl: msg.allowSoftwareWebgl }) });
        watchWebglContext();
      } catch (e) {
        post({ type: 'error', stage: 'backend', message: (e as Error).message });
        setStatus('error', (e as Error).message);
      }
      return;
    }
    case 'start':
      if (run && status === 'paused') {
        pauseRequested = false;
        return void loop();
      }
      if (looping) return;
      pauseRequested = stopRequested = false;
      try {
        run = newRun(msg.config, await ensureData());
      } catch (e) {
        if (e instanceof LoadCancelled) return setStatus('idle', e.message);
        post({ type: 'error', stage: 'data', message: (e as Error).message });
        setStatus('error', (e as Error).message);
        return;
      }
      return void loop();
    case 'pause':
      pauseRequested = true;
      return;
    case 'resume':
      pauseRequested = false;
      if (run) void loop();
      return;
    case 'stop':
      dataAbort?.abort();
      if (run && !looping) stopRun('stopped');
      else stopRequested = true;
      return;
    case 'reset':
      if (looping) stopRequested = true;
      endRun();
      model?.dispose();
      model = null;
      setStatus(data ? 'ready' : 'idle');
      return;
    case 'step': {
      if (looping) return;
      const d = await ensureData();
      run ??= newRun(msg.config, d);
      if (status !== 'paused') setStatus('paused');
      if (await trainOneBatch(run, d, true)) {
        if (run.batch >= batchesOf(run)) await endEpoch(run, d);
        sendWeights();
      }
      return;
    }
    case 'memory':
      post({ type: 'memory', numTensors: tf.memory().numTensors });
      return;
    case 'evaluate':
      if (looping) return;
      void runEvaluation();
      return;
    case 'evaluate-digits':
      if (looping) return;
      void runEvaluation({ count: msg.digits.count, images: new Uint8Array(msg.digits.images), labels: new Uint8Array(msg.digits.labels) });
      return;
    case 'cancel-evaluate':
      evalCancelled = true;
      return;
    case 'lose-webgl':
      (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl?.getExtension('WEBGL_lose_context')?.loseContext();
      return;
    case 'crash':
      setTimeout(() => {
        throw new Error('crash requested by a test');
      });
      return;
    case 'load-weights':
      if (looping) return;
      endRun();
      if (model && modelVariant !== msg.variant) {
        model.dispose();
        model = null;
      }
      model ??= variantSpec(msg.variant).create();
      modelVariant = msg.variant;
      try {
        restoreWeights(
          model,
          msg.snapshot.buffers.map((b) => new Float32Array(b)),
        );
      } catch (e) {
        post({ type: 'error', stage: 'train', message: `could not take over the lab's model: ${(e as Error).message}` });
      }
      return;
    case 'finetune':
    case 'predict-digits': {
      if (looping) {
        if (msg.type === 'finetune') post({ type: 'finetune-error', message: 'Training is running: fine-tune when it has ended.' });
        return;
      }
      const host: FinetuneHost = {
        model,
        variant: modelVariant,
        data: ensureData,
        post,
        setStatus,
        yieldNow: yieldToEvents,
        stopRequested: () => stopRequested,
        pauseRequested: () => pauseRequested,
        sendWeights,
        save: (config, test) => {
          history = [];
          return saveCheckpoint(config, test);
        },
      };
      if (msg.type === 'predict-digits') return predictDigits(host, msg.requestId, msg.digits);
      // Fine-tuning holds the loop (so pause and stop reach it) and ends any paused training run.
      endRun();
      looping = true;
      pauseRequested = stopRequested = false;
      void runFinetune(host, msg.digits, msg.config).finally(() => {
        looping = false;
        pauseRequested = stopRequested = false;
      });
      return;
    }
  }
}

/**
 * Messages are handled one after another, so none can race `init` (a model built before the
 * backend is ready throws). The training loop itself is not awaited by `start`, so pause and stop
 * still get through while it runs.
 */
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e: MessageEvent<ToWorker>) => {
  const t = e.data.type;
  // Flags that must get through while a long step (loading data) holds the queue.
  if (t === 'pause') return void (pauseRequested = true);
  if (t === 'cancel-evaluate') return void (evalCancelled = true);
  if (t === 'stop') {
    if (dataAbort) return dataAbort.abort();
    if (looping) return void (stopRequested = true);
  }
  queue = queue
    .then(() => handle(e.data))
    .catch((err: unknown) => {
      post({ type: 'error', stage: 'train', message: (err as Error).message || String(err) });
    });
};
