/**
 * Glue between the drawing, the predictor and the store: loads the model (again on Retry), and
 * re-predicts the drawing at most once per animation frame. The latest drawing wins: a result for
 * a drawing that has since changed is dropped, never shown late.
 */
import { useAppStore } from '../store/index.ts';
import { Predictor } from './predictor.ts';
import { preprocessMnist } from '../../shared/preprocess/mnist-style.ts';
import { initBackend, type BackendChoice } from '../../shared/tf/backends.ts';
import type { ModelMetrics } from '../../shared/model/metrics.ts';
import type { WeightsSnapshot } from '../../shared/protocol.ts';
import { INFERENCE_BACKENDS, TEST_MODE, assetUrl } from '../env.ts';

export const SHIPPED_MODEL_URL = 'models/modern/model.json';
const SHIPPED_METRICS_URL = 'models/modern/metrics.json';
const SHIPPED_SOURCE = 'shipped modern';
const TRAINED_SOURCE = 'your trained';

/** Name of the `performance.measure` from pointer-up (stroke committed) to its prediction shown. */
export const MEASURE_STROKE_TO_PREDICTION = 'lenet:stroke-to-prediction';
/** Name of the `performance.mark` set when the model is first ready to predict. */
export const MARK_MODEL_READY = 'lenet:model-ready';

async function fetchMetrics(): Promise<ModelMetrics | null> {
  try {
    const res = await fetch(assetUrl(SHIPPED_METRICS_URL));
    return res.ok ? ((await res.json()) as ModelMetrics) : null;
  } catch {
    return null;
  }
}

export interface Inference {
  /** Loads a weight snapshot from training into the predictor and re-predicts the drawing. */
  applyWeights(snapshot: WeightsSnapshot): void;
  stop(): void;
}

/** Starts model loading and prediction. */
export function startInference(): Inference {
  const store = useAppStore;
  const session = store.getState().drawing.session;
  let predictor: Predictor | null = null;
  let backend: BackendChoice | null = null;
  let disposed = false;
  let frame = 0;
  let busy = false;
  let dirty = false;
  let commitMark: { version: number; at: number } | null = null;
  /** Bumped when new weights arrive: a prediction made with older weights is stale too. */
  let weightsVersion = 0;

  async function load(): Promise<void> {
    const { actions } = store.getState().model;
    actions.loading();
    predictor?.dispose();
    predictor = null;
    try {
      backend ??= await initBackend(INFERENCE_BACKENDS, { allowSoftwareWebgl: TEST_MODE });
      const [p, metrics] = await Promise.all([Predictor.load(assetUrl(SHIPPED_MODEL_URL)), fetchMetrics()]);
      if (disposed) return p.dispose();
      predictor = p;
      actions.loaded(backend, metrics, SHIPPED_SOURCE);
      if (performance.getEntriesByName(MARK_MODEL_READY).length === 0) performance.mark(MARK_MODEL_READY);
    } catch (e) {
      if (!disposed) actions.failed((e as Error).message, backend);
    }
    schedule();
  }

  async function run(): Promise<void> {
    frame = 0;
    if (busy) {
      dirty = true;
      return;
    }
    const version = session.version;
    const weightsAt = weightsVersion;
    const input = preprocessMnist(session.ink);
    const { actions } = store.getState().prediction;
    if (input.kind === 'empty') return actions.ready(input, null);
    if (!predictor) return actions.unavailable(input);
    actions.pending(input);
    busy = true;
    try {
      const result = await predictor.predict(input.image);
      if (!disposed && session.version === version && weightsVersion === weightsAt) {
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
    if (dirty || session.version !== version || weightsVersion !== weightsAt) {
      dirty = false;
      schedule();
    }
  }

  function schedule(): void {
    if (!frame && !disposed) frame = requestAnimationFrame(() => void run());
  }

  const unsubscribeDrawing = session.subscribe((change) => {
    if (change === 'commit') commitMark = { version: session.version, at: performance.now() };
    schedule();
  });
  let attempt = store.getState().model.attempt;
  const unsubscribeRetry = store.subscribe((s) => {
    if (s.model.attempt !== attempt) {
      attempt = s.model.attempt;
      void load();
    }
  });
  void load();

  return {
    applyWeights(snapshot) {
      if (!predictor || disposed) return;
      try {
        predictor.setWeights(snapshot);
      } catch (e) {
        store.getState().model.actions.failed(`the trained weights do not fit the model: ${(e as Error).message}`, backend);
        return;
      }
      weightsVersion++;
      const { model } = store.getState();
      if (model.source !== TRAINED_SOURCE && backend) model.actions.loaded(backend, null, TRAINED_SOURCE);
      schedule();
    },
    stop() {
      disposed = true;
      if (frame) cancelAnimationFrame(frame);
      unsubscribeDrawing();
      unsubscribeRetry();
      predictor?.dispose();
    },
  };
}
