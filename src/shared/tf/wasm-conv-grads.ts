/**
 * Convolution and pooling gradients for `@tensorflow/tfjs-backend-wasm`, where training a CNN
 * spends its time.
 *
 * - `Conv2DBackpropFilter`: tfjs-backend-wasm (as of 4.22) has no such kernel, so `model.fit` fails
 *   on wasm without it.
 * - `Conv2DBackpropInput`: wasm has one, but it is a plain loop, ~5x slower than the forward conv.
 *
 * For stride 1 (every conv in LeNet-5) both gradients are themselves convolutions, so they run on
 * the backend's forward `Conv2D` (XNNPACK), after cheap transposes:
 *   dX = conv(dy, reverse_hw(W) with in/out channels swapped, padding k−1−p)        ("full" conv)
 *   dW = conv(xᵀ [Ci,H,W,B], dyᵀ [OH,OW,B,Co], the forward padding) → [Ci,KH,KW,Co] → [KH,KW,Ci,Co]
 * (in the second, the batch plays the channels and the input channels play the batch).
 * When the filter covers the whole input (C5), dX is one matmul. Other strides or dilations take a
 * general path: im2col + `BatchMatMul` for the filter gradient, wasm's own kernel for the input
 * gradient. `AvgPoolGrad` (pooling's backward pass) gets a fast path for non-overlapping windows.
 * NHWC only (the layers API's default).
 * `bench/profile.ts` shows where a training step's time goes.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { free, run, wasmKernel, type Info, type KernelFunc } from './wasm-calls.ts';

type Pad4 = [[number, number], [number, number], [number, number], [number, number]];

/** Stride-1 forward conv of `x` by `filter` with explicit padding, on wasm's XNNPACK `Conv2D`. */
const conv = (backend: object, x: Info, filter: Info, pad: Pad4): Info =>
  run('Conv2D', backend, { x, filter }, { strides: [1, 1], dilations: [1, 1], pad, dataFormat: 'NHWC' });

function convInfo(xShape: number[], filterShape: number[], attrs: tf.Conv2DBackpropFilterAttrs | tf.Conv2DBackpropInputAttrs, who: string) {
  if (attrs.dataFormat === 'NCHW') throw new Error(`${who} (wasm): NCHW is not supported`);
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
}

const unitStride = (i: tf.backend_util.Conv2DInfo) =>
  i.strideHeight === 1 && i.strideWidth === 1 && i.dilationHeight === 1 && i.dilationWidth === 1;

/**
 * Benchmarks only (`useStockConvGrads`, through `useStockWasmKernels`): the kernels hand every
 * call to wasm's own, and the filter gradient (which stock wasm lacks) takes its plainest path,
 * im2col + wasm's own `BatchMatMul` — "stock tfjs-wasm" measured in the same page as ours.
 */
let stock = false;

/** Switches between the project's kernels (default) and stock wasm's, for a same-run comparison. */
export function useStockConvGrads(on: boolean): void {
  stock = on;
}

const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as unknown as tf.Conv2DBackpropFilterInputs;
  if (!x || !dy) throw new Error('Conv2DBackpropFilter (wasm): missing x or dy');
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') throw new Error('Conv2DBackpropFilter (wasm): float32 only');
  const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const info = convInfo(x.shape, a.filterShape, a, 'Conv2DBackpropFilter');
  if (stock || !unitStride(info)) return filterGradIm2col(backend as BackendWasm, x, dy, info, a.filterShape);
  const { top, bottom, left, right } = info.padInfo;
  const xT = run('Transpose', backend, { x }, { perm: [3, 1, 2, 0] }); // [Ci, H, W, B]
  const dyT = run('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] }); // [OH, OW, B, Co]
  const g = conv(backend, xT, dyT, [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ]); // [Ci, KH, KW, Co]
  const out = run('Transpose', backend, { x: g }, { perm: [1, 2, 0, 3] }); // [KH, KW, Ci, Co]
  free(backend, xT, dyT, g);
  return out;
};

let wasmBackpropInput: KernelFunc | null = null;

