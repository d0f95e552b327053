import { test, expect } from './fixtures.ts';
import type { Page } from '@playwright/test';
import type { PoolCheck } from '../src/shared/protocol-test.ts';
import { readFileSync } from 'node:fs';

const progress = (page: Page) => page.getByTestId('train-progress');
const attr = async (page: Page, name: string) => Number(await progress(page).getAttribute(name));
/** C1's six kernel pictures: their pixels, and how many are painted (not transparent). */
const c1Kernels = (page: Page) =>
  page.locator('[data-kernels="c1"] canvas.kernel').evaluateAll((cs: HTMLCanvasElement[]) => {
    const px = cs.flatMap((c) => [...c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data]);
    return { px: px.join(), painted: px.filter((v, i) => i % 4 === 3 && v > 0).length };
  });

test.describe('train in the page', () => {
  test('trains a small slice in the worker: progress, falling loss, rising accuracy, test accuracy at the end', async ({ lab, page }) => {
    test.setTimeout(180_000);
    await lab.open();
    await expect(progress(page)).toHaveAttribute('data-status', 'idle');
    // The kernels show the weights with nothing drawn, and follow the run's weights (nothing is drawn here).
    await expect.poll(async () => (await c1Kernels(page)).painted).toBe(6 * 25);
    const shippedKernels = (await c1Kernels(page)).px;
    await page.getByLabel('Train images (0 = all)').fill('3000');
    await page.getByLabel('Epochs').fill('3');
    await page.getByTestId('train-start').click();
    await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', /^(webgl|wasm|cpu)$/);
    await expect.poll(() => attr(page, 'data-images-seen')).toBeGreaterThan(0);
    expect(await attr(page, 'data-loss')).toBeGreaterThan(0);
    expect(await progress(page).getAttribute('data-status')).toMatch(/^(training|done)$/);
    await expect(progress(page)).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
    const rows = page.getByTestId('epoch-table').locator('tbody tr');
    await expect(rows).toHaveCount(3);
    const val = await attr(page, 'data-val-accuracy');
    expect(val).toBeGreaterThan(0.8);
    // Start learns from scratch by default: epoch 1 starts near chance (ln 10 ≈ 2.3) and its mean
    // loss stays high (a fine-tuned model's would be ~0.05); later epochs and the last batches fall.
    const epochLoss = async (i: number) => Number(await rows.nth(i).locator('td').nth(1).textContent());
    expect(await epochLoss(0)).toBeGreaterThan(0.25);
    expect(await epochLoss(2)).toBeLessThan(await epochLoss(0));
    expect(await attr(page, 'data-loss')).toBeLessThan(await epochLoss(0));
    const epochAccuracy = async (i: number) => parseFloat((await rows.nth(i).locator('td').nth(2).textContent()) ?? '');
    expect(await epochAccuracy(2)).toBeGreaterThan(await epochAccuracy(0));
    expect(await attr(page, 'data-images-per-sec')).toBeGreaterThan(0);
    await expect(page.getByTestId('train-result')).toHaveAttribute('data-test-accuracy', /^0\.(8|9)\d+/);
    // The predictor now runs the trained weights, and the kernels show them.
    await expect(lab.modelStatus()).toContainText('your trained');
    await expect.poll(async () => (await c1Kernels(page)).px).not.toBe(shippedKernels);
    expect((await c1Kernels(page)).painted).toBe(6 * 25);
  });

  test('trains data-parallel over 2 workers: shares of every batch averaged into one model that learns', async ({ lab, page }) => {
    await lab.open();
    const workers = page.getByTestId('train-workers');
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    await expect(workers).toHaveValue(String(Math.max(1, cores - 1)));
    await workers.fill('2');
    await page.getByLabel('Train images (0 = all)').fill('1000');
    await page.getByTestId('train-start').click();
    await expect(progress(page)).toHaveAttribute('data-workers', '2');
    await expect(progress(page)).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('epoch-table').locator('tbody tr')).toHaveCount(2);
    expect(await attr(page, 'data-val-accuracy')).toBeGreaterThan(0.7);
    await expect(lab.modelStatus()).toContainText('your trained');
  });

  test('2 workers take the same steps as one, through shared memory and through transferred buffers', async ({ lab, page }) => {
    await lab.open();
    const r = await page.evaluate(() =>
      (globalThis as unknown as { __lenetLab: { poolCheck(): Promise<PoolCheck> } }).__lenetLab.poolCheck(),
    );
    expect(r.shared, 'the lab is cross-origin isolated, so shares go through shared memory').toBe(true);
    // Two SGD steps at rate 0.5 move weights by far more than float rounding: equal means the same steps.
    expect(r.sharedDiff).toBeLessThan(1e-5 * r.scale);
    expect(r.transferDiff).toBeLessThan(1e-5 * r.scale);
    expect(r.losses['shared']![1]).toBeCloseTo(r.losses['local']![1]!, 4);
    expect(r.moved, 'the steps moved the weights far more than the tolerance').toBeGreaterThan(1e-3 * r.scale);
    expect(r.tensorsLeft).toBe(0);
  });

  test('"Start from: model in use" fine-tunes the shipped model instead of starting over', async ({ lab, page }) => {
    test.setTimeout(120_000);
    await lab.open();
    await page.getByTestId('train-init').selectOption('continue');
    await page.getByLabel('Epochs').fill('1');
    await page.getByTestId('train-start').click();
    await expect.poll(() => attr(page, 'data-images-seen')).toBeGreaterThan(0);
    // The pretrained weights already read MNIST: no batch near chance.
    expect(await attr(page, 'data-loss')).toBeLessThan(0.5);
    await expect(progress(page)).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    expect(await attr(page, 'data-val-accuracy')).toBeGreaterThan(0.95);
  });

  test('pause, step, resume and stop; the worker keeps numTensors flat from batch to batch', async ({ lab, page }) => {
    test.setTimeout(180_000);
    await lab.open();
    await page.getByLabel('Train images (0 = all)').fill('20000');
    await page.getByTestId('train-start').click();
    await expect(progress(page)).toHaveAttribute('data-status', 'training', { timeout: 60_000 });
    await page.getByTestId('train-pause').click();
    await expect(progress(page)).toHaveAttribute('data-status', 'paused');
    const seen = await attr(page, 'data-images-seen');
    const workerTensors = () =>
      page.evaluate(() => (globalThis as unknown as { __lenetLab: { workerNumTensors(): Promise<number> } }).__lenetLab.workerNumTensors());
    const before = await workerTensors();
    for (let i = 0; i < 3; i++) await page.getByTestId('train-step').click();
    await expect.poll(() => attr(page, 'data-images-seen')).toBeGreaterThan(seen);
    expect(await workerTensors()).toBe(before);
    await page.getByTestId('train-start').click(); // resume
    await expect(progress(page)).toHaveAttribute('data-status', 'training');
    await page.getByTestId('train-stop').click();
    // Stopped by the user is not "done" (a run that ends on its own, see the first test).
    await expect(progress(page)).toHaveAttribute('data-status', 'stopped');
    await expect(page.getByTestId('train-stop')).toBeDisabled();
  });

  test('a learning rate of 10 stops with a message and keeps the last good weights', async ({ lab, page }) => {
    test.setTimeout(120_000);
    await lab.open();
    // Fine-tune the shipped model: its weights are the last good ones before the first bad batch.
    const before = await lab.outputsOnFixedInput();
    await page.getByTestId('train-init').selectOption('continue');
    await page.getByLabel('Optimizer').selectOption('sgd');
    await page.getByLabel('Learning rate').fill('10');
    await page.getByTestId('train-start').click();
    await expect(progress(page)).toHaveAttribute('data-status', 'error', { timeout: 90_000 });
    await expect(page.getByTestId('train-error')).toContainText('lower');
    await expect(page.getByTestId('train-error')).toContainText('The last good weights are kept');
    // The weights after the stop answer as the last good ones did. Those are the shipped weights
    // when a progress window holds several batches; on a busy machine a window can hold one batch,
    // and then the weights after that first (still healthy) step are the last good ones. Either way
    // they answer like the shipped net, where a diverged one would not.
    const after = await lab.outputsOnFixedInput();
    after.forEach((p, i) => expect(p, `output ${i}`).toBeCloseTo(before[i]!, 1));
    expect(after.indexOf(Math.max(...after))).toBe(before.indexOf(Math.max(...before)));
    // And they still read a drawing (finite answers; which digit depends on how far that first step went).
    await lab.clear();
    await lab.drawDigit(7);
    expect(await lab.predictedDigit()).toMatch(/^\d$/);
    await expect(lab.prediction()).toHaveAttribute('data-confidence', /^[01]\.\d{4}$/);
  });

  test('a corrupt data file is refused with its name, and training does not start', async ({ lab, page }) => {
    await page.route('**/data/mnist/test-labels.idx1.gzbin', async (route) => {
      const res = await route.fetch();
      const body = await res.body();
      const at = body.length >> 1;
      body[at] = body[at]! ^ 0xff;
      await route.fulfill({ response: res, body });
    });
    await lab.open();
    await page.getByTestId('train-start').click();
    await expect(progress(page)).toHaveAttribute('data-status', 'error', { timeout: 60_000 });
    await expect(page.getByTestId('train-error')).toContainText('test-labels.idx1.gzbin');
    expect(await attr(page, 'data-images-seen')).toBe(0);
  });
});

