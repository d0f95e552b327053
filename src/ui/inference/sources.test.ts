/**
 * The import path end to end in Node (cpu backend): every hostile file is refused before tfjs
 * builds anything — tensors and bytes back to where they were — and a good file round-trips. How long a
 * refusal takes is logged, not asserted (a starved test machine is not a freeze); the hostile e2e spec
 * watches the page for long tasks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { openModel } from './sources.ts';
import { variantSpec, type Variant } from '../../shared/model/variants.ts';

const jsonOf = (v: Variant) => JSON.parse(readFileSync(`public/models/${v}/model.json`, 'utf8')) as Record<string, unknown>;
const binOf = (v: Variant) => readFileSync(`public/models/${v}/weights.bin`);
type Layer = { name: string; config: Record<string, unknown> };
const layers = (j: Record<string, unknown>) => (j['modelTopology'] as { config: { layers: Layer[] } }).config.layers;
const manifest = (j: Record<string, unknown>) =>
  (j['weightsManifest'] as { weights: { name: string; shape: number[]; dtype: string }[] }[])[0]!.weights;
const files = (j: object, bin: Uint8Array) => [new File([JSON.stringify(j)], 'model.json'), new File([new Uint8Array(bin)], 'weights.bin')];

/** [what, files] — the rows that reach the importer, built from the shipped files. */
function hostileFiles(): [string, File[]][] {
  const rows: [string, File[]][] = [];
  const mod = (v: Variant, what: string, change: (j: Record<string, unknown>) => Uint8Array | void) => {
    const j = jsonOf(v);
    const bin = change(j) ?? binOf(v);
    rows.push([what, files(j, bin)]);
  };
  mod('modern', 'modern F6 with 10⁶ units (5 KB model.json)', (j) => void (layers(j).find((l) => l.name === 'f6')!.config['units'] = 1e6));
  mod('classic', 'classic F6 with 10⁶ units', (j) => void (layers(j).find((l) => l.name === 'f6')!.config['units'] = 1e6));
  mod('modern', '22,000 tiny weight entries', (j) => {
    manifest(j).push(
      ...Array.from({ length: 21_990 }, (_, i) => ({ name: `${i}`, shape: [1] }) as { name: string; shape: number[]; dtype: string }),
    );
    return new Uint8Array(binOf('modern').length + 21_990 * 4);
  });
  mod('modern', 'all weights int32', (j) => manifest(j).forEach((w) => (w.dtype = 'int32')));
  mod('modern', 'a duplicate weight name (+40 bytes)', (j) => {
    manifest(j).push({ name: 'output/bias', shape: [10], dtype: 'float32' });
    return new Uint8Array([...binOf('modern'), ...new Uint8Array(40)]);
  });
  mod('modern', 'the manifest reordered', (j) => {
    const w = manifest(j);
    [w[6], w[8]] = [w[8]!, w[6]!];
  });
  mod('modern', 'a linear output', (j) => void (layers(j).find((l) => l.name === 'output')!.config['activation'] = 'linear'));
  mod('modern', 'dtype "toString"', (j) => void (manifest(j)[0]!.dtype = 'toString'));
  mod('modern', 'weights one float short', () => binOf('modern').subarray(4));
  return rows;
}

describe('importing a model', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('refuses every hostile file with a reason, leaving tensors and memory as they were', async () => {
    const inUse = (await openModel({ kind: 'imported', files: files(jsonOf('modern'), binOf('modern')) })).model;
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 9);
    const answer = async () => {
      const y = inUse.predict(x) as tf.Tensor;
      const data = Array.from(await y.data());
      y.dispose();
      return data;
    };
    const first = await answer();
    const rows = hostileFiles();
    await openModel({ kind: 'imported', files: rows[0]![1] }).catch(() => null); // warm-up: first-call costs are not a freeze
    const times: string[] = [];
    for (const [what, f] of rows) {
      const before = tf.memory();
      const t0 = performance.now();
      const error = await openModel({ kind: 'imported', files: f }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      const ms = performance.now() - t0;
      expect(error, what).toBeInstanceOf(Error);
      expect(error!.name, `${what}: ${error!.message}`).toBe('ImportError');
      expect(tf.memory().numTensors, what).toBe(before.numTensors);
      expect(tf.memory().numBytes, what).toBe(before.numBytes);
      times.push(`${what} ${ms.toFixed(0)} ms`);
    }
    console.log(`hostile imports refused in: ${times.join(', ')}`);
    expect(await answer()).toEqual(first);
    x.dispose();
    inUse.dispose();
  });

  it('opens an exported model with the same answers, and drops hostile metadata with a notice', async () => {
    const before = tf.memory().numTensors;
    const j = jsonOf('classic');
    j['userDefinedMetadata'] = { app: 'lenet-lab', epochs: [], savedAt: 'x', testAccuracy: { valueOf: 1, toString: 1 }, testCount: 10_000 };
    const opened = await openModel({ kind: 'imported', files: files(j, binOf('classic')) });
    expect(opened.variant).toBe('classic');
    expect(opened.accuracy).toBeNull();
    expect(opened.notices).toEqual(['The imported model: its test accuracy is not a number between 0 and 1 and was dropped.']);
    const shipped = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: j['modelTopology'] as object,
        weightSpecs: manifest(j) as tf.io.WeightsManifestEntry[],
        weightData: new Uint8Array(binOf('classic')).buffer,
      }),
    );
    const x = tf.randomUniform([3, ...variantSpec('classic').inputShape], -0.1, 1.175, 'float32', 5);
    const [a, b] = [opened.model.predict(x) as tf.Tensor, shipped.predict(x) as tf.Tensor];
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    tf.dispose([x, a, b]);
    opened.model.dispose();
    shipped.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
