/**
 * The installable, offline app: after one visit (the service worker precaches the app, the wasm
 * binaries and the shipped models, and keeps the MNIST files), the lab opens, draws, predicts,
 * trains and evaluates with the network off. A corrupt cached MNIST file is refused by its SHA-256,
 * evicted and fetched again.
 */
import { test, expect } from './fixtures.ts';
import { statSync } from 'node:fs';
import { MNIST_CACHE } from '../src/shared/mnist/cache.ts';

// Every other spec blocks service workers (playwright.config.ts); this one needs its own.
test.use({ serviceWorkers: 'allow' });

const LABELS = 'data/mnist/test-labels.idx1.gzbin';

test('after one visit the lab works offline: reload, draw, predict, train and evaluate', async ({ lab, page }) => {
  const context = page.context();
  test.setTimeout(90_000);
  const offline = page.getByTestId('offline-ready');
  const progress = page.getByTestId('train-progress');
  const cachedBytes = () =>
    page.evaluate(
      async ([name, path]) => {
        const res = await (await caches.open(name)).match(new URL(path, document.baseURI).href);
        return res ? (await res.arrayBuffer()).byteLength : 0;
      },
      [MNIST_CACHE, LABELS] as const,
    );
  await lab.open();
  await expect(offline).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });

  // Spoil the cached test labels: training must refuse them (SHA-256), evict them and fetch them again.
  await page.evaluate(
    async ([name, path]) => {
      const cache = await caches.open(name);
      await cache.put(new URL(path, document.baseURI).href, new Response(new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3])));
    },
    [MNIST_CACHE, LABELS] as const,
  );
  expect(await cachedBytes()).toBe(7);
  await page.reload(); // the worker of a page the service worker controls from the start
  await expect(lab.modelStatus()).toHaveAttribute('data-state', 'ready');
  await page.getByLabel('Epochs').fill('1');
  await page.getByTestId('train-start').click();
  await expect.poll(async () => Number(await progress.getAttribute('data-images-seen')), { timeout: 60_000 }).toBeGreaterThan(0);
  await lab.stopTraining();
  await expect.poll(cachedBytes).toBe(statSync(`public/${LABELS}`).size);

  await context.setOffline(true);
  await page.reload();
  await expect(lab.modelStatus()).toHaveAttribute('data-state', 'ready');
  await expect(offline).toHaveAttribute('data-state', 'ready');
  await lab.drawDigit(1);
  expect(await lab.predictedDigit()).toBe('1');
  // Training loads MNIST again in a fresh worker: from the cache, checked against its SHA-256.
  await page.getByLabel('Epochs').fill('1');
  await page.getByTestId('train-start').click();
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  // One epoch on the test run's 1,000 images, then its test images evaluated offline: far above chance (0.1).
  expect(Number(await page.getByTestId('train-result').getAttribute('data-test-accuracy'))).toBeGreaterThan(0.5);
  await context.setOffline(false);
});
