/**
 * Messages between the training worker (the coordinator) and its gradient workers
 * (`grad.worker.ts`), which compute shares of each batch for data-parallel training
 * (`shared/train/gradients.ts`). With a `SharedArrayBuffer` (the page is cross-origin isolated)
 * weights, images and gradients stay in shared memory and messages carry only offsets; otherwise
 * they travel as transferred buffers.
 */
import type { Variant } from '../shared/model/variants.ts';
import type { LossName } from '../shared/train/losses.ts';

/** Where each region lies in the shared buffer (float32 offsets and lengths). */
export interface SharedLayout {
  readonly buffer: SharedArrayBuffer;
  /** Flat weights `[W]` at offset 0. */
  readonly weights: number;
  /** The batch's images `[batch*pixels]` from `xAt`, labels `[batch*10]` from `yAt`. */
  readonly xAt: number;
  readonly yAt: number;
  /** This worker's gradient slot `[P]` from `gradsAt`. */
  readonly gradsAt: number;
  readonly grads: number;
}

export type ToGradWorker =
  | {
      readonly type: 'setup';
      readonly variant: Variant;
      readonly loss: LossName;
      readonly shared: SharedLayout | null;
    }
  | {
      readonly type: 'share';
      readonly id: number;
      readonly version: number;
      readonly n: number;
      /** Shared memory: the share's first image in the batch region. */
      readonly start: number;
      /** Without shared memory: flat weights (only when this worker does not hold `version`), images, labels. */
      readonly weights?: ArrayBuffer;
      readonly x?: ArrayBuffer;
      readonly y?: ArrayBuffer;
    };

export type FromGradWorker =
  | { readonly type: 'ready'; readonly backend: string }
  | { readonly type: 'failed'; readonly message: string }
  | {
      readonly type: 'share-done';
      readonly id: number;
      readonly lossSum: number;
      readonly correct: number;
      /** Without shared memory: the summed gradients `[P]` (transferred). */
      readonly grads?: ArrayBuffer;
    };
