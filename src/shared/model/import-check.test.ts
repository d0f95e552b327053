import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { ImportError, MAX_WEIGHTS_BYTES, checkModelJson, checkWeights } from './import-check.ts';

const shipped = 'public/models/modern/model.json';

describe('checkModelJson', () => {
  it('accepts the shipped model and its weights', () => {
    const text = readFileSync(shipped, 'utf8');
    const c = checkModelJson(text, text.length);
    expect(c.weightSpecs.length).toBe(10);
    expect(() => checkWeights(c, statSync('public/models/modern/weights.bin').size)).not.toThrow();
    expect(c.weightBytes).toBe(61_706 * 4);
  });

  it('refuses non-JSON, non-models and malformed manifests with a reason', () => {
    expect(() => checkModelJson('hello', 5)).toThrow(/not valid JSON/);
    expect(() => checkModelJson('[1]', 3)).toThrow(/no "modelTopology"/);
    expect(() => checkModelJson('{"modelTopology":{},"format":"graph-model","weightsManifest":[]}', 60)).toThrow(/format "graph-model"/);
    expect(() => checkModelJson('{"modelTopology":{}}', 20)).toThrow(/no "weightsManifest"/);
    expect(() =>
      checkModelJson('{"modelTopology":{},"weightsManifest":[{"weights":[{"name":"a","shape":[-1],"dtype":"float32"}]}]}', 90),
    ).toThrow(ImportError);
  });

  it('refuses weights of the wrong size and huge files before reading them', () => {
    const text = readFileSync(shipped, 'utf8');
    const c = checkModelJson(text, text.length);
    expect(() => checkWeights(c, c.weightBytes - 4)).toThrow(/describes 246824/);
    expect(() => checkWeights(c, 500_000_000)).toThrow(/500\.0 MB/);
    expect(() => checkModelJson(text, 500_000_000)).toThrow(/model\.json is 500\.0 MB/);
    expect(MAX_WEIGHTS_BYTES).toBeLessThan(500_000_000);
  });
});
