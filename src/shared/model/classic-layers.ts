/**
 * Custom tfjs layers of the classic (1998) LeNet-5 (LeCun et al. 1998 §II.B, Appendix A):
 * convolutions with an optional sparse connection table, trainable sub-sampling, squashed dense
 * units, and the fixed Euclidean RBF output. Each is registered with `tf.serialization` so a saved
 * model reloads with `tf.loadLayersModel` once this module has been imported.
 *
 * Built only from ops whose kernels (and gradients' kernels) every backend has, wasm included:
 * conv2d, avgPool, matMul, add/sub/mul/square/tanh, sum, reshape. No gather (its gradient
 * needs UnsortedSegmentSum, missing on wasm).
 */
import * as tf from '@tensorflow/tfjs';
import { one, SeededLayer, squash, taping, type Inputs, type LayerArgs, type Shape } from './classic-layer-base.ts';
import { PROTOTYPE_SIZE, RBF_PROTOTYPES } from './prototypes.ts';

export { SQUASH_A, SQUASH_S, squash } from './classic-layer-base.ts';

export interface LeNetConvArgs extends LayerArgs {
  readonly filters: number;
  readonly kernelSize: number;
  /**
   * Connection table: `table[o]` lists the input maps output map o sees (Table I for C3). Absent or
   * null: every output map sees every input map (C1, C5).
   */
  readonly table?: readonly (readonly number[])[] | null;
  readonly seed?: number | null;
}

/**
 * `[b, h, w, in]` → `[b, h−k+1, w−k+1, filters]`: a valid, stride-1 k×k convolution plus a bias per
 * map, then the squashing function. With a connection table only the listed (input, output) pairs
 * have weights: the kernel variable is `[k, k, connections]` (C3: 60 connections, 1,500 weights)
 * and is scattered into a dense `[k, k, in, filters]` kernel by a fixed 0/1 matrix (one matMul)
 * before one conv2d, so the zeros of unconnected pairs are constants, not parameters.
 */
export class LeNetConv extends SeededLayer {
  static readonly className = 'LeNetConv';
  readonly filters: number;
  readonly kernelSize: number;
  readonly table: readonly (readonly number[])[] | null;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;
  /** `[connections, in * filters]`, row c has a single 1 at column `inMap * filters + outMap`. */
  private scatter: Float32Array | null = null;
  private inChannels = 0;

  constructor(args: LeNetConvArgs) {
    super(args);
    this.filters = args.filters;
    this.kernelSize = args.kernelSize;
    this.table = args.table ? args.table.map((r) => [...r]) : null;
    if (this.table && this.table.length !== this.filters) {
      throw new Error(`LeNetConv: table has ${this.table.length} rows for ${this.filters} filters`);
    }
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    const inC = shape[3];
    if (typeof inC !== 'number') throw new Error(`LeNetConv: input needs a known channel count, got ${JSON.stringify(shape)}`);
    this.inChannels = inC;
    const k = this.kernelSize;
    const kk = k * k;
    if (this.table) {
      const owner: number[] = [];
      this.table.forEach((ins, o) => {
        for (const i of ins) {
          if (!Number.isInteger(i) || i < 0 || i >= inC) throw new Error(`LeNetConv: table row ${o} names input map ${i} of ${inC}`);
          owner.push(o);
        }
      });
      const conns = owner.length;
      this.scatter = new Float32Array(conns * inC * this.filters);
      let c = 0;
      this.table.forEach((ins, o) => {
        for (const i of ins) this.scatter![c++ * inC * this.filters + i * this.filters + o] = 1;
      });
      // Kernel layout [k, k, conns]: value index = pos * conns + c; fan-in of its map = k²·|table[o]|.
      const fanIn = (idx: number) => kk * this.table![owner[idx % conns]!]!.length;
      this.kernel = this.addWeightWithValues('kernel', [k, k, conns], this.lecunUniform(kk * conns, fanIn));
      this.bias = this.addWeightWithValues(
        'bias',
        [this.filters],
        this.lecunUniform(this.filters, (o) => kk * this.table![o]!.length),
      );
    } else {
      const fanIn = kk * inC;
      this.kernel = this.addWeightWithValues('kernel', [k, k, inC, this.filters], this.lecunUniform(kk * inC * this.filters, fanIn));
      this.bias = this.addWeightWithValues('bias', [this.filters], this.lecunUniform(this.filters, fanIn));
    }
    this.built = true;
  }

  /** The dense kernel the convolution uses, `[k, k, in, filters]` (zeros where the table has no connection). */
  effectiveKernel(): tf.Tensor4D {
    return tf.tidy(() => (this.scatter ? this.denseKernel() : this.denseKernel().clone()));
  }

  /** The kernel variable itself (full connection) or its scatter into `[k, k, in, filters]`; call inside a tidy. */
  private denseKernel(): tf.Tensor4D {
    const kernel = this.kernel!.read();
    if (!this.scatter) return kernel as tf.Tensor4D;
    const k = this.kernelSize;
    const conns = kernel.shape[2]!;
    const p = tf.tensor2d(this.scatter, [conns, this.inChannels * this.filters]);
    return tf.reshape(tf.matMul(tf.reshape(kernel, [k * k, conns]), p), [k, k, this.inChannels, this.filters]);
  }

