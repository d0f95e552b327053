/**
 * Where `bench:drawn` draws each digit: its sizes, positions and pen widths, the points a 280-px
 * pad would receive from a mouse for a traced digit, and drawing them on a `DrawingSession`.
 */
import { PEN_WIDTH, SURFACE, type Point } from '../../src/shared/preprocess/strokes.ts';
import type { DrawingSession } from '../../src/ui/drawing/session.ts';
import type { TracedDigit } from './strokeset.ts';

/** The digit's longer side (of the pen's centre line) as a share of the pad. */
export const SIZES = [0.2, 0.25, 0.4, 0.6, 0.9] as const;
export const POSITIONS = ['centre', 'top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;
/** On-screen pen widths in surface units (the pad's default is `PEN_WIDTH` = 21). */
export const PENS = [6, 12, PEN_WIDTH, 35] as const;
export type Position = (typeof POSITIONS)[number];
/** Real mouse coordinates are whole CSS pixels; the pad is 280 CSS px for 280 surface units. */
const PAD_CSS_PX = 280;
/** A pointer-move event at least every this many surface units. */
const MOVE_STEP = 3;

/** The points a pad would receive for `digit` drawn at `size` × pad, at `pos`, pen `pen`. */
export function placeStrokes(digit: TracedDigit, size: number, pos: Position, pen: number): Point[][] {
  const pts = digit.strokes.flat();
  const minX = Math.min(...pts.map((p) => p.x));
  const maxX = Math.max(...pts.map((p) => p.x));
  const minY = Math.min(...pts.map((p) => p.y));
  const maxY = Math.max(...pts.map((p) => p.y));
  const k = (size * SURFACE) / Math.max(maxX - minX, maxY - minY, 1);
  const w = (maxX - minX) * k;
  const h = (maxY - minY) * k;
  const margin = pen / 2 + 4;
  const left = pos === 'centre' ? (SURFACE - w) / 2 : pos.endsWith('left') ? margin : SURFACE - margin - w;
  const top = pos === 'centre' ? (SURFACE - h) / 2 : pos.startsWith('top') ? margin : SURFACE - margin - h;
  const q = SURFACE / PAD_CSS_PX;
  const snap = (v: number) => Math.round(v / q) * q;
  return digit.strokes.map((line) => {
    const out: Point[] = [];
    for (let i = 0; i < line.length; i++) {
      const p = { x: left + (line[i]!.x - minX) * k, y: top + (line[i]!.y - minY) * k };
      if (i > 0) {
        const a = { x: left + (line[i - 1]!.x - minX) * k, y: top + (line[i - 1]!.y - minY) * k };
        const n = Math.ceil(Math.hypot(p.x - a.x, p.y - a.y) / MOVE_STEP);
        for (let j = 1; j < n; j++) out.push({ x: snap(a.x + ((p.x - a.x) * j) / n), y: snap(a.y + ((p.y - a.y) * j) / n) });
      }
      out.push({ x: snap(p.x), y: snap(p.y) });
    }
    return out;
  });
}

/** Draws `lines` on a fresh session the way the pad does (down, moves, up per stroke). */
export function drawOnPad(session: DrawingSession, lines: readonly Point[][], pen: number): void {
  session.clear();
  for (const line of lines) {
    session.begin(line[0]!, pen);
    session.extend(line.slice(1));
    session.end();
  }
}
