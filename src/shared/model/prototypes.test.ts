import { describe, expect, it } from 'vitest';
import { DIGIT_BITMAPS, PROTOTYPE_HEIGHT, PROTOTYPE_SIZE, PROTOTYPE_WIDTH, RBF_PROTOTYPES, parseBitmap } from './prototypes.ts';

describe('RBF prototypes', () => {
  it('are ten 7x12 bitmaps of ±1', () => {
    expect(PROTOTYPE_SIZE).toBe(84);
    expect(DIGIT_BITMAPS).toHaveLength(10);
    for (const rows of DIGIT_BITMAPS) {
      expect(rows).toHaveLength(PROTOTYPE_HEIGHT);
      for (const r of rows) expect(r).toMatch(new RegExp(`^[#.]{${PROTOTYPE_WIDTH}}$`));
    }
    expect(RBF_PROTOTYPES).toHaveLength(840);
    expect(Array.from(RBF_PROTOTYPES).every((v) => v === 1 || v === -1)).toBe(true);
  });

  it('reads string art row by row, # as +1 and . as −1', () => {
    expect(Array.from(parseBitmap(['#.', '.#'], 2, 2))).toEqual([1, -1, -1, 1]);
    expect(() => parseBitmap(['#x'], 2, 1)).toThrow(/use '#'/);
  });

  it('keeps every two digits at least 12 pixels apart, so no two classes are near-confusable targets', () => {
    let min = Infinity;
    for (let a = 0; a < 10; a++) {
      for (let b = a + 1; b < 10; b++) {
        let diff = 0;
        for (let j = 0; j < 84; j++) if (RBF_PROTOTYPES[a * 84 + j] !== RBF_PROTOTYPES[b * 84 + j]) diff++;
        min = Math.min(min, diff);
      }
    }
    expect(min).toBeGreaterThanOrEqual(12);
  });
});
