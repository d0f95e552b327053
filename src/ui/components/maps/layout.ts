/**
 * How each layer's activations are laid out as pictures: spatial layers as one small image per
 * map; 1-D layers (C5, F6, output) as one compact grid of cells.
 */
import type { LayerSpec } from '../../../shared/model/lenet.ts';
import { channel } from '../../../shared/viz/colormap.ts';

export interface MapImage {
  readonly values: Float32Array;
  readonly w: number;
  readonly h: number;
}

/** Grid size for a 1-D layer of `n` units, as its view says (F6's 84 is 7 wide × 12 tall, like the paper's bitmaps). */
export function unitGrid(spec: LayerSpec, n: number): { w: number; h: number } {
  const g = spec.view.grid;
  return g && g.w * g.h === n ? g : { w: n, h: 1 };
}

export const isSpatial = (spec: LayerSpec): boolean => spec.shape.length === 3 && spec.shape[0]! > 1;

/** Number of pictures a layer is drawn as. */
export const mapCount = (spec: LayerSpec): number => (isSpatial(spec) ? spec.shape[2]! : 1);

/** The pictures of one layer's activation (batch dropped). */
export function layerImages(spec: LayerSpec, data: Float32Array): MapImage[] {
  if (isSpatial(spec)) {
    const [h, w, c] = spec.shape as [number, number, number];
    return Array.from({ length: c }, (_, k) => ({ values: channel(data, h, w, c, k), w, h }));
  }
  const { w, h } = unitGrid(spec, data.length);
  return [{ values: data, w, h }];
}
