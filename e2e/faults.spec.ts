/** Faults and bad input: each is injected, and the test checks what the user sees and that work is kept. */
import { test, expect } from './fixtures.ts';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

const progress = (page: Page) => page.getByTestId('train-progress');

test.describe('storage faults', () => {
  for (const [fault, why] of [
    ['idb-missing', /IndexedDB|indexedDB/],
    ['idb-quota', /storage is full/],
  ] as const) {
    test(`saving says it failed when ${fault}, and everything else works`, async ({ lab, page }) => {
      await lab.open(`?test&faults=${fault}`);
      await page.getByTestId('train-start').click();
      await expect(progress(page)).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
      await expect(page.getByTestId('save-status')).toHaveAttribute('data-ok', 'false');
      await expect(page.getByRole('alert').filter({ hasText: 'Saving the model' })).toContainText(why);
      await lab.drawDigit(4);
      await expect(lab.prediction()).toHaveAttribute('data-state', 'ready');
      await expect(lab.modelStatus()).toContainText('your trained');
    });
  }

  test('reloading in the middle of training brings back the last saved checkpoint with its metrics', async ({ lab, page }) => {
    test.setTimeout(120_000);
    await lab.open();
    await page.getByLabel('Train images (0 = all)').fill('6000');
    await page.getByLabel('Epochs').fill('20');
    await page.getByTestId('train-start').click();
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-ok', 'true', { timeout: 90_000 });
    await expect(progress(page)).toHaveAttribute('data-status', 'training');
    await page.reload();
    await expect(lab.modelStatus()).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId('model-kind')).toHaveAttribute('data-kind', 'saved');
    await expect(lab.modelStatus()).toContainText(/\d+\.\d\d % validation accuracy/);
  });
});

test.describe('data faults', () => {
  test('a missing data file is named, with a way to try again', async ({ lab, page }) => {
    await page.route('**/data/mnist/train-labels.idx1.gzbin', (r) => r.fulfill({ status: 404, body: 'nope' }));
    await lab.open();
    await page.getByTestId('train-start').click();
    await expect(progress(page)).toHaveAttribute('data-status', 'error', { timeout: 60_000 });
    await expect(page.getByTestId('train-error')).toContainText('train-labels.idx1.gzbin: HTTP 404');
    await expect(page.getByTestId('train-start')).toBeEnabled();
    await page.unroute('**/data/mnist/train-labels.idx1.gzbin');
    await page.getByTestId('train-start').click();
    await expect(progress(page)).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  });

  test('a file that is not gzip is refused', async ({ lab, page }) => {
    await page.route('**/data/mnist/test-images.idx3.gzbin', (r) =>
      r.fulfill({ status: 200, body: Buffer.from('<html>proxy error</html>') }),
    );
    await lab.open();
    await page.getByTestId('train-start').click();
    // Not gzip, so taken as already inflated: then its size gives it away.
    await expect(page.getByTestId('train-error')).toContainText(
      /test-images\.idx3\.gzbin: 24 bytes after decompression, manifest says \d+ \(truncated or corrupt\)/,
    );
    // What to do about it: fetch the files again (not "fix the setting": no setting is at fault).
    await expect(page.getByTestId('train-error')).toContainText('Training data could not load');
    await expect(page.getByTestId('train-error')).toContainText('Reload the page to fetch the MNIST files again');
  });

  test('on a slow network the byte progress moves and Cancel stops the download', async ({ lab, page }) => {
    await lab.open();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: 1_000_000,
      uploadThroughput: 1_000_000,
    });
    await page.getByTestId('train-start').click();
    const bar = page.locator('progress[aria-label="MNIST download"]');
    await expect(bar).toBeVisible();
    const v1 = Number(await bar.getAttribute('value'));
    await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 20_000 }).toBeGreaterThan(v1);
    await page.getByTestId('train-stop').click();
    await expect(progress(page)).toHaveAttribute('data-status', 'idle');
    await expect(page.getByTestId('train-error')).toContainText('cancelled');
    expect(Number(await progress(page).getAttribute('data-images-seen'))).toBe(0);
  });
});

