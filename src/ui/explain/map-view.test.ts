import { describe, expect, it } from 'vitest';
import { blendPoints, frameOf, MAP_SIZE, nearestPoint, toPixels, viewOf } from './map-view.ts';

describe('the map view', () => {
  const coords = Float32Array.from([-2, 1, 2, 1, 0, -3, 0, 5]); // x spans 4, y spans 8

  it('frames every point in a square view with a 4 % margin, y up', () => {
    const { cx, cy, k } = frameOf(coords);
    expect([cx, cy]).toEqual([0, 1]);
    expect(k).toBeCloseTo((MAP_SIZE * 0.92) / 8);
    const px = toPixels(coords);
    for (let i = 0; i < px.length; i++) {
      expect(px[i]).toBeGreaterThanOrEqual(MAP_SIZE * 0.04 - 1e-3);
      expect(px[i]).toBeLessThanOrEqual(MAP_SIZE * 0.96 + 1e-3);
    }
    // The highest point (y = 5) is at the top of the canvas, the lowest at the bottom.
    expect(px[7]).toBeCloseTo(MAP_SIZE * 0.04, 3);
    expect(px[5]).toBeCloseTo(MAP_SIZE * 0.96, 3);
    // `toPixels` is `viewOf` for every point.
    const view = viewOf(coords);
    for (let i = 0; i < 4; i++) {
      const [x, y] = view(coords[2 * i]!, coords[2 * i + 1]!);
      expect(px[2 * i]).toBeCloseTo(x, 3);
      expect(px[2 * i + 1]).toBeCloseTo(y, 3);
    }
  });

  it('finds the nearest point within the radius, and none beyond it', () => {
    const px = toPixels(coords);
    expect(nearestPoint(px, px[4]! + 3, px[5]! - 2)).toBe(2);
    expect(nearestPoint(px, px[4]! + 9, px[5]!)).toBe(-1);
    expect(nearestPoint(px, px[4]! + 9, px[5]!, 10)).toBe(2);
  });

  it('blends each point as a 2×2 square in its digit colour, overlaps over each other', () => {
    const rgba = new Uint8ClampedArray(MAP_SIZE * MAP_SIZE * 4);
    const pixels = Float32Array.from([10, 10, 10, 10, 100, 50]);
    blendPoints(rgba, pixels, Uint8Array.from([0, 1, 2]));
    const at = (x: number, y: number) => Array.from(rgba.subarray((y * MAP_SIZE + x) * 4, (y * MAP_SIZE + x) * 4 + 4));
    const painted = (x0: number, y0: number) => [at(x0, y0), at(x0 + 1, y0), at(x0, y0 + 1), at(x0 + 1, y0 + 1)];
    // Alone: digit 2's colour (#e15759) at alpha 0.55.
    for (const p of painted(99, 49)) expect(p).toEqual([0xe1, 0x57, 0x59, Math.round(0.55 * 255)]);
    expect(at(101, 49)[3]).toBe(0);
    // Two points on one spot: more opaque, the later digit (1, #f28e2b) on top of digit 0 (#4e79a7).
    const [p] = painted(9, 9);
    expect(p![3]).toBe(Math.round((0.55 + 0.55 * 0.45) * 255));
    expect(p![0]).toBeGreaterThan(0xa0);
    expect(p![0]).toBeLessThan(0xf2);
  });
});