test.describe('models that last', () => {
  test('a trained model is saved, comes back on reload with its metrics, and pretrained is one click away', async ({ lab, page }) => {
    test.setTimeout(120_000);
    await lab.open();
    await expect(page.getByTestId('model-kind')).toHaveAttribute('data-kind', 'shipped');
    await page.getByTestId('train-start').click();
    await expect(progress(page)).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-ok', 'true');
    const acc = await page.getByTestId('train-result').getAttribute('data-test-accuracy');
    const trained = await lab.outputsOnFixedInput();
    await page.reload();
    await expect(lab.modelStatus()).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId('model-kind')).toHaveAttribute('data-kind', 'saved');
    // The restored model is the trained one: the same answers, not only its metadata.
    const restored = await lab.outputsOnFixedInput();
    restored.forEach((p, i) => expect(p, `output ${i}`).toBeCloseTo(trained[i]!, 5));
    await expect(lab.modelStatus()).toContainText(`${(Number(acc) * 100).toFixed(2)} % on the MNIST test set`);
    await page.getByTestId('restore-pretrained').click();
    await expect(page.getByTestId('model-kind')).toHaveAttribute('data-kind', 'shipped');
    await expect(lab.modelStatus()).toContainText('99.');
  });

  test('export gives model.json and weights; a bad import is refused and the model kept', async ({ lab, page }) => {
    await lab.open();
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    await page.getByTestId('export-model').click();
    await expect.poll(() => downloads.sort()).toEqual(['lenet-lab-modern.json', 'lenet-lab-modern.weights.bin']);
    const input = page.getByTestId('import-input');
    await input.setInputFiles([
      { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('not json') },
      { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(8) },
    ]);
    await expect(page.getByTestId('model-error')).toContainText('not valid JSON');
    await expect(page.getByTestId('model-kind')).toHaveAttribute('data-kind', 'shipped');
    // A JSON that names a tfjs model but is not a LeNet-5; then the right model.json with weights of the wrong size.
    const json = JSON.stringify({
      modelTopology: {},
      weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'k', shape: [5, 5], dtype: 'float32' }] }],
    });
    await input.setInputFiles([
      { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(json) },
      { name: 'w.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(12) },
    ]);
    await expect(page.getByTestId('model-error')).toContainText('not a modern LeNet-5: the model class is undefined, expected "Model"');
    await input.setInputFiles([
      { name: 'model.json', mimeType: 'application/json', buffer: readFileSync('public/models/modern/model.json') },
      { name: 'w.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(12) },
    ]);
    await expect(page.getByTestId('model-error')).toContainText('the weights file has 12 bytes but model.json describes 246824');
    await lab.putDigit(3);
    expect(await lab.predictedDigit()).toBe('3');
  });

  test('a crashed worker is reported and can be restarted without a reload', async ({ lab, page }) => {
    await lab.open();
    await page.evaluate(() => (globalThis as unknown as { __lenetLab: { crashWorker(): void } }).__lenetLab.crashWorker());
    await expect(page.getByTestId('train-error')).toContainText('crashed');
    await page.getByTestId('worker-restart').click();
    await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', /^(webgl|wasm|cpu)$/);
    await page.getByTestId('train-start').click();
    await expect(progress(page)).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    await lab.drawDigit(1);
    await expect(lab.prediction()).toHaveAttribute('data-state', 'ready');
  });
});

