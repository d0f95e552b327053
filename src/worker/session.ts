/**
 * The training run's state machine in the worker: start, pause, resume, stop, step, reset over the
 * shared `TrainingRun`, with progress, weights and checkpoints reported to the UI, divergence
 * stopped with the last good weights kept, and a lost WebGL context survived by moving to wasm.
 * The table of states and transitions is in `src/worker/README.md`.
 */
import { TrainingRun, type StepOutcome } from '../shared/train/runner.ts';
import type { DigitsPayload, TrainConfig, TrainStatus, WeightsSnapshot } from '../shared/protocol.ts';
import type { Variant } from '../shared/model/variants.ts';
import { post, yieldToEvents } from './port.ts';
import { ensureData, hasData, cancelDataLoad, LoadCancelled } from './data.ts';
import { adoptWeights, labModel, modelForRun, rebuildFrom, sendWeights, sendWeightsEvery } from './lab-model.ts';
import { predictDigits, runFinetune, type FinetuneHost } from './finetune.ts';
import { leaveLostWebgl, unlessContextLost, webglLost } from './backend.ts';
import { saveCheckpoint } from './checkpoints.ts';
import { gradientSource } from './grad-pool.ts';
import { trainTask } from '../shared/train/task.ts';

/** Weight snapshots for the UI while training (it re-reads the drawing with them). */
const WEIGHTS_EVERY_MS = 400;

let run: TrainingRun | null = null;
let status: TrainStatus = 'idle';
let pauseRequested = false;
let stopRequested = false;
let looping = false;

export const isTraining = (): boolean => looping;
/** Whether a run (training or paused) holds the model and its optimizer on the current backend. */
export const holdsRun = (): boolean => looping || run !== null;

export function setStatus(s: TrainStatus, message?: string): void {
  status = s;
  post(message === undefined ? { type: 'status', status: s } : { type: 'status', status: s, message });
}

const loadingData = () => setStatus('loading');

/** Ends the current run (the model stays): frees its optimizer and unread sums. */
function endRun(): void {
  run?.dispose();
  run = null;
}

/** Ends the current run where it stands: the UI gets its weights, then `s`. */
function stopRun(s: TrainStatus, message?: string): void {
  sendWeights();
  endRun();
  setStatus(s, message);
}

async function newRun(config: TrainConfig): Promise<TrainingRun> {
  const data = await ensureData(loadingData);
  endRun();
  const model = modelForRun(config.variant, config.init, config.seed);
  const task = trainTask(config.variant, config.variant === 'classic' ? config.classicLoss : undefined);
  const gradients = await gradientSource(config.workers, model, config.variant, config.batchSize, task);
  const r: TrainingRun = new TrainingRun(model, data, config, {
    gradients,
    onProgress: (progress) => {
      post({ type: 'progress', progress });
      sendWeightsEvery(WEIGHTS_EVERY_MS);
    },
    onEpoch: async (row) => {
      post({ type: 'epoch', row });
      await saveCheckpoint(r.model, config, r.history);
    },
    yieldNow: yieldToEvents,
    guardRead: unlessContextLost,
  });
  return r;
}

/** After a lost WebGL context: wasm (else cpu), the model rebuilt from the last good weights, a fresh optimizer. */
async function recover(r: TrainingRun): Promise<void> {
  const backend = await leaveLostWebgl();
  r.replaceModel(rebuildFrom(r.lastGood));
  setStatus(
    'training',
    `The WebGL context was lost; training goes on on ${backend} from the last good weights (epoch ${r.epoch}, batch ${r.batch}).`,
  );
}

/** One batch, surviving a lost WebGL context (the batch is then retried on the new backend). */
async function stepOnce(r: TrainingRun, flush: boolean, reportOnly = false): Promise<StepOutcome> {
  if (webglLost()) await recover(r);
  let outcome: StepOutcome;
  try {
    outcome = reportOnly ? await r.report() : await r.step(flush);
  } catch (e) {
    if (!webglLost()) throw e;
    outcome = 'lost';
  }
  if (outcome !== 'lost') return outcome;
  await recover(r);
  return 'ok';
}

const divergedMessage = (r: TrainingRun) =>
  `The loss diverged (NaN, infinite or stuck far above chance) in epoch ${r.epoch}, near batch ${r.batch}: the learning rate (${r.config.learningRate}) is too high for this run. Try a lower one (e.g. ${r.config.learningRate / 10}). The last good weights are kept.`;

async function finish(r: TrainingRun): Promise<void> {
  const result = await r.finish();
  sendWeights();
  await saveCheckpoint(r.model, r.config, r.history, { accuracy: result.testAccuracy, count: result.testCount });
  post({ type: 'done', testAccuracy: result.testAccuracy, testCount: result.testCount, seconds: result.seconds, epochs: result.epochs });
  endRun();
  setStatus('done');
}

