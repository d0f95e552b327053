/**
 * Colormaps and value scaling for feature maps. Pure: numbers in, RGBA bytes out.
 * Signed values use a diverging map (blue < 0, white = 0, red > 0) symmetric around zero, so the
 * sign is never hidden by the scaling; non-negative values use a sequential map (dark → bright).
 */

export type ScaleMode = 'map' | 'layer' | 'global';
export type ColormapKind = 'diverging' | 'sequential';
/**
 * Which pair of maps: `default` (inferno-like and red/blue) or `colorblind` (cividis and
 * blue/orange), made to read the same with red-green colour blindness (protanopia, deuteranopia)
 * and to stay ordered by lightness for every viewer.
 */
export type Palette = 'default' | 'colorblind';
export const PALETTES: readonly Palette[] = ['default', 'colorblind'];

export interface Range {
  readonly min: number;
  readonly max: number;
}

type Rgb = readonly [number, number, number];

/** Sequential stops (black-purple-orange-yellow, like "inferno"), for values ≥ 0. */
const SEQUENTIAL: readonly Rgb[] = [
  [0, 0, 4],
  [40, 11, 84],
  [101, 21, 110],
  [159, 42, 99],
  [212, 72, 66],
  [245, 125, 21],
  [250, 193, 39],
  [252, 255, 164],
];
/** Diverging stops: blue (−1) → white (0) → red (+1). */
const DIVERGING: readonly Rgb[] = [
  [5, 48, 97],
  [67, 147, 195],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [214, 96, 77],
  [103, 0, 31],
];

/**
 * Cividis (Nuñez, Anderton & Renslow 2018, PLoS ONE 13(8)): dark blue → grey → yellow, for values
 * ≥ 0; its lightness grows steadily and its hues sit on the blue-yellow axis that red-green colour
 * blind viewers keep. These are viridisLite's ten samples of it.
 */
const CIVIDIS: readonly Rgb[] = [
  [0, 32, 77],
  [0, 51, 111],
  [57, 72, 107],
  [87, 92, 109],
  [112, 113, 115],
  [138, 135, 121],
  [166, 157, 117],
  [196, 181, 108],
  [228, 207, 91],
  [255, 234, 70],
];
/**
 * Blue (−1) → white (0) → orange (+1): both arms on the blue-yellow axis, so the sign survives
 * protanopia, deuteranopia and tritanopia alike; each arm darkens steadily away from zero.
 */
const BLUE_ORANGE: readonly Rgb[] = [
  [8, 48, 107],
  [49, 130, 189],
  [158, 202, 225],
  [247, 247, 247],
  [253, 208, 162],
  [230, 115, 20],
  [127, 39, 4],
];
/** The hues of the diverging map's two arms, for legends and captions. */
export const SIGN_HUES: Record<Palette, { readonly negative: string; readonly positive: string }> = {
  default: { negative: 'blue', positive: 'red' },
  colorblind: { negative: 'blue', positive: 'orange' },
};
const STOPS: Record<Palette, Record<ColormapKind, readonly Rgb[]>> = {
  default: { sequential: SEQUENTIAL, diverging: DIVERGING },
  colorblind: { sequential: CIVIDIS, diverging: BLUE_ORANGE },
};

