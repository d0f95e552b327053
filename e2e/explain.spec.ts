/**
 * "Why d?" and "Nudge it to d" on the user's drawing, for both variants: the saliency overlay
 * follows the clicked bar, the method and the contrast; a nudge reaches its target and the lab
 * agrees when the changed input is loaded; tensors stay flat. Timings are printed, not asserted.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';

const saliency = (page: Page) => page.getByTestId('saliency');

/** Median duration (ms) of the `performance.measure` entries named `name`, and their count. */
const timing = (page: Page, name: string) =>
  page.evaluate((n) => {
    const d = performance
      .getEntriesByName(n)
      .map((e) => e.duration)
      .sort((a, b) => a - b);
    return { n: d.length, median: d[Math.floor(d.length / 2)] ?? NaN };
  }, name);

/** Starts counting long tasks (> 50 ms) on the UI thread. */
const watchLongTasks = (page: Page) =>
  page.evaluate(() => {
    const w = globalThis as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({ type: 'longtask' });
  });
const longTasks = (page: Page) => page.evaluate(() => (globalThis as unknown as { __longTasks: number[] }).__longTasks.map(Math.round));

test.describe('explanations', () => {
  test('Why d? follows the clicked bar, the method and the contrast, for the modern net', async ({ lab, page }) => {
    await lab.open();
    await lab.putDigit(3);
    expect(await lab.predictedDigit()).toBe('3');
    // Off screen (below the pad on a laptop) no map is computed; scrolled into view, it is.
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await saliency(page).evaluate((c) => c.getBoundingClientRect().top > innerHeight)).toBe(true);
    await expect(saliency(page)).toHaveAttribute('data-state', 'pending');
    await saliency(page).scrollIntoViewIfNeeded();
    await expect(saliency(page)).toHaveAttribute('data-state', 'ready');
    // A window tall enough for the bars and the map at once, for the rest of the test.
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.evaluate(() => window.scrollTo(0, 0));
    // Explains the answer before any click.
    await expect(saliency(page)).toHaveAttribute('data-state', 'ready');
    await expect(saliency(page)).toHaveAttribute('data-class', '3');
    await expect(saliency(page)).toHaveAttribute('data-method', 'gradient');
    await watchLongTasks(page);
    const tensors = await lab.numTensors();
    // Any bar, not only the top one.
    await page.getByTestId('prob-8').click();
    await expect(page.getByTestId('prob-8')).toHaveAttribute('aria-pressed', 'true');
    await expect(saliency(page)).toHaveAttribute('data-class', '8');
    await expect(saliency(page)).toHaveAttribute('data-state', 'ready');
    for (const m of ['input-x-gradient', 'smoothgrad', 'occlusion', 'gradient'] as const) {
      await page.getByTestId(`method-${m}`).check();
      await expect(saliency(page)).toHaveAttribute('data-method', m);
      await expect(saliency(page)).toHaveAttribute('data-state', 'ready');
      await expect(page.getByTestId('saliency-legend')).toBeVisible();
    }
    // The overlay is painted: some pixels are clearly coloured.
    const painted = await saliency(page).evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]! > 128) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(5);
    // "Why 8 and not 3?"
    await page.getByTestId('saliency-versus').selectOption('3');
    await expect(saliency(page)).toHaveAttribute('data-versus', '3');
    await expect(page.getByTestId('saliency-legend')).toContainText('away from 3');
    // Clicking the explained bar again goes back to the answer.
    await page.getByTestId('prob-8').click();
    await expect(saliency(page)).toHaveAttribute('data-class', '3');
    // Every bar in turn: the UI thread's tensor count stays flat.
    for (let d = 0; d < 10; d++) {
      await page.getByTestId(`prob-${d}`).click();
      await expect(saliency(page)).toHaveAttribute('data-class', String(d));
      await expect(saliency(page)).toHaveAttribute('data-state', 'ready');
    }
    expect(await lab.numTensors()).toBe(tensors);
    await page.getByTestId('prob-9').click();
    // Live while drawing: a new stroke gives a new map for the new drawing.
    await lab.clear();
    await lab.drawDigit(7);
    expect(await lab.predictedDigit()).toBe('7');
    await expect(saliency(page)).toHaveAttribute('data-class', '7');
    await expect(saliency(page)).toHaveAttribute('data-state', 'ready');
    const times: Record<string, string> = {};
    for (const m of ['gradient', 'input-x-gradient', 'smoothgrad', 'occlusion']) {
      const t = await timing(page, `lenet:saliency:${m}`);
      times[m] = `${t.median.toFixed(1)} ms (n=${t.n})`;
    }
    console.log(`saliency on the UI thread (median): ${JSON.stringify(times)}; long tasks: ${JSON.stringify(await longTasks(page))}`);
  });

  test('Nudge it to d reaches the target, and the lab reads the changed input as d', async ({ lab, page }) => {
    await lab.open();
    await lab.putDigit(3);
    expect(await lab.predictedDigit()).toBe('3');
    const before = await lab.numTensors();
    await watchLongTasks(page);
    await page.getByTestId('nudge-target').selectOption('8');
    await page.getByTestId('nudge-run').click();
    const result = page.getByTestId('nudge-result');
    await expect(result).toHaveAttribute('data-target', '8');
    await expect(result).toHaveAttribute('data-reached', 'true');
    const steps = Number(await result.getAttribute('data-steps'));
    const l2 = Number(await result.getAttribute('data-l2'));
    expect(steps).toBeGreaterThan(0);
    expect(l2).toBeGreaterThan(0);
    const t = await timing(page, 'lenet:nudge');
    console.log(`nudge 3 → 8: ${steps} steps, L2 ${l2}, ${t.median.toFixed(0)} ms; long tasks: ${JSON.stringify(await longTasks(page))}`);
    expect(await lab.numTensors()).toBe(before);
    await page.getByTestId('nudge-load').click();
    expect(await lab.predictedDigit()).toBe('8');
    // A new drawing drops the old result.
    await expect(result).toHaveCount(0);
  });

  test('the classic net explains the penalty of a class, lower is better', async ({ lab, page }) => {
    // The bars and the map on one screen: maps are computed only while they are in view.
    await page.setViewportSize({ width: 1280, height: 1400 });
    await lab.open();
    await page.getByTestId('variant').selectOption('classic');
    await expect(lab.modelStatus()).toContainText('shipped classic');
    await lab.putDigit(2);
    expect(await lab.predictedDigit()).toBe('2');
    await expect(saliency(page)).toHaveAttribute('data-class', '2');
    await expect(saliency(page)).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId('saliency-legend')).toContainText('penalty');
    await expect(page.getByTestId('saliency-legend')).toContainText('lower is better');
    await page.getByTestId('method-occlusion').check();
    await expect(saliency(page)).toHaveAttribute('data-method', 'occlusion');
    await expect(saliency(page)).toHaveAttribute('data-state', 'ready');
    await page.getByTestId('nudge-target').selectOption('7');
    await page.getByTestId('nudge-run').click();
    await expect(page.getByTestId('nudge-result')).toHaveAttribute('data-reached', /^(true|false)$/);
    const reached = await page.getByTestId('nudge-result').getAttribute('data-reached');
    if (reached === 'true') {
      await page.getByTestId('nudge-load').click();
      expect(await lab.predictedDigit()).toBe('7');
    }
  });

  test('the map of all digits places the test set by a layer, with the drawing as a moving point', async ({ lab, page }) => {
    test.setTimeout(process.env['LENET_UMAP'] ? 600_000 : 240_000);
    await lab.open();
    await lab.drawDigit(1);
    expect(await lab.predictedDigit()).toBe('1');
    const map = page.getByTestId('embedding');
    await expect(map).toHaveAttribute('data-state', 'idle');
    await watchLongTasks(page);
    await page.getByTestId('embedding-compute').click();
    await expect(map).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await expect(map).toHaveAttribute('data-method', 'pca');
    await expect(map).toHaveAttribute('data-layer', 'c5');
    await expect(page.getByTestId('embedding-status')).toContainText('10,000 test images');
    // With no training run, the explain worker and its helper share the forward pass's batches
    // (the helper, started with this request, may also have been too late to take any).
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    await expect(map).toHaveAttribute('data-threads', cores >= 2 ? /^[12]$/ : '1');
    const at = async () => [Number(await map.getAttribute('data-x')), Number(await map.getAttribute('data-y'))];
    await expect(map).toHaveAttribute('data-x', /\d/);
    const one = await at();
    console.log(
      `PCA map: ${await page.getByTestId('embedding-status').textContent()}; long tasks: ${JSON.stringify(await longTasks(page))}`,
    );
    await lab.clear();
    await expect(map).not.toHaveAttribute('data-x', /./);
    await lab.putDigit(0);
    expect(await lab.predictedDigit()).toBe('0');
    await expect(map).toHaveAttribute('data-x', /\d/);
    const zero = await at();
    expect(Math.hypot(zero[0]! - one[0]!, zero[1]! - one[1]!)).toBeGreaterThan(0.5);
    // Another layer.
    await page.getByTestId('embedding-layer').selectOption('f6');
    await expect(map).toHaveAttribute('data-layer', 'f6');
    await expect(map).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    // Hover a dense spot near a test image, click: it is loaded into the lab.
    const box = (await map.boundingBox())!;
    const tip = page.getByText('click to load');
    scan: for (let fy = 0.3; fy <= 0.7; fy += 0.05)
      for (let fx = 0.2; fx <= 0.8; fx += 0.05) {
        await map.hover({ position: { x: fx * box.width, y: fy * box.height } });
        if (await tip.isVisible()) break scan;
      }
    await expect(page.getByText('click to load')).toBeVisible();
    const label = (await tip.textContent())!.match(/a (\d)/)![1]!;
    await page.mouse.down();
    await page.mouse.up();
    await expect(page.getByTestId('clear')).toBeEnabled();
    await expect(lab.prediction()).toHaveAttribute('data-state', 'ready');
    console.log(`loaded a test ${label} from the map; the net reads ${await lab.predictedDigit()}`);
    // C3 from the activations the first map kept: no second pass over the test set.
    await page.getByTestId('embedding-layer').selectOption('c3');
    await expect(map).toHaveAttribute('data-layer', 'c3');
    await expect(map).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await expect(page.getByTestId('embedding-status')).toContainText('activations kept');
    // The map follows the model in use: another network, a new map, with no click.
    const weights = (await map.getAttribute('data-weights'))!;
    await page.getByTestId('variant').selectOption('classic');
    await expect(lab.modelStatus()).toContainText('shipped classic');
    await expect(map).not.toHaveAttribute('data-weights', weights, { timeout: 120_000 });
    await expect(map).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await expect(map).toHaveAttribute('data-layer', 'c3');
    // The helper, running since the first map, takes its share of this pass.
    await expect(map).toHaveAttribute('data-threads', cores >= 2 ? '2' : '1');
    console.log(
      `followed the switch to classic: ${await page.getByTestId('embedding-status').textContent()}; long tasks: ${JSON.stringify(await longTasks(page))}`,
    );
    if (!process.env['LENET_UMAP']) return; // UMAP of 10,000 takes tens of seconds: LENET_UMAP=1 to include it
    // UMAP on request, by the output layer, with progress; the drawing is placed on it and moves.
    await page.getByTestId('embedding-layer').selectOption('output');
    await expect(map).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await page.getByTestId('embedding-method').selectOption('umap');
    await expect(page.getByTestId('embedding-status')).toContainText('UMAP:');
    await expect(map).toHaveAttribute('data-state', 'ready', { timeout: 300_000 });
    await expect(map).toHaveAttribute('data-method', 'umap');
    await expect(page.getByTestId('embedding-status')).toContainText('UMAP');
    await lab.clear();
    await lab.drawDigit(1);
    await expect(map).toHaveAttribute('data-x', /\d/);
    const u1 = await at();
    await lab.clear();
    await lab.putDigit(0);
    await expect.poll(async () => (await at()).join()).not.toBe(u1.join());
    console.log(
      `UMAP map: ${await page.getByTestId('embedding-status').textContent()}; long tasks: ${JSON.stringify(await longTasks(page))}`,
    );
  });

  test('the zoom view shows the 9 test images that excite a map most, and loads one into the lab', async ({ lab, page }) => {
    test.setTimeout(180_000);
    await lab.open();
    await lab.putDigit(4);
    expect(await lab.predictedDigit()).toBe('4');
    await page.getByRole('button', { name: 'Zoom into C3 map 5' }).click();
    const top = page.getByTestId('map-zoom').getByTestId('unit-top');
    await expect(top).toHaveAttribute('data-layer', 'c3');
    await top.getByTestId('unit-top-run').click();
    await expect(top).toHaveAttribute('data-count', '9', { timeout: 120_000 });
    const values = await top
      .locator('button[data-index]')
      .evaluateAll((els) => els.map((e) => Number(e.querySelector('span')!.textContent)));
    expect(values).toHaveLength(9);
    for (let j = 1; j < 9; j++) expect(values[j]!).toBeLessThanOrEqual(values[j - 1]!);
    console.log(`top-9 of C3: ${await top.locator('p.muted').last().textContent()}`);
    if (process.env['LENET_SCREENS']) await page.getByTestId('map-zoom').screenshot({ path: 'test-results/screens/zoom-unit-top.png' });
    await top.locator('button[data-index]').first().click();
    await page.getByTestId('map-zoom').getByRole('button', { name: 'Close' }).click();
    await expect(lab.prediction()).toHaveAttribute('data-state', 'ready');
    // A C5 unit: its top 9 come from the activations the C3 search kept; and the input it likes most.
    await page.getByRole('button', { name: 'Zoom into C5 map 1' }).click();
    const top5 = page.getByTestId('map-zoom').getByTestId('unit-top');
    await expect(top5).toHaveAttribute('data-layer', 'c5');
    await top5.getByTestId('unit-top-run').click();
    await expect(top5).toHaveAttribute('data-count', '9', { timeout: 60_000 });
    const max = page.getByTestId('map-zoom').getByTestId('unit-max');
    await max.getByTestId('unit-max-run').click();
    await expect(max).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    expect(Number(await max.getAttribute('data-value'))).toBeGreaterThan(Number(await max.getAttribute('data-start')));
    console.log(`C5 unit ${await max.getAttribute('data-unit')}: ${await max.locator('span.muted').textContent()}`);
  });

  test('screenshots: laptop', async ({ lab, page }) => {
    test.skip(!process.env['LENET_SCREENS'], 'screenshots for people: LENET_SCREENS=1 npx playwright test e2e/explain.spec.ts');
    const dir = 'test-results/screens';
    await page.setViewportSize({ width: 1280, height: 900 });
    await lab.open();
    await lab.drawDigit(3);
    await lab.predictedDigit();
    await page.getByTestId('prob-8').click();
    await page.getByTestId('nudge-run').click();
    await expect(page.getByTestId('nudge-result')).toBeVisible();
    await page.screenshot({ path: `${dir}/explain-laptop.png` });
    await page.getByTestId('embedding-compute').click();
    await expect(page.getByTestId('embedding')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await page.locator('section[aria-labelledby="embedding-title"]').screenshot({ path: `${dir}/panel-embedding.png` });
    await page.locator('section[aria-labelledby="explain-title"]').screenshot({ path: `${dir}/panel-explain.png` });
  });

  test.describe('on a phone', () => {
    test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    test('screenshots: phone', async ({ lab, page }) => {
      test.skip(!process.env['LENET_SCREENS'], 'screenshots for people: LENET_SCREENS=1 npx playwright test e2e/explain.spec.ts');
      const dir = 'test-results/screens';
      await lab.open();
      await lab.drawDigit(3);
      await lab.predictedDigit();
      await page.getByTestId('prob-8').click();
      await page.getByTestId('nudge-run').click();
      await expect(page.getByTestId('nudge-result')).toBeVisible();
      await page.locator('section[aria-labelledby="explain-title"]').screenshot({ path: `${dir}/explain-phone.png` });
      // On a phone the map of all digits is in the "Inside" section.
      await page.getByTestId('section-tab-inside').click();
      await page.getByTestId('embedding-compute').click();
      await expect(page.getByTestId('embedding')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
      await page.locator('section[aria-labelledby="embedding-title"]').screenshot({ path: `${dir}/embedding-phone.png` });
    });
  });
});
