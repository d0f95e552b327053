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
