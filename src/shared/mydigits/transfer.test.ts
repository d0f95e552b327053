import { describe, expect, it } from 'vitest';
import { EXPORT_NAMES, exportIdx, importDigits, MAX_IMPORT_BYTES, strokesEntry, strokesJson, type ImportFile } from './transfer.ts';
import { pad32, type MyDigit } from './sample.ts';
import { encodeIdx } from '../mnist/idx.ts';

function digit(label: number, fill: number): MyDigit {
  const image28 = new Uint8Array(784).fill(fill);
  return {
    id: `id${label}`,
    label,
    given: label === 3 ? 8 : null,
    strokes: [
      {
        width: 21,
        points: [
          { x: 10.04, y: 20 },
          { x: 30, y: 40.06 },
        ],
      },
    ],
    image28,
    image32: pad32(image28),
    createdAt: 5,
  };
}

const file = (name: string, bytes: Uint8Array | string): ImportFile => {
  const b = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return { name, size: b.byteLength, bytes: async () => b };
};

function exported(digits: MyDigit[]): ImportFile[] {
  const { images, labels } = exportIdx(digits);
  return [
    file(EXPORT_NAMES.images, images),
    file(EXPORT_NAMES.labels, labels),
    file(EXPORT_NAMES.strokes, strokesJson(digits.map((d) => JSON.stringify(strokesEntry(d))))),
  ];
}

describe('export and import of your digits', () => {
  it('round-trips images, labels, strokes and the given answer', async () => {
    const back = await importDigits(exported([digit(3, 7), digit(9, 200)]), 1000);
    expect(back.map((d) => d.label)).toEqual([3, 9]);
    expect(back.map((d) => d.given)).toEqual([8, null]);
    expect(back[1]!.image28[100]).toBe(200);
    expect(back[1]!.image32[2 * 32 + 2]).toBe(200);
    expect(back[0]!.strokes[0]!.points).toEqual([
      { x: 10, y: 20 },
      { x: 30, y: 40.1 },
    ]);
    expect(new Set(back.map((d) => d.id)).size).toBe(2);
  });

  it('imports the two IDX files without strokes, in any order', async () => {
    const [images, labels] = exported([digit(1, 1)]);
    const back = await importDigits([labels!, images!]);
    expect(back.map((d) => d.label)).toEqual([1]);
    expect(back[0]!.strokes).toEqual([]);
  });

  const [images, labels] = exported([digit(2, 1), digit(5, 1)]);
  it.each([
    ['a non-IDX file', [file('photo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0])), labels!], /not an IDX file/],
    [
      'a wrong magic',
      [
        file(
          'x',
          encodeIdx('images', new Uint8Array(784), 1).map((v, i) => (i === 3 ? 2 : v)),
        ),
        labels!,
      ],
      /wrong magic/,
    ],
    ['counts that disagree', [images!, file('l', encodeIdx('labels', new Uint8Array([2]), 1))], /count mismatch: 2 images but 1 labels/],
    ['labels above 9', [images!, file('l', encodeIdx('labels', new Uint8Array([2, 10]), 2))], /label 10 at index 1 is outside 0–9/],
    ['images that are not 28x28', [file('i', encodeIdx('images', new Uint8Array(2 * 1024), 2, 32, 32)), labels!], /wrong dimensions 32x32/],
    ['a missing labels file', [images!], /No IDX labels file/],
    [
      'a strokes file that disagrees',
      [images!, labels!, file('s.json', '{"format":"lenet-lab-my-digits-strokes","version":1,"digits":[]}')],
      /holds 0 digits/,
    ],
    ['a strokes file that is not JSON', [images!, labels!, file('s.json', 'nope')], /not JSON/],
  ])('refuses %s with the reason', async (_, files, why) => {
    await expect(importDigits(files)).rejects.toThrow(why);
  });

  it('refuses a file over 50 MB before reading it', async () => {
    let read = false;
    const big: ImportFile = { name: 'big', size: MAX_IMPORT_BYTES + 1, bytes: async () => ((read = true), new Uint8Array()) };
    await expect(importDigits([big, labels!])).rejects.toThrow(/over the 50.0 MB limit/);
    expect(read).toBe(false);
  });
});
