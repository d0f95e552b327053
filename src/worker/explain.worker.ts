/// <reference lib="webworker" />
/**
 * The explain worker's entry (see `explain-core.ts` for what it computes). Its tfjs and the
 * explanations load as a chunk of their own, while the first request's test split downloads and
 * its pass helper starts (`explain-start.ts`): on a cold map the two overlap instead of following
 * each other. Requests reach the core in the order they came.
 */
import type { ToExplainWorker } from '../shared/explain/protocol.ts';
import { post, startEarly } from './explain-start.ts';
import { scope } from './port.ts';

const core = import('./explain-core.ts');

scope.onmessage = (e: MessageEvent<ToExplainWorker>) => {
  const msg = e.data;
  startEarly(msg);
  void core.then(
    (c) => c.handle(msg),
    (e: unknown) => {
      // The chunk did not load (offline with a stale cache, a failed request): every request says so.
      if ('id' in msg)
        post({ type: 'error', id: msg.id, message: `the explanations could not load: ${(e as Error).message || String(e)}` });
    },
  );
};
