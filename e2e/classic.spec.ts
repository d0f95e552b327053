import { test, expect } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { PLACEMENTS } from '../src/shared/preprocess/fixtures/digit-strokes.ts';

/** Pixels of C3's kernel grid, and how many are painted (not transparent). */
const c3KernelPixels = (page: Page) =>
  page.locator('canvas[data-kernels="c3"]').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) painted++;
    return { w: c.width, h: c.height, painted };
  });

const classicMetrics = JSON.parse(readFileSync('public/models/classic/metrics.json', 'utf8')) as { testCorrect: number };

test.describe('the 1998 LeNet-5', () => {
  test('the variant switch moves the lab to the classic net: prediction and panels follow', async ({ lab, page }) => {
    await lab.open();
    await page.getByTestId('variant').selectOption('classic');
    await expect(lab.modelStatus()).toContainText('shipped classic');
    await expect(page.getByTestId('fmap-input')).toContainText('32×32');
    await expect(page.getByTestId('fmap-output')).toContainText('RBF distances');
    // Every digit at every placement is read by the classic net in src/ui/drawing/drawn-digits.test.ts; a sample here.
    for (const d of [1, 8]) {
      await lab.putDigit(d, PLACEMENTS[1]!);
      expect(await lab.predictedDigit()).toBe(String(d));
      await lab.clear();
    }
    await lab.drawDigit(3);
    expect(await lab.predictedDigit()).toBe('3');
    await expect(page.getByTestId('prototypes').locator('figure.nearest')).toHaveAttribute('data-digit', '3');
    // C3's kernel grid: 16 columns × 6 rows of 5×5, of which Table I connects 60 (modern: all 96).
    expect(await c3KernelPixels(page)).toEqual({ w: 95, h: 35, painted: 60 * 25 });
    // C3's zoomed view shows Table I with this map's column.
    await page.getByRole('button', { name: 'Zoom into C3 map 1', exact: true }).click();
    const table = page.getByTestId('c3-table');
    await expect(table).toBeVisible();
    await expect(table.locator('td.current.on')).toHaveCount(3); // C3 map 0 reads S2 maps {0, 1, 2}
    await expect(table.locator('td.on')).toHaveCount(60); // 6·3 + 6·4 + 3·4 + 6
    await expect(page.getByTestId('map-zoom').locator('[data-link]')).toHaveCount(3);
    // Each link shows the 5×5 kernel that connects it (the table's kernels, expanded).
    await expect
      .poll(() =>
        page
          .getByTestId('map-zoom')
          .locator('canvas.kernel')
          .evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).width)),
      )
      .toEqual([5, 5, 5]);
    await page.keyboard.press('Escape');
    await page.getByTestId('variant').selectOption('modern');
    await expect(lab.modelStatus()).toContainText('shipped modern');
    await lab.putDigit(3);
    expect(await lab.predictedDigit()).toBe('3');
    await expect.poll(async () => (await c3KernelPixels(page)).painted).toBe(96 * 25);
  });

  test('evaluating the shipped classic model reproduces its metrics; paper vs. yours', async ({ lab, page }) => {
    test.setTimeout(120_000);
    await lab.open('?test&variant=classic');
    await expect(lab.modelStatus()).toContainText('shipped classic');
    await page.getByTestId('evaluate').click();
    const acc = page.getByTestId('test-accuracy');
    await expect(acc).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    expect(Math.round(Number(await acc.getAttribute('data-value')) * 10_000)).toBe(classicMetrics.testCorrect);
    const paper = page.getByTestId('paper-vs-yours');
    await expect(paper).toContainText('0.95 %');
    await expect(paper).toContainText('0.80 %');
    await expect(paper).toContainText('your evaluation');
  });

  test('trains the classic net in the worker with the MAP criterion', async ({ lab, page }) => {
    test.setTimeout(120_000);
    await lab.open('?test&variant=classic');
    await page.getByTestId('train-reset').click();
    await page.getByLabel('Train images (0 = all)').fill('3000');
    await page.getByTestId('train-start').click();
    await expect(page.getByTestId('train-progress')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    // Fresh weights: the MAP loss starts near 74 and falls epoch by epoch; accuracy leaves chance.
    const losses = await page.getByTestId('epoch-table').locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(losses).toHaveLength(2);
    expect(Number(losses[1])).toBeLessThan(Number(losses[0]));
    expect(Number(losses[0])).toBeGreaterThan(5);
    const val = Number(await page.getByTestId('train-progress').getAttribute('data-val-accuracy'));
    expect(val).toBeGreaterThan(0.2);
    await expect(lab.modelStatus()).toContainText('classic');
  });
});
