/**
 * Stroke-aware preprocessing: the network's input drawn from the pen's path, not from the pad's
 * pixels. The three MNIST steps stay (crop → longer side 20 px → centred by the centre of mass),
 * but the crop is the strokes' geometry and step 2 *redraws* the strokes at the 20-px scale with
 * MNIST's own pen width, so the input no longer depends on how big, where, or with which pen the
 * digit was drawn. (Rasterizing at the pad's resolution and shrinking, as `preprocessMnist` does,
 * turns the pad's fixed pen into a ~6 px stroke for a small digit; MNIST's strokes are ~2.5 px.)
 *
 * Pure: strokes in surface units in, a 28x28 image out.
 */
import { BOX, placeByCenterOfMass, resampleArea, type Box, type InkMap, type PreprocessResult } from './mnist-style.ts';
import { rasterizeSegment, type Stroke } from './strokes.ts';

/**
 * MNIST's typical stroke width in 28x28 pixels, measured on the training set as ink area (sum of
 * pixel values / 255) ÷ length of the traced skeleton (`npx tsx bench/drawn/mnist-width.ts`):
 * median 2.43 px over the first 6,000 training digits traced at 4x (pooled 2.47, mean 2.56, 10th–90th
 * percentile 1.73–3.51, per class from 2.05 for 8 to 2.92 for 1); an earlier tracer at 1x over all
 * 60,000 gave a median of 2.47. The pen of step 2, whatever pen the user drew with.
 */
export const MNIST_PEN_WIDTH = 2.5;

/** Step 2 draws at this many sub-pixels per pixel and area-averages down: anti-aliased like MNIST. */
const SUPERSAMPLE = 4;

/** Bounding box of the strokes' centre lines (surface units), or null if there are no points. */
export function strokeBounds(strokes: readonly Stroke[]): Box | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const s of strokes) {
    for (const p of s.points) {
      if (p.x < minX) minX = p.x;
      if (p.x > maxX) maxX = p.x;
      if (p.y < minY) minY = p.y;
      if (p.y > maxY) maxY = p.y;
    }
  }
  if (minX > maxX) return null;
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** `box` grown by `margin` on every side. */
export function expandBox(box: Box, margin: number): Box {
  return { x: box.x - margin, y: box.y - margin, width: box.width + 2 * margin, height: box.height + 2 * margin };
}

/**
 * Strokes → MNIST-style 28x28:
 * 1. crop: the bounding box of the strokes' centre lines (the pen's width is ignored);
 * 2. scale so that the centre lines' longer side plus one MNIST pen width is `BOX` (20) px, aspect
 *    kept, and redraw the strokes there with a round pen `MNIST_PEN_WIDTH` wide (drawn at 4x and
 *    area-averaged, so edges are grey as in MNIST);
 * 3. place that box in 28x28 so the centre of mass is at (14, 14), by whole pixels, kept inside.
 * A dot or a drawing smaller than the pen (`extent` under the widest stroke's width) is scaled as if
 * it were that wide, so a click stays a dot instead of becoming a 20-px blob.
 * No strokes (or none with points) gives `{ kind: 'empty' }`. `penW` (px) is for measurements only.
 */
export function preprocessStrokes(strokes: readonly Stroke[], penW = MNIST_PEN_WIDTH): PreprocessResult {
  const crop = strokeBounds(strokes);
  if (!crop) return { kind: 'empty' };
  const minExtent = strokes.reduce((m, s) => (s.points.length ? Math.max(m, s.width) : m), 0);
  const long = Math.max(crop.width, crop.height, minExtent, 1e-6);
  /** Pixels per surface unit. */
  const scale = (BOX - penW) / long;
  const exactW = crop.width * scale + penW;
  const exactH = crop.height * scale + penW;
  const w = Math.max(1, Math.min(BOX, Math.round(exactW)));
  const h = Math.max(1, Math.min(BOX, Math.round(exactH)));
  // Centre the exact ink box in the whole-pixel one.
  const k = SUPERSAMPLE;
  const x0 = ((w - exactW) / 2 + penW / 2) * k;
  const y0 = ((h - exactH) / 2 + penW / 2) * k;
  const fine: InkMap = { width: w * k, height: h * k, data: new Float32Array(w * k * h * k) };
  const at = (p: { x: number; y: number }) => ({ x: x0 + (p.x - crop.x) * scale * k, y: y0 + (p.y - crop.y) * scale * k });
  for (const s of strokes) {
    const pts = s.points;
    if (pts.length === 0) continue;
    let prev = at(pts[0]!);
    if (pts.length === 1) rasterizeSegment(fine, prev, prev, penW * k);
    for (let i = 1; i < pts.length; i++) {
      const next = at(pts[i]!);
      rasterizeSegment(fine, prev, next, penW * k);
      prev = next;
    }
  }
  return placeByCenterOfMass(resampleArea(fine, { x: 0, y: 0, width: fine.width, height: fine.height }, w, h), crop);
}
