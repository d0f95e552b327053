/**
 * Hostile files and stale saves (issue 17): each is refused or set aside with a reason, the model in
 * use keeps answering the same, tensors come back to where they were, nothing freezes the page.
 */
import { test, expect, type LabPage } from './fixtures.ts';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

type Json = Record<string, unknown>;
type Layer = { name: string; class_name: string; config: Json };
type Weight = { name: string; shape: number[]; dtype: string };
const read = (v: string) => ({
  json: JSON.parse(readFileSync(`public/models/${v}/model.json`, 'utf8')) as Json,
  bin: readFileSync(`public/models/${v}/weights.bin`),
});
const layersOf = (j: Json) => (j['modelTopology'] as { config: { layers: Layer[] } }).config.layers;
const manifestOf = (j: Json) => (j['weightsManifest'] as { weights: Weight[] }[])[0]!.weights;

/** The shipped modern files with one change, as [model.json, weights.bin]. */
function modern(change: (j: Json) => Buffer | void): { name: string; mimeType: string; buffer: Buffer }[] {
  const { json, bin } = read('modern');
  const weights = change(json) ?? bin;
  return [
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: weights },
  ];
}
function classic(change: (j: Json) => void) {
  const { json, bin } = read('classic');
  change(json);
  return [
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: bin },
  ];
}

/** The table, row by row: what is imported and the reason the user must see. */
const ROWS: [string, ReturnType<typeof modern>, string][] = [
  [
    'modern F6 with 10⁶ units',
    modern((j) => void (layersOf(j).find((l) => l.name === 'f6')!.config['units'] = 1_000_000)),
    'layer 8 ("f6") has "units": 1000000, expected 84',
  ],
  [
    'classic F6 with 10⁶ units',
    classic((j) => void (layersOf(j).find((l) => l.name === 'f6')!.config['units'] = 1_000_000)),
    'not a classic LeNet-5: layer 8 ("f6") has "units": 1000000, expected 84',
  ],
  [
    '22,000 tiny weight entries',
    modern((j) => {
      manifestOf(j).push(...Array.from({ length: 21_990 }, (_, i) => ({ name: `${i}`, shape: [1] }) as Weight));
      return Buffer.alloc(246_824 + 21_990 * 4);
    }),
    'model.json lists more than 1000 weights',
  ],
  [
    'all weights int32',
    modern((j) => manifestOf(j).forEach((w) => (w.dtype = 'int32'))),
    '"c1/kernel" has dtype "int32", expected "float32"',
  ],
  [
    'a duplicate weight name (+40 bytes)',
    modern((j) => {
      manifestOf(j).push({ name: 'output/bias', shape: [10], dtype: 'float32' });
      return Buffer.concat([read('modern').bin, Buffer.alloc(40)]);
    }),
    '"output/bias" is listed twice',
  ],
  [
    'the manifest reordered, same total size',
    modern((j) => {
      const w = manifestOf(j);
      [w[6], w[8]] = [w[8]!, w[6]!];
    }),
    'weight 7 is "output/kernel", expected "f6/kernel" (the order differs',
  ],
  [
    'the output activation linear',
    modern((j) => void (layersOf(j).find((l) => l.name === 'output')!.config['activation'] = 'linear')),
    'has "activation": "linear", expected "softmax"',
  ],
  ['dtype "toString"', modern((j) => void (manifestOf(j)[0]!.dtype = 'toString')), '"c1/kernel" has dtype "toString", expected "float32"'],
];

async function longTasksSince(page: Page): Promise<number[]> {
  return page.evaluate(() => (globalThis as unknown as { __longTasks: number[] }).__longTasks.splice(0));
}

async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = globalThis as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
}

async function expectModelUnchanged(lab: LabPage, before: number[], tensors: number): Promise<void> {
  expect(await lab.numTensors()).toBe(tensors);
  const now = await lab.outputsOnFixedInput();
  now.forEach((p, i) => expect(p, `output ${i}`).toBeCloseTo(before[i]!, 6));
}

