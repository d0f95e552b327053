/**
 * Writes the app's icons (`public/icons/icon-192.png`, `icon-512.png`): a hand-drawn "5" from the
 * test fixtures' strokes, white on the app's accent blue, as PNGs encoded here with node:zlib (no
 * image library). Run `npx tsx scripts/icons.ts` after changing the look; the PNGs are committed.
 */
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { DIGIT_STROKES } from '../src/shared/preprocess/fixtures/digit-strokes.ts';

const ACCENT = [0x2f, 0x6f, 0xde] as const;

function crc32(buf: Uint8Array): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** Distance from p to the segment a–b. */
function segDist(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function icon(size: number): Buffer {
  // The digit sits in the middle 56 % (inside a maskable icon's safe zone), pen 7 % of the size.
  const box = 0.56 * size;
  const off = (size - box) / 2;
  const pen = 0.07 * size;
  const segs = DIGIT_STROKES[5]!.flatMap((s) =>
    s.slice(1).map((p, i) => [off + s[i]![0] * box, off + s[i]![1] * box, off + p[0] * box, off + p[1] * box] as const),
  );
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      // 4×4 supersampling for smooth edges.
      let ink = 0;
      for (let sy = 0; sy < 4; sy++)
        for (let sx = 0; sx < 4; sx++) {
          const px = x + (sx + 0.5) / 4;
          const py = y + (sy + 0.5) / 4;
          if (segs.some(([ax, ay, bx, by]) => segDist(px, py, ax, ay, bx, by) <= pen / 2)) ink++;
        }
      const a = ink / 16;
      for (let c = 0; c < 3; c++) row[1 + x * 3 + c] = Math.round(ACCENT[c]! * (1 - a) + 255 * a);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

for (const size of [192, 512]) writeFileSync(`public/icons/icon-${size}.png`, icon(size));
console.log('wrote public/icons/icon-192.png, icon-512.png');
