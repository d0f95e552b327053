import type { StateCreator } from 'zustand';
import type { AppState } from './index.ts';
import type { BackendChoice } from '../../shared/tf/backends.ts';
import type { Accuracy, ModelSource } from '../inference/sources.ts';

export type ModelStatus = 'loading' | 'ready' | 'error';

export interface ModelSlice {
  model: {
    status: ModelStatus;
    /** Why loading failed, for the user. */
    error: string | null;
    /** Why the last model request (import, restore…) failed while another model stayed in use. */
    requestError: string | null;
    backend: BackendChoice | null;
    /** Which model the predictor runs. */
    kind: ModelSource['kind'] | null;
    /** Human label, e.g. "shipped modern", "your saved". */
    label: string;
    accuracy: Accuracy | null;
    /** The model the user asked for; Retry asks again. */
    request: ModelSource;
    /** Increments with every request, so the loader hears repeated requests too. */
    requestId: number;
    actions: {
      loading: () => void;
      loaded: (backend: BackendChoice, kind: ModelSource['kind'], label: string, accuracy: Accuracy | null) => void;
      failed: (error: string, backend: BackendChoice | null) => void;
      requestFailed: (error: string | null) => void;
      /** Asks for a model: the shipped one, the saved one, imported files… */
      request: (source: ModelSource) => void;
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
      requestError: null,
      backend: null,
      kind: null,
      label: '',
      accuracy: null,
      request: { kind: 'auto' },
      requestId: 0,
      actions: {
        loading: () => patch({ status: 'loading', error: null }),
        loaded: (backend, kind, label, accuracy) => patch({ status: 'ready', error: null, backend, kind, label, accuracy }),
        failed: (error, backend) => patch({ status: 'error', error, backend }),
        requestFailed: (requestError) => patch({ requestError }),
        request: (request) => set((s) => ({ model: { ...s.model, request, requestError: null, requestId: s.model.requestId + 1 } })),
        retry: () => set((s) => ({ model: { ...s.model, requestId: s.model.requestId + 1 } })),
      },
    },
  };
};