function failed(e: unknown): void {
  const message = (e as Error).message || String(e);
  setStatus('error', message);
  post({ type: 'error', stage: hasData() ? 'train' : 'data', message });
}

async function loop(): Promise<void> {
  if (looping) return;
  looping = true;
  try {
    while (run) {
      const r = run;
      if (stopRequested) {
        stopRequested = false;
        stopRun('stopped');
        break;
      }
      // Said before the batch, so the UI never sees a batch's progress while the run still reads "loading".
      if (!pauseRequested && status !== 'training') setStatus('training');
      const outcome = await stepOnce(r, false, pauseRequested);
      if (outcome === 'diverged') {
        stopRun('error', divergedMessage(r));
        break;
      }
      if (pauseRequested) {
        if (status !== 'paused') {
          sendWeights();
          setStatus('paused');
        }
        break;
      }
      if (r.epochComplete && (await r.endEpoch())) {
        await finish(r);
        break;
      }
      await yieldToEvents();
    }
  } catch (e) {
    failed(e);
  } finally {
    looping = false;
  }
}

/** Start: a new run (or, while paused, resume the current one). */
export async function start(config: TrainConfig): Promise<void> {
  if (run && status === 'paused') return resume();
  if (looping) return;
  pauseRequested = stopRequested = false;
  try {
    run = await newRun(config);
  } catch (e) {
    if (e instanceof LoadCancelled) return setStatus('idle', e.message);
    post({ type: 'error', stage: 'data', message: (e as Error).message });
    setStatus('error', (e as Error).message);
    return;
  }
  void loop();
}

export function requestPause(): void {
  pauseRequested = true;
}

export function resume(): void {
  pauseRequested = false;
  if (run) void loop();
}

/** Stop: cancels a data load, or ends the run where it stands (at the next batch if one is running). */
export function requestStop(): void {
  if (cancelDataLoad()) return;
  if (looping) stopRequested = true;
  else if (run) stopRun('stopped');
}

/** Reset: the run is dropped; the UI hands back the model it had in use before the run. */
export function reset(): void {
  if (looping) stopRequested = true;
  endRun();
  setStatus(hasData() ? 'ready' : 'idle');
}

/** One batch of the current run (starting one if needed), then paused. */
export async function step(config: TrainConfig): Promise<void> {
  if (looping) return;
  try {
    run ??= await newRun(config);
  } catch (e) {
    if (e instanceof LoadCancelled) return setStatus('idle', e.message);
    return failed(e);
  }
  const r = run;
  if (status !== 'paused') setStatus('paused');
  const outcome = await stepOnce(r, true);
  if (outcome === 'diverged') return stopRun('error', divergedMessage(r));
  if (r.epochComplete && (await r.endEpoch())) return finish(r);
  sendWeights();
}

/** The UI's model in use changed (load, restore, import, reset): the worker takes it over; any run ends. */
export function loadWeights(snapshot: WeightsSnapshot, variant: Variant): void {
  if (looping) return;
  const hadRun = run !== null;
  endRun();
  try {
    adoptWeights(snapshot, variant);
  } catch (e) {
    post({ type: 'error', stage: 'train', message: `could not take over the lab's model: ${(e as Error).message}` });
  }
  if (hadRun) setStatus(hasData() ? 'ready' : 'idle');
}

/** Fine-tunes the model in use on your digits (`finetune.ts`): holds the loop, so pause and stop reach it; ends a paused run. */
export function finetune(digits: DigitsPayload, config: TrainConfig): void {
  if (looping) {
    post({ type: 'finetune-error', message: 'Training is running: fine-tune when it has ended.' });
    return;
  }
  endRun();
  looping = true;
  pauseRequested = stopRequested = false;
  void runFinetune(finetuneHost(), digits, config).finally(() => {
    looping = false;
    pauseRequested = stopRequested = false;
  });
}

/** The model in use's answer for each of your digits. */
export function predictMyDigits(requestId: number, digits: DigitsPayload): Promise<void> {
  return predictDigits(finetuneHost(), requestId, digits);
}

function finetuneHost(): FinetuneHost {
  const lab = labModel();
  return {
    model: lab?.model ?? null,
    variant: lab?.variant ?? 'modern',
    data: () => ensureData(loadingData),
    post,
    setStatus,
    yieldNow: yieldToEvents,
    stopRequested: () => stopRequested,
    pauseRequested: () => pauseRequested,
    sendWeights,
    save: (config, test) => (lab ? saveCheckpoint(lab.model, config, [], test) : Promise.resolve()),
  };
}
