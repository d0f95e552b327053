import type { WeightsSnapshot } from '../protocol.ts';

/**
 * FNV-1a over the weights' bits: the key of everything computed from one set of weights (the map's
 * activations, the top-9 cache). A new snapshot with equal weights gives the same key.
 */
export function weightsKey(w: Pick<WeightsSnapshot, 'buffers'>): string {
  let h = 0x811c9dc5;
  for (const b of w.buffers) {
    const u = new Uint32Array(b, 0, b.byteLength >> 2);
    for (let i = 0; i < u.length; i++) h = Math.imul(h ^ u[i]!, 0x01000193);
  }
  return `${(h >>> 0).toString(16)}:${w.buffers.reduce((n, b) => n + b.byteLength, 0)}`;
}
