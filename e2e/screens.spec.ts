/**
 * Screenshots of every panel, in its empty, drawn and error states, on a laptop and a phone, saved
 * under test-results/screens/ for people to look at (the README's picture comes from here too).
 */
import { test, expect } from './fixtures.ts';

const dir = 'test-results/screens';

test('laptop: empty, drawn and error states', async ({ lab, page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await lab.open();
  await page.screenshot({ path: `${dir}/laptop-empty.png` });
  await lab.drawDigit(5);
  expect(await lab.predictedDigit()).toBe('5');
  await page.screenshot({ path: `${dir}/laptop-drawn.png` });
  for (const name of ['prediction-panel', 'preview-panel', 'draw-panel']) {
    const panel = page.locator(`.${name}`);
    await expect(panel).toBeVisible();
    await panel.screenshot({ path: `${dir}/panel-${name}.png` });
  }
  await page.route('**/models/modern/model.json', (r) => r.fulfill({ status: 500, body: 'boom' }));
  await page.reload();
  await expect(lab.modelStatus()).toHaveAttribute('data-state', 'error');
  await lab.drawDigit(3);
  await expect(lab.prediction()).toHaveAttribute('data-state', 'unavailable');
  await page.screenshot({ path: `${dir}/laptop-model-error.png` });
});

test.describe('phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  test('phone: the first screen in portrait and landscape, and each section', async ({ lab, page }) => {
    await lab.open();
    await page.screenshot({ path: `${dir}/phone-empty.png` });
    await lab.drawDigit(2);
    await lab.predictedDigit();
    await page.screenshot({ path: `${dir}/phone-drawn.png` });
    for (const id of ['draw', 'inside', 'mine', 'train', 'evaluate']) {
      await page.getByTestId(`section-tab-${id}`).click();
      await expect(page.locator(`#section-${id}`)).toBeVisible();
      await page.screenshot({ path: `${dir}/phone-section-${id}.png`, fullPage: true });
      // Nothing is wider than the screen: the page never scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), id).toBeLessThanOrEqual(390);
    }
    await page.getByTestId('section-tab-inside').click();
    await page.getByTestId('palette').selectOption('colorblind');
    await page.locator('.maps-panel').screenshot({ path: `${dir}/phone-maps-colorblind.png` });
    await page.getByTestId('palette').selectOption('default');
    await page.getByTestId('section-tab-draw').click();
    await page.setViewportSize({ width: 844, height: 390 });
    await expect(lab.pad()).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: `${dir}/phone-landscape-drawn.png` });
    await page.getByTestId('section-tab-inside').click();
    await page.screenshot({ path: `${dir}/phone-landscape-inside.png` });
    if (!process.env['LENET_SCREENS']) return;
    // For people (LENET_SCREENS=1): the training and evaluation sections with results, upright.
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('section-tab-train').click();
    await page.getByLabel('Train images (0 = all)').fill('2000');
    await page.getByLabel('Epochs').fill('2');
    await page.getByTestId('train-start').click();
    await expect(page.getByTestId('train-progress')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    await page.screenshot({ path: `${dir}/phone-section-train-done.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByTestId('section-tab-evaluate').click();
    await page.getByTestId('evaluate').click();
    await expect(page.getByTestId('test-accuracy')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    await page.screenshot({ path: `${dir}/phone-section-evaluate-done.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});

test('laptop: training panel during and after a short run', async ({ lab, page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await lab.open();
  await lab.drawDigit(4);
  await page.getByTestId('train-start').click();
  await expect.poll(async () => Number(await page.getByTestId('train-progress').getAttribute('data-images-seen'))).toBeGreaterThan(500);
  await page.locator('.training-panel').screenshot({ path: `${dir}/panel-training-running.png` });
  await expect(page.getByTestId('train-progress')).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
  await page.screenshot({ path: `${dir}/laptop-trained.png`, fullPage: true });
});
