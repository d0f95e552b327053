/**
 * Loss functions, all `(y, out) → scalar` with `y` one-hot `[b, 10]`, pure tf inside `tf.tidy`.
 * The modern net's `out` is softmax probabilities; the classic net's is RBF distances (§II.C).
 */
import * as tf from '@tensorflow/tfjs';
import { MAP_J } from '../model/readout.ts';

/** `(one-hot labels [b,10], network outputs [b,10]) → mean loss`. */
export type LossFn = (y: tf.Tensor, out: tf.Tensor) => tf.Scalar;

export type LossName = 'crossEntropy' | 'map' | 'mse';

/** Mean categorical cross-entropy of softmax outputs `p` `[b,10]` against one-hot `y` `[b,10]`. */
export function crossEntropy(y: tf.Tensor, p: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, 1e-7, 1))), -1))) as tf.Scalar);
}

/**
 * The paper's simplest criterion (eq. 8): the mean over the batch of the correct class's RBF output,
 * i.e. the squared distance from F6's output to the correct prototype. Distances `d` `[b,10]`.
 */
export function rbfMse(y: tf.Tensor, d: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.sum(tf.mul(y, d), -1)) as tf.Scalar);
}

/**
 * The paper's MAP criterion (eq. 9): `E = mean( y_correct + log( e^{-j} + Σ_i e^{-y_i} ) )` over
 * RBF distances `d` `[b,10]`, with the "rubbish class" constant j (`MAP_J`, see readout.ts). The
 * log-sum-exp runs over `[-j, -y_0 … -y_9]` with the maximum factored out (`tf.logSumExp`), so
 * distances of hundreds do not underflow to log(0).
 */
export function mapCriterion(y: tf.Tensor, d: tf.Tensor, j = MAP_J): tf.Scalar {
  return tf.tidy(() => {
    const correct = tf.sum(tf.mul(y, d), -1);
    const energies = tf.concat([tf.fill([d.shape[0]!, 1], -j), tf.neg(d)], 1);
    return tf.mean(tf.add(correct, tf.logSumExp(energies, -1))) as tf.Scalar;
  });
}

/** The loss function of a name. */
export function lossFn(name: LossName): LossFn {
  switch (name) {
    case 'crossEntropy':
      return crossEntropy;
    case 'map':
      return mapCriterion;
    case 'mse':
      return rbfMse;
  }
}
