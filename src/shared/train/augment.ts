/**
 * Random affine distortions of 28x28 digits, as in LeCun et al. 1998 §III.C (translation, scaling,
 * squeezing, horizontal shear), plus a small rotation. Pure: bytes in, floats out.
 */
import type { Rng } from '../util/random.ts';

export interface AugmentParams {
  /** Max shift in pixels, each axis. */
  readonly shift: number;
  /** Max relative scale change (0.1 = 90 %–110 %). */
  readonly scale: number;
  /** Max extra relative change of the horizontal scale only ("squeezing"). */
  readonly squeeze: number;
  /** Max horizontal shear (x += shear · y). */
  readonly shear: number;
  /** Max rotation in degrees. */
  readonly rotate: number;
}

export const DEFAULT_AUGMENT: AugmentParams = { shift: 2, scale: 0.1, squeeze: 0.1, shear: 0.2, rotate: 8 };

const SIZE = 28;
const C = (SIZE - 1) / 2;

/** A 2x3 affine map from output pixel coordinates (relative to center) to source coordinates. */
export interface Affine {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly tx: number;
  readonly ty: number;
}

/** Draws a random inverse affine map within `p`. */
export function randomAffine(p: AugmentParams, rng: Rng): Affine {
  const u = () => rng() * 2 - 1;
  const s = 1 + u() * p.scale;
  const sx = s * (1 + u() * p.squeeze);
  const sy = s;
  const sh = u() * p.shear;
  const th = (u() * p.rotate * Math.PI) / 180;
  const cos = Math.cos(th);
  const sin = Math.sin(th);
  // Forward: M = R · Shear · Scale; we need its inverse to sample the source.
  const m00 = cos * sx + -sin * 0;
  const m01 = cos * sh * sy - sin * sy;
  const m10 = sin * sx;
  const m11 = sin * sh * sy + cos * sy;
  const det = m00 * m11 - m01 * m10;
  return { a: m11 / det, b: -m01 / det, c: -m10 / det, d: m00 / det, tx: u() * p.shift, ty: u() * p.shift };
}

/**
 * Writes `src` (28x28 bytes, 0..255) distorted by `t` into `out[offset … offset+784)` as floats
 * in [0, 1], with bilinear sampling and a black (0) border. Runs once per training image, so it
 * steps the source coordinates incrementally and reads the four neighbours without bounds checks
 * when they are all inside (~15x faster than a per-pixel closure; `augment.test.ts` holds it to
 * the plain formula).
 */
export function warpInto(src: Uint8Array, srcOffset: number, t: Affine, out: Float32Array, offset: number): void {
  const { a, b, c, d } = t;
  const k = 1 / 255;
  const last = SIZE - 1;
  for (let y = 0; y < SIZE; y++) {
    const dy = y - C - t.ty;
    const dx0 = -C - t.tx;
    let sx = a * dx0 + b * dy + C;
    let sy = c * dx0 + d * dy + C;
    const o = offset + y * SIZE;
    for (let x = 0; x < SIZE; x++, sx += a, sy += c) {
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      let v: number;
      if (x0 >= 0 && y0 >= 0 && x0 < last && y0 < last) {
        const i = srcOffset + y0 * SIZE + x0;
        v = (src[i]! * (1 - fx) + src[i + 1]! * fx) * (1 - fy) + (src[i + SIZE]! * (1 - fx) + src[i + SIZE + 1]! * fx) * fy;
      } else if (x0 < -1 || y0 < -1 || x0 > last || y0 > last) {
        v = 0;
      } else {
        const px = (xx: number, yy: number): number => (xx < 0 || yy < 0 || xx > last || yy > last ? 0 : src[srcOffset + yy * SIZE + xx]!);
        v = (px(x0, y0) * (1 - fx) + px(x0 + 1, y0) * fx) * (1 - fy) + (px(x0, y0 + 1) * (1 - fx) + px(x0 + 1, y0 + 1) * fx) * fy;
      }
      out[o + x] = v * k;
    }
  }
}
