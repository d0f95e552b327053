/**
 * A stroke set made from MNIST *training* digits, for measuring the drawing pipeline: each 28x28
 * digit is upsampled 4x (bilinear, so a loop that is a one-pixel gap in MNIST stays open), binarised,
 * thinned to a one-pixel skeleton (Zhang & Suen 1984), the skeleton traced into
 * polylines (endpoint/junction to endpoint/junction, then the loops left over), and each polyline
 * simplified (Ramer–Douglas–Peucker). Two repairs bring the strokes closer to the digit: each free
 * end is pushed on to where the ink ends (thinning eats half a stroke width off every end), and the
 * blots the strokes miss (loops filled in by a broad pen) get strokes of their own. Deterministic: the same digits give the same strokes, so the
 * set is regenerated on the fly and never stored. MNIST test images are used for nothing here.
 *
 * Coordinates are MNIST pixel indices (a pixel's centre at its integer index), y down.
 */

import { rasterizeSegment } from '../../src/shared/preprocess/strokes.ts';
import { resampleArea, type InkMap } from '../../src/shared/preprocess/mnist-style.ts';
import { MNIST_PEN_WIDTH } from '../../src/shared/preprocess/stroke-render.ts';
import { countHoles, neighbours, polylineLength, pruneSpurs, S, simplify, skPoint, thin, trace, U, type Polyline } from './skeleton.ts';

export interface TracedDigit {
  /** Index in the MNIST training set. */
  readonly index: number;
  readonly label: number;
  readonly strokes: readonly Polyline[];
  /** Ink mass of the original image (sum of pixel values / 255), px². */
  readonly inkArea: number;
  /** Length of the traced skeleton (simplified to within 0.1 px), px. */
  readonly skeletonLength: number;
  /**
   * How well the strokes stand for the digit: intersection over union of the original's ink
   * (≥ 0.5) and the strokes redrawn in place with MNIST's pen (`MNIST_PEN_WIDTH`, the app's).
   */
  readonly fidelity: number;
  /** Pearson correlation of the original's pixels and the strokes redrawn in place with MNIST's pen. */
  readonly correlation: number;
}

/**
 * Pixels at or above a threshold are ink for the skeleton: half of full ink, or higher where that
 * opens more of the digit's loops (a bold 6 or 8 whose holes are grey, not paper, in MNIST).
 */
const BINARY_THRESHOLDS = [128, 160, 192, 224] as const;

const ptKey = (p: { x: number; y: number }) => `${p.x.toFixed(3)},${p.y.toFixed(3)}`;

/** How far back along a stroke its end direction is taken, px. */
const END_DIRECTION_SPAN = 1.5;
/** The longest extension of a stroke's free end, px. */
const MAX_EXTENSION = 3;

/**
 * Thinning eats about half a stroke width off every free end (a skeleton stops where the ink's
 * inscribed circles do), so a traced stroke is shorter than the one the pen drew: the tail of a 2,
 * the stem of a 9 come out short. Each free end (`ends`: skeleton endpoints, not junctions) is
 * pushed on along its own direction to where the ink (`grey` ≥ half, at the traced resolution)
 * ends, less the pen's radius `width / 2`, since a round cap adds that back.
 */
function extendEnds(line: Polyline, ends: ReadonlySet<string>, grey: Float32Array, width: number): Polyline {
  if (line.length < 2) return line;
  const out = line.slice();
  const inkAt = (x: number, y: number) => {
    // MNIST pixel coordinates to the traced grid, nearest sub-pixel.
    const X = Math.round((x + 0.5) * U - 0.5);
    const Y = Math.round((y + 0.5) * U - 0.5);
    return X >= 0 && Y >= 0 && X < S && Y < S ? grey[Y * S + X]! : 0;
  };
  /** `step`: the way into the line from its end `endIdx`. */
  const extend = (endIdx: number, step: 1 | -1) => {
    const end = out[endIdx]!;
    if (!ends.has(ptKey(end))) return;
    // A point END_DIRECTION_SPAN back along the line gives the stroke's direction at its end.
    let back = end;
    let walked = 0;
    for (let i = endIdx + step; i >= 0 && i < out.length; i += step) {
      walked += Math.hypot(out[i]!.x - out[i - step]!.x, out[i]!.y - out[i - step]!.y);
      back = out[i]!;
      if (walked >= END_DIRECTION_SPAN) break;
    }
    const len = Math.hypot(end.x - back.x, end.y - back.y);
    if (len < 1e-6) return;
    const ux = (end.x - back.x) / len;
    const uy = (end.y - back.y) / len;
    let edge = 0;
    for (let d = 0.25; d <= MAX_EXTENSION + width / 2; d += 0.25) {
      if (inkAt(end.x + ux * d, end.y + uy * d) < 128) break;
      edge = d;
    }
    const ext = edge - width / 2;
    if (ext > 0) out[endIdx] = { x: end.x + ux * ext, y: end.y + uy * ext };
  };
  extend(0, 1);
  extend(out.length - 1, -1);
  return out;
}

