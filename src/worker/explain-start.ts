/**
 * What the explain worker starts before its tfjs has loaded (no tfjs here): the test split's
 * download, inflation and check, and the pass helper. The entry (`explain.worker.ts`) calls
 * `startEarly` with each request as it arrives; `explain-core.ts` awaits the same promises.
 */
import { loadMnist } from '../shared/mnist/load.ts';
import type { IdxImages, IdxLabels } from '../shared/mnist/idx.ts';
import { EMBEDDING_LAYERS, type FromExplainWorker, type ToExplainWorker } from '../shared/explain/protocol.ts';
import { PassHelper } from './pass-helper.ts';
import { scope } from './port.ts';

export type TestSet = { images: Uint8Array; labels: Uint8Array; count: number };

export const post = (msg: FromExplainWorker, transfer: Transferable[] = []): void => scope.postMessage(msg, transfer);

/** The nested worker that shares the map layers' pass on the other core, when the request allows two. */
const helper = new PassHelper();

/**
 * The helper for `msg`'s pass, started if it is not running, or null: the helper shares only the
 * map layers' pass (C1, S2 and S4's top-9 have their own, in one worker), and only when the request
 * allows two cores.
 */
export function helperFor(msg: ToExplainWorker): PassHelper | null {
  const shared = msg.type === 'embed' || msg.type === 'warm' || (msg.type === 'top' && EMBEDDING_LAYERS.includes(msg.layer));
  return shared && (msg.cores ?? 1) >= 2 && helper.start() ? helper : null;
}

let testSet: Promise<TestSet> | null = null;

/** The test split, loaded once (again after a failure); progress goes to request `id`. */
export function testSplit(msg: { readonly id: number; readonly baseUrl: string }): Promise<TestSet> {
  const loading = (testSet ??= loadMnist({
    baseUrl: msg.baseUrl,
    only: ['testImages', 'testLabels'],
    onProgress: (p) => post({ type: 'progress', id: msg.id, stage: 'loading', done: p.loaded, total: p.total }),
  }).then((f) => {
    const images = f.testImages as IdxImages;
    return { images: images.pixels, labels: (f.testLabels as IdxLabels).labels, count: images.count };
  }));
  return loading.catch((e: unknown) => {
    if (testSet === loading) testSet = null;
    throw e;
  });
}

/** Starts what a request will need and does not depend on tfjs: the test split and the helper. */
export function startEarly(msg: ToExplainWorker): void {
  if (msg.type === 'place' || msg.type === 'cancel') return;
  helperFor(msg);
  if (msg.type !== 'maximise') testSplit(msg).catch(() => {});
}
