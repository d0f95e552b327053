/**
 * The production build (built without LENET_TEST_BUILD, served on its own port): `?test` and
 * `&faults=` change nothing, no test hook or source map ships, and the server sends the headers.
 */
import { test, expect } from './fixtures.ts';
import { readdirSync, readFileSync } from 'node:fs';

test.use({ baseURL: `http://127.0.0.1:${process.env['LENET_E2E_PROD_PORT']}/` });

test('?test on the production build changes nothing: no hooks, no faults, no test config, no source maps', async ({ lab, page }) => {
  await page.goto('?test&faults=idb-missing,crash-status,crash-prediction');
  await expect(lab.modelStatus()).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('panel-error-status')).toHaveCount(0);
  await expect(page.getByTestId('panel-error-prediction')).toHaveCount(0);
  expect(await page.evaluate(() => '__lenetLab' in globalThis)).toBe(false);
  // The production defaults, not the test run's 2 epochs on 1,000 images.
  await expect(page.getByLabel('Epochs')).toHaveValue('10');
  await expect(page.getByLabel('Train images (0 = all)')).toHaveValue('0');
  // Storage works (the idb-missing fault is not injected): a one-epoch run saves.
  await page.getByLabel('Train images (0 = all)').fill('2000');
  await page.getByLabel('Epochs').fill('1');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-ok', 'true', { timeout: 90_000 });
  // Nothing test-only is even in the bundle (a constant-false flag drops it as dead code).
  const assets = readdirSync('dist-prod/assets');
  expect(assets.filter((f) => f.endsWith('.map'))).toEqual([]);
  const js = assets.filter((f) => f.endsWith('.js')).map((f) => readFileSync(`dist-prod/assets/${f}`, 'utf8'));
  expect(js.length).toBeGreaterThan(1);
  for (const needle of ['__lenetLab', 'crashWorker', 'idb-missing', 'injected fault', 'sourceMappingURL', 'lose-webgl']) {
    expect(
      js.some((code) => code.includes(needle)),
      needle,
    ).toBe(false);
  }
});
