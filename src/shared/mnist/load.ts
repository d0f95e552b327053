/**
 * Fetches the served MNIST files with byte progress, inflates them with `DecompressionStream`,
 * verifies them against the manifest and parses them. Uses only `fetch` and web streams, so the
 * same code runs in the UI thread and in the training worker.
 */
import {
  MNIST_DIR,
  MNIST_FILES,
  MNIST_MANIFEST,
  parseManifest,
  sha256Hex,
  type Manifest,
  type ManifestEntry,
  type MnistFileId,
} from './manifest.ts';
import { evictCached } from './cache.ts';
import { IdxError, pairSplit, parseIdxImages, parseIdxLabels, type IdxImages, type IdxLabels, type MnistSplit } from './idx.ts';

export interface LoadProgress {
  /** Compressed bytes received so far, all files together. */
  readonly loaded: number;
  /** Compressed bytes expected in all, from the manifest. */
  readonly total: number;
  /** File being fetched. */
  readonly file: string;
}

export interface MnistData {
  readonly train: MnistSplit;
  readonly test: MnistSplit;
}

export interface LoadOptions {
  /** Base URL that `data/mnist/` is relative to (the app's base URL). */
  readonly baseUrl: string;
  readonly onProgress?: (p: LoadProgress) => void;
  readonly signal?: AbortSignal;
  /** Load only these files (the shipped model's test only needs the test split, for instance). */
  readonly only?: readonly MnistFileId[];
  /**
   * Drops a stored copy of `url` that failed its checks; true if there was one, and the file is then
   * fetched once more. Default: the service worker's MNIST cache (`evictCached`).
   */
  readonly evict?: (url: string) => Promise<boolean>;
}

/** A load failure that names the file and says what went wrong. */
export class DataLoadError extends Error {
  override name = 'DataLoadError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

async function fetchOk(url: string, file: string, signal: AbortSignal | undefined): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, signal ? { signal } : {});
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new DataLoadError(file, `${file}: network error (${(e as Error).message})`);
  }
  if (!res.ok) throw new DataLoadError(file, `${file}: HTTP ${res.status} ${res.statusText}`.trim());
  return res;
}

/** Reads a response body to bytes, reporting each chunk's length. */
async function readAll(res: Response, onChunk: (n: number) => void): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    onChunk(value.byteLength);
  }
  return concat(chunks, size);
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

const isGzip = (b: Uint8Array): boolean => b[0] === 0x1f && b[1] === 0x8b;

/**
 * Inflates gzip bytes. If a server or proxy already inflated them (bytes do not start with the
 * gzip magic `1f 8b`), they are returned as they are; the SHA-256 check still guards them.
 */
export async function gunzip(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new DataLoadError(file, `${file}: not valid gzip data (${(e as Error).message})`);
  }
}

/** Checks inflated bytes against the manifest entry (size, then SHA-256). */
export async function verifyEntry(entry: ManifestEntry, raw: Uint8Array): Promise<void> {
  if (raw.byteLength !== entry.rawBytes) {
    throw new DataLoadError(
      entry.file,
      `${entry.file}: ${raw.byteLength} bytes after decompression, manifest says ${entry.rawBytes} (truncated or corrupt)`,
    );
  }
  const hash = await sha256Hex(raw);
  if (hash !== entry.sha256) {
    throw new DataLoadError(
      entry.file,
      `${entry.file}: SHA-256 mismatch (file is corrupt): got ${hash.slice(0, 12)}…, manifest says ${entry.sha256.slice(0, 12)}…`,
    );
  }
}

async function fetchManifestOnce(url: string, signal: AbortSignal | undefined): Promise<Manifest> {
  const res = await fetchOk(url, MNIST_MANIFEST, signal);
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new IntegrityError(MNIST_MANIFEST, `${MNIST_MANIFEST}: not valid JSON`);
  }
  try {
    return parseManifest(json);
  } catch (e) {
    throw new IntegrityError(MNIST_MANIFEST, (e as Error).message);
  }
}

export async function fetchManifest(
  baseUrl: string,
  signal?: AbortSignal,
  evict: (url: string) => Promise<boolean> = evictCached,
): Promise<Manifest> {
  const url = new URL(MNIST_DIR + MNIST_MANIFEST, baseUrl).href;
  return retryEvicted(url, evict, () => fetchManifestOnce(url, signal));
}

/**
 * Bytes that arrived but are wrong (corrupt, truncated, unparsable), as opposed to a failed request:
 * only these are worth evicting from a cache and fetching again.
 */
class IntegrityError extends DataLoadError {}

/** Runs `attempt`; if its bytes were wrong and a cached copy of `url` could be evicted, runs it once more. */
async function retryEvicted<T>(url: string, evict: (url: string) => Promise<boolean>, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (e) {
    if (!(e instanceof IntegrityError) || !(await evict(url))) throw e;
    return attempt();
  }
}

/**
 * Loads MNIST from the app's origin. Images stay `Uint8Array` (47 MB for the training set, not
 * 188 MB of float32). Throws `DataLoadError` naming the file on any failure; an `AbortError` if
 * `signal` aborts.
 */
export async function loadMnist(opts: LoadOptions): Promise<Partial<Record<MnistFileId, IdxImages | IdxLabels>>> {
  const evict = opts.evict ?? evictCached;
  const manifest = await fetchManifest(opts.baseUrl, opts.signal, evict);
  const wanted = MNIST_FILES.filter((s) => !opts.only || opts.only.includes(s.id));
  const entries = wanted.map((s) => manifest.files.find((f) => f.id === s.id)!);
  const total = entries.reduce((a, e) => a + e.bytes, 0);
  // The files load side by side: one's inflate and hash overlap another's download.
  const received = entries.map(() => 0);
  const report = (file: string) => opts.onProgress?.({ loaded: received.reduce((a, b) => a + b, 0), total, file });
  const out: Partial<Record<MnistFileId, IdxImages | IdxLabels>> = {};
  const settled = await Promise.allSettled(
    wanted.map(async (spec, i) => {
      const entry = entries[i]!;
      const url = new URL(MNIST_DIR + entry.file, opts.baseUrl).href;
      out[spec.id] = await retryEvicted(url, evict, async () => {
        received[i] = 0;
        const res = await fetchOk(url, entry.file, opts.signal);
        report(entry.file);
        const packed = await readAll(res, (n) => {
          received[i] = received[i]! + n;
          report(entry.file);
        });
        try {
          const raw = await gunzip(packed, entry.file);
          await verifyEntry(entry, raw);
          return spec.kind === 'images'
            ? parseIdxImages(entry.file, raw, { count: spec.count })
            : parseIdxLabels(entry.file, raw, { count: spec.count });
        } catch (e) {
          if (e instanceof DataLoadError || e instanceof IdxError) throw new IntegrityError(entry.file, (e as Error).message);
          throw e;
        }
      });
    }),
  );
  // The first file that failed, in the manifest's order, names the error (as when they loaded one by one).
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return out;
}

/** Loads and pairs both splits. */
export async function loadMnistSplits(opts: Omit<LoadOptions, 'only'>): Promise<MnistData> {
  const f = await loadMnist(opts);
  const pair = (a: MnistFileId, b: MnistFileId): MnistSplit =>
    pairSplit(f[a] as IdxImages, f[b] as IdxLabels, MNIST_FILES.find((s) => s.id === a)!.file, MNIST_FILES.find((s) => s.id === b)!.file);
  return { train: pair('trainImages', 'trainLabels'), test: pair('testImages', 'testLabels') };
}
