import type { StateCreator } from 'zustand';
import type { AppState } from './index.ts';
import {
  DEFAULT_TRAIN_CONFIG,
  MAX_WORKERS,
  type BatchProgress,
  type EpochRow,
  type TrainBackendPref,
  type TrainConfig,
  type TrainStatus,
} from '../../shared/protocol.ts';
import { isBackendName, type BackendChoice } from '../../shared/tf/backends.ts';
import type { ProbeResult } from '../../shared/tf/probe.ts';
import { TEST_MODE } from '../env.ts';
import { withServices } from './services.ts';

/** Test mode trains a small fixed slice, so e2e runs are short and deterministic. */
const BACKEND_KEY = 'lenet-lab:training-backend';

/** The user's backend choice, remembered across visits (storage may be unavailable: then "auto"). */
function rememberedBackend(): TrainBackendPref {
  try {
    const v = localStorage.getItem(BACKEND_KEY);
    return isBackendName(v) ? v : 'auto';
  } catch {
    return 'auto';
  }
}

function rememberBackend(b: TrainBackendPref): void {
  try {
    if (b === 'auto') localStorage.removeItem(BACKEND_KEY);
    else localStorage.setItem(BACKEND_KEY, b);
  } catch {
    /* not remembered; the choice still applies to this visit */
  }
}

/** Workers to train with by default: every core but one (left to this page), at least one. */
export const defaultWorkers = (): number => Math.max(1, Math.min(MAX_WORKERS, (globalThis.navigator?.hardwareConcurrency ?? 1) - 1));

const INITIAL_CONFIG: TrainConfig = TEST_MODE
  ? { ...DEFAULT_TRAIN_CONFIG, epochs: 2, limit: 1000, augment: false, seed: 7, workers: defaultWorkers() }
  : { ...DEFAULT_TRAIN_CONFIG, workers: defaultWorkers() };

export interface TrainingSlice {
  training: {
    status: TrainStatus;
    /** What went wrong (data, backend, divergence, a crashed worker), for the user. */
    message: string | null;
    /** Where it went wrong, when the worker said so: what the user can do next depends on it. */
    errorStage: 'backend' | 'data' | 'train' | null;
    config: TrainConfig;
    backendPref: TrainBackendPref;
    backend: BackendChoice | null;
    /** The backend probe's rates and choice on this device (measured now or remembered). */
    probe: ProbeResult | null;
    /** True while the worker times the backends. */
    probing: boolean;
    data: { loaded: number; total: number; file: string; ms: number | null };
    progress: BatchProgress | null;
    epochs: readonly EpochRow[];
    result: { testAccuracy: number; testCount: number; seconds: number; epochs: number } | null;
    /** The last save to IndexedDB. */
    saved: { ok: true; at: string; epoch: number } | { ok: false; error: string } | null;
    /** True when the worker died; the user can restart it. */
    crashed: boolean;
    actions: {
      /** Start a new run (remembering the model in use for Reset), or resume a paused one. */
      start: () => void;
      pause: () => void;
      /** Stop the run where it stands (keeps what it learned), or cancel the data download. */
      stop: () => void;
      /** Train one batch of the current run (starting one if needed), then pause. */
      step: () => void;
      /** Drop the run and its chart; the model in use before the run comes back. */
      reset: () => void;
      /** Terminate the worker and start a new one (after a crash). */
      restartWorker: () => void;
      setConfig: (patch: Partial<TrainConfig>) => void;
      /** Remembers the backend choice and restarts the worker on it. */
      setBackendPref: (b: TrainBackendPref) => void;
      /**
       * Times each backend again and trains on the fastest ("auto" only; not during a run). Test
       * mode times software renderers too, so tests and the bench see every backend's rate.
       */
      measureBackends: () => void;
      /* Worker reports (the training client calls these). */
      status: (s: TrainStatus, message?: string) => void;
      backendChosen: (b: BackendChoice) => void;
      probing: () => void;
      probed: (r: ProbeResult) => void;
      dataProgress: (loaded: number, total: number, file: string) => void;
      dataReady: (ms: number) => void;
      progress: (p: BatchProgress) => void;
      epoch: (row: EpochRow) => void;
      done: (r: NonNullable<TrainingSlice['training']['result']>) => void;
      error: (message: string, stage?: 'backend' | 'data' | 'train') => void;
      crashed: (message: string) => void;
      restarted: () => void;
      saved: (s: NonNullable<TrainingSlice['training']['saved']>) => void;
    };
  };
}