  override call(inputs: Inputs): tf.Tensor {
    return tf.tidy(() => {
      const x = one(inputs) as tf.Tensor4D;
      const filter = this.denseKernel();
      const bias = this.bias!.read();
      // Reading (see `taping`), the bias goes inside the convolution: one pass, no broadcast add (C1 of
      // 500 images: 55 → 41 ms on wasm).
      if (!taping()) return squash(tf.fused.conv2d({ x, filter, strides: 1, pad: 'valid', bias }));
      return squash(tf.add(tf.conv2d(x, filter, 1, 'valid'), bias));
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [b, h, w] = inputShape as Shape;
    const k = this.kernelSize;
    return [b ?? null, h == null ? null : h - k + 1, w == null ? null : w - k + 1, this.filters];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      table: this.table ? this.table.map((r) => [...r]) : null,
    };
  }
}

/**
 * `[b, h, w, c]` → `[b, h/2, w/2, c]`: each unit sums a 2x2 non-overlapping block of its map,
 * multiplies by the map's trainable coefficient, adds the map's trainable bias and squashes
 * (S2, S4: 2 parameters per map). Fan-in 4 for the initialization.
 */
export class LeNetSubsampling extends SeededLayer {
  static readonly className = 'LeNetSubsampling';
  private coefficient: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  override build(inputShape: Shape | Shape[]): void {
    const c = (inputShape as Shape)[3];
    if (typeof c !== 'number') throw new Error('LeNetSubsampling: input needs a known channel count');
    this.coefficient = this.addWeightWithValues('coefficient', [c], this.lecunUniform(c, 4));
    this.bias = this.addWeightWithValues('bias', [c], this.lecunUniform(c, 4));
    this.built = true;
  }

  override call(inputs: Inputs): tf.Tensor {
    return tf.tidy(() => {
      const x = one(inputs) as tf.Tensor4D;
      const c = x.shape[3];
      const coefficient = this.coefficient!.read();
      const bias = this.bias!.read();
      if (!taping()) {
        // Reading (see `taping`): one depthwise 2x2 convolution of stride 2 whose four taps are the
        // map's coefficient, with the bias inside; the four broadcast passes below take 6× as long
        // (S2 of 500 images: 23 → 3.8 ms on wasm).
        const filter = tf.mul(tf.ones([2, 2, c, 1]), tf.reshape(coefficient, [1, 1, c, 1])) as tf.Tensor4D;
        return squash(tf.fused.depthwiseConv2d({ x, filter, strides: 2, pad: 'valid', bias }));
      }
      // Sum of the 2x2 block = 4 × its average.
      const sum = tf.mul(tf.avgPool(x, 2, 2, 'valid'), 4);
      return squash(tf.add(tf.mul(sum, coefficient), bias));
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [b, h, w, c] = inputShape as Shape;
    const half = (v: number | null | undefined) => (v == null ? null : Math.floor(v / 2));
    return [b ?? null, half(h), half(w), c ?? null];
  }
}

export interface LeNetDenseArgs extends LayerArgs {
  readonly units: number;
  readonly seed?: number | null;
}

/** `[b, in]` → `[b, units]`: fully connected units with biases, then the squashing function (F6). */
export class LeNetDense extends SeededLayer {
  static readonly className = 'LeNetDense';
  readonly units: number;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: LeNetDenseArgs) {
    super(args);
    this.units = args.units;
  }

  override build(inputShape: Shape | Shape[]): void {
    const n = (inputShape as Shape)[1];
    if (typeof n !== 'number') throw new Error('LeNetDense: input needs a known size');
    this.kernel = this.addWeightWithValues('kernel', [n, this.units], this.lecunUniform(n * this.units, n));
    this.bias = this.addWeightWithValues('bias', [this.units], this.lecunUniform(this.units, n));
    this.built = true;
  }

  override call(inputs: Inputs): tf.Tensor {
    return tf.tidy(() => squash(tf.add(tf.matMul(one(inputs) as tf.Tensor2D, this.kernel!.read() as tf.Tensor2D), this.bias!.read())));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return [(inputShape as Shape)[0] ?? null, this.units];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units };
  }
}

/**
 * `[b, 84]` → `[b, 10]`: Euclidean RBF units `y_i = Σ_j (x_j − w_ij)²`, the squared distance from
 * the input to class i's prototype (§II.B, eq. 7). The prototypes are a NON-trainable weight
 * `[10, 84]` holding `RBF_PROTOTYPES`; being a weight, they are saved with the model.
 */
export class EuclideanRBF extends tf.layers.Layer {
  static readonly className = 'EuclideanRBF';
  readonly units: number;
  private prototypes: tf.LayerVariable | null = null;

  constructor(args: LayerArgs & { units?: number }) {
    super({ ...args, trainable: false });
    this.units = args.units ?? 10;
  }

  override build(inputShape: Shape | Shape[]): void {
    const n = (inputShape as Shape)[1];
    if (n !== PROTOTYPE_SIZE || this.units !== RBF_PROTOTYPES.length / PROTOTYPE_SIZE) {
      throw new Error(
        `EuclideanRBF: the prototypes are ${RBF_PROTOTYPES.length / PROTOTYPE_SIZE}×${PROTOTYPE_SIZE}, not ${this.units}×${String(n)}`,
      );
    }
    this.prototypes = this.addWeight('prototypes', [this.units, n], 'float32', tf.initializers.zeros(), undefined, false);
    const t = tf.tensor2d(RBF_PROTOTYPES, [this.units, n]);
    this.prototypes.write(t);
    t.dispose();
    this.built = true;
  }

  override call(inputs: Inputs): tf.Tensor {
    // sub + square, not squaredDifference: the latter's gradient does not reduce broadcast dimensions.
    return tf.tidy(() => tf.sum(tf.square(tf.sub(tf.expandDims(one(inputs), 1), this.prototypes!.read())), -1));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return [(inputShape as Shape)[0] ?? null, this.units];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units };
  }
}

for (const cls of [LeNetConv, LeNetSubsampling, LeNetDense, EuclideanRBF]) tf.serialization.registerClass(cls);
