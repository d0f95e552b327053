import { test, expect } from './fixtures.ts';
import { readFileSync } from 'node:fs';

const metrics = JSON.parse(readFileSync('public/models/modern/metrics.json', 'utf8')) as { testCorrect: number; testCount: number };

test.describe('evaluate and explore errors', () => {
  test('evaluates the shipped model on all 10,000 test images, as the training script measured', async ({ lab, page }) => {
    test.setTimeout(120_000);
    await lab.open();
    await page.getByTestId('evaluate').click();
    const acc = page.getByTestId('test-accuracy');
    await expect(acc).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    const value = Number(await acc.getAttribute('data-value'));
    // Same model, same images: the count of correct answers must match to the image.
    expect(Math.round(value * 10_000)).toBe(metrics.testCorrect);
    await expect(acc).toContainText(`${metrics.testCorrect.toLocaleString('en')} / 10,000`);
    const cells = page.getByTestId('confusion-matrix').locator('button.cell');
    await expect(cells).toHaveCount(100);
    const counts = await cells.evaluateAll((els) => els.reduce((a, e) => a + Number(e.getAttribute('data-count')), 0));
    expect(counts).toBe(10_000);
    await expect(page.getByTestId('eval-history')).toContainText('shipped modern');
  });

  test('a confusion cell shows its images, and a mistake sent to the lab is read the same way', async ({ lab, page }) => {
    test.setTimeout(120_000);
    await lab.open();
    await page.getByTestId('evaluate').click();
    await expect(page.getByTestId('test-accuracy')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
    // The largest off-diagonal cell.
    const cell = await page
      .getByTestId('confusion-matrix')
      .locator('button.cell.off')
      .evaluateAll((els) => {
        const best = els.reduce((a, e) => (Number(e.getAttribute('data-count')) > Number(a.getAttribute('data-count')) ? e : a));
        return { t: best.getAttribute('data-true')!, p: best.getAttribute('data-predicted')!, n: Number(best.getAttribute('data-count')) };
      });
    await page.locator(`button.cell[data-true="${cell.t}"][data-predicted="${cell.p}"]`).click();
    await expect(page.getByTestId('gallery-count')).toHaveAttribute('data-count', String(cell.n));
    const thumbs = page.getByTestId('gallery').locator('button.thumb');
    await expect(thumbs.first()).toBeVisible();
    for (const t of await thumbs.all()) {
      await expect(t).toHaveAttribute('data-true', cell.t);
      await expect(t).toHaveAttribute('data-predicted', cell.p);
    }
    const before = await page.getByTestId('fmap-c1').getAttribute('data-signature');
    await thumbs.first().click();
    // The lab now shows that test digit: the same model reads it as the evaluation did.
    await expect(lab.prediction()).toHaveAttribute('data-state', 'ready');
    await expect(lab.prediction()).toHaveAttribute('data-digit', cell.p);
    await expect(page.getByTestId('fmap-c1')).not.toHaveAttribute('data-signature', before ?? '');
    // Drawing afterwards starts a fresh drawing.
    await lab.clear();
    await lab.drawDigit(1);
    expect(await lab.predictedDigit()).toBe('1');
  });

  test('an evaluation can be cancelled', async ({ lab, page }) => {
    await lab.open();
    await page.getByTestId('evaluate').click();
    await page.getByTestId('evaluate-cancel').click();
    await expect(page.getByTestId('test-accuracy')).toHaveAttribute('data-status', 'cancelled');
  });
});
