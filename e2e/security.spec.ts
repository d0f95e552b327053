import { test, expect } from './fixtures.ts';

test('a strict CSP holds through loading, drawing, training and evaluating, and nothing leaves the origin', async ({
  lab,
  page,
  offOrigin,
}) => {
  test.setTimeout(120_000);
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (globalThis as unknown as { __csp: string[] }).__csp ??= [];
      (globalThis as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await lab.open();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(await page.locator('script:not([src])').count()).toBe(0);
  await lab.drawDigit(6);
  expect(await lab.predictedDigit()).toBe('6');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-progress')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('test-accuracy')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  const inPage = await page.evaluate(() => (globalThis as unknown as { __csp?: string[] }).__csp ?? []);
  expect([...violations, ...inPage]).toEqual([]);
  expect(offOrigin).toEqual([]);
});
