import type { StateCreator } from 'zustand';
import type { AppState } from './index.ts';
import type { ModelMetrics } from '../../shared/model/metrics.ts';
import type { BackendChoice } from '../../shared/tf/backends.ts';

export type ModelStatus = 'loading' | 'ready' | 'error';

export interface ModelSlice {
  model: {
    status: ModelStatus;
    /** Why loading failed, for the user. */
    error: string | null;
    backend: BackendChoice | null;
    metrics: ModelMetrics | null;
    /** Which model the predictor runs, e.g. "shipped modern". */
    source: string;
    /** Increments to ask the loader to try again. */
    attempt: number;
    actions: {
      loading: () => void;
      loaded: (backend: BackendChoice, metrics: ModelMetrics | null, source: string) => void;
      failed: (error: string, backend: BackendChoice | null) => void;
      retry: () => void;
    };
  };
}

export const createModelSlice: StateCreator<AppState, [], [], ModelSlice> = (set) => {
  const patch = (p: Partial<Omit<ModelSlice['model'], 'actions'>>) => set((s) => ({ model: { ...s.model, ...p } }));
  return {
    model: {
      status: 'loading',
      error: null,
      backend: null,
      metrics: null,
      source: 'shipped modern',
      attempt: 0,
      actions: {
        loading: () => patch({ status: 'loading', error: null }),
        loaded: (backend, metrics, source) => patch({ status: 'ready', error: null, backend, metrics, source }),
        failed: (error, backend) => patch({ status: 'error', error, backend }),
        retry: () => set((s) => ({ model: { ...s.model, status: 'loading', error: null, attempt: s.model.attempt + 1 } })),
      },
    },
  };
};
