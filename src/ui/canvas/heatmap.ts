/** Painting activations as heatmaps on canvases (one `ImageData` each, no per-pixel DOM). */
import { colorize, type ColormapKind, type Palette, type Range } from '../../shared/viz/colormap.ts';
import { useAppStore } from '../store/index.ts';

const images = new WeakMap<HTMLCanvasElement, ImageData>();

export function paintHeatmap(
  canvas: HTMLCanvasElement,
  values: ArrayLike<number>,
  w: number,
  h: number,
  kind: ColormapKind,
  range: Range,
  /** The user's palette unless told otherwise (a change of palette remounts the painters). */
  palette: Palette = useAppStore.getState().view.palette,
): void {
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  // One ImageData per canvas, reused while its size stays (the maps repaint every frame).
  let img = images.get(canvas);
  if (!img || img.width !== w || img.height !== h) images.set(canvas, (img = ctx.createImageData(w, h)));
  colorize(values, kind, range, img.data, palette);
  // NaN marks "no value here" (gaps in a kernel grid): transparent, not the error magenta.
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) img.data[4 * i + 3] = 0;
  ctx.putImageData(img, 0, 0);
}
