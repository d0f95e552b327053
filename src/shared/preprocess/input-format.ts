/**
 * The two network input formats, as pure data and pure functions:
 * - `mnist28`: the modern variant's `[28, 28, 1]`, background 0, ink 1 (values in [0, 1]);
 * - `classic32`: the 1998 paper's `[32, 32, 1]`: the 28x28 padded by 2 on each side, background
 *   −0.1 and ink 1.175 so the input has mean ≈ 0 and variance ≈ 1 (LeCun et al. 1998 §II.B).
 */

export type InputFormat = 'mnist28' | 'classic32';

export interface InputFormatSpec {
  /** Side of the square input, pixels. */
  readonly size: number;
  /** Model input shape without the batch dimension. */
  readonly shape: readonly [number, number, 1];
  /** Padding added around the 28x28 image on each side. */
  readonly pad: number;
  /** Value of paper (no ink). */
  readonly background: number;
  /** Value of full ink. */
  readonly ink: number;
}

export const INPUT_FORMATS: Readonly<Record<InputFormat, InputFormatSpec>> = {
  mnist28: { size: 28, shape: [28, 28, 1], pad: 0, background: 0, ink: 1 },
  classic32: { size: 32, shape: [32, 32, 1], pad: 2, background: -0.1, ink: 1.175 },
};

/** Floats per image of `format` (784 or 1024). */
export function inputPixels(format: InputFormat): number {
  const s = INPUT_FORMATS[format].size;
  return s * s;
}

/**
 * Writes one 28x28 image `src[srcOffset … +784)` with values in [0, 1] (times `scale`: pass 1/255 for
 * bytes) into `out[offset … + inputPixels(format))` in `format`.
 */
export function writeInput(
  src: ArrayLike<number>,
  srcOffset: number,
  scale: number,
  format: InputFormat,
  out: Float32Array,
  offset: number,
): void {
  const { size, pad, background, ink } = INPUT_FORMATS[format];
  const range = (ink - background) * scale;
  if (pad > 0) out.fill(background, offset, offset + size * size);
  for (let y = 0; y < 28; y++) {
    const o = offset + (y + pad) * size + pad;
    const s = srcOffset + y * 28;
    for (let x = 0; x < 28; x++) out[o + x] = background + range * src[s + x]!;
  }
}
