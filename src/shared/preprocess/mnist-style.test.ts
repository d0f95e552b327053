import { describe, expect, it } from 'vitest';
import { BOX, CENTER, SIZE, centerOfMass, inkBounds, preprocessMnist, resampleArea, toClassicInput, type Mnist28 } from './mnist-style.ts';
import { PEN_WIDTH, SURFACE, emptyInk, rasterize, type Stroke } from './strokes.ts';
import { DIGIT_STROKES, PLACEMENTS, placeDigit } from './fixtures/digit-strokes.ts';

const draw = (digit: number, placement: (typeof PLACEMENTS)[number], width = PEN_WIDTH) =>
  rasterize(placeDigit(digit, placement).map((points): Stroke => ({ points, width })));

function digitOf(ink: ReturnType<typeof rasterize>) {
  const r = preprocessMnist(ink);
  if (r.kind !== 'digit') throw new Error('expected a digit');
  return r;
}

const meanAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;

describe('preprocessMnist', () => {
  it('says nothing is drawn for an empty pad', () => {
    expect(preprocessMnist(emptyInk())).toEqual({ kind: 'empty' });
  });

  it('fits the longer side of the ink to 20 px, keeping the aspect ratio', () => {
    for (const d of [0, 1, 7]) {
      const r = digitOf(draw(d, PLACEMENTS[0]!));
      expect(Math.max(r.scaled.width, r.scaled.height)).toBe(BOX);
      const ratio = r.crop.width / r.crop.height;
      expect(r.scaled.width / r.scaled.height).toBeCloseTo(ratio, 0);
    }
  });

  it('centers the digit by its center of mass, within 0.5 px of (14, 14)', () => {
    for (let d = 0; d <= 9; d++) {
      for (const p of PLACEMENTS) {
        const { centerOfMass: com } = digitOf(draw(d, p));
        expect(Math.abs(com.x - CENTER), `digit ${d} ${p.name} x`).toBeLessThanOrEqual(0.5);
        expect(Math.abs(com.y - CENTER), `digit ${d} ${p.name} y`).toBeLessThanOrEqual(0.5);
      }
    }
  });

  it('makes a digit drawn small in a corner nearly the same as drawn large in the middle', () => {
    const large = Array.from({ length: 10 }, (_, d) => digitOf(draw(d, PLACEMENTS[0]!, PEN_WIDTH)).image);
    for (let d = 0; d <= 9; d++) {
      // Same pen relative to the digit's size, as a person writing smaller uses a finer pen.
      const small = digitOf(draw(d, PLACEMENTS[2]!, (PEN_WIDTH * 90) / 220)).image;
      const same = meanAbsDiff(large[d]!, small);
      const nearestOther = Math.min(...large.filter((_, e) => e !== d).map((img) => meanAbsDiff(large[d]!, img)));
      expect(same, `digit ${d}`).toBeLessThan(0.05);
      expect(same, `digit ${d} vs. other digits`).toBeLessThan(nearestOther / 2);
    }
  });

  it('keeps thin and thick strokes legible: ink lies in [0, 1] and covers a plausible share', () => {
    for (const width of [4, PEN_WIDTH, 40]) {
      const { image } = digitOf(draw(8, PLACEMENTS[1]!, width));
      const ink = image.reduce((a, v) => a + v, 0);
      expect(Math.max(...image)).toBeLessThanOrEqual(1);
      expect(Math.min(...image)).toBeGreaterThanOrEqual(0);
      // MNIST digits carry roughly 60–200 pixels' worth of ink; thin and thick pens stay near that.
      expect(ink, `width ${width}`).toBeGreaterThan(25);
      expect(ink, `width ${width}`).toBeLessThan(300);
    }
  });

  it('reads white ink on black: the background is 0 and the stroke is bright', () => {
    const { image } = digitOf(draw(1, PLACEMENTS[0]!));
    expect(image[0]).toBe(0);
    expect(Math.max(...image)).toBeGreaterThan(0.9);
  });

  it('does not crash on a single dot, a stroke off the edge or a huge scribble', () => {
    const dot = rasterize([{ points: [{ x: 140, y: 140 }], width: PEN_WIDTH }]);
    expect(preprocessMnist(dot).kind).toBe('digit');
    const offEdge = rasterize([
      {
        points: [
          { x: -50, y: 100 },
          { x: 400, y: 120 },
        ],
        width: PEN_WIDTH,
      },
    ]);
    const r = preprocessMnist(offEdge);
    expect(r.kind).toBe('digit');
    if (r.kind === 'digit') expect(r.crop.width).toBe(SURFACE);
    const scribble = rasterize([
      { points: Array.from({ length: 200 }, (_, i) => ({ x: (i * 97) % SURFACE, y: (i * 53) % SURFACE })), width: 30 },
    ]);
    const s = preprocessMnist(scribble);
    expect(s.kind).toBe('digit');
    if (s.kind === 'digit') expect(s.image.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('has ten digits of strokes to draw', () => {
    expect(Object.keys(DIGIT_STROKES)).toHaveLength(10);
  });
});

describe('helpers', () => {
  it('finds the bounding box of ink', () => {
    const ink = emptyInk(10);
    ink.data[3 * 10 + 2] = 1;
    ink.data[7 * 10 + 5] = 1;
    ink.data[5 * 10 + 5] = 1;
    ink.data[5 * 10 + 4] = 1;
    expect(inkBounds(ink)).toEqual({ x: 2, y: 3, width: 4, height: 5 });
  });

  it('area-averages when shrinking', () => {
    const ink = { width: 4, height: 2, data: new Float32Array([1, 1, 0, 0, 1, 1, 0, 0]) };
    const r = resampleArea(ink, { x: 0, y: 0, width: 4, height: 2 }, 2, 1);
    expect(Array.from(r.data)).toEqual([1, 0]);
    const half = resampleArea(ink, { x: 1, y: 0, width: 2, height: 2 }, 1, 1);
    expect(half.data[0]).toBeCloseTo(0.5);
  });

  it('computes a center of mass in pixel indices', () => {
    const img = new Float32Array(9);
    img[2] = 1;
    img[8] = 1;
    expect(centerOfMass(img, 3, 3)).toEqual({ x: 2, y: 1 });
  });

  it('pads to 32x32 with background −0.1 and ink 1.175 for the classic variant', () => {
    const img = new Float32Array(SIZE * SIZE) as Mnist28;
    img[0] = 1;
    const c = toClassicInput(img);
    expect(c).toHaveLength(1024);
    expect(c[0]).toBeCloseTo(-0.1);
    expect(c[2 * 32 + 2]).toBeCloseTo(1.175);
    expect(c[2 * 32 + 3]).toBeCloseTo(-0.1);
  });
});
