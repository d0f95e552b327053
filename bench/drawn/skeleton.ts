/**
 * The stroke set's skeletons (`strokeset.ts`): a binarised digit at 4× resolution thinned to one
 * pixel (Zhang & Suen 1984), its spurs pruned, its holes counted, traced into polylines and each
 * polyline simplified (Ramer–Douglas–Peucker). Coordinates are MNIST pixel indices, y down.
 */

export type Polyline = { x: number; y: number }[];

/** Tracing resolution: sub-pixels per MNIST pixel, and the side of the traced grid. */
export const U = 4;
export const S = 28 * U;
/** A loop smaller than this (sub-pixels) is not a hole the pen drew around. */
const MIN_HOLE = 6;
/** Skeleton branches this short (sub-pixels, endpoint to junction) are thinning artefacts, pruned. */
const SPUR = 6;
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

/** Holes in a binary `S x S` image: 4-connected paper regions of at least `MIN_HOLE` not touching the border. */
export function countHoles(bin: Uint8Array): number {
  const seen = new Uint8Array(S * S);
  let holes = 0;
  for (let i = 0; i < S * S; i++) {
    if (bin[i] || seen[i]) continue;
    const stack = [i];
    seen[i] = 1;
    let size = 0;
    let border = false;
    while (stack.length) {
      const j = stack.pop()!;
      size++;
      const x = j % S;
      const y = (j - x) / S;
      if (x === 0 || y === 0 || x === S - 1 || y === S - 1) border = true;
      for (const n of [x > 0 ? j - 1 : -1, x < S - 1 ? j + 1 : -1, y > 0 ? j - S : -1, y < S - 1 ? j + S : -1]) {
        if (n >= 0 && !bin[n] && !seen[n]) {
          seen[n] = 1;
          stack.push(n);
        }
      }
    }
    if (!border && size >= MIN_HOLE) holes++;
  }
  return holes;
}

/** Removes skeleton branches of at most `SPUR` px that run from an endpoint to a junction. */
export function pruneSpurs(sk: Uint8Array): void {
  const ends: number[] = [];
  for (let i = 0; i < S * S; i++) if (sk[i] && neighbours(sk, i % S, Math.floor(i / S)).length === 1) ends.push(i);
  for (const e of ends) {
    const path = [e];
    let prev = -1;
    let cur = e;
    for (;;) {
      const nb = neighbours(sk, cur % S, Math.floor(cur / S)).filter((n) => n !== prev);
      if (nb.length !== 1) {
        // A junction ends a spur; an endpoint means the whole path is a short stroke: keep it.
        if (nb.length >= 2 && path.length - 1 <= SPUR) for (const p of path.slice(0, -1)) sk[p] = 0;
        break;
      }
      if (path.length > SPUR + 1) break;
      prev = cur;
      cur = nb[0]!;
      path.push(cur);
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
export function neighbours(sk: Uint8Array, x: number, y: number): number[] {
  const on = (xx: number, yy: number) => xx >= 0 && yy >= 0 && xx < S && yy < S && sk[yy * S + xx] === 1;
  const out: number[] = [];
  for (const [dx, dy] of N8) {
    if (!on(x + dx, y + dy)) continue;
    if (dx !== 0 && dy !== 0 && (on(x + dx, y) || on(x, y + dy))) continue;
    out.push((y + dy) * S + x + dx);
  }
  return out;
}

/** Sub-pixel `i` of the traced grid as MNIST pixel-index coordinates. */
export function skPoint(i: number): { x: number; y: number } {
  return { x: ((i % S) + 0.5) / U - 0.5, y: (Math.floor(i / S) + 0.5) / U - 0.5 };
}

/** Traces a thinned skeleton into polylines covering every skeleton edge once. */
export function trace(sk: Uint8Array): Polyline[] {
  const adj = new Map<number, number[]>();
  for (let i = 0; i < S * S; i++) if (sk[i]) adj.set(i, neighbours(sk, i % S, Math.floor(i / S)));
  const used = new Set<string>();
  const key = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
  // Sub-pixel centres back to MNIST pixel indices.
  const pt = skPoint;
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
