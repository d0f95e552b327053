import { describe, expect, it } from 'vitest';
import { inputsOf, kernelSlice } from './links.ts';
import { MODERN_LAYERS } from '../model/lenet.ts';

describe('inputsOf', () => {
  it('links C1 to the input, S2 to the same C1 map, and C3 to every S2 map (modern)', () => {
    expect(inputsOf(MODERN_LAYERS, 0, 3)).toEqual([{ layer: -1, map: 0 }]);
    expect(inputsOf(MODERN_LAYERS, 1, 4)).toEqual([{ layer: 0, map: 4 }]);
    expect(inputsOf(MODERN_LAYERS, 2, 0)).toHaveLength(6);
  });

  it('follows a connection table for C3 when given one', () => {
    const table = [[0, 1, 2]];
    expect(inputsOf(MODERN_LAYERS, 2, 0, table)).toEqual([0, 1, 2].map((m) => ({ layer: 1, map: m })));
  });
});

describe('kernelSlice', () => {
  it('takes the [kh, kw] plane of one input/output pair', () => {
    // kh=1, kw=2, in=2, out=2: index ((y*kw+x)*in+i)*out+o
    const data = new Float32Array([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(kernelSlice(data, [1, 2, 2, 2], 1, 0))).toEqual([2, 6]);
  });
});
