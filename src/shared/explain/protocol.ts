/**
 * Messages between the UI and the explain worker (`src/worker/explain.worker.ts`), which computes
 * the map of all digits, the top images of each unit and activation maximisation off the UI
 * thread. Arrays cross as transferred buffers, never as tensors.
 */
import type { LayerId } from '../model/lenet.ts';
import type { Variant } from '../model/variants.ts';
import type { WeightsSnapshot } from '../protocol.ts';

export type EmbedMethod = 'pca' | 'umap';

/** Layers the map can be made from (one pass over the test set keeps them all). */
export const EMBEDDING_LAYERS: readonly LayerId[] = ['c3', 'c5', 'f6', 'output'];

/** What every computation over the test set needs: where the data is, and the model in use. */
interface WithModel {
  /** Latest request of its kind wins: a newer id cancels an older computation between slices. */
  readonly id: number;
  readonly baseUrl: string;
  readonly variant: Variant;
  readonly weights: WeightsSnapshot;
  /**
   * Threads a forward pass over the test set may use (this worker and a helper): 2 when the device
   * has the cores and no training run needs them, else 1 (the default).
   */
  readonly cores?: number;
}

export type ToExplainWorker =
  | (WithModel & { readonly type: 'embed'; readonly layer: LayerId; readonly method: EmbedMethod })
  /**
   * Gets ready for a map with these weights before it is asked for (the map panel came into view):
   * the backend, the test set and the map layers' activations, so Show costs the PCA and the paint.
   */
  | (WithModel & { readonly type: 'warm' })
  /** The 9 test images that excite each map/unit of `layer` most. */
  | (WithModel & { readonly type: 'top'; readonly layer: LayerId })
  /** The input that excites unit `unit` of `layer` (C5, F6, output) most. */
  | (WithModel & { readonly type: 'maximise'; readonly layer: LayerId; readonly unit: number })
  /** Places the drawing's activations `[d]` (Float32) on the last UMAP map of `layer`. */
  | { readonly type: 'place'; readonly id: number; readonly layer: LayerId; readonly vector: ArrayBuffer }
  | { readonly type: 'cancel' };

export type ExplainKind = Exclude<ToExplainWorker['type'], 'cancel'>;

export type FromExplainWorker =
  | {
      readonly type: 'progress';
      readonly id: number;
      /** loading: the test set; computing: forward passes; neighbours / layout: UMAP's two stages. */
      readonly stage: 'loading' | 'computing' | 'neighbours' | 'layout';
      readonly done: number;
      readonly total: number;
    }
  | {
      readonly type: 'embedded';
      readonly id: number;
      readonly layer: LayerId;
      readonly method: EmbedMethod;
      /** Wall time in the worker, and the part spent in forward passes (0 when cached). */
      readonly ms: number;
      readonly forwardMs: number;
      /** Workers that ran those forward passes (1 or 2; 0 when cached). */
      readonly threads: number;
      /** The backend the worker computed on ("wasm", or "cpu" when wasm could not start). */
      readonly backend: string;
      /** `[2n]` (x, y) per test image. */
      readonly coords: ArrayBuffer;
      /** PCA only: `[d]` mean; `[2d]` the axes (see `Pca2`), to place the drawing in the UI. */
      readonly pca?: {
        readonly mean: ArrayBuffer;
        readonly axes: ArrayBuffer;
        readonly variance: readonly [number, number];
        readonly totalVariance: number;
        readonly iterations: number;
      };
      /** The test images `[n*784]` bytes and labels `[n]`, with the first result only. */
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
  | {
      readonly type: 'maximised';
      readonly id: number;
      readonly layer: LayerId;
      readonly unit: number;
      readonly ms: number;
      /** `[784]` Float32 in [0, 1]. */
      readonly image: ArrayBuffer;
      /** The unit's response to the grey start and to `image`. */
      readonly start: number;
      readonly value: number;
      readonly steps: number;
    }
  /** The warm-up is done: the activations for its weights are kept (`ms`: its wall time). */
  | { readonly type: 'warmed'; readonly id: number; readonly ms: number }
  | { readonly type: 'placed'; readonly id: number; readonly layer: LayerId; readonly x: number; readonly y: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string };
