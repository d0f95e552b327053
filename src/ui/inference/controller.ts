/**
 * Glue between the drawing, the predictor and the store: opens the model the user asked for
 * (saved, shipped, imported; Retry asks again), and re-predicts the drawing at most once per
 * animation frame. The latest drawing wins: a result for a drawing (or weights) that has since
 * changed is dropped, never shown late. A failed request keeps the model in use.
 */
import type * as tf from '@tensorflow/tfjs';
import { useAppStore } from '../store/index.ts';
import { Predictor } from './predictor.ts';
import { openModel, type ModelSource } from './sources.ts';
import { drawingInput } from '../../shared/preprocess/drawing-input.ts';
import { initBackend, type BackendChoice } from '../../shared/tf/backends.ts';
import type { WeightsSnapshot } from '../../shared/protocol.ts';
import type { LoadedInfo } from '../store/model-slice.ts';
import type { Variant } from '../../shared/model/variants.ts';
import { INFERENCE_BACKENDS, TEST_MODE } from '../env.ts';
import { cancelFrame, requestFrame } from '../frame.ts';

const FRAME_KEY = 'predict';

/** Name of the `performance.measure` from pointer-up (stroke committed) to its prediction shown. */
export const MEASURE_STROKE_TO_PREDICTION = 'lenet:stroke-to-prediction';
/** Name of the `performance.mark` set when the model is first ready to predict. */
export const MARK_MODEL_READY = 'lenet:model-ready';

export interface InferenceHooks {
  /** Called with the new model's weights when the lab switches model (not for training snapshots). */
  onModelReplaced: (snapshot: WeightsSnapshot, variant: Variant) => void;
}

export interface Inference {
  /** Loads a weight snapshot from training into the predictor and re-predicts the drawing. */
  applyWeights(snapshot: WeightsSnapshot): void;
  /** A conv layer's kernel `[kh, kw, in, out]` from the model in use (see `Predictor.kernel`). */
  kernel(layerId: string): { data: Float32Array; shape: number[] } | null;
  /** The weights of the model in use, for a (re)started training worker. */
  snapshot(): { snapshot: WeightsSnapshot; variant: Variant } | null;
  /** The network in use (owned here: never dispose it), for explanations before any drawing. */
  network(): { net: tf.LayersModel; variant: Variant } | null;
  /** Remembers the model in use as a training run starts, for `revertRun`. */
  markRunStart(): void;
  /** Puts back the model that was in use when the run started (Reset); false if there is none. */
  revertRun(): boolean;
  /** Downloads the model in use as model.json + weights.bin. */
  exportModel(): Promise<void>;
  stop(): void;
}

