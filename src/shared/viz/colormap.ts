/**
 * Colormaps and value scaling for feature maps. Pure: numbers in, RGBA bytes out.
 * Signed values use a diverging map (blue < 0, white = 0, red > 0) symmetric around zero, so the
 * sign is never hidden by the scaling; non-negative values use a sequential map (dark → bright).
 */

export type ScaleMode = 'map' | 'layer' | 'global';
export type ColormapKind = 'diverging' | 'sequential';

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

function lerpStops(stops: readonly Rgb[], t: number): Rgb {
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** Color of `v` under `kind` with `range`: sequential maps min→max; diverging maps ±max|range|. */
export function colorOf(v: number, kind: ColormapKind, range: Range): Rgb {
  if (!Number.isFinite(v)) return [255, 0, 255];
  if (kind === 'diverging') {
    const m = Math.max(Math.abs(range.min), Math.abs(range.max)) || 1;
    return lerpStops(DIVERGING, (v / m + 1) / 2);
  }
  const span = range.max - range.min || 1;
  return lerpStops(SEQUENTIAL, (v - range.min) / span);
}

/** Writes `values` as RGBA into `out` (length 4·values.length). */
export function colorize(values: ArrayLike<number>, kind: ColormapKind, range: Range, out: Uint8ClampedArray): void {
  for (let i = 0; i < values.length; i++) {
    const [r, g, b] = colorOf(values[i]!, kind, range);
    out[4 * i] = r;
    out[4 * i + 1] = g;
    out[4 * i + 2] = b;
    out[4 * i + 3] = 255;
  }
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
  const abs: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) abs.push(Math.abs(values[i]!));
  if (!abs.length) return { min: 0, max: 0 };
  abs.sort((a, b) => a - b);
  const m = abs[Math.min(abs.length - 1, Math.floor(q * abs.length))]!;
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