export const createTrainingSlice: StateCreator<AppState, [], [], TrainingSlice> = (set, get) => {
  const patch = (p: Partial<Omit<TrainingSlice['training'], 'actions'>>) => set((s) => ({ training: { ...s.training, ...p } }));
  const newRun = () => patch({ epochs: [], progress: null, result: null, message: null, errorStage: null });
  return {
    training: {
      status: 'idle',
      message: null,
      errorStage: null,
      config: INITIAL_CONFIG,
      backendPref: rememberedBackend(),
      backend: null,
      probe: null,
      probing: false,
      data: { loaded: 0, total: 0, file: '', ms: null },
      progress: null,
      epochs: [],
      result: null,
      crashed: false,
      saved: null,
      actions: {
        start: () =>
          withServices(({ training, inference }) => {
            const { status, config } = get().training;
            if (status === 'paused') return training.resume();
            newRun();
            inference.markRunStart();
            training.start(config);
          }),
        pause: () => withServices(({ training }) => training.pause()),
        stop: () => withServices(({ training }) => training.stop()),
        step: () =>
          withServices(({ training, inference }) => {
            const { status, config } = get().training;
            if (status !== 'paused') {
              newRun();
              inference.markRunStart();
            }
            training.step(config);
          }),
        reset: () =>
          withServices(({ training, inference }) => {
            newRun();
            training.reset();
            inference.revertRun();
          }),
        restartWorker: () => withServices(({ training }) => training.restart()),
        setConfig: (p) => set((s) => ({ training: { ...s.training, config: { ...s.training.config, ...p } } })),
        setBackendPref: (backendPref) => {
          rememberBackend(backendPref);
          patch({ backendPref });
          withServices(({ training }) => training.restart());
        },
        measureBackends: () =>
          withServices(({ training }) => {
            const { config, backendPref } = get().training;
            if (backendPref !== 'auto') return;
            patch({ probing: true });
            training.probe(config.batchSize, config.variant, TEST_MODE);
          }),
        status: (status, message) => {
          if (status !== 'error') return patch({ status, message: message ?? null, errorStage: null });
          // An error the worker already explained (its stage known) keeps that explanation over the bare status line.
          const keep = message === undefined || get().training.errorStage !== null;
          patch(keep ? { status } : { status, message });
        },
        backendChosen: (backend) => patch({ backend }),
        probing: () => patch({ probing: true }),
        probed: (probe) => patch({ probe, probing: false }),
        dataProgress: (loaded, total, file) =>
          set((s) => ({ training: { ...s.training, data: { ...s.training.data, loaded, total, file } } })),
        dataReady: (ms) => set((s) => ({ training: { ...s.training, data: { ...s.training.data, ms } } })),
        progress: (progress) => patch({ progress }),
        epoch: (row) => set((s) => ({ training: { ...s.training, epochs: [...s.training.epochs, row] } })),
        done: (result) => patch({ result }),
        error: (message, stage) => patch({ status: 'error', message, errorStage: stage ?? null }),
        crashed: (message) => patch({ status: 'error', message, crashed: true }),
        restarted: () => patch({ crashed: false, status: 'idle', message: null, errorStage: null, backend: null, probing: false }),
        saved: (saved) => patch({ saved }),
      },
    },
  };
};
