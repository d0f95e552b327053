/**
 * Screenshots of every panel, in its empty, drawn and error states, on a laptop and a phone, saved
 * under test-results/screens/ for people to look at (the README's picture comes from here too).
 * Taken only with `LENET_SCREENS=1` (PNG encoding of full pages is slow on 2 cores); without it the
 * phone walk still checks its layout (every section fits the screen's width), and the laptop
 * pictures, whose states other specs check, are skipped.
 */
import { test, expect } from './fixtures.ts';
import type { Locator, Page } from '@playwright/test';

const dir = 'test-results/screens';
const SCREENS = !!process.env['LENET_SCREENS'];
const shot = async (what: Page | Locator, name: string, fullPage = false) => {
  if (SCREENS) await what.screenshot({ path: `${dir}/${name}.png`, ...(fullPage ? { fullPage } : {}) });
};

test('laptop: empty, drawn and error states', async ({ lab, page }) => {
  test.skip(!SCREENS, 'pictures for people: LENET_SCREENS=1');
  await page.setViewportSize({ width: 1280, height: 800 });
  await lab.open();
  await shot(page, `laptop-empty`);
  await lab.drawDigit(5);
  expect(await lab.predictedDigit()).toBe('5');
  await shot(page, `laptop-drawn`);
  for (const name of ['prediction-panel', 'preview-panel', 'draw-panel']) {
    const panel = page.locator(`.${name}`);
    await expect(panel).toBeVisible();
    await shot(panel, `panel-${name}`);
  }
  await page.route('**/models/modern/model.json', (r) => r.fulfill({ status: 500, body: 'boom' }));
  await page.reload();
  await expect(lab.modelStatus()).toHaveAttribute('data-state', 'error');
  await lab.drawDigit(3);
  await expect(lab.prediction()).toHaveAttribute('data-state', 'unavailable');
  await shot(page, `laptop-model-error`);
});

test.describe('phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  test('phone: the first screen in portrait and landscape, and each section', async ({ lab, page }) => {
    await lab.open();
    await shot(page, `phone-empty`);
    await lab.putDigit(2);
    await lab.predictedDigit();
    await shot(page, `phone-drawn`);
    for (const id of ['draw', 'inside', 'mine', 'train', 'evaluate']) {
      await page.getByTestId(`section-tab-${id}`).click();
      await expect(page.locator(`#section-${id}`)).toBeVisible();
      await shot(page, `phone-section-${id}`, true);
      // Nothing is wider than the screen: the page never scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), id).toBeLessThanOrEqual(390);
    }
    await page.getByTestId('section-tab-inside').click();
    await page.getByTestId('palette').selectOption('colorblind');
    await shot(page.locator('.maps-panel'), `phone-maps-colorblind`);
    await page.getByTestId('palette').selectOption('default');
    await page.getByTestId('section-tab-draw').click();
    await page.setViewportSize({ width: 844, height: 390 });
    await expect(lab.pad()).toBeInViewport({ ratio: 1 });
    await shot(page, `phone-landscape-drawn`);
    await page.getByTestId('section-tab-inside').click();
    await shot(page, `phone-landscape-inside`);
    if (!SCREENS) return;
    // For people (LENET_SCREENS=1): the training and evaluation sections with results, upright.
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('section-tab-train').click();
    await page.getByLabel('Train images (0 = all)').fill('2000');
    await page.getByLabel('Epochs').fill('2');
    await page.getByTestId('train-start').click();
    await expect(page.getByTestId('train-progress')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    await shot(page, `phone-section-train-done`, true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByTestId('section-tab-evaluate').click();
    await page.getByTestId('evaluate').click();
    await expect(page.getByTestId('test-accuracy')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    await shot(page, `phone-section-evaluate-done`, true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});

test('laptop: training panel during and after a short run', async ({ lab, page }) => {
  test.skip(!SCREENS, 'pictures for people: LENET_SCREENS=1');
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await lab.open();
  await lab.drawDigit(4);
  await page.getByTestId('train-start').click();
  await expect.poll(async () => Number(await page.getByTestId('train-progress').getAttribute('data-images-seen'))).toBeGreaterThan(500);
  await shot(page.locator('.training-panel'), `panel-training-running`);
  await expect(page.getByTestId('train-progress')).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
  await shot(page, `laptop-trained`, true);
});
