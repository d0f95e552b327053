/**
 * The project's kernels for `@tensorflow/tfjs-backend-wasm`, registered once: the convolution and
 * pooling gradients (`wasm-conv-grads.ts`) and a vectorised `Tanh` (`wasm-tanh.ts`). Call after
 * importing the wasm backend, before running a model on it.
 */
import { registerWasmConvGrads, useStockConvGrads } from './wasm-conv-grads.ts';
import { registerWasmTanh, useStockTanh } from './wasm-tanh.ts';

export function registerWasmKernels(): void {
  registerWasmConvGrads();
  registerWasmTanh();
}

/** Benchmarks only: every project kernel hands its calls to stock wasm's (a same-run "ours vs stock"). */
export function useStockWasmKernels(on: boolean): void {
  useStockConvGrads(on);
  useStockTanh(on);
}
