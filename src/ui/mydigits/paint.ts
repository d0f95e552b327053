/**
 * Paints a group of your digits as one canvas of thumbnails (one ImageData for the lot, so a
 * thousand digits cost a few milliseconds, not a thousand canvases): white ink on black as the
 * network sees them, a red frame on those the model now reads wrong, blue on the selected one.
 */
import type { MyDigit } from '../../shared/mydigits/sample.ts';

export const CELL = 32;
/** `performance.measure` name of one group's repaint. */
export const MEASURE_PAINT = 'lenet:my-digits-paint';
export const COLS = 12;

export function gridSize(n: number): { width: number; height: number } {
  return { width: Math.max(1, Math.min(n, COLS)) * CELL, height: Math.max(1, Math.ceil(n / COLS)) * CELL };
}

/** The index of the cell under canvas pixel (x, y), or -1. */
export function cellAt(x: number, y: number, n: number): number {
  const i = Math.floor(y / CELL) * COLS + Math.floor(x / CELL);
  return x >= 0 && x < Math.min(n, COLS) * CELL && i >= 0 && i < n ? i : -1;
}

const RED = [211, 47, 47] as const;
const BLUE = [47, 111, 222] as const;

export function paintDigits(
  ctx: CanvasRenderingContext2D,
  digits: readonly MyDigit[],
  /** Ids of the digits the model in use reads wrong. */
  wrong: ReadonlySet<string>,
  selected: string | null,
): void {
  const t0 = performance.now();
  const { width, height } = gridSize(digits.length);
  const img = ctx.createImageData(width, height);
  const px = img.data;
  for (let p = 3; p < px.length; p += 4) px[p] = 255;
  digits.forEach((d, i) => {
    const ox = (i % COLS) * CELL + 2;
    const oy = Math.floor(i / COLS) * CELL + 2;
    for (let y = 0; y < 28; y++)
      for (let x = 0; x < 28; x++) {
        const v = d.image28[y * 28 + x]!;
        const o = ((oy + y) * width + ox + x) * 4;
        px[o] = px[o + 1] = px[o + 2] = v;
      }
    const frame = d.id === selected ? BLUE : wrong.has(d.id) ? RED : null;
    if (!frame) return;
    for (let k = -2; k < 30; k++)
      for (const [x, y] of [
        [ox + k, oy - 2],
        [ox + k, oy + 29],
        [ox - 2, oy + k],
        [ox + 29, oy + k],
        [ox + k, oy - 1],
        [ox + k, oy + 28],
        [ox - 1, oy + k],
        [ox + 28, oy + k],
      ] as const) {
        const o = (y * width + x) * 4;
        px[o] = frame[0];
        px[o + 1] = frame[1];
        px[o + 2] = frame[2];
      }
  });
  ctx.putImageData(img, 0, 0);
  performance.measure(MEASURE_PAINT, { start: t0 });
}
