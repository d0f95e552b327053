/** A greyscale PNG encoder (node:zlib only), for looking at digits while working on the bench. */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** `pixels`: `[height * width]` grey levels 0..255, row-major. Returns the PNG file's bytes. */
export function encodeGreyPng(pixels: Uint8Array, width: number, height: number): Uint8Array {
  const raw = new Uint8Array(height * (width + 1));
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const parts = [
    Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Tiles rows of 28x28 images (values in [0, 1], ink white on black as MNIST) into one picture,
 * each pixel `zoom`× and a 2-px grey gap between tiles: `rows[r][c]` is the tile at row r, column c.
 */
export function tileDigits(
  rows: readonly (readonly ArrayLike<number>[])[],
  zoom = 3,
): { pixels: Uint8Array; width: number; height: number } {
  const cols = Math.max(...rows.map((r) => r.length));
  const cell = 28 * zoom + 2;
  const width = cols * cell;
  const height = rows.length * cell;
  const pixels = new Uint8Array(width * height).fill(90);
  rows.forEach((row, r) =>
    row.forEach((img, c) => {
      for (let y = 0; y < 28 * zoom; y++)
        for (let x = 0; x < 28 * zoom; x++) {
          const v = img[Math.floor(y / zoom) * 28 + Math.floor(x / zoom)]!;
          pixels[(r * cell + y) * width + c * cell + x] = Math.round(Math.min(1, Math.max(0, v)) * 255);
        }
    }),
  );
  return { pixels, width, height };
}
