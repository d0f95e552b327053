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

/** tfjs IndexedDB URL where a saved model that no longer opens is kept (set aside, not deleted). */
export const setAsideModelUrl = (variant: string): string => `indexeddb://lenet-lab-${variant}-set-aside`;

/**
 * Highest accuracy believed on ≥ `PLAUSIBLE_MIN_COUNT` images: the best published MNIST error is
 * about 0.2 %, LeNet-5's 0.7–0.95 % (LeCun et al. 1998, Fig. 9). A file claiming 100 % is not believed.
 */
export const MAX_PLAUSIBLE_ACCURACY = 0.998;
const PLAUSIBLE_MIN_COUNT = 1000;
/** MNIST's test set. */
const MAX_TEST_COUNT = 10_000;

/** What the lab shows of a saved or imported model's metadata: plain numbers and strings only. */
export interface CheckedMeta {
  readonly savedAt?: string;
  /** Fraction correct on `testCount` test images. */
  readonly testAccuracy?: number;
  readonly testCount?: number;
  /** The last epoch's validation accuracy. */
  readonly valAccuracy?: number;
}

const ownNumber = (o: object, k: string): number | undefined => {
  const v: unknown = Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined;
  return typeof v === 'number' ? v : undefined;
};
const isFraction = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x) && x >= 0 && x <= 1;

/**
 * Reads the lab's metadata from a model's `userDefinedMetadata` (anything: a file or an old save
 * wrote it) without trusting it: only own properties that are finite numbers in range, or strings,
 * are kept. What is dropped comes back as `notices`, for the user.
 */
export function readSavedMeta(raw: unknown): { meta: CheckedMeta; notices: string[] } {
  const notices: string[] = [];
  if (raw === undefined || raw === null) return { meta: {}, notices };
  if (typeof raw !== 'object' || Array.isArray(raw) || !Object.hasOwn(raw, 'app') || (raw as { app: unknown }).app !== 'lenet-lab') {
    return { meta: {}, notices: ['its metadata is not LeNet Lab’s, so no accuracy is shown'] };
  }
  const meta: { -readonly [K in keyof CheckedMeta]: CheckedMeta[K] } = {};
  const savedAt: unknown = Object.hasOwn(raw, 'savedAt') ? (raw as { savedAt: unknown }).savedAt : undefined;
  if (typeof savedAt === 'string' && savedAt.length <= 40 && Number.isFinite(Date.parse(savedAt))) meta.savedAt = savedAt;

  if (Object.hasOwn(raw, 'testAccuracy')) {
    const acc = ownNumber(raw, 'testAccuracy');
    const count = ownNumber(raw, 'testCount');
    if (!isFraction(acc)) notices.push('its test accuracy is not a number between 0 and 1 and was dropped');
    else if (count === undefined || !Number.isSafeInteger(count) || count < 1 || count > MAX_TEST_COUNT) {
      notices.push(`its test accuracy does not say on how many test images (1–${MAX_TEST_COUNT.toLocaleString('en')}) and was dropped`);
    } else if (Math.abs(acc * count - Math.round(acc * count)) > 1e-3) {
      notices.push(`its test accuracy (${acc}) is not a whole number of ${count} images and was dropped`);
    } else if (acc > MAX_PLAUSIBLE_ACCURACY && count >= PLAUSIBLE_MIN_COUNT) {
      notices.push(`its test accuracy of ${(acc * 100).toFixed(2)} % is not plausible for a LeNet-5 and was dropped`);
    } else {
      meta.testAccuracy = acc;
      meta.testCount = count;
    }
  }
  const epochs: unknown = Object.hasOwn(raw, 'epochs') ? (raw as { epochs: unknown }).epochs : undefined;
  if (Array.isArray(epochs) && epochs.length > 0) {
    const last: unknown = epochs[epochs.length - 1];
    const val = typeof last === 'object' && last !== null ? ownNumber(last, 'valAccuracy') : undefined;
    if (isFraction(val) && val <= MAX_PLAUSIBLE_ACCURACY) meta.valAccuracy = val;
    else if (meta.testAccuracy === undefined) notices.push('its validation accuracy is not a plausible number and was dropped');
  }
  return { meta, notices };
}
