/**
 * Accessibility: axe-core on the whole page in each state the lab goes through — idle, drawn,
 * training, evaluated, a model that fails to load, and on a phone (each of its sections) — with no
 * serious or critical violation. Every violation found (any impact) is printed when one fails.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

const describe = (v: Violation) =>
  `${v.impact ?? '?'} ${v.id}: ${v.help}\n` +
  v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n');

/** Runs axe on the whole page; records the state's counts; returns the serious and critical ones. */
async function audit(page: Page, state: string, counts: Record<string, string>): Promise<string[]> {
  const t0 = Date.now();
  const { violations } = await new AxeBuilder({ page })
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] })
    .analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  counts[state] = `${bad.length} serious/critical, ${violations.length - bad.length} other (${Date.now() - t0} ms)`;
  return bad.length ? [`${state}:\n${violations.map(describe).join('\n')}`] : [];
}

test('no serious or critical axe violation: error, idle, drawn, training, evaluated', async ({ lab, page }) => {
  test.setTimeout(240_000);
  const counts: Record<string, string> = {};
  const failures: string[] = [];
  // A model file that is missing: the error state, then Retry once it is back.
  await page.route('**/models/modern/model.json', (r) => r.fulfill({ status: 404, body: 'not found' }));
  await page.goto('?test');
  await expect(lab.modelStatus()).toHaveAttribute('data-state', 'error');
  failures.push(...(await audit(page, 'error', counts)));
  await page.unroute('**/models/modern/model.json');
  await page.getByTestId('model-retry').click();
  await expect(lab.modelStatus()).toHaveAttribute('data-state', 'ready');
  failures.push(...(await audit(page, 'idle', counts)));

  await lab.drawDigit(3);
  await lab.predictedDigit();
  failures.push(...(await audit(page, 'drawn', counts)));

  await page.getByLabel('Train images (0 = all)').fill('2000');
  await page.getByLabel('Epochs').fill('1');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-progress')).toHaveAttribute('data-status', 'training', { timeout: 30_000 });
  failures.push(...(await audit(page, 'training', counts)));
  await expect(page.getByTestId('train-progress')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });

  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('test-accuracy')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  failures.push(...(await audit(page, 'evaluated', counts)));

  console.log(`axe: ${JSON.stringify(counts)}`);
  expect(failures, failures.join('\n\n')).toEqual([]);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });

  test('no serious or critical axe violation on a phone', async ({ lab, page }) => {
    const counts: Record<string, string> = {};
    await lab.open();
    await lab.drawDigit(3);
    await lab.predictedDigit();
    const failures = await audit(page, 'phone', counts);
    console.log(`axe: ${JSON.stringify(counts)}`);
    expect(failures, failures.join('\n\n')).toEqual([]);
  });
});
