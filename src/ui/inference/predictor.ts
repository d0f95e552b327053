/**
 * The UI thread's predictor: the shipped (or latest trained) LeNet-5 and its activations model.
 * One `predict()` yields every layer's output, copied into plain `Float32Array`s; all tensors are
 * disposed before it returns, so `tf.memory().numTensors` stays flat.
 */
import * as tf from '@tensorflow/tfjs';
import { MODERN_LAYERS, assertModernArchitecture, createActivationsModel, type LayerSpec } from '../../shared/model/lenet.ts';
import type { Mnist28 } from '../../shared/preprocess/mnist-style.ts';
import { restoreWeights } from '../../shared/train/core.ts';
import type { WeightsSnapshot } from '../../shared/protocol.ts';

export interface Prediction {
  /** Softmax probabilities `[10]`. */
  readonly probs: Float32Array;
  readonly digit: number;
  /** Every layer's output for this input, in `layers` order, batch dimension dropped. */
  readonly activations: readonly Float32Array[];
  readonly ms: number;
}

export class Predictor {
  private constructor(
    private readonly model: tf.LayersModel,
    private readonly acts: tf.LayersModel,
    readonly layers: readonly LayerSpec[],
  ) {}

  /** Loads a layers model from `url`, checks its architecture and warms it up. */
  static async load(url: string): Promise<Predictor> {
    let model: tf.LayersModel;
    try {
      model = await tf.loadLayersModel(url);
    } catch (e) {
      throw new Error(`could not load ${url.split('/').slice(-3).join('/')}: ${(e as Error).message}`);
    }
    try {
      assertModernArchitecture(model);
    } catch (e) {
      model.dispose();
      throw new Error(`the model file is not a modern LeNet-5: ${(e as Error).message}`);
    }
    const p = new Predictor(model, createActivationsModel(model, MODERN_LAYERS), MODERN_LAYERS);
    await p.predict(new Float32Array(784) as Mnist28);
    return p;
  }

  /** Runs the network on one 28x28 image (`[784]`, values in [0, 1]). */
  async predict(image: Mnist28): Promise<Prediction> {
    const t0 = performance.now();
    const outs = tf.tidy(() => this.acts.predict(tf.tensor4d(image, [1, 28, 28, 1])) as tf.Tensor[]);
    try {
      const data = (await Promise.all(outs.map((t) => t.data()))) as Float32Array[];
      const probs = data[data.length - 1]!;
      let digit = 0;
      for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[digit]!) digit = i;
      return { probs, digit, activations: data, ms: performance.now() - t0 };
    } finally {
      tf.dispose(outs);
    }
  }

  /** Replaces the weights with a snapshot from the training worker (same architecture). */
  setWeights(snapshot: WeightsSnapshot): void {
    restoreWeights(
      this.model,
      snapshot.buffers.map((b) => new Float32Array(b)),
    );
  }

  dispose(): void {
    this.model.dispose();
  }
}