function lerpStops(stops: readonly Rgb[], t: number): Rgb {
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/**
 * Color of `v` under `kind` with `range`: sequential maps min→max; diverging maps ±max|range|.
 * `palette` picks the pair of maps (the default one unless the user chose the colour-blind one).
 */
export function colorOf(v: number, kind: ColormapKind, range: Range, palette: Palette = 'default'): Rgb {
  if (!Number.isFinite(v)) return [255, 0, 255];
  const stops = STOPS[palette][kind];
  if (kind === 'diverging') {
    const m = Math.max(Math.abs(range.min), Math.abs(range.max)) || 1;
    return lerpStops(stops, (v / m + 1) / 2);
  }
  const span = range.max - range.min || 1;
  return lerpStops(stops, (v - range.min) / span);
}

/** CSS `linear-gradient` (left to right) of a colormap over its whole range, for legends. */
export function gradientCss(kind: ColormapKind, palette: Palette = 'default', steps = 9): string {
  const stops = Array.from({ length: steps }, (_, k) => {
    const t = k / (steps - 1);
    const [r, g, b] =
      kind === 'diverging' ? colorOf(2 * t - 1, kind, { min: -1, max: 1 }, palette) : colorOf(t, kind, { min: 0, max: 1 }, palette);
    return `rgb(${Math.round(r)} ${Math.round(g)} ${Math.round(b)}) ${(t * 100).toFixed(1)}%`;
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** WCAG 2 relative luminance of an sRGB colour (0..255 channels): 0 for black, 1 for white. */
export function relativeLuminance([r, g, b]: readonly [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2 contrast ratio of two colours, 1 (same) to 21 (black on white). */
export function contrastRatio(a: readonly [number, number, number], b: readonly [number, number, number]): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Black or white, whichever reads better on `bg`: one of them always has a contrast of at least
 * 4.58 : 1 (WCAG AA for small text), whatever the background.
 */
export function textColorOn(bg: readonly [number, number, number]): '#000000' | '#ffffff' {
  return contrastRatio(bg, [0, 0, 0]) >= contrastRatio(bg, [255, 255, 255]) ? '#000000' : '#ffffff';
}

/** Writes `values` as RGBA into `out` (length 4·values.length). */
export function colorize(
  values: ArrayLike<number>,
  kind: ColormapKind,
  range: Range,
  out: Uint8ClampedArray,
  palette: Palette = 'default',
): void {
  // As `colorOf`, through a table of the map at 256 points (8-bit colour: the same picture to within
  // a step of the table), without an array per pixel: the feature maps are ~9,000 pixels a frame.
  const lut = lutOf(kind, palette);
  const m = Math.max(Math.abs(range.min), Math.abs(range.max)) || 1;
  const lo = kind === 'diverging' ? -m : range.min;
  const scale = (LUT_STEPS - 1) / (kind === 'diverging' ? 2 * m : range.max - range.min || 1);
  for (let i = 0, o = 0; i < values.length; i++, o += 4) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      out[o] = 255;
      out[o + 1] = 0;
      out[o + 2] = 255;
    } else {
      const k = 3 * Math.min(LUT_STEPS - 1, Math.max(0, Math.round((v - lo) * scale)));
      out[o] = lut[k]!;
      out[o + 1] = lut[k + 1]!;
      out[o + 2] = lut[k + 2]!;
    }
    out[o + 3] = 255;
  }
}

const LUT_STEPS = 256;
const luts = new Map<string, Uint8ClampedArray>();
/** `kind`'s colours (`palette`) at `LUT_STEPS` evenly spaced points of its range, RGB bytes; built once. */
function lutOf(kind: ColormapKind, palette: Palette): Uint8ClampedArray {
  const key = `${palette}:${kind}`;
  let t = luts.get(key);
  if (!t) {
    t = new Uint8ClampedArray(LUT_STEPS * 3);
    for (let i = 0; i < LUT_STEPS; i++) t.set(lerpStops(STOPS[palette][kind], i / (LUT_STEPS - 1)), 3 * i);
    luts.set(key, t);
  }
  return t;
}

/** Min and max of `values` (0..0 when empty). */
export function rangeOf(values: ArrayLike<number>): Range {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return Number.isFinite(min) ? { min, max } : { min: 0, max: 0 };
}

/**
 * A symmetric range ±(the `q` quantile of |v|) for weights: a few large weights would otherwise
 * wash every kernel out to white on a diverging map; larger values saturate. NaNs are skipped.
 */
export function robustSymmetricRange(values: ArrayLike<number>, q = 0.98): Range {
  // A typed array sorts numerically without a JS comparator: 0.22 → 0.08 ms for a 784-pixel saliency
  // map in Node here (it runs with every live map while drawing).
  const all = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) all[n++] = Math.abs(v);
  }
  if (!n) return { min: 0, max: 0 };
  const abs = all.subarray(0, n).sort();
  const m = abs[Math.min(n - 1, Math.floor(q * n))]!;
  return { min: -m, max: m };
}

/** Union of ranges. */
export function unionRange(ranges: readonly Range[]): Range {
  return ranges.reduce((a, r) => ({ min: Math.min(a.min, r.min), max: Math.max(a.max, r.max) }), { min: Infinity, max: -Infinity });
}

/**
 * The range each map is drawn with: its own (`map`), its layer's (`layer`), or the one of every
 * layer of the same colormap kind (`global`).
 */
export function scaleRange(mode: ScaleMode, own: Range, layer: Range, global: Range): Range {
  return mode === 'map' ? own : mode === 'layer' ? layer : global;
}

/**
 * Channel `k` of an NHWC activation `[h, w, c]` (batch dropped) as a row-major `[h*w]` array.
 */
export function channel(data: Float32Array, h: number, w: number, c: number, k: number): Float32Array {
  const out = new Float32Array(h * w);
  for (let i = 0; i < h * w; i++) out[i] = data[i * c + k]!;
  return out;
}
