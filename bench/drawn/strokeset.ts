/**
 * A stroke set made from MNIST *training* digits, for measuring the drawing pipeline: each 28x28
 * digit is binarised, thinned to a one-pixel skeleton (Zhang & Suen 1984), the skeleton traced into
 * polylines (endpoint/junction to endpoint/junction, then the loops left over), and each polyline
 * simplified (Ramer–Douglas–Peucker). Deterministic: the same digits give the same strokes, so the
 * set is regenerated on the fly and never stored. MNIST test images are used for nothing here.
 *
 * Coordinates are MNIST pixel indices (a pixel's centre at its integer index), y down.
 */

export type Polyline = { x: number; y: number }[];

export interface TracedDigit {
  /** Index in the MNIST training set. */
  readonly index: number;
  readonly label: number;
  readonly strokes: readonly Polyline[];
  /** Ink mass of the original image (sum of pixel values / 255), px². */
  readonly inkArea: number;
  /** Length of the traced skeleton before simplification, px. */
  readonly skeletonLength: number;
}

const S = 28;
/** Pixels at or above this byte value are ink for the skeleton (half of full ink). */
const BINARY_THRESHOLD = 128;
/** RDP tolerance, px: well under MNIST's ~2 px stroke width. */
const SIMPLIFY_EPS = 0.35;

/** Zhang–Suen thinning of a binary `w x h` image (1 = ink), in place. */
export function thin(img: Uint8Array, w: number, h: number): void {
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= w || y >= h ? 0 : img[y * w + x]!);
  const del: number[] = [];
  for (let changed = true; changed;) {
    changed = false;
    for (let pass = 0; pass < 2; pass++) {
      del.length = 0;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          if (!img[y * w + x]) continue;
          // Neighbours P2…P9 clockwise from north.
          const p = [
            at(x, y - 1),
            at(x + 1, y - 1),
            at(x + 1, y),
            at(x + 1, y + 1),
            at(x, y + 1),
            at(x - 1, y + 1),
            at(x - 1, y),
            at(x - 1, y - 1),
          ];
          const b = p.reduce((a, v) => a + v, 0);
          if (b < 2 || b > 6) continue;
          let a = 0;
          for (let i = 0; i < 8; i++) if (!p[i] && p[(i + 1) % 8]) a++;
          if (a !== 1) continue;
          const [p2, , p4, , p6, , p8] = p as [number, number, number, number, number, number, number, number];
          if (pass === 0 ? p2 * p4 * p6 === 0 && p4 * p6 * p8 === 0 : p2 * p4 * p8 === 0 && p2 * p6 * p8 === 0) del.push(y * w + x);
        }
      }
      for (const i of del) img[i] = 0;
      if (del.length) changed = true;
    }
  }
}

const N8 = [
  [1, 0],
  [0, 1],
  [-1, 0],
  [0, -1],
  [1, 1],
  [-1, 1],
  [-1, -1],
  [1, -1],
] as const;

/**
 * The skeleton's neighbours of pixel (x, y) under m-adjacency (a diagonal neighbour counts only
 * when the two pixels it shares are both paper), so a staircase is one path, not a triangle.
 */
function neighbours(sk: Uint8Array, x: number, y: number): number[] {
  const on = (xx: number, yy: number) => xx >= 0 && yy >= 0 && xx < S && yy < S && sk[yy * S + xx] === 1;
  const out: number[] = [];
  for (const [dx, dy] of N8) {
    if (!on(x + dx, y + dy)) continue;
    if (dx !== 0 && dy !== 0 && (on(x + dx, y) || on(x, y + dy))) continue;
    out.push((y + dy) * S + x + dx);
  }
  return out;
}

/** Traces a thinned skeleton into polylines covering every skeleton edge once. */
export function trace(sk: Uint8Array): Polyline[] {
  const adj = new Map<number, number[]>();
  for (let i = 0; i < S * S; i++) if (sk[i]) adj.set(i, neighbours(sk, i % S, Math.floor(i / S)));
  const used = new Set<string>();
  const key = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
  const pt = (i: number) => ({ x: i % S, y: Math.floor(i / S) });
  const lines: Polyline[] = [];
  const walk = (start: number, next: number): void => {
    const line = [pt(start)];
    let prev = start;
    let cur = next;
    used.add(key(prev, cur));
    for (;;) {
      line.push(pt(cur));
      const nb = adj.get(cur)!;
      if (nb.length !== 2) break; // an endpoint or a junction ends the path
      const nx = nb.find((n) => n !== prev && !used.has(key(cur, n)));
      if (nx === undefined) break;
      used.add(key(cur, nx));
      prev = cur;
      cur = nx;
    }
    lines.push(line);
  };
  // Paths from endpoints and junctions first, then the loops that have neither.
  for (const [i, nb] of adj) if (nb.length !== 2) for (const n of nb) if (!used.has(key(i, n))) walk(i, n);
  for (const [i, nb] of adj) for (const n of nb) if (!used.has(key(i, n))) walk(i, n);
  // Isolated pixels are dots.
  for (const [i, nb] of adj) if (nb.length === 0) lines.push([pt(i)]);
  return lines;
}

export function polylineLength(p: Polyline): number {
  let l = 0;
  for (let i = 1; i < p.length; i++) l += Math.hypot(p[i]!.x - p[i - 1]!.x, p[i]!.y - p[i - 1]!.y);
  return l;
}

/** Ramer–Douglas–Peucker simplification with tolerance `eps`. */
export function simplify(p: Polyline, eps = SIMPLIFY_EPS): Polyline {
  if (p.length < 3) return p.slice();
  const a = p[0]!;
  const b = p[p.length - 1]!;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy);
  let worst = -1;
  let at = 0;
  for (let i = 1; i < p.length - 1; i++) {
    const q = p[i]!;
    const d = len === 0 ? Math.hypot(q.x - a.x, q.y - a.y) : Math.abs(dy * (q.x - a.x) - dx * (q.y - a.y)) / len;
    if (d > worst) {
      worst = d;
      at = i;
    }
  }
  if (worst <= eps) return [a, b];
  return [...simplify(p.slice(0, at + 1), eps).slice(0, -1), ...simplify(p.slice(at), eps)];
}

/** Turns one MNIST digit (`images[offset … +784)`, bytes) into strokes. */
export function traceDigit(images: Uint8Array, offset: number, index: number, label: number): TracedDigit {
  const bin = new Uint8Array(S * S);
  let inkArea = 0;
  for (let i = 0; i < S * S; i++) {
    const v = images[offset + i]!;
    inkArea += v / 255;
    bin[i] = v >= BINARY_THRESHOLD ? 1 : 0;
  }
  thin(bin, S, S);
  const raw = trace(bin);
  const skeletonLength = raw.reduce((a, l) => a + polylineLength(l), 0);
  return { index, label, strokes: raw.map((l) => simplify(l)), inkArea, skeletonLength };
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
    const d = traceDigit(images, i * S * S, i, label);
    if (d.skeletonLength === 0) continue;
    counts[label]!++;
    out.push(d);
  }
  return out;
}
