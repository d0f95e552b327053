/**
 * Strokes as data and their rasterization to an ink map. The pad keeps the user's drawing as
 * strokes in surface units (a fixed `SURFACE`-sized square, whatever the CSS size or device pixel
 * ratio), so the network's input does not depend on the screen, and tests can draw without a DOM.
 */
import type { InkMap } from './mnist-style.ts';

/** Side of the drawing surface in surface units. */
export const SURFACE = 280;
/** Pen width as a fraction of the surface: a marker on paper, ~2–3 px once the digit is 20 px tall. */
export const PEN_WIDTH = 0.075 * SURFACE;

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Stroke {
  readonly points: readonly Point[];
  /** Pen width in surface units. */
  readonly width: number;
}

export function emptyInk(size = SURFACE): InkMap {
  return { width: size, height: size, data: new Float32Array(size * size) };
}

/**
 * Adds the round-capped segment a→b of pen width `width` to `ink` (coverage is anti-aliased over
 * one pixel at the edge; overlapping ink takes the maximum, like an opaque marker).
 */
export function rasterizeSegment(ink: InkMap, a: Point, b: Point, width: number): void {
  const r = width / 2;
  const minX = Math.max(0, Math.floor(Math.min(a.x, b.x) - r - 1));
  const maxX = Math.min(ink.width - 1, Math.ceil(Math.max(a.x, b.x) + r + 1));
  const minY = Math.max(0, Math.floor(Math.min(a.y, b.y) - r - 1));
  const maxY = Math.min(ink.height - 1, Math.ceil(Math.max(a.y, b.y) + r + 1));
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  for (let y = minY; y <= maxY; y++) {
    const py = y + 0.5;
    for (let x = minX; x <= maxX; x++) {
      const px = x + 0.5;
      const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((px - a.x) * dx + (py - a.y) * dy) / len2));
      const ex = px - (a.x + t * dx);
      const ey = py - (a.y + t * dy);
      const cov = Math.min(1, Math.max(0, r + 0.5 - Math.sqrt(ex * ex + ey * ey)));
      const i = y * ink.width + x;
      if (cov > ink.data[i]!) ink.data[i] = cov;
    }
  }
}

/** Adds a whole stroke to `ink` (a one-point stroke is a dot). */
export function rasterizeStroke(ink: InkMap, stroke: Stroke): void {
  const pts = stroke.points;
  if (pts.length === 0) return;
  if (pts.length === 1) rasterizeSegment(ink, pts[0]!, pts[0]!, stroke.width);
  for (let i = 1; i < pts.length; i++) rasterizeSegment(ink, pts[i - 1]!, pts[i]!, stroke.width);
}

/** Rasterizes all strokes onto a fresh surface. */
export function rasterize(strokes: readonly Stroke[], size = SURFACE): InkMap {
  const ink = emptyInk(size);
  for (const s of strokes) rasterizeStroke(ink, s);
  return ink;
}
