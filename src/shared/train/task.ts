/**
 * What a training step needs to know about the model it trains: the input format its batches are
 * written in, the loss, and how to read a predicted class from its outputs.
 */
import { lossFn, type LossFn, type LossName } from './losses.ts';
import { variantSpec, type Variant } from '../model/variants.ts';
import type { InputFormat } from '../preprocess/input-format.ts';
import type { Readout } from '../model/readout.ts';

export interface TrainTask {
  readonly input: InputFormat;
  readonly loss: LossFn;
  readonly lossName: LossName;
  readonly readout: Readout;
}

/** The modern net: 28x28 [0,1] inputs, softmax cross-entropy, argmax. The default everywhere. */
export const MODERN_TASK: TrainTask = { input: 'mnist28', loss: lossFn('crossEntropy'), lossName: 'crossEntropy', readout: 'argmax' };

/** The task of `variant`, with its default loss unless `loss` names another. */
export function trainTask(variant: Variant, loss?: LossName): TrainTask {
  const spec = variantSpec(variant);
  const name = loss ?? spec.defaultLoss;
  if (variant === 'modern' && name !== 'crossEntropy') throw new Error(`the modern variant trains with cross-entropy, not ${name}`);
  if (variant === 'classic' && name === 'crossEntropy')
    throw new Error('the classic variant trains with the MAP or MSE criterion on RBF distances');
  return { input: spec.inputFormat, loss: lossFn(name), lossName: name, readout: spec.readout };
}