test('every hostile import is refused with its reason: same answers, same tensors, no freeze', { tag: '@alone' }, async ({ lab, page }) => {
  test.setTimeout(60_000);
  await watchLongTasks(page);
  await lab.open();
  const before = await lab.outputsOnFixedInput();
  const tensors = await lab.numTensors();
  const input = page.getByTestId('import-input');
  // Warm-up: the first import runs code for the first time; that is not a file's doing.
  await input.setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('{}') },
    { name: 'w.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(4) },
  ]);
  await expect(page.getByTestId('model-error')).toContainText('not a TensorFlow.js layers model');
  await longTasksSince(page);
  for (const [i, [what, files, reason]] of ROWS.entries()) {
    // From disk: files given as buffers are decoded by script in the page, a long task of the test's own.
    const dir = test.info().outputPath(`row-${i}`);
    mkdirSync(dir, { recursive: true });
    const paths = files.map((f) => {
      writeFileSync(`${dir}/${f.name}`, f.buffer);
      return `${dir}/${f.name}`;
    });
    await input.setInputFiles(paths);
    await expect(page.getByTestId('model-error'), what).toContainText(`Import refused: `);
    await expect(page.getByTestId('model-error'), what).toContainText(reason);
    await expect(page.getByTestId('model-kind'), what).toHaveAttribute('data-kind', 'shipped');
    expect(await lab.numTensors(), what).toBe(tensors);
    const long = await longTasksSince(page);
    expect(Math.max(0, ...long), `${what}: long tasks ${long.join(', ')}`).toBeLessThan(200);
    if (i === ROWS.length - 1) await page.locator('.model-panel').screenshot({ path: test.info().outputPath('import-refused.png') });
  }
  await expectModelUnchanged(lab, before, tensors);

  // Metadata is read, never trusted: an object posing as a number, or 100 %, is dropped with a notice.
  await input.setInputFiles(
    modern(
      (j) => void (j['userDefinedMetadata'] = { app: 'lenet-lab', epochs: [], savedAt: 'x', testAccuracy: { valueOf: 1, toString: 1 } }),
    ),
  );
  await expect(page.getByTestId('model-kind')).toHaveAttribute('data-kind', 'imported');
  await expect(page.getByTestId('model-error')).toContainText('its test accuracy is not a number between 0 and 1 and was dropped');
  await expect(lab.modelStatus()).not.toContainText('%');
  await input.setInputFiles(
    modern((j) => void (j['userDefinedMetadata'] = { app: 'lenet-lab', epochs: [], savedAt: 'x', testAccuracy: 1 })),
  );
  await expect(page.getByTestId('model-error')).toContainText('its test accuracy does not say on how many test images');
  await expect(lab.modelStatus()).not.toContainText('%');
  await expectModelUnchanged(lab, before, tensors);
});

test('export → import gives the same answers', async ({ lab, page }) => {
  await lab.open();
  // A model that is not the shipped one: the test must tell the two apart.
  await page.getByTestId('import-input').setInputFiles(
    modern((j) => {
      void j;
      const bin = Buffer.from(read('modern').bin);
      for (let i = 0; i < bin.length; i += 4) bin.writeFloatLE(bin.readFloatLE(i) * 0.9, i);
      return bin;
    }),
  );
  await expect(page.getByTestId('model-kind')).toHaveAttribute('data-kind', 'imported');
  const exported = await lab.outputsOnFixedInput();
  const downloads: { name: string; buffer: Buffer }[] = [];
  page.on('download', async (d) => downloads.push({ name: d.suggestedFilename(), buffer: readFileSync((await d.path())!) }));
  await page.getByTestId('export-model').click();
  await expect.poll(() => downloads.length).toBe(2);
  await page.getByTestId('restore-pretrained').click();
  await expect(page.getByTestId('model-kind')).toHaveAttribute('data-kind', 'shipped');
  const shipped = await lab.outputsOnFixedInput();
  expect(shipped).not.toEqual(exported);
  await page.getByTestId('import-input').setInputFiles(downloads.map((d) => ({ ...d, mimeType: 'application/octet-stream' })));
  await expect(page.getByTestId('model-kind')).toHaveAttribute('data-kind', 'imported');
  const imported = await lab.outputsOnFixedInput();
  imported.forEach((p, i) => expect(p, `output ${i}`).toBeCloseTo(exported[i]!, 6));
});

