import { describe, expect, it } from 'vitest';
import { inputsOf, kernelGrid, kernelSlice } from './links.ts';
import { MODERN_LAYERS } from '../model/lenet.ts';
import { CLASSIC_LAYERS } from '../model/classic.ts';

describe('inputsOf', () => {
  it('links C1 to the input, S2 to the same C1 map, and C3 to every S2 map (modern)', () => {
    expect(inputsOf(MODERN_LAYERS, 0, 3)).toEqual([{ layer: -1, map: 0 }]);
    expect(inputsOf(MODERN_LAYERS, 1, 4)).toEqual([{ layer: 0, map: 4 }]);
    expect(inputsOf(MODERN_LAYERS, 2, 0)).toHaveLength(6);
  });

  it("follows the layer's connection table: the classic C3 reads Table I's S2 maps", () => {
    expect(inputsOf(CLASSIC_LAYERS, 2, 0)).toEqual([0, 1, 2].map((m) => ({ layer: 1, map: m })));
    expect(inputsOf(CLASSIC_LAYERS, 2, 15)).toHaveLength(6);
  });
});

describe('kernelSlice', () => {
  it('takes the [kh, kw] plane of one input/output pair', () => {
    // kh=1, kw=2, in=2, out=2: index ((y*kw+x)*in+i)*out+o
    const data = new Float32Array([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(kernelSlice(data, [1, 2, 2, 2], 1, 0))).toEqual([2, 6]);
  });
});

describe('kernelGrid', () => {
  // kh=kw=2, in=2, out=3; value = 100·o + 10·i + (y·2 + x), stored at ((y*kw+x)*in+i)*out+o.
  const shape = [2, 2, 2, 3];
  const data = new Float32Array(24);
  for (let y = 0; y < 2; y++)
    for (let x = 0; x < 2; x++)
      for (let i = 0; i < 2; i++) for (let o = 0; o < 3; o++) data[((y * 2 + x) * 2 + i) * 3 + o] = 100 * o + 10 * i + y * 2 + x;

  it('puts output maps in columns and input maps in rows, one pixel apart', () => {
    const g = kernelGrid(data, shape);
    expect([g.w, g.h]).toEqual([3 * 3 - 1, 2 * 3 - 1]);
    const at = (x: number, y: number) => g.values[y * g.w + x];
    expect(at(0, 0)).toBe(0); // o0 i0 (0,0)
    expect(at(1, 1)).toBe(3); // o0 i0 (1,1)
    expect(at(3, 0)).toBe(100); // o1 i0
    expect(at(7, 4)).toBe(213); // o2 i1 (1,1)
    expect(at(2, 0)).toBeNaN(); // the gap between columns
    expect(at(0, 2)).toBeNaN(); // the gap between rows
  });

  it('leaves out the pairs a connection table does not list', () => {
    const g = kernelGrid(data, shape, [[0], [0, 1], [1]]);
    expect(g.values[3 * g.w + 0]).toBeNaN(); // o0 does not read i1
    expect(g.values[3 * g.w + 3]).toBe(110); // o1 reads i1
    expect(g.values[0 * g.w + 6]).toBeNaN(); // o2 does not read i0
  });
});
