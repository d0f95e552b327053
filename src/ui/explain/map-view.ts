/**
 * The map of all digits as pictures: where each point lands on the map's canvas, which point is
 * under the pointer, and the painting of the points and of the drawing's ring. Pure but for the
 * canvases it is handed; `EmbeddingPanel` owns when.
 */
/** One colour per digit (Tableau 10), the same in the legend and the map. */
export const DIGIT_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#7f7f7f'];
/** The map canvas's side, in canvas pixels. */
export const MAP_SIZE = 360;

/** The centre and scale that put all points, `coords` as `[x0, y0, x1, y1, …]`, in a square view (4 % margin). */
export function frameOf(coords: ArrayLike<number>): { cx: number; cy: number; k: number } {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < coords.length; i += 2) {
    minX = Math.min(minX, coords[i]!);
    maxX = Math.max(maxX, coords[i]!);
    minY = Math.min(minY, coords[i + 1]!);
    maxY = Math.max(maxY, coords[i + 1]!);
  }
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  return { cx: (minX + maxX) / 2, cy: (minY + maxY) / 2, k: (MAP_SIZE * 0.92) / span };
}

/** Map units → canvas pixels for the view of `coords` (y up on the map, down on the canvas). */
export function viewOf(coords: ArrayLike<number>): (x: number, y: number) => [number, number] {
  const { cx, cy, k } = frameOf(coords);
  return (x, y) => [MAP_SIZE / 2 + (x - cx) * k, MAP_SIZE / 2 - (y - cy) * k];
}

/** Each point's canvas pixel `[2n]` (computed once per map: painting and hovering read it). */
export function toPixels(coords: ArrayLike<number>): Float32Array {
  // `viewOf`'s formula, inline: no pair allocated per point.
  const { cx, cy, k } = frameOf(coords);
  const out = new Float32Array(coords.length);
  for (let i = 0; i < coords.length; i += 2) {
    out[i] = MAP_SIZE / 2 + (coords[i]! - cx) * k;
    out[i + 1] = MAP_SIZE / 2 - (coords[i + 1]! - cy) * k;
  }
  return out;
}

/** The index of the point nearest to canvas pixel (x, y) within `radius` pixels, or -1. */
export function nearestPoint(pixels: Float32Array, x: number, y: number, radius = 8): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < pixels.length / 2; i++) {
    const d = (pixels[2 * i]! - x) ** 2 + (pixels[2 * i + 1]! - y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

const RGB = DIGIT_COLORS.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number]);
const DOT_ALPHA = 0.55;

/**
 * Paints the points (canvas pixels `[2n]`, coloured by `labels`) as 2×2 squares into one ImageData,
 * alpha-blended by hand digit after digit, and puts it once: a few milliseconds, where 10,000
 * `fillRect`s took tens.
 */
export function paintPoints(canvas: HTMLCanvasElement | null, pixels: Float32Array, labels: Uint8Array): void {
  const ctx = canvas?.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(MAP_SIZE, MAP_SIZE);
  blendPoints(img.data, pixels, labels);
  ctx.putImageData(img, 0, 0);
}

/** `paintPoints`'s blending into straight (non-premultiplied) RGBA of side `MAP_SIZE`. */
export function blendPoints(px: Uint8ClampedArray, pixels: Float32Array, labels: Uint8Array): void {
  for (let d = 0; d < 10; d++) {
    const [r, g, b] = RGB[d]!;
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] !== d) continue;
      const x0 = Math.round(pixels[2 * i]! - 1);
      const y0 = Math.round(pixels[2 * i + 1]! - 1);
      for (let y = Math.max(0, y0); y < Math.min(MAP_SIZE, y0 + 2); y++)
        for (let x = Math.max(0, x0); x < Math.min(MAP_SIZE, x0 + 2); x++) {
          const o = (y * MAP_SIZE + x) * 4;
          // "source over"
          const da = px[o + 3]! / 255;
          const oa = DOT_ALPHA + da * (1 - DOT_ALPHA);
          const keep = (da * (1 - DOT_ALPHA)) / oa;
          const take = DOT_ALPHA / oa;
          px[o] = r * take + px[o]! * keep;
          px[o + 1] = g * take + px[o + 1]! * keep;
          px[o + 2] = b * take + px[o + 2]! * keep;
          px[o + 3] = oa * 255;
        }
    }
  }
}

/**
 * The drawing's ring on `canvas` at map point (x, y) of the view of `coords`, filled with its digit's
 * colour; the point is written to the canvas's `data-x`/`data-y`.
 */
export function markPoint(canvas: HTMLCanvasElement, coords: ArrayLike<number>, x: number, y: number, digit: number): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  canvas.dataset['x'] = x.toFixed(3);
  canvas.dataset['y'] = y.toFixed(3);
  const [px, py] = viewOf(coords)(x, y);
  ctx.clearRect(0, 0, MAP_SIZE, MAP_SIZE);
  ctx.lineWidth = 3;
  ctx.strokeStyle = '#fff';
  ctx.beginPath();
  ctx.arc(px, py, 8, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.lineWidth = 2;
  ctx.strokeStyle = '#111';
  ctx.stroke();
  ctx.fillStyle = DIGIT_COLORS[digit]!;
  ctx.beginPath();
  ctx.arc(px, py, 4, 0, 2 * Math.PI);
  ctx.fill();
}