const conv2DBackpropInput: KernelFunc = (args) => {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs as unknown as tf.Conv2DBackpropInputInputs;
  if (!dy || !filter) throw new Error('Conv2DBackpropInput (wasm): missing dy or filter');
  const a = attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const info = convInfo(a.inputShape, filter.shape, a, 'Conv2DBackpropInput');
  if (stock || !unitStride(info) || dy.dtype !== 'float32') return wasmBackpropInput!(args);
  const { top, bottom, left, right } = info.padInfo;
  const [kh, kw] = [info.filterHeight, info.filterWidth];
  if (info.outHeight === 1 && info.outWidth === 1 && top + bottom + left + right === 0) {
    // The filter covers the whole input (C5): dX = dy [B, Co] × Wᵀ [Co, KH·KW·Ci], one matmul
    // instead of a "full" conv that would mostly multiply padding.
    const dy3 = run('Reshape', backend, { x: dy }, { shape: [1, info.batchSize, info.outChannels] });
    const wT = run('Transpose', backend, { x: filter }, { perm: [3, 0, 1, 2] }); // [Co, KH, KW, Ci]
    const w3 = run('Reshape', backend, { x: wT }, { shape: [1, info.outChannels, kh * kw * info.inChannels] });
    const prod = run('BatchMatMul', backend, { a: dy3, b: w3 }, { transposeA: false, transposeB: false });
    const dx = run('Reshape', backend, { x: prod }, { shape: a.inputShape });
    free(backend, dy3, wT, w3, prod);
    return dx;
  }
  const flipped = run('Reverse', backend, { x: filter }, { dims: [0, 1] });
  const w = run('Transpose', backend, { x: flipped }, { perm: [0, 1, 3, 2] }); // [KH, KW, Co, Ci]
  const dx = conv(backend, dy, w, [
    [0, 0],
    [kh - 1 - top, kh - 1 - bottom],
    [kw - 1 - left, kw - 1 - right],
    [0, 0],
  ]);
  free(backend, flipped, w);
  return dx;
};

/**
 * The general filter gradient, any stride or dilation:
 *   dW[kh, kw, ci, co] = Σ_{b, y, x} xPad[b, y·sh + kh·dh, x·sw + kw·dw, ci] · dy[b, y, x, co]
 * by writing the input patches (im2col) straight into the wasm heap and handing the reduction to
 * the backend's own `BatchMatMul`: patchesᵀ [K, N] × dy [N, Co], K = kh·kw·ci, N = b·oh·ow.
 */
function filterGradIm2col(wasm: BackendWasm, x: Info, dy: Info, info: tf.backend_util.Conv2DInfo, filterShape: number[]): Info {
  const backend: object = wasm;
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const n = batchSize * outHeight * outWidth;
  const k = fh * fw * inChannels;

  // Allocate first: growing the heap detaches earlier views.
  const patches = wasm.makeOutput([1, n, k], 'float32');
  const pv = wasm.typedArrayFromHeap(patches) as Float32Array;
  const xv = wasm.typedArrayFromHeap(x) as Float32Array;
  const rowStride = inWidth * inChannels;
  const imgStride = inHeight * rowStride;
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    const xb = b * imgStride;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let kh = 0; kh < fh; kh++) {
          const iy = oy * sh - top + kh * dh;
          const rowInside = iy >= 0 && iy < inHeight;
          for (let kw = 0; kw < fw; kw++) {
            const ix = ox * sw - left + kw * dw;
            if (rowInside && ix >= 0 && ix < inWidth) {
              const src = xb + iy * rowStride + ix * inChannels;
              for (let c = 0; c < inChannels; c++) pv[o++] = xv[src + c]!;
            } else {
              for (let c = 0; c < inChannels; c++) pv[o++] = 0;
            }
          }
        }
      }
    }
  }

  const reshape = wasmKernel('Reshape');
  const batchMatMul = wasmKernel('BatchMatMul');
  const dy3 = reshape({ inputs: { x: dy }, backend, attrs: { shape: [1, n, outChannels] } }) as tf.TensorInfo;
  const prod = batchMatMul({
    inputs: { a: patches, b: dy3 },
    backend,
    attrs: { transposeA: true, transposeB: false },
  }) as tf.TensorInfo;
  const out = reshape({ inputs: { x: prod }, backend, attrs: { shape: filterShape } }) as tf.TensorInfo;
  free(backend, patches, dy3, prod);
  return out;
}

