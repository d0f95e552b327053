/**
 * The lab's states and transitions (table in src/worker/README.md): whatever the user did, "In use"
 * names the model that Evaluate, Export and Train act on.
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';
import type { Page } from '@playwright/test';

const shipped = JSON.parse(readFileSync('public/models/modern/metrics.json', 'utf8')) as { testAccuracy: number };

const kind = (page: Page) => page.getByTestId('model-kind');

/** Evaluates the model in use; returns its accuracy and the label the evaluation recorded. */
async function evaluateInUse(page: Page): Promise<{ accuracy: number; label: string }> {
  const label = (await kind(page).textContent()) ?? '';
  await page.getByTestId('evaluate').click();
  const acc = page.getByTestId('test-accuracy');
  await expect(acc).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(page.getByTestId('eval-history').locator('tbody tr').first()).toContainText(label);
  return { accuracy: Number(await acc.getAttribute('data-value')), label };
}

test.describe('lab states', () => {
  test('Step → Reset → Evaluate evaluates the model in use again, not a missing one', async ({ lab, page }) => {
    test.setTimeout(150_000);
    await lab.open();
    await expect(kind(page)).toHaveAttribute('data-kind', 'shipped');
    await page.getByTestId('train-step').click();
    await expect(kind(page)).toHaveAttribute('data-kind', 'trained');
    await expect(page.getByTestId('train-progress')).toHaveAttribute('data-status', 'paused');
    // While a run holds the model, switching networks waits.
    await expect(page.getByTestId('variant')).toBeDisabled();
    await expect(page.getByTestId('evaluate')).toBeDisabled();
    await page.getByTestId('train-reset').click();
    await expect(kind(page)).toHaveAttribute('data-kind', 'shipped');
    await expect(page.getByTestId('variant')).toBeEnabled();
    const ev = await evaluateInUse(page);
    expect(ev.accuracy).toBeCloseTo(shipped.testAccuracy, 4);
    expect(ev.label).toContain('shipped modern');
  });

  test('Train → Restore pretrained → Evaluate, and Import → Reset keeps the import', async ({ lab, page }) => {
    test.setTimeout(180_000);
    await lab.open();
    await page.getByTestId('train-start').click();
    await expect(page.getByTestId('train-progress')).toHaveAttribute('data-run-status', 'done', { timeout: 90_000 });
    await expect(kind(page)).toHaveAttribute('data-kind', 'trained');
    await page.getByTestId('restore-pretrained').click();
    await expect(kind(page)).toHaveAttribute('data-kind', 'shipped');
    expect((await evaluateInUse(page)).accuracy).toBeCloseTo(shipped.testAccuracy, 4);

    await page.getByTestId('import-input').setInputFiles([
      { name: 'model.json', mimeType: 'application/json', buffer: readFileSync('public/models/modern/model.json') },
      { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: readFileSync('public/models/modern/weights.bin') },
    ]);
    await expect(kind(page)).toHaveAttribute('data-kind', 'imported');
    // Reset with no run since the import: nothing to go back to, the import stays in use.
    await page.getByTestId('train-reset').click();
    await expect(kind(page)).toHaveAttribute('data-kind', 'imported');
    const ev = await evaluateInUse(page);
    expect(ev.label).toContain('imported');
    expect(ev.accuracy).toBeCloseTo(shipped.testAccuracy, 4);
  });

  test('a variant switch after a paused run is reset moves the lab and its worker to the other net', async ({ lab, page }) => {
    await lab.open();
    await page.getByTestId('train-step').click();
    await expect(page.getByTestId('train-progress')).toHaveAttribute('data-status', 'paused');
    await expect(page.getByTestId('variant')).toBeDisabled();
    await page.getByTestId('train-reset').click();
    await page.getByTestId('variant').selectOption('classic');
    await expect(lab.modelStatus()).toContainText('shipped classic');
    await expect(kind(page)).toHaveAttribute('data-kind', 'shipped');
    // The worker took the classic net over: a step trains it (its first loss is the MAP criterion's, far above cross-entropy's).
    await page.getByTestId('train-step').click();
    await expect(kind(page)).toHaveAttribute('data-kind', 'trained');
    await expect(kind(page)).toContainText('classic');
    // Fresh weights under the MAP criterion start near 74; cross-entropy would start near 2.3.
    expect(Number(await page.getByTestId('train-progress').getAttribute('data-loss'))).toBeGreaterThan(10);
  });
});
