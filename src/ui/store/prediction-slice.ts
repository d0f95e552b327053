import type { StateCreator } from 'zustand';
import type { AppState } from './index.ts';
import type { PreprocessResult } from '../../shared/preprocess/mnist-style.ts';
import type { Prediction } from '../inference/predictor.ts';

/**
 * `empty`: nothing drawn. `pending`: the drawing changed and a prediction is computing.
 * `ready`: `result` is for the current drawing. `unavailable`: no model to predict with.
 */
export type PredictionState = 'empty' | 'pending' | 'ready' | 'unavailable';

export interface PredictionSlice {
  prediction: {
    state: PredictionState;
    /** The preprocessed input of the current drawing (what the network sees). */
    input: PreprocessResult;
    result: Prediction | null;
    actions: {
      pending: (input: PreprocessResult) => void;
      ready: (input: PreprocessResult, result: Prediction | null) => void;
      unavailable: (input: PreprocessResult) => void;
    };
  };
}

export const createPredictionSlice: StateCreator<AppState, [], [], PredictionSlice> = (set) => {
  const patch = (p: Partial<Omit<PredictionSlice['prediction'], 'actions'>>) => set((s) => ({ prediction: { ...s.prediction, ...p } }));
  return {
    prediction: {
      state: 'empty',
      input: { kind: 'empty' },
      result: null,
      actions: {
        pending: (input) => patch({ state: 'pending', input }),
        ready: (input, result) => patch({ state: input.kind === 'empty' ? 'empty' : 'ready', input, result }),
        unavailable: (input) => patch({ state: input.kind === 'empty' ? 'empty' : 'unavailable', input, result: null }),
      },
    },
  };
};
