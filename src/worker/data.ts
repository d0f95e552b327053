/**
 * MNIST in the worker: fetched from the app's origin once (with byte progress, inflated and
 * checked against the manifest), kept for every later run and evaluation; a load can be cancelled.
 */
import { loadMnistSplits, type MnistData } from '../shared/mnist/load.ts';
import { post } from './port.ts';

export class LoadCancelled extends Error {
  override name = 'LoadCancelled';
}

let data: MnistData | null = null;
let loading: Promise<MnistData> | null = null;
let abort: AbortController | null = null;
let baseUrl = '';

export const setDataBase = (url: string): void => void (baseUrl = url);
export const hasData = (): boolean => data !== null;
export const isLoadingData = (): boolean => abort !== null;

/** Cancels a load in progress; false if none was. */
export function cancelDataLoad(): boolean {
  if (!abort) return false;
  abort.abort();
  return true;
}

/** The MNIST splits, loading them on first use. `onStart` runs when a download really starts. */
export function ensureData(onStart: () => void): Promise<MnistData> {
  if (data) return Promise.resolve(data);
  if (loading) return loading;
  onStart();
  const t0 = performance.now();
  const ctrl = (abort = new AbortController());
  loading = loadMnistSplits({
    baseUrl,
    signal: ctrl.signal,
    onProgress: (p) => post({ type: 'data-progress', loaded: p.loaded, total: p.total, file: p.file }),
  })
    .then((d) => {
      data = d;
      post({ type: 'data-ready', ms: performance.now() - t0, train: d.train.count, test: d.test.count });
      return d;
    })
    .catch((e: unknown) => {
      if (ctrl.signal.aborted) throw new LoadCancelled('Loading MNIST was cancelled. Press Start to load it again.');
      throw e;
    })
    .finally(() => {
      abort = null;
      loading = null;
    });
  return loading;
}
