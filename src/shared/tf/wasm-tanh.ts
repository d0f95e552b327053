/**
 * A faster `Tanh` for `@tensorflow/tfjs-backend-wasm`. Its own kernel (4.22) calls `std::tanh` one
 * value at a time: in the classic LeNet-5, whose every layer squashes through tanh, it took about
 * half of a forward pass (2.35 M values of C1 for 500 images: 85 ms, where the convolution took 45).
 * Here tanh(x) = 2·σ(2x) − 1, with σ wasm's vectorised `Sigmoid` (XNNPACK) and the scaling steps
 * on wasm's own Multiply and Sub: about 15 ms for the same values, within 2e-7 of `std::tanh`.
 * Only the forward value changes hands; tfjs's gradient of `Tanh` (dy · (1 − y²)) uses it as before.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { free, run, type KernelFunc } from './wasm-calls.ts';

let registered = false;
let stock = false;

/** Benchmarks only: hand every call to wasm's own `Tanh` (see `useStockWasmKernels`). */
export function useStockTanh(on: boolean): void {
  stock = on;
}

/** Puts the fast `Tanh` in place of wasm's (once); wasm's own stays the path for non-float32 input. */
export function registerWasmTanh(): void {
  if (registered) return;
  const own = tf.getKernel('Tanh', 'wasm');
  if (!own || !['Sigmoid', 'Multiply', 'Sub'].every((k) => tf.getKernel(k, 'wasm'))) return;
  registered = true;
  const kernelFunc: KernelFunc = (args) => {
    const x = args.inputs['x'] as tf.TensorInfo;
    if (stock || x.dtype !== 'float32') return own.kernelFunc(args);
    const backend = args.backend as BackendWasm;
    const two = backend.makeOutput([], 'float32', undefined, new Float32Array([2]));
    const one = backend.makeOutput([], 'float32', undefined, new Float32Array([1]));
    const x2 = run('Multiply', backend, { a: x, b: two });
    const s = run('Sigmoid', backend, { x: x2 });
    const s2 = run('Multiply', backend, { a: s, b: two });
    const y = run('Sub', backend, { a: s2, b: one });
    free(backend, two, one, x2, s, s2);
    return y;
  };
  tf.unregisterKernel('Tanh', 'wasm');
  tf.registerKernel({ ...own, kernelFunc });
}
