/** Painting small grayscale images onto canvases (one `ImageData`, no per-pixel DOM). */

/** Paints `data` (`[h*w]`, values in [0, 1], 1 = white) onto `canvas`, resizing it to `w x h`. */
export function paintGray(canvas: HTMLCanvasElement, data: ArrayLike<number>, w: number, h: number): void {
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(w, h);
  for (let i = 0; i < w * h; i++) {
    const v = Math.round(Math.min(1, Math.max(0, data[i] ?? 0)) * 255);
    img.data[4 * i] = v;
    img.data[4 * i + 1] = v;
    img.data[4 * i + 2] = v;
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}
