import { describe, expect, it } from 'vitest';
import {
  channel,
  colorOf,
  colorize,
  contrastRatio,
  gradientCss,
  rangeOf,
  relativeLuminance,
  scaleRange,
  textColorOn,
  unionRange,
  robustSymmetricRange,
  PALETTES,
} from './colormap.ts';

const lum = ([r, g, b]: readonly number[]) => 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;

describe('colormaps', () => {
  it('paints an array as colorOf colours each value, to within a step of its table', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    for (const palette of PALETTES)
      for (const kind of ['sequential', 'diverging'] as const) {
        const range = kind === 'diverging' ? { min: -0.7, max: 2.3 } : { min: 0.2, max: 4.1 };
        const values = Float32Array.from({ length: 2000 }, () => 0.2 + 2.5 * rand());
        values[0] = NaN;
        const out = new Uint8ClampedArray(4 * values.length);
        colorize(values, kind, range, out, palette);
        expect([...out.subarray(0, 4)]).toEqual([255, 0, 255, 255]);
        let worst = 0;
        for (let i = 1; i < values.length; i++) {
          const want = colorOf(values[i]!, kind, range, palette);
          for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(out[4 * i + c]! - Math.round(want[c]!)));
          expect(out[4 * i + 3]).toBe(255);
        }
        expect(worst).toBeLessThanOrEqual(3);
      }
  });

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

type Rgb = readonly [number, number, number];
/** Colour-vision deficiency at full severity (Machado, Oliveira & Fernandes 2009), in linear RGB. */
const CVD: Record<string, readonly (readonly number[])[]> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};
const toLinear = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
const toSrgb = (l: number) => 255 * (l <= 0.0031308 ? 12.92 * l : 1.055 * l ** (1 / 2.4) - 0.055);
const simulate = (m: readonly (readonly number[])[], rgb: Rgb): Rgb => {
  const lin = rgb.map(toLinear);
  const row = (r: readonly number[]) => toSrgb(Math.min(1, Math.max(0, r[0]! * lin[0]! + r[1]! * lin[1]! + r[2]! * lin[2]!)));
  return [row(m[0]!), row(m[1]!), row(m[2]!)];
};
/** CIELAB (D65) of an sRGB colour, for colour differences (ΔE 1976). */
const lab = (rgb: Rgb): Rgb => {
  const [r, g, b] = rgb.map(toLinear) as unknown as Rgb;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
};
const deltaE = (a: Rgb, b: Rgb) => Math.hypot(...lab(a).map((v, i) => v - lab(b)[i]!));

const PAL = 'colorblind';
describe('the colour-blind safe palette', () => {
  const views = { 'normal vision': null, ...CVD };

  it('keeps the sequential map ordered by lightness for every kind of colour vision', () => {
    for (const [name, m] of Object.entries(views)) {
      const ls = Array.from({ length: 21 }, (_, i) => {
        const c = colorOf(i / 20, 'sequential', { min: 0, max: 1 }, PAL);
        return relativeLuminance(m ? simulate(m, c) : c);
      });
      for (let i = 1; i < ls.length; i++) expect(ls[i], `${name}, step ${i}`).toBeGreaterThan(ls[i - 1]!);
    }
  });

  // The default red/blue map is pale near zero: ±0.25 differ by ΔE 19 there even with normal vision.
  it('keeps the sign apart on the diverging map for every kind of colour vision, lighter toward zero', () => {
    const range = { min: -1, max: 1 };
    for (const [name, m] of Object.entries(views)) {
      const seen = (v: number) => {
        const c = colorOf(v, 'diverging', range, PAL);
        return m ? simulate(m, c) : c;
      };
      for (const t of [0.25, 0.5, 0.75, 1]) expect(deltaE(seen(-t), seen(t)), `${name}, ±${t}`).toBeGreaterThan(25);
      for (const sign of [-1, 1]) {
        const ls = [0, 0.25, 0.5, 0.75, 1].map((t) => relativeLuminance(seen(sign * t)));
        for (let i = 1; i < ls.length; i++) expect(ls[i], `${name}, ${sign > 0 ? '+' : '−'} arm`).toBeLessThan(ls[i - 1]!);
      }
    }
  });

  it('leaves the default maps as they were and paints white at zero in both', () => {
    const range = { min: -1, max: 1 };
    expect(colorOf(0.3, 'sequential', range)).toEqual(colorOf(0.3, 'sequential', range, 'default'));
    expect(colorOf(0.3, 'sequential', range, 'colorblind')).not.toEqual(colorOf(0.3, 'sequential', range));
    expect(Math.min(...colorOf(0, 'diverging', range, 'colorblind'))).toBeGreaterThan(240);
    const out = new Uint8ClampedArray(4);
    colorize([1], 'diverging', range, out, 'colorblind');
    expect(Array.from(out.slice(0, 3))).toEqual(colorOf(1, 'diverging', range, 'colorblind').map(Math.round));
  });

  it('draws legends from the same stops', () => {
    const css = gradientCss('sequential', 'colorblind', 3);
    expect(css).toMatch(/^linear-gradient\(to right, rgb\(0 32 77\) 0\.0%, rgb\(\d+ \d+ \d+\) 50\.0%, rgb\(255 234 70\) 100\.0%\)$/);
    expect(gradientCss('diverging', 'default')).toContain('rgb(247 247 247) 50.0%');
  });
});

describe('text on coloured backgrounds', () => {
  it('measures contrast as WCAG does', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
    expect(contrastRatio([255, 255, 255], [255, 255, 255])).toBe(1);
    // #767676 on white is the classic 4.54 : 1.
    expect(contrastRatio([118, 118, 118], [255, 255, 255])).toBeCloseTo(4.54, 2);
  });

  it('picks black or white text that reads at 4.5 : 1 on any background', () => {
    for (let r = 0; r <= 255; r += 17)
      for (let g = 0; g <= 255; g += 17)
        for (let b = 0; b <= 255; b += 17) {
          const bg: Rgb = [r, g, b];
          const ink = textColorOn(bg) === '#000000' ? ([0, 0, 0] as const) : ([255, 255, 255] as const);
          expect(contrastRatio(bg, ink)).toBeGreaterThanOrEqual(4.5);
        }
  });
});
