/**
 * The UI thread's predictor: the shipped (or latest trained) LeNet-5 and its activations model.
 * One `predict()` yields every layer's output, copied into plain `Float32Array`s; all tensors are
 * disposed before it returns, so `tf.memory().numTensors` stays flat.
 */
import * as tf from '@tensorflow/tfjs';
import { MODERN_LAYERS, createActivationsModel, type LayerSpec } from '../../shared/model/lenet.ts';
import type { Mnist28 } from '../../shared/preprocess/mnist-style.ts';
import { restoreWeights } from '../../shared/train/core.ts';
import { downloadModel } from './download.ts';
import type { WeightsSnapshot } from '../../shared/protocol.ts';

export interface Prediction {
  /** Softmax probabilities `[10]`. */
  readonly probs: Float32Array;
  readonly digit: number;
  /** Every layer's output for this input, in `layers` order, batch dimension dropped. */
  readonly activations: readonly Float32Array[];
  /** What each entry of `activations` is. */
  readonly layers: readonly LayerSpec[];
  /** The network's input `[h*w]` as it was fed. */
  readonly input: Float32Array;
  readonly ms: number;
}

export class Predictor {
  private constructor(
    private readonly model: tf.LayersModel,
    private readonly acts: tf.LayersModel,
    readonly layers: readonly LayerSpec[],
  ) {}

  /** Wraps a checked LeNet-5 (see `sources.ts`) and warms it up. Takes ownership of `model`. */
  static async fromModel(model: tf.LayersModel): Promise<Predictor> {
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
      return { probs, digit, activations: data, layers: this.layers, input: image, ms: performance.now() - t0 };
    } finally {
      tf.dispose(outs);
    }
  }

  /** Replaces the weights with a snapshot from the training worker (same architecture). */
  setWeights(snapshot: WeightsSnapshot): void {
    this.kernelCache.clear();
    restoreWeights(
      this.model,
      snapshot.buffers.map((b) => new Float32Array(b)),
    );
  }

  private kernelCache = new Map<string, { data: Float32Array; shape: number[] }>();

  /**
   * The kernel of a convolution layer, `[kh, kw, in, out]` flattened, or null for other layers.
   * Cached until the weights change.
   */
  kernel(layerId: string): { data: Float32Array; shape: number[] } | null {
    const hit = this.kernelCache.get(layerId);
    if (hit) return hit;
    const w = this.model.getLayer(layerId).getWeights()[0];
    if (!w || w.shape.length !== 4) return null;
    const k = { data: w.dataSync() as Float32Array, shape: w.shape };
    this.kernelCache.set(layerId, k);
    return k;
  }

  /** Copies of the weights, for the training worker (buffers are meant to be transferred). */
  snapshot(): WeightsSnapshot {
    const weights = this.model.getWeights();
    return { buffers: weights.map((w) => (w.dataSync() as Float32Array).slice().buffer), shapes: weights.map((w) => w.shape) };
  }

  /** Downloads the model as `<name>.json` + `<name>.weights.bin`. */
  async download(name: string): Promise<void> {
    await downloadModel(this.model, name);
  }

  dispose(): void {
    this.model.dispose();
  }
}
