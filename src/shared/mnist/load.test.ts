/**
 * The browser loader against the real generated files in public/data/mnist (made by `npm run data`),
 * served through a stubbed `fetch` that reads from disk, and against corrupted copies of them.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DataLoadError, loadMnist, loadMnistSplits } from './load.ts';
import { MNIST_DIR, MNIST_MANIFEST } from './manifest.ts';

const dir = join(process.cwd(), 'public', MNIST_DIR);
const BASE = 'http://lenet.test/';
type Override = (name: string, body: Uint8Array) => Uint8Array | number;

function serve(override?: Override): void {
  vi.stubGlobal('fetch', async (url: string) => {
    const name = url.slice((BASE + MNIST_DIR).length);
    const path = join(dir, name);
    if (!existsSync(path)) return new Response('not found', { status: 404, statusText: 'Not Found' });
    const body = new Uint8Array(readFileSync(path));
    const out = override ? override(name, body) : body;
    if (typeof out === 'number') return new Response('', { status: out });
    return new Response(out as Uint8Array<ArrayBuffer>, { status: 200, headers: { 'content-length': String(out.byteLength) } });
  });
}

const TEST_ONLY = ['testImages', 'testLabels'] as const;

describe('loadMnist', () => {
  beforeAll(() => {
    if (!existsSync(join(dir, MNIST_MANIFEST))) throw new Error('public/data/mnist is missing: run `npm run data`');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('loads, inflates and verifies all four files, with byte progress', async () => {
    serve();
    const progress: number[] = [];
    let total = 0;
    const data = await loadMnistSplits({ baseUrl: BASE, onProgress: (p) => (progress.push(p.loaded), (total = p.total)) });
    expect(data.train.count).toBe(60_000);
    expect(data.test.count).toBe(10_000);
    expect(data.train.images).toBeInstanceOf(Uint8Array);
    expect(data.train.images).toHaveLength(60_000 * 784);
    expect(data.test.labels[0]).toBe(7); // the first MNIST test digit is a 7
    expect(progress.at(-1)).toBe(total);
    expect(total).toBeLessThanOrEqual(12_000_000);
    expect(progress.every((v, i) => i === 0 || v >= progress[i - 1]!)).toBe(true);
  });

  it('names the file that is missing (404)', async () => {
    serve((name, body) => (name.startsWith('test-images') ? 404 : body));
    await expect(loadMnist({ baseUrl: BASE, only: TEST_ONLY })).rejects.toThrow(/test-images\.idx3\.gzbin: HTTP 404/);
  });

  it('rejects a truncated file', async () => {
    serve((name, body) => (name.startsWith('test-images') ? body.subarray(0, body.length >> 1) : body));
    await expect(loadMnist({ baseUrl: BASE, only: TEST_ONLY })).rejects.toThrow(/test-images\.idx3\.gzbin: (not valid gzip|.*truncated)/);
  });

  it('rejects a file with one flipped byte by its SHA-256', async () => {
    serve((name, body) => {
      if (!name.startsWith('test-labels')) return body;
      const raw = gunzipSync(body);
      raw[100] = (raw[100]! + 1) % 10;
      return gzipSync(raw);
    });
    await expect(loadMnist({ baseUrl: BASE, only: TEST_ONLY })).rejects.toThrow(/test-labels\.idx1\.gzbin: SHA-256 mismatch/);
  });

  it('rejects a flipped byte inside the gzip stream', async () => {
    serve((name, body) => {
      if (!name.startsWith('test-labels')) return body;
      const copy = body.slice();
      const at = copy.length >> 1;
      copy[at] = copy[at]! ^ 0xff;
      return copy;
    });
    await expect(loadMnist({ baseUrl: BASE, only: TEST_ONLY })).rejects.toBeInstanceOf(DataLoadError);
  });

  it('accepts a file a server already inflated (no gzip magic) when its hash matches', async () => {
    serve((name, body) => (name.endsWith('.gzbin') ? gunzipSync(body) : body));
    const f = await loadMnist({ baseUrl: BASE, only: TEST_ONLY });
    expect(f.testLabels?.count).toBe(10_000);
  });

  it('rejects a file that is neither gzip nor the right bytes', async () => {
    serve((name, body) => (name.startsWith('test-labels') ? new TextEncoder().encode('<html>oops</html>') : body));
    await expect(loadMnist({ baseUrl: BASE, only: TEST_ONLY })).rejects.toThrow(/test-labels\.idx1\.gzbin: 17 bytes after decompression/);
  });

  it('rejects a manifest that is not JSON or lacks a file', async () => {
    serve((name, body) => (name === MNIST_MANIFEST ? new TextEncoder().encode('{') : body));
    await expect(loadMnist({ baseUrl: BASE, only: TEST_ONLY })).rejects.toThrow(/manifest\.json: not valid JSON/);
    serve((name, body) => (name === MNIST_MANIFEST ? new TextEncoder().encode('{"version":1,"encoding":"gzip","files":[]}') : body));
    await expect(loadMnist({ baseUrl: BASE, only: TEST_ONLY })).rejects.toThrow(/manifest\.json: no entry for train-images/);
  });

  it('evicts a corrupt cached copy and fetches the file again (the service worker cache)', async () => {
    // A stand-in cache: the first response for test-labels is a corrupt "cached" copy, evicting it
    // lets the next fetch reach the (good) network copy.
    let cached = true;
    const evicted: string[] = [];
    serve((name, body) => {
      if (!name.startsWith('test-labels') || !cached) return body;
      const raw = gunzipSync(body);
      raw[100] = (raw[100]! + 1) % 10;
      return gzipSync(raw);
    });
    const evict = async (url: string) => {
      evicted.push(url);
      const had = cached;
      cached = false;
      return had;
    };
    const data = await loadMnist({ baseUrl: BASE, only: TEST_ONLY, evict });
    expect(evicted).toEqual([`${BASE}${MNIST_DIR}test-labels.idx1.gzbin`]);
    expect((data.testLabels as { labels: Uint8Array }).labels[0]).toBe(7);
  });

  it('still refuses the file when the copy fetched after eviction is corrupt too', async () => {
    serve((name, body) => (name.startsWith('test-images') ? body.subarray(0, body.length >> 1) : body));
    let evictions = 0;
    const evict = async () => (evictions++, true);
    await expect(loadMnist({ baseUrl: BASE, only: TEST_ONLY, evict })).rejects.toThrow(/test-images\.idx3\.gzbin/);
    expect(evictions).toBe(1);
  });

  it('does not evict or retry on a failed request (404)', async () => {
    serve((name, body) => (name.startsWith('test-images') ? 404 : body));
    let evictions = 0;
    const evict = async () => (evictions++, true);
    await expect(loadMnist({ baseUrl: BASE, only: TEST_ONLY, evict })).rejects.toThrow(/HTTP 404/);
    expect(evictions).toBe(0);
  });

  it('stops when aborted', async () => {
    serve();
    const ctl = new AbortController();
    ctl.abort();
    vi.stubGlobal('fetch', async (_url: string, init?: RequestInit) => {
      if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
      return new Response('');
    });
    await expect(loadMnist({ baseUrl: BASE, only: TEST_ONLY, signal: ctl.signal })).rejects.toThrow(/aborted/);
  });
});
