/**
 * Which maps of the previous layer a feature map reads, for the zoomed view. Convolutions read
 * every map of the layer before (or, for the classic C3, the subset of Table I); subsampling
 * reads the one map of the same index.
 */
import type { LayerSpec } from '../model/lenet.ts';

export interface MapRef {
  /** Index into the layers list, or -1 for the network's input. */
  readonly layer: number;
  readonly map: number;
}

/** The maps map `map` of `layers[layer]` reads, from the layer's view: pooling its own map, a connection table, or all. */
export function inputsOf(layers: readonly LayerSpec[], layer: number, map: number): MapRef[] {
  const spec = layers[layer];
  if (!spec) return [];
  if (layer === 0) return [{ layer: -1, map: 0 }];
  const prev = layers[layer - 1]!;
  const prevMaps = prev.shape.length === 3 ? prev.shape[2]! : 1;
  if (spec.view.op === 'pool') return [{ layer: layer - 1, map }];
  const table = spec.view.table?.[map];
  if (table) return table.map((m) => ({ layer: layer - 1, map: m }));
  if (prev.shape.length !== 3) return [];
  return Array.from({ length: prevMaps }, (_, m) => ({ layer: layer - 1, map: m }));
}

/** The 2-D slice `[kh*kw]` of a kernel `[kh, kw, in, out]` for input `i` and output `o`. */
export function kernelSlice(data: Float32Array, shape: readonly number[], i: number, o: number): Float32Array {
  const [kh = 0, kw = 0, cin = 0, cout = 0] = shape;
  const out = new Float32Array(kh * kw);
  for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) out[y * kw + x] = data[((y * kw + x) * cin + i) * cout + o]!;
  return out;
}

/**
 * All the 2-D kernels of a conv `[kh, kw, in, out]` laid out as one image: a column per output map,
 * a row per input map, cells `gap` pixels apart. Gaps, and the pairs a connection `table` leaves out
 * (`table[o]` lists the inputs output o reads: the classic C3's Table I), are NaN.
 */
export function kernelGrid(
  data: Float32Array,
  shape: readonly number[],
  table?: readonly (readonly number[])[],
  gap = 1,
): { values: Float32Array; w: number; h: number } {
  const [kh = 0, kw = 0, cin = 0, cout = 0] = shape;
  const w = cout * (kw + gap) - gap;
  const h = cin * (kh + gap) - gap;
  const values = new Float32Array(w * h).fill(NaN);
  for (let o = 0; o < cout; o++)
    for (let i = 0; i < cin; i++) {
      if (table && !table[o]?.includes(i)) continue;
      const k = kernelSlice(data, shape, i, o);
      for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) values[(i * (kh + gap) + y) * w + o * (kw + gap) + x] = k[y * kw + x]!;
    }
  return { values, w, h };
}
