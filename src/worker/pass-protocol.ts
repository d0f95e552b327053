/**
 * Messages between the explain worker and its pass helper (`pass.worker.ts`), which runs part of
 * the forward pass over the test images on another core (`pass-helper.ts`). Arrays travel as
 * transferred buffers.
 */
import type { PassShare } from '../shared/explain/embedding.ts';

export type ToPassWorker =
  | (Omit<PassShare, 'images'> & {
      readonly type: 'pass';
      readonly id: number;
      /** `[count*784]` bytes 0..255: this helper's images. */
      readonly images: ArrayBuffer;
    })
  /** Stops pass `id` between batches (it answers `cancelled`). */
  | { readonly type: 'cancel'; readonly id: number };

export type FromPassWorker =
  | { readonly type: 'progress'; readonly id: number; readonly done: number }
  /** Per layer (in the request's order), `[count*dims]` activations. */
  | { readonly type: 'done'; readonly id: number; readonly acts: readonly ArrayBuffer[]; readonly dims: readonly number[] }
  | { readonly type: 'cancelled'; readonly id: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
