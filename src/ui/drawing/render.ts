/** Draws strokes (surface units) onto the pad's canvas as smooth, round marker lines. */
import { SURFACE, type Stroke } from '../../shared/preprocess/strokes.ts';

export const INK_COLOR = '#1d2330';

export function renderStrokes(ctx: CanvasRenderingContext2D, strokes: readonly Stroke[]): void {
  const { width, height } = ctx.canvas;
  ctx.clearRect(0, 0, width, height);
  const k = width / SURFACE;
  ctx.strokeStyle = INK_COLOR;
  ctx.fillStyle = INK_COLOR;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const s of strokes) {
    const pts = s.points;
    const first = pts[0];
    if (!first) continue;
    ctx.lineWidth = s.width * k;
    if (pts.length === 1) {
      ctx.beginPath();
      ctx.arc(first.x * k, first.y * k, (s.width * k) / 2, 0, 2 * Math.PI);
      ctx.fill();
      continue;
    }
    ctx.beginPath();
    ctx.moveTo(first.x * k, first.y * k);
    // Quadratic curves through the midpoints smooth the polyline the pointer gave us.
    for (let i = 1; i < pts.length - 1; i++) {
      const p = pts[i]!;
      const q = pts[i + 1]!;
      ctx.quadraticCurveTo(p.x * k, p.y * k, ((p.x + q.x) / 2) * k, ((p.y + q.y) / 2) * k);
    }
    const last = pts[pts.length - 1]!;
    ctx.lineTo(last.x * k, last.y * k);
    ctx.stroke();
  }
}

/** Draws a 28x28 network input (white ink on black, [0, 1]) as dark ink on the white pad. */
export function renderImage(ctx: CanvasRenderingContext2D, image: ArrayLike<number>): void {
  const { width, height } = ctx.canvas;
  const small = new OffscreenCanvas(28, 28);
  const sctx = small.getContext('2d');
  if (!sctx) return;
  const img = sctx.createImageData(28, 28);
  // INK_COLOR over white, with the pixel's value as opacity.
  for (let i = 0; i < 784; i++) {
    img.data[4 * i] = 0x1d;
    img.data[4 * i + 1] = 0x23;
    img.data[4 * i + 2] = 0x30;
    img.data[4 * i + 3] = Math.round(Math.min(1, Math.max(0, image[i] ?? 0)) * 255);
  }
  sctx.putImageData(img, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, 0, 0, width, height);
}
