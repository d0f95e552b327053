/**
 * Lesson links: "Copy link" puts the network, the training settings and seed, the panels shown and
 * the drawing into the URL, and opening it brings them back; `?embed` drops the header; a hostile
 * link is ignored with a notice and injects nothing.
 */
import { test, expect } from './fixtures.ts';

// Clipboard permissions are granted to this test's context: its own, not one shared with other tests.
test.use({ freshContext: true });

test('a copied link reopens the drawing, settings and panels; embed mode; a hostile link gets a notice', async ({ lab, page }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await lab.open('?test&variant=classic');
  await lab.drawDigit(4);
  const digit = await lab.predictedDigit();
  await page.getByLabel('Epochs').fill('3');
  await page.getByLabel('Seed').fill('42');
  await page.getByText('Link options').click();
  await page.getByRole('checkbox', { name: 'Feature maps' }).uncheck();
  await expect(page.locator('#maps-title')).toHaveCount(0);
  const copy = page.getByTestId('copy-link');
  await copy.click();
  await expect(page.getByTestId('copy-link-status')).toHaveAttribute('data-state', 'copied');
  const url = (await copy.getAttribute('data-url'))!;
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  const params = new URL(url).searchParams;
  expect(params.get('variant')).toBe('classic');
  expect(params.get('epochs')).toBe('3');
  expect(params.get('seed')).toBe('42');
  expect(params.get('hide')).toBe('maps');
  expect(params.get('draw')).toMatch(/^1[\w-]+$/);
  expect(params.has('test')).toBe(true);

  // A fresh page from the link: same network, settings, panels and drawing (so the same answer).
  await lab.open(url);
  await expect(page.getByLabel('Epochs')).toHaveValue('3');
  await expect(page.getByLabel('Seed')).toHaveValue('42');
  await expect(page.getByTestId('variant')).toHaveValue('classic');
  await expect(page.locator('#maps-title')).toHaveCount(0);
  await expect(page.getByTestId('fmap-input')).toHaveCount(0);
  expect(await lab.predictedDigit()).toBe(digit);
  await expect(page.getByTestId('link-notice')).toHaveCount(0);

  // Hostile (bad values, markup, a broken drawing, an unknown parameter), in embed mode: the
  // notice says what was ignored, nothing is injected, the chosen panels work without the header.
  let dialogs = 0;
  page.on('dialog', (d) => (dialogs++, void d.dismiss()));
  const evil = encodeURIComponent('<img src=x onerror=alert(1)>');
  await page.goto(`?test&embed&epochs=${evil}&seed=-5&hide=maps,${evil}&draw=1${'_'.repeat(20)}&variant=${evil}&${evil}=1`);
  const notice = page.getByTestId('link-notice');
  await expect(notice).toHaveAttribute('data-count', '6');
  await expect(notice).toContainText('<img src=x onerror=alert(1)>');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('header.top')).toHaveCount(0);
  await expect(copy).toHaveCount(0);
  await expect(page.locator('#maps-title')).toHaveCount(0);
  await expect(page.getByLabel('Epochs')).toHaveValue('2'); // the test build's default, untouched
  await lab.drawDigit(1);
  expect(await lab.predictedDigit()).toBe('1');
  expect(dialogs).toBe(0);
});
