import { test, expect } from './fixtures.ts';
import { readdirSync } from 'node:fs';

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
  // Every directive, as the server sends it (the header also covers the worker script) and as the
  // meta tag repeats it for hosts that cannot send headers (frame-ancestors works only as a header).
  const expected: Record<string, string> = {
    'default-src': "'self'",
    'script-src': "'self' 'wasm-unsafe-eval'",
    'worker-src': "'self'",
    'connect-src': "'self'",
    'img-src': "'self' data: blob:",
    'style-src': "'self'",
    'object-src': "'none'",
    'base-uri': "'self'",
    'form-action': "'none'",
    'frame-ancestors': "'self'",
  };
  const directives = (policy: string | null | undefined) =>
    Object.fromEntries(
      (policy ?? '')
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v.join(' ')]),
    );
  const { 'frame-ancestors': _frame, ...metaExpected } = expected;
  void _frame;
  expect(directives(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'))).toEqual(metaExpected);
  const worker = readdirSync('dist/assets').find((f) => /^train\.worker-.*\.js$/.test(f));
  expect(worker, 'the training worker script').toBeDefined();
  for (const url of ['./', 'index.html', `assets/${worker!}`, 'models/modern/model.json']) {
    const res = await page.request.get(url);
    const h = res.headers();
    expect(directives(h['content-security-policy']), url).toEqual(expected);
    expect(h['x-content-type-options'], url).toBe('nosniff');
    expect(h['x-frame-options'], url).toBe('SAMEORIGIN');
    expect(h['referrer-policy'], url).toBe('no-referrer');
  }
  expect(await page.locator('script:not([src])').count()).toBe(0);
  expect(await page.locator('style').count(), 'style elements').toBe(0);
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