/** Turns one MNIST digit (`images[offset … +784)`, bytes) into strokes, with the measures of `TracedDigit`. */
export function traceDigit(images: Uint8Array, offset: number, index: number, label: number): TracedDigit {
  let inkArea = 0;
  for (let i = 0; i < 784; i++) inkArea += images[offset + i]! / 255;
  const { strokes, skeletonLength } = traceStrokes(images, offset);
  return {
    index,
    label,
    strokes,
    inkArea,
    skeletonLength,
    fidelity: fidelity(images, offset, strokes, MNIST_PEN_WIDTH),
    correlation: correlation(
      images.subarray(offset, offset + 784),
      redrawInPlace(strokes, MNIST_PEN_WIDTH).map((v) => v * 255),
    ),
  };
}

/**
 * The strokes of one MNIST digit (`images[offset … +784)`, bytes), MNIST pixel coordinates, and the
 * length of its skeleton (px). `traceDigit` without the measures: what training-time augmentation needs.
 */
export function traceStrokes(images: Uint8Array, offset: number): { strokes: Polyline[]; skeletonLength: number } {
  const px = (x: number, y: number) => (x < 0 || y < 0 || x > 27 || y > 27 ? 0 : images[offset + y * 28 + x]!);
  const grey = new Float32Array(S * S);
  for (let Y = 0; Y < S; Y++) {
    const sy = (Y + 0.5) / U - 0.5;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    for (let X = 0; X < S; X++) {
      const sx = (X + 0.5) / U - 0.5;
      const x0 = Math.floor(sx);
      const fx = sx - x0;
      grey[Y * S + X] =
        (px(x0, y0) * (1 - fx) + px(x0 + 1, y0) * fx) * (1 - fy) + (px(x0, y0 + 1) * (1 - fx) + px(x0 + 1, y0 + 1) * fx) * fy;
    }
  }
  let bin = new Uint8Array(S * S);
  let holes = -1;
  for (const t of BINARY_THRESHOLDS) {
    const b = new Uint8Array(S * S);
    for (let i = 0; i < S * S; i++) b[i] = grey[i]! >= t ? 1 : 0;
    const h = countHoles(b);
    if (h > holes) [bin, holes] = [b, h];
  }
  thin(bin, S, S);
  pruneSpurs(bin);
  const raw = trace(bin);
  // Measured along a lightly simplified path: the raw sub-pixel staircase would overstate it.
  const skeletonLength = raw.reduce((a, l) => a + polylineLength(simplify(l, 0.1)), 0);
  const ends = new Set<string>();
  for (let i = 0; i < S * S; i++) if (bin[i] && neighbours(bin, i % S, Math.floor(i / S)).length === 1) ends.add(ptKey(skPoint(i)));
  const strokes = raw.map((l) => extendEnds(simplify(l), ends, grey, MNIST_PEN_WIDTH));
  strokes.push(...blobStrokes(grey, strokes));
  return { strokes, skeletonLength };
}

/**
 * A residual blob (ink the strokes miss) counts when it is at least this thick, px: a loop the
 * writer's pen filled in (the top of a bold 8, the base of a 2), not the sliver a bold stroke
 * leaves on either side of a thinner pen.
 */
const BLOB_THICKNESS = 2;

/**
 * Strokes for the blots the skeleton misses. A loop drawn small with a broad pen is filled in
 * (MNIST has many: the loops of 8s, the base of 2s), and the skeleton of a filled loop is a short
 * line, so its strokes leave most of it paper. The ink (`grey` ≥ half) that `strokes` drawn with
 * MNIST's pen do not reach is split into 4-connected parts; each part at least `BLOB_THICKNESS`
 * thick (a chamfer distance transform) is thinned and traced like the digit: the pen going round
 * or through the blot, as a writer filling a loop does.
 */
