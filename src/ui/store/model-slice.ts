import type { StateCreator } from 'zustand';
import type { AppState } from './index.ts';
import type { BackendChoice } from '../../shared/tf/backends.ts';
import type { Accuracy, ModelSource } from '../inference/sources.ts';
import type { Variant } from '../../shared/model/variants.ts';
import type { ModelMetrics } from '../../shared/model/metrics.ts';
import { INITIAL_VARIANT } from '../env.ts';
import { withServices } from './services.ts';

export interface LoadedInfo {
  readonly variant: Variant;
  readonly kind: ModelSource['kind'];
  readonly label: string;
  readonly accuracy: Accuracy | null;
  /** The shipped model's metrics.json (only for shipped models). */
  readonly metrics?: ModelMetrics;
}

export type ModelStatus = 'loading' | 'ready' | 'error';

export interface ModelSlice {
  model: {
    status: ModelStatus;
    /** Why loading failed, for the user. */
    error: string | null;
    /** Why the last model request (import, restore…) failed while another model stayed in use. */
    requestError: string | null;
    backend: BackendChoice | null;
    /** Which LeNet-5 the lab runs. */
    variant: Variant;
    /** metrics.json of the shipped model in use, if it is one. */
    metrics: ModelMetrics | null;
    /** Which model the predictor runs. */
    kind: ModelSource['kind'] | null;
    /** Human label, e.g. "shipped modern", "your saved". */
    label: string;
    accuracy: Accuracy | null;
    /** The model the user asked for; Retry asks again. */
    request: ModelSource;
    /** Increments with every request, so the loader hears repeated requests too. */
    requestId: number;
    /**
     * Increments whenever the weights in use change (a model loaded, training's weights applied, a
     * run reverted): what follows the weights rather than the drawing (the kernels) listens to it.
     */
    weightsVersion: number;
    actions: {
      loading: () => void;
      loaded: (backend: BackendChoice, info: LoadedInfo) => void;
      failed: (error: string, backend: BackendChoice | null) => void;
      requestFailed: (error: string | null) => void;
      /** Asks for a model: the shipped one, the saved one, imported files… */
      request: (source: ModelSource) => void;
      retry: () => void;
      /** The inference controller's word that the weights in use changed. */
      weightsChanged: () => void;
      /** Downloads the model in use as model.json + weights.bin. */
      exportModel: () => Promise<void>;
    };
  };
}

export const createModelSlice: StateCreator<AppState, [], [], ModelSlice> = (set) => {
  const patch = (p: Partial<Omit<ModelSlice['model'], 'actions'>>) => set((s) => ({ model: { ...s.model, ...p } }));
  return {
    model: {
      status: 'loading',
      error: null,
      requestError: null,
      backend: null,
      kind: null,
      variant: INITIAL_VARIANT,
      metrics: null,
      label: '',
      accuracy: null,
      request: { kind: 'auto', variant: INITIAL_VARIANT },
      requestId: 0,
      weightsVersion: 0,
      actions: {
        loading: () => patch({ status: 'loading', error: null }),
        loaded: (backend, info) =>
          patch({
            status: 'ready',
            error: null,
            backend,
            variant: info.variant,
            kind: info.kind,
            label: info.label,
            accuracy: info.accuracy,
            metrics: info.metrics ?? null,
          }),
        failed: (error, backend) => patch({ status: 'error', error, backend }),
        requestFailed: (requestError) => patch({ requestError }),
        request: (request) => set((s) => ({ model: { ...s.model, request, requestError: null, requestId: s.model.requestId + 1 } })),
        retry: () => set((s) => ({ model: { ...s.model, requestId: s.model.requestId + 1 } })),
        weightsChanged: () => set((s) => ({ model: { ...s.model, weightsVersion: s.model.weightsVersion + 1 } })),
        exportModel: async () => {
          const done = withServices(({ inference }) => inference.exportModel());
          if (!done) throw new Error('the lab is not running');
          await done;
        },
      },
    },
  };
};
