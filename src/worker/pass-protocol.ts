/**
 * Messages between the explain worker and its pass helper (`pass.worker.ts`), which computes
 * batches of a forward pass over the test images on another core (`pass-helper.ts`,
 * `splitActivations`). Arrays travel as transferred buffers.
 */
import type { PassShare } from '../shared/explain/embedding.ts';

export type ToPassWorker =
  | (Omit<PassShare, 'images'> & {
      readonly type: 'pass';
      readonly id: number;
      /** `[count*784]` bytes 0..255: the pass's images. */
      readonly images: ArrayBuffer;
    })
  /** Batches below `below` of pass `id` are taken (or all of them: stop). */
  | { readonly type: 'limit'; readonly id: number; readonly below: number };

export type FromPassWorker =
  /** One batch's activations, per layer (in the request's order), `[n*dims]`. */
  | { readonly type: 'batch'; readonly id: number; readonly batch: number; readonly acts: readonly ArrayBuffer[] }
  | { readonly type: 'stopped'; readonly id: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