let wasmAvgPoolGrad: KernelFunc | null = null;

/**
 * `AvgPoolGrad` for non-overlapping windows (stride = window, no padding: LeNet's subsampling):
 * each input pixel gets its window's gradient ÷ window area. A plain pass over the wasm heap,
 * ~4x faster than wasm's general kernel; other pools take that kernel.
 */
const avgPoolGrad: KernelFunc = (args) => {
  const { inputs, backend, attrs } = args;
  const { dy, input } = inputs as unknown as tf.AvgPoolGradInputs;
  if (!dy || !input) throw new Error('AvgPoolGrad (wasm): missing dy or input');
  const { filterSize, strides, pad } = attrs as unknown as tf.AvgPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad);
  const { top, bottom, left, right } = info.padInfo;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  if (stock || fh !== sh || fw !== sw || top + bottom + left + right !== 0 || dy.dtype !== 'float32') return wasmAvgPoolGrad!(args);
  const wasm = backend as BackendWasm;
  const out = wasm.makeOutput(input.shape, 'float32');
  const dx = wasm.typedArrayFromHeap(out) as Float32Array;
  const g = wasm.typedArrayFromHeap(dy) as Float32Array;
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const scale = 1 / (fh * fw);
  dx.fill(0); // rows and columns past the last whole window get no gradient
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < OH; oy++) {
      const gRow = (b * OH + oy) * OW * C;
      for (let ky = 0; ky < fh; ky++) {
        let o = (b * H + oy * fh + ky) * W * C;
        for (let ox = 0; ox < OW; ox++) {
          const gi = gRow + ox * C;
          for (let kx = 0; kx < fw; kx++) for (let c = 0; c < C; c++) dx[o++] = g[gi + c]! * scale;
        }
        // (W − OW·fw leftover columns stay 0; o is recomputed per row)
      }
    }
  }
  return out;
};

let wasmBatchMatMul: KernelFunc | null = null;

/**
 * `BatchMatMul` with a transposed operand: wasm hands only the plain product to XNNPACK and does
 * the transposed ones in a slow loop (13x slower for a dense layer's gradients here), so transpose
 * explicitly first.
 */
const batchMatMul: KernelFunc = (args) => {
  const { inputs, backend, attrs } = args;
  const { a, b } = inputs as unknown as tf.BatchMatMulInputs;
  const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
  if (stock || (!transposeA && !transposeB) || !a || !b || a.dtype !== 'float32' || b.dtype !== 'float32') return wasmBatchMatMul!(args);
  const swapLast = (t: Info) =>
    run(
      'Transpose',
      backend,
      { x: t },
      { perm: [...t.shape.keys()].map((i, _, all) => (i < all.length - 2 ? i : 2 * all.length - 3 - i)) },
    );
  const at = transposeA ? swapLast(a) : a;
  const bt = transposeB ? swapLast(b) : b;
  const out = wasmBatchMatMul!({ inputs: { a: at, b: bt }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } }) as Info;
  if (at !== a) free(backend, at);
  if (bt !== b) free(backend, bt);
  return out;
};

let registered = false;

/**
 * Registers the kernels once; call after importing the wasm backend, before training on it.
 * wasm's own `Conv2DBackpropInput` and `AvgPoolGrad` stay as the fallbacks for the cases these skip.
 */
export function registerWasmConvGrads(): void {
  if (registered) return;
  registered = true;
  if (!tf.getKernel('Conv2DBackpropFilter', 'wasm'))
    tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilter });
  override('Conv2DBackpropInput', (own) => ((wasmBackpropInput = own), conv2DBackpropInput));
  override('BatchMatMul', (own) => ((wasmBatchMatMul = own), batchMatMul));
  override('AvgPoolGrad', (own) => ((wasmAvgPoolGrad = own), avgPoolGrad));
}

/** Puts `make(wasm's own kernel)` in place of wasm's kernel `name` (its setup stays). */
function override(name: string, make: (own: KernelFunc) => KernelFunc): void {
  const own = tf.getKernel(name, 'wasm');
  if (!own) return;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...own, kernelFunc: make(own.kernelFunc) });
}
