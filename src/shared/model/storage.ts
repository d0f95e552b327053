/**
 * Where the user's trained model lives in the browser, and the metadata saved with it.
 * The worker saves (at each epoch's end and when a run ends); the UI loads it on start-up.
 */
import type { EpochRow, TrainConfig } from '../protocol.ts';

/** tfjs IndexedDB URL of the user's model (one per variant). */
export const userModelUrl = (variant: string): string => `indexeddb://lenet-lab-${variant}`;

/** Stored as the model's `userDefinedMetadata`. */
export interface SavedModelMeta {
  readonly app: 'lenet-lab';
  readonly variant: string;
  readonly savedAt: string;
  readonly config: TrainConfig;
  readonly epochs: readonly EpochRow[];
  readonly testAccuracy?: number;
  readonly testCount?: number;
}

export function isSavedModelMeta(x: unknown): x is SavedModelMeta {
  const m = x as Partial<SavedModelMeta> | null;
  return typeof m === 'object' && m !== null && m.app === 'lenet-lab' && Array.isArray(m.epochs) && typeof m.savedAt === 'string';
}
