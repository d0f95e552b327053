import * as tf from '@tensorflow/tfjs';

/**
 * The values of the tensor `make` builds (its intermediates freed), read back as a Float32Array.
 * Not `tf.tidy(() => t.dataSync())`: a tidy walks whatever its function returns looking for
 * tensors, element by element for a typed array — seconds for the 5,000,000 distances of one
 * kNN block, where the product itself takes tens of milliseconds.
 */
export function readback(make: () => tf.Tensor): Float32Array {
  const t = tf.tidy(make);
  try {
    return t.dataSync() as Float32Array;
  } finally {
    t.dispose();
  }
}