test('drawing while training keeps the main thread free of long tasks', { tag: '@alone' }, async ({ lab, page }) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => {
    const w = globalThis as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await lab.open();
  // All 48,000 images for 10 epochs: the run outlasts the drawing, even at wasm's ~5,000 images/s.
  await page.getByLabel('Train images (0 = all)').fill('0');
  await page.getByLabel('Epochs').fill('10');
  await page.getByTestId('train-start').click();
  await expect(progress(page)).toHaveAttribute('data-status', 'training', { timeout: 60_000 });
  await page.evaluate(() => ((globalThis as unknown as { __longTasks: number[] }).__longTasks.length = 0));
  for (const d of [0, 4, 7]) {
    await lab.drawDigit(d);
    await lab.predictedDigit();
    await page.getByTestId('clear').click();
  }
  const tasks = await page.evaluate(() => (globalThis as unknown as { __longTasks: number[] }).__longTasks);
  const seen = await attr(page, 'data-images-seen');
  expect(await progress(page).getAttribute('data-status')).toBe('training');
  await page.getByTestId('train-stop').click();
  console.log(
    `long tasks (>50 ms) on the main thread while drawing 3 digits during training: ${tasks.length}, longest ${Math.max(0, ...tasks).toFixed(0)} ms; ${seen} images trained meanwhile`,
  );
  expect(seen).toBeGreaterThan(0);
  // Goal: none. Measured here (2 cores, software rendering): 0–5 per run of 54–85 ms when the
  // machine is otherwise idle, more under load. The test guards against frozen frames (≥ 0.5 s);
  // the bench reports the exact figures.
  expect(Math.max(0, ...tasks), `long tasks: ${tasks.join(', ')}`).toBeLessThan(500);
});
