import { describe, expect, it } from 'vitest';
import { countByLabel, isDigitLabel, newDigitId, pad32, refuseReason, splitHeldBack, toBytes28, toSplit, unmeasurable } from './sample.ts';

describe('your digits as data', () => {
  it('refuses an empty pad and a dot, and accepts a digit-sized drawing', () => {
    expect(refuseReason(null, 21)).toMatch(/empty/);
    expect(refuseReason({ x: 100, y: 100, width: 22, height: 22 }, 21)).toMatch(/dot/);
    expect(refuseReason({ x: 100, y: 40, width: 25, height: 150 }, 21)).toBeNull();
  });

  it('accepts only the labels 0–9', () => {
    expect([0, 9].every(isDigitLabel)).toBe(true);
    expect([-1, 10, 1.5, NaN, '3'].some(isDigitLabel)).toBe(false);
  });

  it('stores the 28x28 as bytes and pads it to the classic 32x32 with paper', () => {
    const img = new Float32Array(784);
    img[0] = 1;
    img[783] = 0.5;
    const b = toBytes28(img);
    expect([b[0], b[783], b[1]]).toEqual([255, 128, 0]);
    const p = pad32(b);
    expect(p.length).toBe(1024);
    expect(p[2 * 32 + 2]).toBe(255);
    expect(p[29 * 32 + 29]).toBe(128);
    expect(p[0]).toBe(0);
  });

  it('gives sortable, distinct ids', () => {
    const a = newDigitId(1000, 0.1);
    const b = newDigitId(2000, 0.1);
    expect(a < b).toBe(true);
    expect(newDigitId(1000, 0.1)).not.toBe(newDigitId(1000, 0.2));
  });

  it('holds back a part of each label with two or more digits, never all of it', () => {
    const labels = [3, 3, 3, 3, 3, 7, 1, 1];
    const { taught, heldBack } = splitHeldBack(labels, 0.2);
    expect(Array.from(heldBack).map((i) => labels[i])).toEqual([3, 1]);
    expect(taught.length + heldBack.length).toBe(labels.length);
    expect(Array.from(taught).map((i) => labels[i])).toContain(7);
    expect(new Set([...taught, ...heldBack]).size).toBe(labels.length);
  });

  it('says which labels it cannot learn or measure', () => {
    const counts = countByLabel([{ label: 1 }, { label: 1 }, { label: 7 }]);
    expect(counts).toEqual([0, 2, 0, 0, 0, 0, 0, 1, 0, 0]);
    const notes = unmeasurable(counts);
    expect(notes[0]).toContain('No 0, 2, 3, 4, 5, 6, 8, 9 taught');
    expect(notes[1]).toContain('Only one 7');
    expect(unmeasurable(Array<number>(10).fill(2))).toEqual([]);
  });

  it('packs digits into an MNIST split', () => {
    const a = new Uint8Array(784).fill(1);
    const b = new Uint8Array(784).fill(2);
    const s = toSplit([
      { label: 4, image28: a },
      { label: 9, image28: b },
    ]);
    expect(s.count).toBe(2);
    expect(Array.from(s.labels)).toEqual([4, 9]);
    expect([s.images[0], s.images[784]]).toEqual([1, 2]);
  });
});
