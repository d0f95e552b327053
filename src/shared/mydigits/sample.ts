/**
 * "Your digits": the drawings a user taught the lab, as pure data. Each keeps its strokes (so it can
 * be re-preprocessed when preprocessing changes), the MNIST-style 28x28 input and the classic
 * 32x32 input it had when taught, its label and the answer the model gave then.
 */
import type { Stroke } from '../preprocess/strokes.ts';
import type { Box } from '../preprocess/mnist-style.ts';
import type { MnistSplit } from '../mnist/idx.ts';

/** One taught digit. */
export interface MyDigit {
  /** Unique, sortable by creation time (`<ms>-<random>`). */
  readonly id: string;
  /** The digit the user said it is, 0–9. */
  readonly label: number;
  /** The model's answer when it was taught (null: there was none). */
  readonly given: number | null;
  readonly strokes: readonly Stroke[];
  /** `[784]` bytes 0..255, 28x28 row-major, ink 255 (MNIST's format). */
  readonly image28: Uint8Array;
  /** `[1024]` bytes 0..255, the classic net's 32x32 (the 28x28 padded by 2), ink 255. */
  readonly image32: Uint8Array;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
}

export const PIXELS28 = 784;
export const PIXELS32 = 1024;

export const isDigitLabel = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 9;

/** A new id, sortable by time. */
export function newDigitId(now = Date.now(), rnd = Math.random()): string {
  return `${now.toString(36).padStart(9, '0')}-${Math.floor(rnd * 36 ** 6)
    .toString(36)
    .padStart(6, '0')}`;
}

/** `[784]` floats in [0, 1] → bytes 0..255 (rounded). */
export function toBytes28(image: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(PIXELS28);
  for (let i = 0; i < PIXELS28; i++) out[i] = Math.round(Math.min(1, Math.max(0, image[i] ?? 0)) * 255);
  return out;
}

/** The 28x28 bytes padded by 2 on each side with paper (0): the classic net's 32x32 frame. */
export function pad32(image28: Uint8Array): Uint8Array {
  const out = new Uint8Array(PIXELS32);
  for (let y = 0; y < 28; y++) out.set(image28.subarray(y * 28, y * 28 + 28), (y + 2) * 32 + 2);
  return out;
}

/**
 * Why a drawing cannot be taught, or null if it can: an empty pad, or a dot — ink whose bounding box
 * (surface units) is no bigger than about one and a half pen widths in both directions.
 */
export function refuseReason(crop: Box | null, penWidth: number): string | null {
  if (!crop) return 'The pad is empty: draw a digit first, then say which it is.';
  if (Math.max(crop.width, crop.height) < 1.6 * penWidth) return 'That is a dot, not a digit: draw the whole digit, then say which it is.';
  return null;
}

/** Counts per label `[10]`. */
export function countByLabel(digits: readonly Pick<MyDigit, 'label'>[]): number[] {
  const c = Array<number>(10).fill(0);
  for (const d of digits) c[d.label] = (c[d.label] ?? 0) + 1;
  return c;
}

/** The 28x28 images and labels of `digits` as an MNIST split (copies), for training and export. */
export function toSplit(digits: readonly Pick<MyDigit, 'label' | 'image28'>[]): MnistSplit {
  const images = new Uint8Array(digits.length * PIXELS28);
  const labels = new Uint8Array(digits.length);
  digits.forEach((d, i) => {
    images.set(d.image28, i * PIXELS28);
    labels[i] = d.label;
  });
  return { count: digits.length, images, labels };
}

/**
 * Splits indices `0…labels.length` into taught and held-back per label: a label with n ≥ 2 digits
 * holds back max(1, round(n · fraction)) of them (its last ones), so something is always learned
 * and something measured; a label with one digit is only taught. Deterministic.
 */
export function splitHeldBack(labels: ArrayLike<number>, fraction = 0.2): { taught: Uint32Array; heldBack: Uint32Array } {
  const byLabel: number[][] = Array.from({ length: 10 }, () => []);
  for (let i = 0; i < labels.length; i++) byLabel[labels[i]!]?.push(i);
  const taught: number[] = [];
  const held: number[] = [];
  for (const idx of byLabel) {
    const n = idx.length;
    const h = n >= 2 ? Math.min(n - 1, Math.max(1, Math.round(n * fraction))) : 0;
    taught.push(...idx.slice(0, n - h));
    held.push(...idx.slice(n - h));
  }
  return { taught: Uint32Array.from(taught.sort((a, b) => a - b)), heldBack: Uint32Array.from(held.sort((a, b) => a - b)) };
}

/**
 * What a fine-tune on these label counts cannot measure, for the user: labels never taught, and
 * labels with a single digit (nothing left to hold back). Empty when everything can be measured.
 */
export function unmeasurable(counts: readonly number[]): string[] {
  const missing = counts.flatMap((n, d) => (n === 0 ? [d] : []));
  const single = counts.flatMap((n, d) => (n === 1 ? [d] : []));
  const notes: string[] = [];
  if (missing.length)
    notes.push(
      `No ${missing.join(', ')} taught: how it reads your ${missing.length === 1 ? 'digit' : 'digits'} ${missing.join(', ')} is not learned or measured.`,
    );
  if (single.length)
    notes.push(`Only one ${single.join(', ')}: ${single.length === 1 ? 'it is' : 'they are'} learned but none is held back to measure.`);
  return notes;
}