/** Starts model loading and prediction. */
export function startInference(hooks: InferenceHooks): Inference {
  const store = useAppStore;
  const session = store.getState().drawing.session;
  let predictor: Predictor | null = null;
  let backend: BackendChoice | null = null;
  let disposed = false;
  let scheduled = false;
  let busy = false;
  let dirty = false;
  let commitMark: { version: number; at: number } | null = null;
  /** The store's count of weight changes: a prediction made with older weights is stale too. */
  const weightsVersion = () => store.getState().model.weightsVersion;
  const weightsChanged = () => store.getState().model.actions.weightsChanged();
  /** The model in use when the current training run started: what Reset goes back to. */
  let beforeRun: { snapshot: WeightsSnapshot; info: LoadedInfo } | null = null;

  /** Bumped by every load: only the latest load may replace the model (a slower, earlier one is dropped). */
  let loadSeq = 0;

  async function load(source: ModelSource): Promise<void> {
    if (source.kind === 'trained') return;
    const seq = ++loadSeq;
    const stale = () => disposed || seq !== loadSeq;
    const { actions } = store.getState().model;
    if (!predictor) actions.loading();
    try {
      backend ??= await initBackend(INFERENCE_BACKENDS, { allowSoftwareWebgl: TEST_MODE });
      const opened = await openModel(source);
      if (stale()) {
        opened.model.dispose();
        return;
      }
      let next: Predictor;
      try {
        next = await Predictor.fromModel(opened.model, opened.variant);
      } catch (e) {
        opened.model.dispose();
        throw e;
      }
      if (stale()) return next.dispose();
      predictor?.dispose();
      predictor = next;
      beforeRun = null;
      weightsChanged();
      actions.loaded(backend, opened);
      actions.requestFailed(opened.notices.length ? opened.notices.join(' ') : null);
      hooks.onModelReplaced(next.snapshot(), opened.variant);
      if (performance.getEntriesByName(MARK_MODEL_READY).length === 0) performance.mark(MARK_MODEL_READY);
    } catch (e) {
      if (stale()) return;
      const message = (e as Error).message;
      if (predictor) {
        // A refused file or link while a model stays in use is handled (the user is told): a
        // warning in the console, not an error.
        console.warn('LeNet Lab: model request refused', e);
        actions.requestFailed(
          `${source.kind === 'imported' ? 'Import refused' : 'Could not load that model'}: ${message}. The model in use is unchanged.`,
        );
      } else {
        console.error('LeNet Lab: model load failed', e);
        actions.failed(message, backend);
      }
    }
    schedule();
  }

  async function run(): Promise<void> {
    scheduled = false;
    if (busy) {
      dirty = true;
      return;
    }
    const version = session.version;
    const weightsAt = weightsVersion();
    const input = drawingInput(session);
    const { actions } = store.getState().prediction;
    if (input.kind === 'empty') return actions.ready(input, null);
    if (!predictor) return actions.unavailable(input);
    actions.pending(input);
    busy = true;
    try {
      const result = await predictor.predict(input.image);
      if (!disposed && session.version === version && weightsVersion() === weightsAt) {
        actions.ready(input, result);
        if (commitMark?.version === version) {
          performance.measure(MEASURE_STROKE_TO_PREDICTION, { start: commitMark.at, end: performance.now() });
          commitMark = null;
        }
      }
    } catch (e) {
      if (!disposed) store.getState().model.actions.failed(`prediction failed: ${(e as Error).message}`, backend);
    } finally {
      busy = false;
    }
    if (dirty || session.version !== version || weightsVersion() !== weightsAt) {
      dirty = false;
      // A lifted pen is answered at once; anything else waits for the next frame.
      if (commitMark?.version === session.version) runNow();
      else schedule();
    }
  }

  /** Re-predicts on the next animation frame (at most once per frame while the pen moves). */
  function schedule(): void {
    if (scheduled || disposed) return;
    scheduled = true;
    requestFrame(FRAME_KEY, () => void run());
  }

  /** Re-predicts now, not on the next frame: the pen was lifted, the answer should follow it. */
  function runNow(): void {
    if (disposed) return;
    if (scheduled) {
      cancelFrame(FRAME_KEY);
      scheduled = false;
    }
    void run();
  }

  const unsubscribeDrawing = session.subscribe((change) => {
    if (change === 'commit') {
      commitMark = { version: session.version, at: performance.now() };
      runNow();
    } else schedule();
  });
  let requestId = store.getState().model.requestId;
  const unsubscribeRequests = store.subscribe((s) => {
    if (s.model.requestId !== requestId) {
      requestId = s.model.requestId;
      void load(s.model.request);
    }
  });
  void load(store.getState().model.request);

  return {
    applyWeights(snapshot) {
      if (!predictor || disposed) return;
      try {
        predictor.setWeights(snapshot);
      } catch (e) {
        store.getState().model.actions.requestFailed(`the trained weights do not fit the model: ${(e as Error).message}`);
        return;
      }
      weightsChanged();
      const { model } = store.getState();
      if (model.kind !== 'trained' && backend)
        model.actions.loaded(backend, { variant: model.variant, kind: 'trained', label: `your trained ${model.variant}`, accuracy: null });
      schedule();
    },
    snapshot() {
      return predictor ? { snapshot: predictor.snapshot(), variant: predictor.spec.variant } : null;
    },
    network() {
      return predictor ? { net: predictor.net, variant: predictor.spec.variant } : null;
    },
    markRunStart() {
      const { model } = store.getState();
      if (!predictor || model.kind === null) return;
      const info: LoadedInfo = {
        variant: model.variant,
        kind: model.kind,
        label: model.label,
        accuracy: model.accuracy,
        ...(model.metrics ? { metrics: model.metrics } : {}),
      };
      beforeRun = { snapshot: predictor.snapshot(), info };
    },
    revertRun() {
      const back = beforeRun;
      beforeRun = null;
      if (!back || !predictor || !backend || back.info.variant !== predictor.spec.variant) return false;
      predictor.setWeights(back.snapshot);
      weightsChanged();
      store.getState().model.actions.loaded(backend, back.info);
      hooks.onModelReplaced(predictor.snapshot(), back.info.variant);
      schedule();
      return true;
    },
    kernel(layerId) {
      return predictor?.kernel(layerId) ?? null;
    },
    async exportModel() {
      if (!predictor) throw new Error('no model to export');
      await predictor.download(`lenet-lab-${predictor.spec.variant}`);
    },
    stop() {
      disposed = true;
      cancelFrame(FRAME_KEY);
      unsubscribeDrawing();
      unsubscribeRequests();
      predictor?.dispose();
    },
  };
}
