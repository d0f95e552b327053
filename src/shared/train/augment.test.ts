import { describe, expect, it } from 'vitest';
import { DEFAULT_AUGMENT, randomAffine, warpInto, type Affine } from './augment.ts';
import { mulberry32 } from '../util/random.ts';

/** The plain bilinear warp, pixel by pixel: what `warpInto` must compute. */
function reference(src: Uint8Array, t: Affine): Float32Array {
  const out = new Float32Array(784);
  const c = 13.5;
  const px = (x: number, y: number) => (x < 0 || y < 0 || x >= 28 || y >= 28 ? 0 : src[y * 28 + x]!);
  for (let y = 0; y < 28; y++)
    for (let x = 0; x < 28; x++) {
      const dx = x - c - t.tx;
      const dy = y - c - t.ty;
      const sx = t.a * dx + t.b * dy + c;
      const sy = t.c * dx + t.d * dy + c;
      const [x0, y0] = [Math.floor(sx), Math.floor(sy)];
      const [fx, fy] = [sx - x0, sy - y0];
      out[y * 28 + x] =
        ((px(x0, y0) * (1 - fx) + px(x0 + 1, y0) * fx) * (1 - fy) + (px(x0, y0 + 1) * (1 - fx) + px(x0 + 1, y0 + 1) * fx) * fy) / 255;
    }
  return out;
}

describe('random distortions', () => {
  const rng = mulberry32(3);
  // A digit-like blob touching the border, so edge handling is exercised.
  const src = new Uint8Array(784).map((_, i) => ((i % 28) * 7 + Math.floor(i / 28) * 13) % 256);

  it('identity map copies the image', () => {
    const out = new Float32Array(784);
    warpInto(src, 0, { a: 1, b: 0, c: 0, d: 1, tx: 0, ty: 0 }, out, 0);
    for (let i = 0; i < 784; i++) expect(out[i]).toBeCloseTo(src[i]! / 255, 6);
  });

  it('matches the plain bilinear formula for random maps, borders included', () => {
    for (let n = 0; n < 200; n++) {
      const t = randomAffine({ ...DEFAULT_AUGMENT, shift: 6, rotate: 30 }, rng);
      const out = new Float32Array(784 + 10);
      warpInto(src, 0, t, out, 10);
      const want = reference(src, t);
      for (let i = 0; i < 784; i++) expect(Math.abs(out[10 + i]! - want[i]!)).toBeLessThan(1e-5);
    }
  });

  it('a shift moves the ink by whole pixels', () => {
    const out = new Float32Array(784);
    warpInto(src, 0, { a: 1, b: 0, c: 0, d: 1, tx: 2, ty: -1 }, out, 0);
    expect(out[5 * 28 + 9]).toBeCloseTo(src[6 * 28 + 7]! / 255, 6);
    expect(out[0]).toBe(0); // came from outside the image
  });
});
