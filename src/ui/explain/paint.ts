/** Painting explanations: a signed map over the input, and plain input/change pictures. */
import { colorOf, gradientCss, robustSymmetricRange, type Palette } from '../../shared/viz/colormap.ts';
import { useAppStore } from '../store/index.ts';
import type { Mnist28 } from '../../shared/preprocess/mnist-style.ts';

const palette = (): Palette => useAppStore.getState().view.palette;

/** Largest |v| of a map (1 when all zero, so an empty map paints transparent, not NaN). */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m || 1;
}

/**
 * Display scale of a saliency map: the 99th percentile of |v| (a few extreme pixels would otherwise
 * wash the rest out; they saturate instead). 1 when all zero.
 */
export function saliencyScale(values: ArrayLike<number>): number {
  return robustSymmetricRange(values, 0.99).max || maxAbs(values);
}

function imageData(canvas: HTMLCanvasElement, w: number, h: number): { ctx: CanvasRenderingContext2D; img: ImageData } | null {
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  return ctx ? { ctx, img: ctx.createImageData(w, h) } : null;
}

/**
 * Paints a signed map `[w*h]` with the diverging colormap (blue < 0 < red, symmetric at ±`scale`),
 * opacity growing with |v| (opaque from 70 % of the scale), so the input painted below shows through
 * where the map is ~0.
 */
export function paintSignedOverlay(canvas: HTMLCanvasElement, values: ArrayLike<number>, w: number, h: number, scale: number): void {
  const c = imageData(canvas, w, h);
  if (!c) return;
  const range = { min: -scale, max: scale };
  const pal = palette();
  for (let i = 0; i < w * h; i++) {
    const v = values[i] ?? 0;
    const [r, g, b] = colorOf(v, 'diverging', range, pal);
    c.img.data.set([r, g, b, Math.round(255 * Math.min(1, (1.4 * Math.abs(v)) / scale))], 4 * i);
  }
  c.ctx.putImageData(c.img, 0, 0);
}

/** Paints a signed map `[w*h]` opaque on the diverging colormap (for the nudge's change). */
export function paintSigned(canvas: HTMLCanvasElement, values: ArrayLike<number>, w: number, h: number, scale: number): void {
  const c = imageData(canvas, w, h);
  if (!c) return;
  const range = { min: -scale, max: scale };
  const pal = palette();
  for (let i = 0; i < w * h; i++) {
    const [r, g, b] = colorOf(values[i] ?? 0, 'diverging', range, pal);
    c.img.data.set([r, g, b, 255], 4 * i);
  }
  c.ctx.putImageData(c.img, 0, 0);
}

/** Paints an input `[w*h]` in [0, 1] as pencil on paper (white background, grey ink) under an overlay. */
export function paintPaper(canvas: HTMLCanvasElement, values: ArrayLike<number> | null, w: number, h: number): void {
  const c = imageData(canvas, w, h);
  if (!c) return;
  for (let i = 0; i < w * h; i++) {
    const v = Math.round(255 * (1 - 0.8 * Math.min(1, Math.max(0, values?.[i] ?? 0))));
    c.img.data.set([v, v, v, 255], 4 * i);
  }
  c.ctx.putImageData(c.img, 0, 0);
}

/** CSS `linear-gradient` of the diverging colormap in `palette`, for legends. */
export const divergingGradientCss = (pal: Palette = palette()): string => gradientCss('diverging', pal);

/** Paints a 28x28 input `[784]` in [0, 1] as the network sees it (white ink on black). */
export function paintGrayInput(canvas: HTMLCanvasElement, values: ArrayLike<number>): void {
  const c = imageData(canvas, 28, 28);
  if (!c) return;
  for (let i = 0; i < 784; i++) {
    const v = Math.round(255 * Math.min(1, Math.max(0, values[i] ?? 0)));
    c.img.data.set([v, v, v, 255], 4 * i);
  }
  c.ctx.putImageData(c.img, 0, 0);
}

/** Test image `index` of `images` (28×28 bytes each) as the network's input (0–1). */
export const testImage = (images: Uint8Array, index: number) =>
  Float32Array.from(images.subarray(index * 784, (index + 1) * 784), (v) => v / 255) as Mnist28;
