/** tfjs in Node for the project's scripts: the wasm backend (SIMD), with the missing kernel added. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '../src/shared/tf/wasm-kernels.ts';

export async function initNodeBackend(name: 'wasm' | 'cpu' = 'wasm'): Promise<string> {
  registerWasmKernels();
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend ${name} failed to initialize`);
  await tf.ready();
  return tf.getBackend();
}