test.describe('bad model files', () => {
  const shippedJson = readFileSync('public/models/modern/model.json', 'utf8');
  const shippedWeights = readFileSync('public/models/modern/weights.bin');

  async function importFiles(page: Page, files: { name: string; buffer: Buffer }[]) {
    await page.getByTestId('import-input').setInputFiles(files.map((f) => ({ ...f, mimeType: 'application/octet-stream' })));
  }

  test('JSON that is not a model, wrong shapes and oversized files are refused before anything is replaced', async ({ lab, page }) => {
    await lab.open();
    await importFiles(page, [
      { name: 'model.json', buffer: Buffer.from('{"hello":"world"}') },
      { name: 'weights.bin', buffer: Buffer.alloc(4) },
    ]);
    await expect(page.getByTestId('model-error')).toContainText('not a TensorFlow.js layers model');
    const wrongShape = shippedJson.replace('"shape":[5,5,1,6]', '"shape":[5,5,6,1]');
    expect(wrongShape).not.toBe(shippedJson);
    await importFiles(page, [
      { name: 'model.json', buffer: Buffer.from(wrongShape) },
      { name: 'weights.bin', buffer: shippedWeights },
    ]);
    await expect(page.getByTestId('model-error')).toContainText(
      'Import refused: the weights manifest is not a modern LeNet-5\'s: "c1/kernel" has shape [5,5,6,1], expected [5,5,1,6]',
    );
    await importFiles(page, [
      { name: 'model.json', buffer: Buffer.from(shippedJson) },
      { name: 'weights.bin', buffer: Buffer.alloc(6_000_000) },
    ]);
    await expect(page.getByTestId('model-error')).toContainText('6.0 MB');
    await expect(page.getByTestId('model-kind')).toHaveAttribute('data-kind', 'shipped');
    await lab.putDigit(9);
    expect(await lab.predictedDigit()).toBe('9');
    // A good import works.
    await importFiles(page, [
      { name: 'model.json', buffer: Buffer.from(shippedJson) },
      { name: 'weights.bin', buffer: shippedWeights },
    ]);
    await expect(page.getByTestId('model-kind')).toHaveAttribute('data-kind', 'imported');
  });
});

test('a WebGL context lost mid-training: training moves to wasm and goes on from the last good weights', async ({ lab, page }) => {
  test.setTimeout(180_000);
  await lab.open();
  // Test mode allows WebGL on SwiftShader when asked for explicitly.
  await page.getByTestId('train-backend').selectOption('webgl');
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'webgl', { timeout: 60_000 });
  await page.getByLabel('Train images (0 = all)').fill('20000');
  // Fine-tune the shipped model, so "the weights carried over" shows in the loss.
  await page.getByTestId('train-init').selectOption('continue');
  await page.getByTestId('train-start').click();
  // One batch trained on WebGL is "mid-training": SwiftShader trains a few hundred images a second.
  await expect.poll(async () => Number(await progress(page).getAttribute('data-images-seen')), { timeout: 120_000 }).toBeGreaterThan(0);
  await page.evaluate(() => (globalThis as unknown as { __lenetLab: { loseWebgl(): void } }).__lenetLab.loseWebgl());
  await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await expect(page.getByTestId('backend')).toContainText('context was lost');
  await expect(page.getByTestId('train-error')).toContainText('goes on on wasm');
  const seen = Number(await progress(page).getAttribute('data-images-seen'));
  await expect.poll(async () => Number(await progress(page).getAttribute('data-images-seen'))).toBeGreaterThan(seen + 128);
  const loss = Number(await progress(page).getAttribute('data-loss'));
  expect(loss).toBeLessThan(0.5); // the pretrained weights carried over, not fresh ones (≈ 2.3)
  await lab.stopTraining();
  await lab.putDigit(2);
  expect(await lab.predictedDigit()).toBe('2');
});
