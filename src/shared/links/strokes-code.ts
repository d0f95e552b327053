/**
 * A drawing in a URL: strokes (surface units, 0..SURFACE) quantised to whole units, each stroke's
 * points as deltas, written as zig-zag varints and then base64url. A digit of ~100 points takes a
 * few hundred characters. The decoder trusts nothing: every count, coordinate and width is checked
 * and the input's length is capped before anything is decoded.
 */
import { SURFACE, type Stroke } from '../preprocess/strokes.ts';

/** Format version, the first character of every code. */
const VERSION = '1';
/** Longest code accepted (characters); longer drawings are not put into links. */
export const MAX_DRAWING_CHARS = 4000;
export const MAX_STROKES = 64;
export const MAX_POINTS = 3000;
/** Widths are kept in half units; a pen wider than a quarter of the pad is not a pen. */
const MAX_WIDTH = SURFACE / 4;

export class StrokeCodeError extends Error {
  override name = 'StrokeCodeError';
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function toBase64Url(bytes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let k = 0; k < chars; k++) out += B64[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

function fromBase64Url(s: string): number[] {
  if (s.length % 4 === 1) throw new StrokeCodeError('the drawing code has a bad length');
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i += 4) {
    const group = s.slice(i, i + 4);
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const c = group[k];
      const v = c === undefined ? 0 : B64.indexOf(c);
      if (v < 0) throw new StrokeCodeError('the drawing code has a character outside base64url');
      n = (n << 6) | v;
    }
    bytes.push((n >> 16) & 255);
    if (group.length > 2) bytes.push((n >> 8) & 255);
    if (group.length > 3) bytes.push(n & 255);
  }
  return bytes;
}

const zigzag = (v: number): number => (v < 0 ? -2 * v - 1 : 2 * v);
const unzigzag = (u: number): number => (u & 1 ? -(u + 1) / 2 : u / 2);

function putVarint(out: number[], u: number): void {
  while (u >= 128) {
    out.push((u & 127) | 128);
    u = Math.floor(u / 128);
  }
  out.push(u);
}

class Reader {
  private at = 0;
  constructor(private readonly bytes: readonly number[]) {}
  varint(): number {
    let u = 0;
    let scale = 1;
    for (let i = 0; i < 3; i++) {
      const b = this.bytes[this.at++];
      if (b === undefined) throw new StrokeCodeError('the drawing code ends too early');
      u += (b & 127) * scale;
      if (b < 128) return u;
      scale *= 128;
    }
    throw new StrokeCodeError('the drawing code holds a number out of range');
  }
  get done(): boolean {
    return this.at >= this.bytes.length;
  }
}

const clampUnit = (v: number): number => Math.min(SURFACE, Math.max(0, Math.round(v)));

/**
 * Encodes strokes (surface units) for a URL, or null when the drawing is too large for a link
 * (more than `MAX_STROKES` strokes, `MAX_POINTS` points or `MAX_DRAWING_CHARS` characters).
 * Points are rounded to whole surface units and clamped to the pad; repeated points are dropped.
 */
export function encodeStrokes(strokes: readonly Stroke[]): string | null {
  const kept = strokes.filter((s) => s.points.length > 0);
  if (kept.length > MAX_STROKES) return null;
  const bytes: number[] = [];
  putVarint(bytes, kept.length);
  let points = 0;
  for (const s of kept) {
    const pts: { x: number; y: number }[] = [];
    for (const p of s.points) {
      const q = { x: clampUnit(p.x), y: clampUnit(p.y) };
      const last = pts[pts.length - 1];
      if (!last || last.x !== q.x || last.y !== q.y) pts.push(q);
    }
    points += pts.length;
    if (points > MAX_POINTS) return null;
    putVarint(bytes, Math.min(MAX_WIDTH * 2, Math.max(1, Math.round(s.width * 2))));
    putVarint(bytes, pts.length);
    let prev = { x: 0, y: 0 };
    for (const p of pts) {
      putVarint(bytes, zigzag(p.x - prev.x));
      putVarint(bytes, zigzag(p.y - prev.y));
      prev = p;
    }
  }
  const code = VERSION + toBase64Url(bytes);
  return code.length > MAX_DRAWING_CHARS ? null : code;
}

/** Decodes `encodeStrokes`'s code; throws `StrokeCodeError` saying what is wrong with it. */
export function decodeStrokes(code: string): Stroke[] {
  if (code.length > MAX_DRAWING_CHARS) throw new StrokeCodeError(`the drawing is longer than ${MAX_DRAWING_CHARS} characters`);
  if (code[0] !== VERSION) throw new StrokeCodeError('the drawing code is not in a known format');
  const r = new Reader(fromBase64Url(code.slice(1)));
  const count = r.varint();
  if (count > MAX_STROKES) throw new StrokeCodeError(`the drawing has more than ${MAX_STROKES} strokes`);
  const strokes: Stroke[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const width = r.varint() / 2;
    if (width <= 0 || width > MAX_WIDTH) throw new StrokeCodeError('a stroke of the drawing has an impossible pen width');
    const n = r.varint();
    total += n;
    if (n === 0 || total > MAX_POINTS) throw new StrokeCodeError(`the drawing has an empty stroke or more than ${MAX_POINTS} points`);
    const points: { x: number; y: number }[] = [];
    let x = 0;
    let y = 0;
    for (let k = 0; k < n; k++) {
      x += unzigzag(r.varint());
      y += unzigzag(r.varint());
      if (x < 0 || y < 0 || x > SURFACE || y > SURFACE) throw new StrokeCodeError('a point of the drawing lies outside the pad');
      points.push({ x, y });
    }
    strokes.push({ points, width });
  }
  if (!r.done) throw new StrokeCodeError('the drawing code has bytes left over');
  return strokes;
}
