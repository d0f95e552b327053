/**
 * Export and import of "your digits": MNIST-format IDX files (images and labels, so any tool that
 * reads MNIST reads them) plus a JSON of the strokes. Import validates everything before anything
 * is replaced: a bad file is refused with the reason.
 */
import { encodeIdx, IdxError, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, pairSplit, parseIdxImages, parseIdxLabels } from '../mnist/idx.ts';
import { isDigitLabel, newDigitId, pad32, PIXELS28, toSplit, type MyDigit } from './sample.ts';
import type { Stroke } from '../preprocess/strokes.ts';

export const EXPORT_NAMES = {
  images: 'my-digits-images.idx3-ubyte',
  labels: 'my-digits-labels.idx1-ubyte',
  strokes: 'my-digits-strokes.json',
} as const;

/** Files above this size are refused before they are read. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const STROKES_FORMAT = 'lenet-lab-my-digits-strokes';

/** The strokes file: one entry per digit, in the order of the IDX files. Points as flat `[x, y, x, y…]`. */
export interface StrokesFile {
  readonly format: typeof STROKES_FORMAT;
  readonly version: 1;
  readonly digits: ReadonlyArray<{
    readonly label: number;
    readonly given: number | null;
    readonly createdAt: number;
    readonly strokes: ReadonlyArray<{ readonly width: number; readonly points: readonly number[] }>;
  }>;
}

/** The three export files of `digits` (in that order). */
export function exportIdx(digits: readonly MyDigit[]): { images: Uint8Array; labels: Uint8Array } {
  const split = toSplit(digits);
  return { images: encodeIdx('images', split.images, split.count), labels: encodeIdx('labels', split.labels, split.count) };
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** One digit's entry of the strokes file (points rounded to 0.1 surface unit). */
export function strokesEntry(d: MyDigit): StrokesFile['digits'][number] {
  return {
    label: d.label,
    given: d.given,
    createdAt: d.createdAt,
    strokes: d.strokes.map((s) => ({ width: round1(s.width), points: s.points.flatMap((p) => [round1(p.x), round1(p.y)]) })),
  };
}

/** The strokes file's JSON from already-serialized entries (so a caller can build them in chunks). */
export function strokesJson(entries: readonly string[]): string {
  return `{"format":"${STROKES_FORMAT}","version":1,"digits":[\n${entries.join(',\n')}\n]}`;
}

export interface ImportFile {
  readonly name: string;
  readonly size: number;
  /** Reads the bytes (only called once the size has been checked). */
  readonly bytes: () => Promise<Uint8Array>;
}

export class ImportError extends Error {
  override name = 'ImportError';
}

const hex8 = (n: number) => '0x' + n.toString(16).padStart(8, '0');
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

function isStroke(x: unknown): boolean {
  const s = x as { width?: unknown; points?: unknown } | null;
  return (
    !!s &&
    typeof s.width === 'number' &&
    Array.isArray(s.points) &&
    s.points.length % 2 === 0 &&
    (s.points as unknown[]).every((v) => typeof v === 'number' && Number.isFinite(v))
  );
}

function parseStrokes(name: string, text: string, labels: Uint8Array): StrokesFile['digits'] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`${name}: not JSON (${(e as Error).message})`);
  }
  const f = json as Partial<StrokesFile> | null;
  if (!f || f.format !== STROKES_FORMAT || !Array.isArray(f.digits))
    throw new ImportError(`${name}: not a LeNet Lab strokes file (format "${STROKES_FORMAT}" expected)`);
  if (f.digits.length !== labels.length)
    throw new ImportError(`${name}: holds ${f.digits.length} digits, but the IDX files hold ${labels.length}`);
  f.digits.forEach((d, i) => {
    const ok =
      d &&
      isDigitLabel(d.label) &&
      (d.given === null || isDigitLabel(d.given)) &&
      Array.isArray(d.strokes) &&
      (d.strokes as readonly unknown[]).every(isStroke);
    if (!ok) throw new ImportError(`${name}: digit ${i} is malformed`);
    if (d.label !== labels[i]) throw new ImportError(`${name}: digit ${i} is labelled ${d.label}, the labels file says ${labels[i]}`);
  });
  return f.digits;
}

/**
 * Validates and reads an import: one IDX images file (28x28), one IDX labels file (0–9) with the
 * same count, and optionally the strokes JSON. Throws an `ImportError` (or `IdxError`) naming the
 * file and the problem; returns the new digits (fresh ids, no "given" answer unless the strokes
 * file has it).
 */
export async function importDigits(files: readonly ImportFile[], now = Date.now()): Promise<MyDigit[]> {
  if (files.length === 0) throw new ImportError('No files chosen: pick the images and labels IDX files (and the strokes JSON).');
  for (const f of files)
    if (f.size > MAX_IMPORT_BYTES) throw new ImportError(`${f.name}: ${mb(f.size)} is over the ${mb(MAX_IMPORT_BYTES)} limit`);
  let images: { name: string; bytes: Uint8Array } | null = null;
  let labels: { name: string; bytes: Uint8Array } | null = null;
  let strokes: { name: string; text: string } | null = null;
  for (const f of files) {
    const bytes = await f.bytes();
    if (/\.json$/i.test(f.name)) {
      strokes = { name: f.name, text: new TextDecoder().decode(bytes) };
      continue;
    }
    if (bytes.byteLength < 4) throw new ImportError(`${f.name}: not an IDX file (${bytes.byteLength} bytes)`);
    const magic = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
    if (magic >>> 16 !== 0)
      throw new ImportError(`${f.name}: not an IDX file (it starts ${hex8(magic)}; IDX files start with two zero bytes)`);
    if (magic === IDX_IMAGES_MAGIC) {
      if (images) throw new ImportError(`two images files (${images.name}, ${f.name}): pick one`);
      images = { name: f.name, bytes };
    } else if (magic === IDX_LABELS_MAGIC) {
      if (labels) throw new ImportError(`two labels files (${labels.name}, ${f.name}): pick one`);
      labels = { name: f.name, bytes };
    } else {
      throw new IdxError(
        f.name,
        `wrong magic number ${hex8(magic)}, expected ${hex8(IDX_IMAGES_MAGIC)} (28x28 images) or ${hex8(IDX_LABELS_MAGIC)} (labels)`,
      );
    }
  }
  if (!images) throw new ImportError('No IDX images file among the chosen files (magic 0x00000803).');
  if (!labels) throw new ImportError('No IDX labels file among the chosen files (magic 0x00000801).');
  const split = pairSplit(parseIdxImages(images.name, images.bytes), parseIdxLabels(labels.name, labels.bytes), images.name, labels.name);
  if (split.count === 0) throw new ImportError(`${images.name}: holds no digits`);
  const extra = strokes ? parseStrokes(strokes.name, strokes.text, split.labels) : null;
  return Array.from({ length: split.count }, (_, i): MyDigit => {
    const image28 = split.images.slice(i * PIXELS28, (i + 1) * PIXELS28);
    const e = extra?.[i];
    const s: Stroke[] = (e?.strokes ?? []).map((st) => ({
      width: st.width,
      points: Array.from({ length: st.points.length / 2 }, (_, k) => ({ x: st.points[2 * k]!, y: st.points[2 * k + 1]! })),
    }));
    return {
      id: newDigitId(now + i),
      label: split.labels[i]!,
      given: e?.given ?? null,
      strokes: s,
      image28,
      image32: pad32(image28),
      createdAt: e?.createdAt ?? now,
    };
  });
}
