/**
 * "The map follows the model in use": calls `onChange` with the model in use when its weights
 * differ from the last ones reported — after a load, an import, a variant switch, a fine-tune, a
 * finished run, and every so often during a run (training snapshots). Checks are debounced: the
 * store's model, training and prediction changes start a timer, and only its end compares the
 * weights (a hash of a copy, a few milliseconds), so a run streaming snapshots costs one check
 * per `DEBOUNCE_MS` at most.
 */
import { useAppStore, type AppState } from '../store/index.ts';
import type { WeightsSnapshot } from '../../shared/protocol.ts';
import type { Variant } from '../../shared/model/variants.ts';
import { modelInUse, weightsKey } from './worker-client.ts';

/** Quiet time before the weights are compared (and at most one comparison per this long). */
export const DEBOUNCE_MS = 1200;

export interface ModelInUse {
  readonly key: string;
  readonly snapshot: WeightsSnapshot;
  readonly variant: Variant;
}

/** The model in use with its weights' key, or null before one is loaded. */
export function currentModel(): ModelInUse | null {
  const m = modelInUse();
  return m ? { key: weightsKey(m.snapshot), snapshot: m.snapshot, variant: m.variant } : null;
}

const signals = (s: AppState) => [s.model, s.training, s.prediction.result] as const;

/**
 * Watches the model in use; `known()` is the key the caller's picture was made with (null: none
 * shown, nothing to follow). Returns the unsubscribe.
 */
export function watchWeights(known: () => string | null, onChange: (m: ModelInUse) => void): () => void {
  let timer = 0;
  const check = () => {
    timer = 0;
    const shown = known();
    if (shown === null) return;
    const m = currentModel();
    if (m && m.key !== shown) onChange(m);
  };
  const unsubscribe = useAppStore.subscribe((s, prev) => {
    const a = signals(s);
    const b = signals(prev);
    if (timer || a.every((v, i) => v === b[i])) return;
    timer = window.setTimeout(check, DEBOUNCE_MS);
  });
  return () => {
    if (timer) clearTimeout(timer);
    unsubscribe();
  };
}
