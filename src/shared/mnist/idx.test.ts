import { describe, expect, it } from 'vitest';
import { IDX_IMAGES_MAGIC, IdxError, encodeIdx, pairSplit, parseIdx, parseIdxImages, parseIdxLabels } from './idx.ts';

const images = (count: number, rows = 28, cols = 28) =>
  encodeIdx(
    'images',
    new Uint8Array(count * rows * cols).map((_, i) => i % 256),
    count,
    rows,
    cols,
  );
const labels = (values: number[]) => encodeIdx('labels', new Uint8Array(values), values.length);

describe('parseIdx', () => {
  it('round-trips images and labels', () => {
    const img = parseIdxImages('img', images(3));
    expect(img).toMatchObject({ kind: 'images', count: 3, rows: 28, cols: 28 });
    expect(img.pixels).toHaveLength(3 * 784);
    expect(img.pixels[785]).toBe(785 % 256);
    const lab = parseIdxLabels('lab', labels([0, 9, 4]));
    expect(Array.from(lab.labels)).toEqual([0, 9, 4]);
    expect(parseIdx('x', labels([1])).kind).toBe('labels');
    expect(parseIdx('x', images(1)).kind).toBe('images');
  });

  it('keeps pixels as a Uint8Array view, not a copy', () => {
    const bytes = images(2);
    const img = parseIdxImages('img', bytes);
    expect(img.pixels).toBeInstanceOf(Uint8Array);
    expect(img.pixels.buffer).toBe(bytes.buffer);
  });

  it('rejects a wrong magic number, naming the file', () => {
    const bytes = labels([1, 2]);
    expect(() => parseIdxImages('train-images.idx3', bytes)).toThrow(
      /^train-images\.idx3: wrong magic number 0x00000801, expected 0x00000803/,
    );
    const img = images(1);
    expect(() => parseIdxLabels('t10k-labels', img)).toThrow(/^t10k-labels: wrong magic number 0x00000803, expected 0x00000801/);
    expect(() => parseIdx('junk.bin', new Uint8Array([1, 2, 3, 4, 5]))).toThrow(/junk\.bin: wrong magic/);
  });

  it('rejects a truncated header and a truncated body', () => {
    expect(() => parseIdxImages('a', new Uint8Array([0, 0, 8, 3]))).toThrow(/a: truncated header/);
    const bytes = images(2);
    expect(() => parseIdxImages('b', bytes.subarray(0, bytes.length - 10))).toThrow(
      /b: truncated body: 1558 bytes of pixels, 2 images of 28x28 need 1568/,
    );
    const lab = labels([1, 2, 3]);
    expect(() => parseIdxLabels('c', lab.subarray(0, lab.length - 1))).toThrow(/c: truncated body/);
  });

  it('rejects trailing bytes', () => {
    const bytes = new Uint8Array([...labels([1]), 7]);
    expect(() => parseIdxLabels('d', bytes)).toThrow(/d: 1 unexpected bytes/);
  });

  it('rejects wrong dimensions', () => {
    expect(() => parseIdxImages('e', images(1, 32, 32))).toThrow(/e: wrong dimensions 32x32, expected 28x28/);
  });

  it('rejects a count other than expected', () => {
    expect(() => parseIdxImages('f', images(2), { count: 60000 })).toThrow(/f: holds 2 images, expected 60000/);
    expect(() => parseIdxLabels('g', labels([1]), { count: 10000 })).toThrow(/g: holds 1 labels, expected 10000/);
  });

  it('rejects labels outside 0–9', () => {
    expect(() => parseIdxLabels('h', labels([3, 10]))).toThrow(/h: label 10 at index 1 is outside 0–9/);
  });

  it('rejects an image/label count mismatch', () => {
    const img = parseIdxImages('i', images(3));
    const lab = parseIdxLabels('l', labels([1, 2]));
    expect(() => pairSplit(img, lab, 'i', 'l')).toThrow(/i \+ l: image\/label count mismatch: 3 images but 2 labels/);
  });

  it('throws IdxError with the file and the problem as fields', () => {
    try {
      parseIdxImages('z', new Uint8Array(4));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IdxError);
      expect((e as IdxError).file).toBe('z');
    }
    expect(IDX_IMAGES_MAGIC).toBe(0x803);
  });
});
