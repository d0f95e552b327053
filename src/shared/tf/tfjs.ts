/**
 * What the app's bundles get for `import * as tf from '@tensorflow/tfjs'` (an alias in
 * `vite.config.ts`): tfjs-core with its gradients and chained ops, tfjs-layers and the cpu backend —
 * the `@tensorflow/tfjs` package without what no bundle here uses (the converter, tfjs-data) and
 * without WebGL, which `backends.ts` loads when a thread first tries it. The explain worker, its
 * helper and the gradient workers never do, so they parse about a third less script at start.
 * Node (scripts, unit tests) keeps the full package.
 */
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