/** Writes model artifacts into tfjs' IndexedDB store under `path` (as `model.save('indexeddb://path')` would). */
async function putSaved(page: Page, path: string, json: Json, bin: Buffer): Promise<void> {
  await page.evaluate(
    async ({ path, json, bytes }) => {
      const weightData = new Uint8Array(bytes).buffer;
      const artifacts = {
        modelTopology: json['modelTopology'],
        weightSpecs: (json['weightsManifest'] as { weights: unknown[] }[]).flatMap((g) => g.weights),
        weightData,
        format: 'layers-model',
        generatedBy: 'e2e',
        ...(json['userDefinedMetadata'] ? { userDefinedMetadata: json['userDefinedMetadata'] } : {}),
      };
      const info = { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weightData.byteLength };
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('tensorflowjs', 1);
        open.onupgradeneeded = () => {
          open.result.createObjectStore('models_store', { keyPath: 'modelPath' });
          open.result.createObjectStore('model_info_store', { keyPath: 'modelPath' });
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction(['models_store', 'model_info_store'], 'readwrite');
      tx.objectStore('models_store').put({ modelPath: path, modelArtifacts: artifacts, modelArtifactsInfo: info });
      tx.objectStore('model_info_store').put({ modelPath: path, modelArtifactsInfo: info });
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { path, json, bytes: [...bin] },
  );
}

test('a save that no longer opens is set aside, the shipped model loads, and hostile saved metadata cannot blank the page', async ({
  lab,
  page,
}) => {
  test.setTimeout(120_000);
  await lab.open();
  const shipped = await lab.outputsOnFixedInput();
  // A classic net under the modern key (as after a future architecture change).
  const c = read('classic');
  await putSaved(page, 'lenet-lab-modern', { ...c.json, userDefinedMetadata: { app: 'lenet-lab', epochs: [], savedAt: 'x' } }, c.bin);
  for (let i = 0; i < 2; i++) {
    await page.reload();
    await expect(lab.modelStatus()).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId('model-kind')).toHaveAttribute('data-kind', 'shipped');
    await expect(page.getByTestId('set-aside-reason')).toContainText('not a modern LeNet-5');
    // Said once, when it was set aside; later start-ups are clean.
    if (i === 0)
      await expect(page.getByTestId('model-error')).toContainText('it was set aside in this browser; the shipped model is in use');
    else await expect(page.getByTestId('model-error')).toHaveCount(0);
  }
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await page.locator('.model-panel').screenshot({ path: test.info().outputPath('set-aside.png') });
  await page.getByTestId('set-aside-export').click();
  await expect.poll(() => downloads.sort()).toEqual(['lenet-lab-modern-set-aside.json', 'lenet-lab-modern-set-aside.weights.bin']);
  await page.getByTestId('set-aside-discard').click();
  await expect(page.getByTestId('set-aside')).toHaveCount(0);
  (await lab.outputsOnFixedInput()).forEach((p, i) => expect(p).toBeCloseTo(shipped[i]!, 6));

  // A good save with hostile metadata: it opens, its accuracy is dropped with a notice, the page stays.
  const m = read('modern');
  const meta = { app: 'lenet-lab', epochs: [], savedAt: 'x', testAccuracy: { valueOf: 1, toString: 1 }, testCount: 10_000 };
  await putSaved(page, 'lenet-lab-modern', { ...m.json, userDefinedMetadata: meta }, m.bin);
  await page.reload();
  await expect(lab.modelStatus()).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('model-kind')).toHaveAttribute('data-kind', 'saved');
  await expect(page.getByTestId('model-error')).toContainText('Your saved modern model: its test accuracy is not a number');
  await expect(lab.modelStatus()).not.toContainText('%');
  await lab.putDigit(3);
  expect(await lab.predictedDigit()).toBe('3');
});

test('a panel that throws shows what failed and a way back; the rest of the page works', async ({ lab, page }) => {
  await page.goto('?test&faults=crash-status,crash-prediction');
  await expect(page.getByTestId('panel-error-status')).toContainText('Something in the model status failed: injected fault crash-status');
  await expect(page.getByTestId('panel-error-prediction')).toContainText('injected fault crash-prediction');
  // The pad and the other panels still work.
  await lab.putDigit(2);
  await expect(page.getByTestId('model-kind')).toHaveAttribute('data-kind', 'shipped');
  await page.screenshot({ path: test.info().outputPath('panel-error.png') });
  await page.getByTestId('panel-reload-status').click();
  await expect(lab.modelStatus()).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('panel-reload-prediction').click();
  expect(await lab.predictedDigit()).toBe('2');
});

test('a slower, earlier model load never replaces a later one', async ({ lab, page }) => {
  await lab.open();
  let served = false;
  await page.route('**/models/modern/weights.bin', async (route) => {
    const res = await route.fetch();
    await new Promise((r) => setTimeout(r, 2000));
    await route.fulfill({ response: res });
    served = true;
  });
  await page.getByTestId('restore-pretrained').click(); // slow: its weights arrive in 2 s
  await page.getByTestId('import-input').setInputFiles(modern((j) => void j)); // later, and fast
  await expect(page.getByTestId('model-kind')).toHaveAttribute('data-kind', 'imported');
  const tensors = await lab.numTensors();
  await expect.poll(() => served).toBe(true);
  // The earlier load now builds its model; give it time to (wrongly) take over, then check it did not.
  await page.waitForTimeout(1500);
  await expect(page.getByTestId('model-kind')).toHaveAttribute('data-kind', 'imported');
  expect(await lab.numTensors()).toBe(tensors);
});
