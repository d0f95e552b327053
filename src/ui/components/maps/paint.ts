/**
 * Paints one prediction's activations into the feature-map canvases the panel components
 * registered (no DOM queries): colour ranges per map, per layer or per network.
 */
import type { LayerSpec } from '../../../shared/model/lenet.ts';
import { rangeOf, scaleRange, unionRange, type ColormapKind, type Range, type ScaleMode } from '../../../shared/viz/colormap.ts';
import { paintHeatmap } from '../../canvas/heatmap.ts';
import { paintGray } from '../../canvas/gray.ts';
import type { Prediction } from '../../inference/predictor.ts';
import { layerImages } from './layout.ts';

export const kindOf = (spec: LayerSpec): ColormapKind => (spec.signed ? 'diverging' : 'sequential');
const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));

/** The elements a layer's view registers for painting. */
export interface LayerTargets {
  panel: HTMLElement | null;
  range: HTMLElement | null;
  maps: Array<HTMLCanvasElement | null>;
}

export interface MapTargets {
  input: HTMLCanvasElement | null;
  layers: LayerTargets[];
}

/**
 * Paints `result` into the registered canvases and updates each layer's range, `data-version` and
 * `data-signature`. With `canvases` false (the panel is hidden: a phone's other tab) only the
 * attributes and ranges are updated, which keeps them current at a fraction of the cost; the panel
 * paints its canvases when it is shown again.
 */
export function paintMaps(t: MapTargets, result: Prediction, mode: ScaleMode, canvases = true): void {
  if (!canvases) {
    result.layers.forEach((_, li) => {
      const target = t.layers[li];
      if (target?.panel) stampLayer(target, target.panel, result.activations[li]!, rangeOf(result.activations[li]!));
    });
    return;
  }
  const perLayer = paintCanvases(t, result, mode);
  result.layers.forEach((_, li) => {
    const target = t.layers[li];
    if (target?.panel) stampLayer(target, target.panel, result.activations[li]!, perLayer[li]!);
  });
}

/** What the canvases are painted from: a prediction's input and activations. */
type MapsData = Pick<Prediction, 'layers' | 'activations' | 'input'>;

/** Paints every registered canvas; returns each layer's range. */
function paintCanvases(t: MapTargets, result: MapsData, mode: ScaleMode): Range[] {
  const images = result.layers.map((spec, i) => layerImages(spec, result.activations[i]!));
  const own = images.map((maps) => maps.map((m) => rangeOf(m.values)));
  const perLayer = own.map((r) => unionRange(r));
  const global: Record<ColormapKind, Range> = {
    diverging: unionRange(perLayer.filter((_, i) => result.layers[i]!.signed)),
    sequential: unionRange(perLayer.filter((_, i) => !result.layers[i]!.signed)),
  };
  const side = Math.round(Math.sqrt(result.input.length));
  if (t.input) paintGray(t.input, result.input, side, side);
  result.layers.forEach((spec, li) => {
    const target = t.layers[li];
    if (!target?.panel) return;
    const kind = kindOf(spec);
    images[li]!.forEach((img, k) => {
      const canvas = target.maps[k];
      if (canvas) paintHeatmap(canvas, img.values, img.w, img.h, kind, scaleRange(mode, own[li]![k]!, perLayer[li]!, global[kind]));
    });
  });
  return perLayer;
}

/**
 * Readies the canvases for the first answer without showing anything: paints a prediction of
 * zeros (each canvas's first context, backing store and `ImageData`, and the painters' first,
 * unoptimised runs) and clears it in the same task. The page's first stroke otherwise pays for all
 * of it in one frame (getContext, putImageData and the painters took ~15 ms of a 50–60 ms frame
 * while training). No attribute or range text changes.
 */
export function warmMaps(t: MapTargets, layers: readonly LayerSpec[], inputPixels: number, mode: ScaleMode): void {
  const zeros = layers.map((spec) => new Float32Array(spec.shape.reduce((a, b) => a * b, 1)));
  paintCanvases(t, { layers, activations: zeros, input: new Float32Array(inputPixels) }, mode);
  for (const canvas of [t.input, ...t.layers.flatMap((l) => l.maps)])
    canvas?.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
}

/** A layer's range text, and its panel's `data-version` (bumped) and `data-signature`. */
function stampLayer(target: LayerTargets, panel: HTMLElement, activations: Float32Array, r: Range): void {
  if (target.range) target.range.textContent = `${fmt(r.min)} … ${fmt(r.max)}`;
  panel.dataset['version'] = String(Number(panel.dataset['version'] ?? 0) + 1);
  // A position-weighted sum: changes when the activations change (a plain sum of softmax is always 1).
  panel.dataset['signature'] = activations.reduce((a, v, i) => a + v * ((i % 7) + 1), 0).toFixed(4);
}
