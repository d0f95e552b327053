/**
 * Test-only messages between the UI and the training worker. They exist in test builds only: the
 * worker handles them behind `TEST_BUILD` (a compile-time constant), so a production build has no
 * code that answers them.
 */

export type ToWorkerTest =
  /** Throw inside the worker, as a crash would. */
  | { readonly type: 'test:crash' }
  /** Lose the worker's WebGL context, as a GPU reset would. */
  | { readonly type: 'test:lose-webgl' }
  /** Make the worker's IndexedDB missing or full, as some browsers' are. */
  | { readonly type: 'test:faults'; readonly faults: readonly string[] }
  /** Ask for `tf.memory().numTensors`. */
  | { readonly type: 'test:memory' }
  /**
   * The bench: training img/s at `batchSize` on wasm with the project's kernels and with stock
   * tfjs-wasm's, in alternating windows of `windowMs` (`windows` each), in this worker.
   */
  | { readonly type: 'test:kernel-rates'; readonly batchSize: number; readonly windows: number; readonly windowMs: number }
  /**
   * Two optimizer steps from the same weights and batches: in this worker alone, and over 2
   * workers (a real gradient worker) through shared memory and through transferred buffers.
   */
  | { readonly type: 'test:pool-check' };

/** The pool check's answer: the largest weight difference of each 2-worker way from one worker's. */
export interface PoolCheck {
  /** Whether the shared-memory way ran (the page is cross-origin isolated). */
  readonly shared: boolean;
  readonly sharedDiff: number;
  readonly transferDiff: number;
  /** The largest absolute weight after the steps (the differences' scale). */
  readonly scale: number;
  /** How far one worker's two steps moved the weights (largest absolute change). */
  readonly moved: number;
  /** The two steps' losses, per way (local, shared, transferred). */
  readonly losses: Record<string, number[]>;
  /** Tensors the check left in the worker. */
  readonly tensorsLeft: number;
}

export type FromWorkerTest =
  | { readonly type: 'test:memory'; readonly numTensors: number }
  | { readonly type: 'test:kernel-rates'; readonly ours: number[]; readonly stock: number[]; readonly backend: string }
  | ({ readonly type: 'test:pool-check' } & PoolCheck);

export const isTestMessage = (m: { readonly type: string }): m is ToWorkerTest | FromWorkerTest => m.type.startsWith('test:');
