/**
 * Calling tfjs-backend-wasm's own kernels from inside the project's kernels (`wasm-conv-grads.ts`,
 * `wasm-tanh.ts`): directly, so the inner calls are not recorded on a gradient tape.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type KernelFunc = tf.KernelConfig['kernelFunc'];
export type Info = tf.TensorInfo;

/** wasm's kernel `name` as registered now (throws if there is none). */
export function wasmKernel(name: string): KernelFunc {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`wasm backend has no ${name} kernel`);
  return k.kernelFunc;
}

/** Runs wasm kernel `name` directly (inside another kernel, so not recorded on the tape). */
export const run = (name: string, backend: object, inputs: Record<string, Info>, attrs: Record<string, unknown> = {}): Info =>
  wasmKernel(name)({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as Info;

/** Frees kernel intermediates (refcounted: a reshape shares its input's data). */
export const free = (backend: object, ...infos: Info[]) => infos.forEach((t) => (backend as BackendWasm).disposeData(t.dataId));