function blobStrokes(grey: Float32Array, strokes: readonly Polyline[]): Polyline[] {
  const cover: InkMap = { width: S, height: S, data: new Float32Array(S * S) };
  const at = (p: { x: number; y: number }) => ({ x: (p.x + 0.5) * U, y: (p.y + 0.5) * U });
  for (const l of strokes) {
    if (l.length === 1) rasterizeSegment(cover, at(l[0]!), at(l[0]!), MNIST_PEN_WIDTH * U);
    for (let i = 1; i < l.length; i++) rasterizeSegment(cover, at(l[i - 1]!), at(l[i]!), MNIST_PEN_WIDTH * U);
  }
  const rest = new Uint8Array(S * S);
  for (let i = 0; i < S * S; i++) rest[i] = grey[i]! >= 128 && cover.data[i]! < 0.5 ? 1 : 0;
  // Chamfer (3-4) distance to the nearest pixel outside `rest`, in sub-pixels × 3.
  const dist = new Float32Array(S * S);
  const big = 1e9;
  for (let i = 0; i < S * S; i++) dist[i] = rest[i] ? big : 0;
  const relax = (x: number, y: number, dx: number, dy: number, w: number) => {
    const xx = x + dx;
    const yy = y + dy;
    const d = xx < 0 || yy < 0 || xx >= S || yy >= S ? 0 : dist[yy * S + xx]!;
    if (d + w < dist[y * S + x]!) dist[y * S + x] = d + w;
  };
  for (let y = 0; y < S; y++)
    for (let x = 0; x < S; x++)
      if (rest[y * S + x]) {
        relax(x, y, -1, 0, 3);
        relax(x, y, 0, -1, 3);
        relax(x, y, -1, -1, 4);
        relax(x, y, 1, -1, 4);
      }
  for (let y = S - 1; y >= 0; y--)
    for (let x = S - 1; x >= 0; x--)
      if (rest[y * S + x]) {
        relax(x, y, 1, 0, 3);
        relax(x, y, 0, 1, 3);
        relax(x, y, 1, 1, 4);
        relax(x, y, -1, 1, 4);
      }
  // Keep the parts thick enough to be blots.
  const keep = new Uint8Array(S * S);
  const seen = new Uint8Array(S * S);
  for (let i = 0; i < S * S; i++) {
    if (!rest[i] || seen[i]) continue;
    const part = [i];
    seen[i] = 1;
    let thickest = 0;
    for (let k = 0; k < part.length; k++) {
      const j = part[k]!;
      thickest = Math.max(thickest, dist[j]!);
      const x = j % S;
      for (const n of [x > 0 ? j - 1 : -1, x < S - 1 ? j + 1 : -1, j - S, j + S]) {
        if (n >= 0 && n < S * S && rest[n] && !seen[n]) {
          seen[n] = 1;
          part.push(n);
        }
      }
    }
    // dist counts half a sub-pixel at the edge: a part t sub-pixels across has a centre ~3t/2.
    if (thickest / 3 / U >= BLOB_THICKNESS / 2) for (const j of part) keep[j] = 1;
  }
  thin(keep, S, S);
  pruneSpurs(keep);
  return trace(keep).map((l) => simplify(l));
}

/**
 * `strokes` redrawn where they were traced, in the original 28x28 frame (no crop, no scaling, no
 * centring), `width` px wide: what the stroke set itself keeps of the digit, `[784]` in [0, 1].
 */
export function redrawInPlace(strokes: readonly Polyline[], width: number): Float32Array {
  const fine: InkMap = { width: S, height: S, data: new Float32Array(S * S) };
  const at = (p: { x: number; y: number }) => ({ x: (p.x + 0.5) * U, y: (p.y + 0.5) * U });
  for (const l of strokes) {
    if (l.length === 1) rasterizeSegment(fine, at(l[0]!), at(l[0]!), width * U);
    for (let i = 1; i < l.length; i++) rasterizeSegment(fine, at(l[i - 1]!), at(l[i]!), width * U);
  }
  return resampleArea(fine, { x: 0, y: 0, width: S, height: S }, 28, 28).data;
}

/** IoU of the original's ink and `strokes` redrawn in place `width` px wide (see `TracedDigit.fidelity`). */
export function fidelity(images: Uint8Array, offset: number, strokes: readonly Polyline[], width: number): number {
  const redrawn = redrawInPlace(strokes, width);
  let both = 0;
  let either = 0;
  for (let i = 0; i < 784; i++) {
    const a = images[offset + i]! >= 128;
    const b = redrawn[i]! >= 0.5;
    if (a && b) both++;
    if (a || b) either++;
  }
  return either ? both / either : 0;
}

/**
 * The first `perClass` training digits of each class (in training-set order), traced: a fixed,
 * class-balanced subset.
 */
export function buildStrokeSet(images: Uint8Array, labels: Uint8Array, perClass: number): TracedDigit[] {
  const counts = new Array<number>(10).fill(0);
  const out: TracedDigit[] = [];
  for (let i = 0; i < labels.length && out.length < perClass * 10; i++) {
    const label = labels[i]!;
    if (counts[label]! >= perClass) continue;
    const d = traceDigit(images, i * 784, i, label);
    if (d.skeletonLength === 0) continue;
    counts[label]!++;
    out.push(d);
  }
  return out;
}

/** Pearson correlation of two images of the same length. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]! - ma;
    const y = b[i]! - mb;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa && bb ? ab / Math.sqrt(aa * bb) : 0;
}
