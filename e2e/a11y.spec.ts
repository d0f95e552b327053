/**
 * Accessibility: axe-core on the whole page in each state the lab goes through — a model that fails
 * to load, idle, drawn, training, evaluated — and on a phone (each section), with no serious or
 * critical violation; every violation found (any impact) is printed when one fails. The keyboard
 * reaches every control, and each shows a focus ring.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

const describe = (v: Violation) =>
  `${v.impact ?? '?'} ${v.id}: ${v.help}\n` +
  v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n');

/** Runs axe on the whole page (in the page itself: no extra page for the report); notes the counts; returns the failures. */
async function audit(page: Page, state: string, counts: Record<string, string>): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] })
    .analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  counts[state] = `${bad.length} serious/critical, ${violations.length - bad.length} other`;
  return bad.length ? [`${state}:\n${violations.map(describe).join('\n')}`] : [];
}

/**
 * Tabs through the page once from the top (a page listener notes each focused control and whether
 * its focus draws an outline): the controls that never got the focus, and those without a ring.
 */
async function tabThrough(page: Page): Promise<{ missed: string[]; unringed: string[] }> {
  const stops = await page.evaluate(() => {
    const w = window as unknown as { __focused: Array<[string, boolean]>; __controls: () => HTMLElement[] };
    // The visible, enabled controls; a radio group is one tab stop (its checked radio), the arrow keys move within it.
    w.__controls = () =>
      Array.from(document.querySelectorAll<HTMLElement>('button, select, input, summary, a[href], [tabindex="0"]')).filter(
        (el) =>
          !(el as HTMLButtonElement).disabled &&
          // Shown (a closed <details>' content is not: its controls are not tab stops until it opens).
          el.checkVisibility() &&
          !(el instanceof HTMLInputElement && el.type === 'radio' && !el.checked),
      );
    w.__focused = [];
    document.addEventListener('focusin', (e) => {
      const el = e.target as HTMLElement;
      el.dataset['tabbed'] = '1';
      const s = getComputedStyle(el);
      const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
      w.__focused.push([el.outerHTML.slice(0, 90), ring]);
    });
    return w.__controls().length;
  });
  // A click on the title starts the Tab order at the top of the page; one Tab per control.
  await page.locator('h1').click();
  for (let i = 0; i < stops; i++) await page.keyboard.press('Tab');
  return page.evaluate(() => {
    const w = window as unknown as { __focused: Array<[string, boolean]>; __controls: () => HTMLElement[] };
    return {
      missed: w
        .__controls()
        .filter((el) => !el.dataset['tabbed'])
        .map((el) => el.outerHTML.slice(0, 90)),
      unringed: w.__focused.filter(([, ring]) => !ring).map(([html]) => html),
    };
  });
}

test('no serious or critical axe violation: error, idle, drawn, training, evaluated; the keyboard reaches every control', async ({
  lab,
  page,
}) => {
  test.setTimeout(120_000);
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

  await lab.putDigit(3);
  await lab.predictedDigit();
  failures.push(...(await audit(page, 'drawn', counts)));
  // The answer is announced once, politely, as a short sentence.
  await expect(page.getByTestId('prediction-announce')).toHaveText(/^Predicted 3, \d+ % sure$/);
  await expect(page.locator('[aria-live="polite"]').filter({ hasText: 'Predicted' })).toHaveCount(1);

  const { missed, unringed } = await tabThrough(page);
  expect(missed, 'controls the keyboard never reached').toEqual([]);
  expect(unringed, 'controls without a visible focus ring').toEqual([]);

  // A run long enough to be audited while it trains on any machine (a 500-image run once ended,
  // on a fast CI machine, before the test saw it start); stopped once audited.
  await page.getByLabel('Train images (0 = all)').fill('0');
  await page.getByLabel('Epochs').fill('3');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-progress')).toHaveAttribute('data-status', 'training', { timeout: 30_000 });
  failures.push(...(await audit(page, 'training', counts)));
  await page.getByTestId('train-stop').click();
  await expect(page.getByTestId('train-progress')).toHaveAttribute('data-status', 'stopped');

  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('test-accuracy')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  // The colour-blind safe palette too.
  await page.getByTestId('palette').selectOption('colorblind');
  failures.push(...(await audit(page, 'evaluated', counts)));

  console.log(`axe: ${JSON.stringify(counts)}`);
  expect(failures, failures.join('\n\n')).toEqual([]);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });

  test('no serious or critical axe violation on a phone: the drawing section, and the one that scrolls', async ({ lab, page }) => {
    const counts: Record<string, string> = {};
    const failures: string[] = [];
    await lab.open();
    await lab.putDigit(3);
    await lab.predictedDigit();
    // The drawing section is the phone's own layout; of the others (the desktop's panels), the one that scrolls.
    for (const id of ['draw', 'mine']) {
      await page.getByTestId(`section-tab-${id}`).click();
      await expect(page.locator(`#section-${id}`)).toBeVisible();
      failures.push(...(await audit(page, `phone ${id}`, counts)));
    }
    console.log(`axe: ${JSON.stringify(counts)}`);
    expect(failures, failures.join('\n\n')).toEqual([]);
  });
});
