/**
 * `Conv2DBackpropFilter` for `@tensorflow/tfjs-backend-wasm`, which (as of 4.22) has no such kernel,
 * so `model.fit` fails on wasm without it. Computes the filter gradient of a conv as
 *   dW[kh, kw, ci, co] = Σ_{b, y, x} xPad[b, y·sh + kh·dh, x·sw + kw·dw, ci] · dy[b, y, x, co]
 * by writing the input patches (im2col) straight into the wasm heap and handing the reduction to
 * the backend's own `BatchMatMul` (XNNPACK): patchesᵀ [K, N] × dy [N, Co], K = kh·kw·ci, N = b·oh·ow.
 * NHWC only (the layers API's default).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type KernelFunc = tf.KernelConfig['kernelFunc'];

function wasmKernel(name: string): KernelFunc {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`wasm backend has no ${name} kernel`);
  return k.kernelFunc;
}

const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { x, dy } = inputs as unknown as tf.Conv2DBackpropFilterInputs;
  if (!x || !dy) throw new Error('Conv2DBackpropFilter (wasm): missing x or dy');
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter (wasm): NCHW is not supported');
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') throw new Error('Conv2DBackpropFilter (wasm): float32 only');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
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
  wasm.disposeData(patches.dataId);
  wasm.disposeData(dy3.dataId);
  wasm.disposeData(prod.dataId);
  return out;
};

let registered = false;

/** Registers the kernel once; call after importing the wasm backend, before training on it. */
export function registerWasmConv2DBackpropFilter(): void {
  if (registered || tf.getKernel('Conv2DBackpropFilter', 'wasm')) {
    registered = true;
    return;
  }
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilter });
  registered = true;
}
