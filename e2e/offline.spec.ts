/**
 * The installable, offline app: after one visit (the service worker precaches the app, the wasm
 * binaries and the shipped models, and keeps the MNIST files), the lab opens, draws, predicts,
 * trains and evaluates with the network off.
 */
import { test, expect } from './fixtures.ts';

// Every other spec blocks service workers (playwright.config.ts); this one needs its own.
test.use({ serviceWorkers: 'allow' });

test('after one visit the lab works offline: reload, draw, predict, train and evaluate', async ({ lab, page, context }) => {
  test.setTimeout(90_000);
  const offline = page.getByTestId('offline-ready');
  const progress = page.getByTestId('train-progress');
  await lab.open();
  await page.getByLabel('Epochs').fill('1');
  await page.getByTestId('train-start').click();
  await expect.poll(async () => Number(await progress.getAttribute('data-images-seen')), { timeout: 60_000 }).toBeGreaterThan(0);
  await lab.stopTraining();
  await expect(offline).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });

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
  // One epoch on 2,000 images, then all 10,000 test images evaluated offline: far above chance (0.1).
  expect(Number(await page.getByTestId('train-result').getAttribute('data-test-accuracy'))).toBeGreaterThan(0.5);
  await context.setOffline(false);
});
