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
  | { readonly type: 'test:kernel-rates'; readonly batchSize: number; readonly windows: number; readonly windowMs: number };

export type FromWorkerTest =
  | { readonly type: 'test:memory'; readonly numTensors: number }
  | { readonly type: 'test:kernel-rates'; readonly ours: number[]; readonly stock: number[]; readonly backend: string };

export const isTestMessage = (m: { readonly type: string }): m is ToWorkerTest | FromWorkerTest => m.type.startsWith('test:');
