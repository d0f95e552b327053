/**
 * The UI thread's predictor: the lab's LeNet-5 (modern or classic) and its activations model.
 * One `predict()` yields every layer's output, copied into plain `Float32Array`s; all tensors are
 * disposed before it returns, so `tf.memory().numTensors` stays flat.
 */
import * as tf from '@tensorflow/tfjs';
import { createActivationsModel, type LayerSpec } from '../../shared/model/lenet.ts';
import { variantSpec, type Variant, type VariantSpec } from '../../shared/model/variants.ts';
import { predictedClass, toProbabilities } from '../../shared/model/readout.ts';
import { toModelInput, type Mnist28 } from '../../shared/preprocess/mnist-style.ts';
import { restoreWeights } from '../../shared/train/core.ts';
import { downloadModel } from './download.ts';
import type { WeightsSnapshot } from '../../shared/protocol.ts';

export interface Prediction {
  readonly variant: Variant;
  /** Confidence per digit in [0, 1]: softmax probabilities, or the MAP posterior of RBF distances. */
  readonly probs: Float32Array;
  /** The network's 10 raw outputs: probabilities (modern) or RBF distances (classic). */
  readonly scores: Float32Array;
  readonly digit: number;
  /** Every layer's output for this input, in `layers` order, batch dimension dropped. */
  readonly activations: readonly Float32Array[];
  /** What each entry of `activations` is. */
  readonly layers: readonly LayerSpec[];
  /** The network's input `[h*w]` as it was fed (28x28 in [0,1], or 32x32 in −0.1…1.175). */
  readonly input: Float32Array;
  readonly ms: number;
  /**
   * The network that made this prediction, for explanations (`src/ui/explain/`). Owned by the
   * predictor: never dispose it; training snapshots change its weights in place.
   */
  readonly net: tf.LayersModel;
}

export class Predictor {
  private kernelCache = new Map<string, { data: Float32Array; shape: number[] }>();

  private constructor(
    private readonly model: tf.LayersModel,
    private readonly acts: tf.LayersModel,
    readonly spec: VariantSpec,
  ) {}

  get layers(): readonly LayerSpec[] {
    return this.spec.layers;
  }

  /** The network, for explanations (owned by the predictor: never dispose it). */
  get net(): tf.LayersModel {
    return this.model;
  }

  /** Wraps a checked LeNet-5 of `variant` (see `sources.ts`) and warms it up. Takes ownership of `model`. */
  static async fromModel(model: tf.LayersModel, variant: Variant): Promise<Predictor> {
    const spec = variantSpec(variant);
    const p = new Predictor(model, createActivationsModel(model, spec.layers), spec);
    await p.predict(new Float32Array(784) as Mnist28);
    return p;
  }

  /** Runs the network on one 28x28 image (`[784]`, values in [0, 1]). */
  async predict(image: Mnist28): Promise<Prediction> {
    const t0 = performance.now();
    const input = toModelInput(image, this.spec.inputFormat);
    const [h = 28, w = 28] = this.spec.inputShape;
    // `apply`, not `predict`: predict checks and re-batches its input on every call (about a
    // fifth of a prediction's time on wasm: 0.95–1.07 vs 0.76–0.89 ms in Node).
    const outs = tf.tidy(() => this.acts.apply(tf.tensor4d(input, [1, h, w, 1])) as tf.Tensor[]);
    try {
      const data = (await Promise.all(outs.map((t) => t.data()))) as Float32Array[];
      const scores = data[data.length - 1]!;
      return {
        variant: this.spec.variant,
        probs: toProbabilities(scores, this.spec.readout),
        scores,
        digit: predictedClass(scores, this.spec.readout),
        activations: data,
        layers: this.spec.layers,
        input,
        ms: performance.now() - t0,
        net: this.model,
      };
    } finally {
      tf.dispose(outs);
    }
  }

  /**
   * The kernel of a convolution layer, `[kh, kw, in, out]` flattened, or null for other layers
   * (and for the classic C3, whose weights are stored packed). Cached until the weights change.
   */
  kernel(layerId: string): { data: Float32Array; shape: number[] } | null {
    const hit = this.kernelCache.get(layerId);
    if (hit) return hit;
    const layer = this.model.getLayer(layerId) as tf.layers.Layer & { effectiveKernel?: () => tf.Tensor4D };
    // The classic C3 keeps only Table I's 60 kernels; its effective kernel is the full
    // [k, k, in, out] one the convolution uses, zeros where the table has no connection.
    const w = layer.effectiveKernel ? layer.effectiveKernel() : layer.getWeights()[0];
    if (!w || w.shape.length !== 4) return null;
    const k = { data: w.dataSync() as Float32Array, shape: w.shape };
    if (layer.effectiveKernel) w.dispose();
    this.kernelCache.set(layerId, k);
    return k;
  }

  /** Replaces the weights with a snapshot from the training worker (same architecture). */
  setWeights(snapshot: WeightsSnapshot): void {
    this.kernelCache.clear();
    restoreWeights(
      this.model,
      snapshot.buffers.map((b) => new Float32Array(b)),
    );
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
