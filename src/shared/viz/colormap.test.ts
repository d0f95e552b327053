import { describe, expect, it } from 'vitest';
import { channel, colorOf, colorize, rangeOf, scaleRange, unionRange, robustSymmetricRange } from './colormap.ts';

const lum = ([r, g, b]: readonly number[]) => 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;

describe('colormaps', () => {
  it('keeps negative, zero and positive clearly apart on the diverging map', () => {
    const range = { min: -2, max: 1 };
    const neg = colorOf(-2, 'diverging', range);
    const zero = colorOf(0, 'diverging', range);
    const pos = colorOf(2, 'diverging', range);
    expect(neg[2]).toBeGreaterThan(neg[0]); // blue
    expect(pos[0]).toBeGreaterThan(pos[2]); // red
    expect(Math.min(...zero)).toBeGreaterThan(240); // white
  });

  it('is symmetric around zero, whatever the range', () => {
    const range = { min: -1, max: 4 };
    const a = colorOf(-3, 'diverging', range);
    const b = colorOf(3, 'diverging', range);
    expect(Math.abs(lum(a) - lum(b))).toBeLessThan(60);
    expect(colorOf(0, 'diverging', range)).toEqual(colorOf(0, 'diverging', { min: -5, max: 5 }));
  });

  it('grows brighter with the value on the sequential map', () => {
    const range = { min: 0, max: 10 };
    const ls = [0, 2.5, 5, 7.5, 10].map((v) => lum(colorOf(v, 'sequential', range)));
    for (let i = 1; i < ls.length; i++) expect(ls[i]).toBeGreaterThan(ls[i - 1]!);
  });

  it('clamps out-of-range values and flags non-finite ones', () => {
    expect(colorOf(20, 'sequential', { min: 0, max: 10 })).toEqual(colorOf(10, 'sequential', { min: 0, max: 10 }));
    expect(colorOf(NaN, 'sequential', { min: 0, max: 1 })).toEqual([255, 0, 255]);
  });

  it('writes RGBA bytes', () => {
    const out = new Uint8ClampedArray(8);
    colorize([0, 1], 'sequential', { min: 0, max: 1 }, out);
    expect(out[3]).toBe(255);
    expect(out[7]).toBe(255);
    expect(lum([out[4]!, out[5]!, out[6]!])).toBeGreaterThan(lum([out[0]!, out[1]!, out[2]!]));
  });
});

describe('scaling', () => {
  it('finds ranges and picks per-map, per-layer or global', () => {
    const own = rangeOf([1, 3, 2]);
    expect(own).toEqual({ min: 1, max: 3 });
    const layer = unionRange([own, { min: 0, max: 5 }]);
    expect(layer).toEqual({ min: 0, max: 5 });
    const global = { min: -1, max: 9 };
    expect(scaleRange('map', own, layer, global)).toBe(own);
    expect(scaleRange('layer', own, layer, global)).toBe(layer);
    expect(scaleRange('global', own, layer, global)).toBe(global);
  });

  it('slices one channel out of an NHWC activation', () => {
    const data = new Float32Array([0, 10, 1, 11, 2, 12, 3, 13]); // 2x2 pixels, 2 channels
    expect(Array.from(channel(data, 2, 2, 2, 1))).toEqual([10, 11, 12, 13]);
  });
});

describe('robustSymmetricRange', () => {
  it('is symmetric and ignores a few outliers', () => {
    const v = Array.from({ length: 100 }, (_, i) => (i % 2 ? 1 : -1) * (i / 100));
    v[0] = 50; // one huge weight
    const r = robustSymmetricRange(v, 0.98);
    expect(r.min).toBe(-r.max);
    expect(r.max).toBeGreaterThan(0.9);
    expect(r.max).toBeLessThan(1);
  });
  it('skips NaN and is 0..0 for nothing', () => {
    expect(robustSymmetricRange([NaN, NaN])).toEqual({ min: 0, max: 0 });
    expect(robustSymmetricRange([NaN, -2, 1], 1)).toEqual({ min: -2, max: 2 });
  });
});
