import type { StateCreator } from 'zustand';
import type { AppState } from './index.ts';
import { withServices } from './services.ts';
import { accuracyOf, confusionMatrix, type EvalRun } from '../../shared/eval/metrics.ts';
import type { Variant } from '../../shared/model/variants.ts';

export type EvalStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface EvalRecord {
  readonly model: string;
  readonly accuracy: number;
  readonly errors: number;
  readonly total: number;
  readonly ms: number;
  readonly at: string;
}

export interface EvaluationSlice {
  evaluation: {
    status: EvalStatus;
    message: string | null;
    progress: { done: number; total: number };
    run: EvalRun | null;
    /** 10x10 counts of the last run (`m[true * 10 + predicted]`). */
    matrix: Uint32Array | null;
    ms: number;
    /** Which model the last run evaluated (its label), its variant, and on what: MNIST's test set or your digits. */
    model: string;
    variant: Variant | null;
    on: 'mnist' | 'mine';
    /** The test set, sent by the worker once (for thumbnails). */
    testSet: { images: Uint8Array; labels: Uint8Array } | null;
    /** Gallery filter; null = any. */
    filter: { trueClass: number | null; predicted: number | null; mistakesOnly: boolean };
    /** The last evaluations, newest first, for comparing models. */
    history: readonly EvalRecord[];
    actions: {
      /** Evaluates the model in use on the 10,000 test images (in the worker). */
      run: () => void;
      cancel: () => void;
      /* Worker reports (the training client calls these). */
      started: (model: string, variant: Variant, on: 'mnist' | 'mine') => void;
      progress: (done: number, total: number) => void;
      done: (run: EvalRun, ms: number, testSet: EvaluationSlice['evaluation']['testSet']) => void;
      cancelled: () => void;
      failed: (message: string) => void;
      setFilter: (f: Partial<EvaluationSlice['evaluation']['filter']>) => void;
    };
  };
}

const HISTORY = 8;

export const createEvaluationSlice: StateCreator<AppState, [], [], EvaluationSlice> = (set, get) => {
  const patch = (p: Partial<Omit<EvaluationSlice['evaluation'], 'actions'>>) => set((s) => ({ evaluation: { ...s.evaluation, ...p } }));
  return {
    evaluation: {
      status: 'idle',
      message: null,
      progress: { done: 0, total: 0 },
      run: null,
      matrix: null,
      ms: 0,
      model: '',
      variant: null,
      on: 'mnist',
      testSet: null,
      filter: { trueClass: null, predicted: null, mistakesOnly: true },
      history: [],
      actions: {
        run: () =>
          withServices(({ training }) => {
            get().evaluation.actions.started(get().model.label, get().model.variant, 'mnist');
            training.evaluate();
          }),
        cancel: () => withServices(({ training }) => training.cancelEvaluate()),
        started: (model, variant, on) => patch({ status: 'running', message: null, progress: { done: 0, total: 0 }, model, variant, on }),
        progress: (done, total) => patch({ progress: { done, total } }),
        done: (run, ms, testSet) =>
          set((s) => {
            const ts = testSet ?? s.evaluation.testSet;
            const matrix = ts ? confusionMatrix(ts.labels, run.predictions) : null;
            const acc = matrix ? accuracyOf(matrix) : null;
            const record: EvalRecord | null = acc
              ? {
                  model: s.evaluation.model,
                  accuracy: acc.accuracy,
                  errors: acc.total - acc.correct,
                  total: acc.total,
                  ms,
                  at: new Date().toISOString(),
                }
              : null;
            return {
              evaluation: {
                ...s.evaluation,
                status: 'done',
                run,
                ms,
                testSet: ts,
                matrix,
                history: record ? [record, ...s.evaluation.history].slice(0, HISTORY) : s.evaluation.history,
              },
            };
          }),
        cancelled: () => patch({ status: 'cancelled' }),
        failed: (message) => patch({ status: 'error', message }),
        setFilter: (f) => set((s) => ({ evaluation: { ...s.evaluation, filter: { ...s.evaluation.filter, ...f } } })),
      },
    },
  };
};
