/**
 * The backend probe's measuring part: how many images per second a fresh LeNet-5 trains at on the
 * backend tfjs uses now, timed over real training steps (the runner's own `trainStep`, optimizer
 * and loss) on a synthetic batch. The worker runs it on each backend that starts
 * (`src/worker/probe.ts`) and keeps the fastest; nothing here touches the DOM.
 */
import * as tf from '@tensorflow/tfjs';
import { trainStep, trainTask } from '../train/core.ts';
import { makeOptimizer } from '../train/runner.ts';
import { inputPixels } from '../preprocess/input-format.ts';
import { variantSpec, type Variant } from '../model/variants.ts';
import { mulberry32 } from '../util/random.ts';
import { BACKENDS, type BackendName, type SkippedBackend } from './backends.ts';

/** One backend's line in the probe: its rate, or why it was not timed. */
export interface BackendRate {
  readonly name: BackendName;
  /** Training images per second (null when not timed). */
  readonly imagesPerSec: number | null;
  /** Why it was not timed (skipped, failed, the only candidate). */
  readonly note?: string;
  /** The note's code and detail where it is a known reason (the UI says it in its language). */
  readonly code?: SkippedBackend['code'];
  readonly detail?: string;
}

export interface ProbeResult {
  readonly rates: readonly BackendRate[];
  /** The backend the probe chose (the fastest timed, else the first that started). */
  readonly choice: BackendName;
  readonly batchSize: number;
  readonly variant: Variant;
  /** The device measured (`deviceKey()`: GPU renderer, cores, browser). */
  readonly device: string;
  /** ISO time of the measurement. */
  readonly at: string;
}

export interface TimingOptions {
  /** Untimed steps first (shader / pipeline compilation, wasm warm-up). */
  readonly warmupSteps?: number;
  /** Time steps for about this long… */
  readonly budgetMs?: number;
  /** …but at least this many. */
  readonly minSteps?: number;
  /**
   * Gives up (throws `TooSlow`) when warm-up and timing together pass this many milliseconds: a
   * software GPU can take minutes to compile its shaders, and cannot win anyway.
   */
  readonly deadlineMs?: number;
}

/** A backend did not get through its warm-up and timed steps before the deadline. */
export class TooSlow extends Error {
  constructor(readonly ms: number) {
    super(`no result within ${(ms / 1000).toFixed(1)} s (shader compilation or a very slow device)`);
  }
}

/**
 * Trains a fresh `variant` net on one synthetic batch of `batchSize` on the current backend and
 * returns images per second over the timed steps. Each step's loss is read back, so asynchronous
 * backends (WebGL, WebGPU) are timed to the end of their work. Frees everything it makes.
 */
export async function timeTraining(variant: Variant, batchSize: number, opts: TimingOptions = {}): Promise<number> {
  const { warmupSteps = 2, budgetMs = 300, minSteps = 3, deadlineMs = Infinity } = opts;
  const started = performance.now();
  const task = trainTask(variant);
  const rng = mulberry32(1);
  const x = new Float32Array(batchSize * inputPixels(task.input)).map(() => rng());
  const y = new Float32Array(batchSize * 10);
  for (let i = 0; i < batchSize; i++) y[i * 10 + (i % 10)] = 1;
  const model = variantSpec(variant).create(1);
  const optimizer = makeOptimizer({ optimizer: 'adam', learningRate: 0.001 });
  const step = async () => {
    const left = deadlineMs - (performance.now() - started);
    if (left <= 0) throw new TooSlow(deadlineMs);
    const { loss, correct } = trainStep(model, optimizer, x, y, batchSize, task);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      // An asynchronous backend's readback can be given up on; a synchronous one is checked above.
      await Promise.race([
        loss.data(),
        new Promise<never>((_, reject) => {
          if (Number.isFinite(left)) timer = setTimeout(() => reject(new TooSlow(deadlineMs)), left);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      tf.dispose([loss, correct]);
    }
  };
  try {
    for (let i = 0; i < warmupSteps; i++) await step();
    let steps = 0;
    const t0 = performance.now();
    while (steps < minSteps || performance.now() - t0 < budgetMs) {
      await step();
      steps++;
    }
    return (steps * batchSize * 1000) / (performance.now() - t0);
  } finally {
    try {
      optimizer.dispose();
      model.dispose();
    } catch {
      /* a backend given up on may refuse; the caller removes it */
    }
  }
}

/**
 * The probe's choice: the fastest timed backend; with none timed, the first in the fallback order
 * among `started` (backends that started but were not timed, e.g. the only candidate).
 */
export function pickBackend(rates: readonly BackendRate[], started: readonly BackendName[]): BackendName | null {
  let best: BackendRate | null = null;
  for (const r of rates) if (r.imagesPerSec !== null && (best === null || r.imagesPerSec > best.imagesPerSec!)) best = r;
  if (best) return best.name;
  return BACKENDS.find((b) => started.includes(b)) ?? null;
}

/** Why each backend other than `choice` was not chosen, in the fallback order (for the backend line). */
export function notChosen(result: Pick<ProbeResult, 'rates' | 'choice'>): SkippedBackend[] {
  const chosen = result.rates.find((r) => r.name === result.choice)?.imagesPerSec ?? null;
  return result.rates
    .filter((r) => r.name !== result.choice)
    .map((r) => ({
      name: r.name,
      reason:
        r.imagesPerSec !== null
          ? `measured slower here (${Math.round(r.imagesPerSec)} vs ${chosen === null ? '?' : Math.round(chosen)} img/s)`
          : (r.note ?? 'not timed'),
      ...(r.imagesPerSec === null && r.code ? { code: r.code, ...(r.detail ? { detail: r.detail } : {}) } : {}),
    }));
}
