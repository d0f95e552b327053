/** Derived state shared by components: one definition each. */
import type { AppState } from './index.ts';

/**
 * A training run holds the lab's model: it is loading data, training or paused. Switching,
 * loading, importing models and evaluating wait until it stops.
 */
export const selectRunBusy = (s: AppState): boolean =>
  s.training.status === 'training' || s.training.status === 'paused' || s.training.status === 'loading';

/** The worker is busy right now (training or loading data): Start and Step wait. */
export const selectWorkerBusy = (s: AppState): boolean => s.training.status === 'training' || s.training.status === 'loading';
