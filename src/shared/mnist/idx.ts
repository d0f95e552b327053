/**
 * IDX file parsing (the format MNIST ships in: http://yann.lecun.com/exdb/mnist/).
 *
 * Pure: bytes in, typed arrays out. Runs in Node (scripts, tests), the UI and the worker.
 * Every failure throws an `IdxError` whose message names the file and what was wrong.
 */

/** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
export const IDX_LABELS_MAGIC = 0x00000801;

export const MNIST_ROWS = 28;
export const MNIST_COLS = 28;
export const MNIST_PIXELS = MNIST_ROWS * MNIST_COLS;

export class IdxError extends Error {
  override name = 'IdxError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/** Images of one IDX3 file: `count` images of `rows`x`cols` bytes, row-major, 0 = background. */
export interface IdxImages {
  readonly kind: 'images';
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** `[count * rows * cols]`, values 0..255 (ink = 255). A view on the input bytes, not a copy. */
  readonly pixels: Uint8Array;
}

/** Labels of one IDX1 file: one digit 0..9 per image. */
export interface IdxLabels {
  readonly kind: 'labels';
  readonly count: number;
  /** `[count]`, values 0..9. A view on the input bytes, not a copy. */
  readonly labels: Uint8Array;
}

function hex8(n: number): string {
  return '0x' + n.toString(16).padStart(8, '0');
}

function readHeader(file: string, bytes: Uint8Array, words: number): number[] {
  if (bytes.byteLength < 4 * words) {
    throw new IdxError(file, `truncated header: ${bytes.byteLength} bytes, an IDX header of this kind needs ${4 * words}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: words }, (_, i) => view.getUint32(4 * i, false));
}

export interface ImageExpectations {
  count?: number;
  rows?: number;
  cols?: number;
}

/** Parses an IDX3 image file. Rejects a wrong magic, wrong dimensions, a wrong count or a short body. */
export function parseIdxImages(file: string, bytes: Uint8Array, expect: ImageExpectations = {}): IdxImages {
  const [magic = 0] = readHeader(file, bytes, 1);
  if (magic !== IDX_IMAGES_MAGIC) {
    throw new IdxError(file, `wrong magic number ${hex8(magic)}, expected ${hex8(IDX_IMAGES_MAGIC)} (IDX images)`);
  }
  const [, count = 0, rows = 0, cols = 0] = readHeader(file, bytes, 4);
  const wantRows = expect.rows ?? MNIST_ROWS;
  const wantCols = expect.cols ?? MNIST_COLS;
  if (rows !== wantRows || cols !== wantCols) {
    throw new IdxError(file, `wrong dimensions ${rows}x${cols}, expected ${wantRows}x${wantCols}`);
  }
  if (expect.count !== undefined && count !== expect.count) {
    throw new IdxError(file, `holds ${count} images, expected ${expect.count}`);
  }
  const bodyBytes = count * rows * cols;
  const have = bytes.byteLength - 16;
  if (have < bodyBytes) {
    throw new IdxError(file, `truncated body: ${have} bytes of pixels, ${count} images of ${rows}x${cols} need ${bodyBytes}`);
  }
  if (have > bodyBytes) {
    throw new IdxError(file, `${have - bodyBytes} unexpected bytes after the last image`);
  }
  return { kind: 'images', count, rows, cols, pixels: bytes.subarray(16, 16 + bodyBytes) };
}

/** Parses an IDX1 label file. Rejects a wrong magic, a wrong count, a short body or labels outside 0..9. */
export function parseIdxLabels(file: string, bytes: Uint8Array, expect: { count?: number } = {}): IdxLabels {
  const [magic = 0] = readHeader(file, bytes, 1);
  if (magic !== IDX_LABELS_MAGIC) {
    throw new IdxError(file, `wrong magic number ${hex8(magic)}, expected ${hex8(IDX_LABELS_MAGIC)} (IDX labels)`);
  }
  const [, count = 0] = readHeader(file, bytes, 2);
  if (expect.count !== undefined && count !== expect.count) {
    throw new IdxError(file, `holds ${count} labels, expected ${expect.count}`);
  }
  const have = bytes.byteLength - 8;
  if (have < count) {
    throw new IdxError(file, `truncated body: ${have} label bytes, ${count} labels need ${count}`);
  }
  if (have > count) {
    throw new IdxError(file, `${have - count} unexpected bytes after the last label`);
  }
  const labels = bytes.subarray(8, 8 + count);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i] ?? 0;
    if (v > 9) throw new IdxError(file, `label ${v} at index ${i} is outside 0–9`);
  }
  return { kind: 'labels', count, labels };
}

/** Parses either kind of IDX file, chosen by its magic number. */
export function parseIdx(file: string, bytes: Uint8Array): IdxImages | IdxLabels {
  const [magic = 0] = readHeader(file, bytes, 1);
  if (magic === IDX_LABELS_MAGIC) return parseIdxLabels(file, bytes);
  if (magic === IDX_IMAGES_MAGIC) return parseIdxImages(file, bytes);
  throw new IdxError(
    file,
    `wrong magic number ${hex8(magic)}, expected ${hex8(IDX_IMAGES_MAGIC)} (images) or ${hex8(IDX_LABELS_MAGIC)} (labels)`,
  );
}

/** A split of MNIST: images and labels of the same length. */
export interface MnistSplit {
  readonly count: number;
  /** `[count * 784]`, 0..255, row-major 28x28 per image. */
  readonly images: Uint8Array;
  /** `[count]`, 0..9. */
  readonly labels: Uint8Array;
}

/** Pairs an image file with its label file; rejects a count mismatch. */
export function pairSplit(images: IdxImages, labels: IdxLabels, imagesFile: string, labelsFile: string): MnistSplit {
  if (images.count !== labels.count) {
    throw new IdxError(`${imagesFile} + ${labelsFile}`, `image/label count mismatch: ${images.count} images but ${labels.count} labels`);
  }
  return { count: images.count, images: images.pixels, labels: labels.labels };
}

/** Encodes an IDX file (used by tests and fixtures). */
export function encodeIdx(kind: 'images' | 'labels', body: Uint8Array, count: number, rows = MNIST_ROWS, cols = MNIST_COLS): Uint8Array {
  const header = kind === 'images' ? 16 : 8;
  const out = new Uint8Array(header + body.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, kind === 'images' ? IDX_IMAGES_MAGIC : IDX_LABELS_MAGIC, false);
  view.setUint32(4, count, false);
  if (kind === 'images') {
    view.setUint32(8, rows, false);
    view.setUint32(12, cols, false);
  }
  out.set(body, header);
  return out;
}
