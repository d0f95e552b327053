/**
 * Messages between the UI and the explain worker (`src/worker/explain.worker.ts`), which computes
 * the map of all digits off the UI thread. Arrays cross as transferred buffers, never as tensors.
 */
import type { LayerId } from '../model/lenet.ts';
import type { Variant } from '../model/variants.ts';
import type { WeightsSnapshot } from '../protocol.ts';

export type ToExplainWorker =
  | {
      readonly type: 'embed';
      /** Latest request wins: a newer id cancels an older computation between slices. */
      readonly id: number;
      readonly baseUrl: string;
      readonly variant: Variant;
      readonly weights: WeightsSnapshot;
      readonly layer: LayerId;
    }
  | {
      /** The 9 test images that excite each map/unit of `layer` most. */
      readonly type: 'top';
      readonly id: number;
      readonly baseUrl: string;
      readonly variant: Variant;
      readonly weights: WeightsSnapshot;
      readonly layer: LayerId;
    }
  | { readonly type: 'cancel' };

export type FromExplainWorker =
  | {
      readonly type: 'progress';
      readonly id: number;
      readonly stage: 'loading' | 'computing';
      readonly done: number;
      readonly total: number;
    }
  | {
      readonly type: 'embedded';
      readonly id: number;
      readonly layer: LayerId;
      readonly ms: number;
      /** `[2n]` (x, y) per test image; `[d]` mean; `[2d]` the axes (see `Pca2`). */
      readonly coords: ArrayBuffer;
      readonly mean: ArrayBuffer;
      readonly axes: ArrayBuffer;
      readonly variance: readonly [number, number];
      readonly totalVariance: number;
      readonly iterations: number;
      /** The test images `[n*784]` bytes and labels `[n]`, with the first map only. */
      readonly testSet?: { readonly images: ArrayBuffer; readonly labels: ArrayBuffer };
    }
  | {
      readonly type: 'top-done';
      readonly id: number;
      readonly layer: LayerId;
      readonly ms: number;
      readonly k: number;
      readonly channels: number;
      /** `[channels*k]` test-image indices (Int32) and their responses (Float32), best first. */
      readonly indices: ArrayBuffer;
      readonly values: ArrayBuffer;
      readonly testSet?: { readonly images: ArrayBuffer; readonly labels: ArrayBuffer };
    }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
