/**
 * Long tasks with 1,000 of your digits (issue 13: storing a digit, opening the gallery and exporting
 * must never block the page for more than 50 ms). Measured with a PerformanceObserver for
 * `longtask` entries around each action. Not part of the default suite (it takes a while and, on
 * a shared machine, measures the neighbours too): `LENET_PERF=1 npx playwright test e2e/mydigits-perf.spec.ts`.
 */
import { loadavg } from 'node:os';
import { test, expect } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { slantedDigit } from '../src/shared/mydigits/fixtures/slanted.ts';
import { pad32, toBytes28, type MyDigit } from '../src/shared/mydigits/sample.ts';
import { EXPORT_NAMES, exportIdx, strokesEntry, strokesJson } from '../src/shared/mydigits/transfer.ts';
import { preprocessMnist } from '../src/shared/preprocess/mnist-style.ts';
import { PEN_WIDTH, rasterize } from '../src/shared/preprocess/strokes.ts';

test.skip(!process.env['LENET_PERF'], 'set LENET_PERF=1 to measure long tasks');

function thousand(): { name: string; mimeType: string; buffer: Buffer }[] {
  const digits: MyDigit[] = [];
  for (let i = 0; i < 1000; i++) {
    const label = i % 10;
    const strokes = slantedDigit(label, 5000 + i).map((points) => ({ points, width: PEN_WIDTH }));
    const pre = preprocessMnist(rasterize(strokes));
    if (pre.kind !== 'digit') throw new Error('empty');
    const image28 = toBytes28(pre.image);
    digits.push({ id: String(i), label, given: null, strokes, image28, image32: pad32(image28), createdAt: i });
  }
  const { images, labels } = exportIdx(digits);
  const json = strokesJson(digits.map((d) => JSON.stringify(strokesEntry(d))));
  const bin = 'application/octet-stream';
  return [
    { name: EXPORT_NAMES.images, mimeType: bin, buffer: Buffer.from(images) },
    { name: EXPORT_NAMES.labels, mimeType: bin, buffer: Buffer.from(labels) },
    { name: EXPORT_NAMES.strokes, mimeType: 'application/json', buffer: Buffer.from(json) },
  ];
}

/**
 * Starts recording long tasks, once the page has had no long task for a second (at most 20 s of
 * waiting: start-up work and the neighbours' load are not this action's); the returned function
 * stops and returns their durations (ms).
 */
async function watch(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        let last = performance.now();
        const obs = new PerformanceObserver(() => (last = performance.now()));
        obs.observe({ type: 'longtask' });
        const t0 = performance.now();
        const check = setInterval(() => {
          const now = performance.now();
          if (now - last > 1000 || now - t0 > 20_000) {
            clearInterval(check);
            obs.disconnect();
            resolve();
          }
        }, 100);
      }),
  );
  await page.evaluate(() => {
    const g = globalThis as unknown as { __lt: number[]; __ltObs?: PerformanceObserver };
    g.__lt = [];
    g.__ltObs?.disconnect();
    g.__ltObs = new PerformanceObserver((list) => g.__lt.push(...list.getEntries().map((e) => Math.round(e.duration))));
    g.__ltObs.observe({ type: 'longtask' });
  });
  return async () => {
    // Two frames, so the work an action scheduled has run and been reported.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50)))));
    return page.evaluate(() => {
      const g = globalThis as unknown as { __lt: number[]; __ltObs?: PerformanceObserver };
      g.__ltObs?.disconnect();
      return g.__lt;
    });
  };
}

test('1,000 digits: long tasks while storing one, opening the gallery and exporting', { tag: '@alone' }, async ({ lab, page }) => {
  test.setTimeout(300_000);
  const report: Record<string, number[]> = {};
  await lab.open();
  const gallery = page.getByTestId('my-digits');
  const files = thousand();
  let stop = await watch(page);
  await page.getByTestId('my-digits-import').setInputFiles(files);
  await expect(gallery).toHaveAttribute('data-count', '1000');
  await expect(gallery).toHaveAttribute('data-saving', '0');
  report['import 1,000 (not in the goal)'] = await stop();

  await page.reload();
  await expect(lab.modelStatus()).toHaveAttribute('data-state', 'ready');
  await expect(gallery).toHaveAttribute('data-count', '1000');
  await page.getByTestId('my-digits-toggle').click();
  await expect(page.getByTestId('my-digits-group-0')).toHaveCount(0);
  stop = await watch(page);
  await page.getByTestId('my-digits-toggle').click();
  await expect(page.getByTestId('my-digits-group-9')).toHaveAttribute('data-count', '100');
  report['open the gallery'] = await stop();

  stop = await watch(page);
  await lab.drawStrokes(slantedDigit(3, 1).map((p) => p));
  report['draw'] = await stop();
  stop = await watch(page);
  await page.getByTestId('teach-3').click();
  await expect(gallery).toHaveAttribute('data-count', '1001');
  report['store a digit'] = await stop();

  stop = await watch(page);
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await page.getByTestId('my-digits-export').click();
  await expect.poll(() => downloads.length).toBe(3);
  report['export 1,001'] = await stop();

  // This feature's own main-thread work, from its performance.measure entries (longest, count).
  const own = await page.evaluate(() =>
    Object.fromEntries(
      ['lenet:my-digits-teach', 'lenet:my-digits-paint', 'lenet:my-digits-export'].map((n) => {
        const d = performance.getEntriesByName(n).map((e) => e.duration);
        return [n, { maxMs: Math.round(Math.max(0, ...d) * 10) / 10, count: d.length }];
      }),
    ),
  );
  console.log(JSON.stringify({ loadAverage: loadavg()[0]!.toFixed(1), longTasksMs: report, ownWorkSinceReload: own }));
  // On a quiet machine these hold; on a shared one (load average above the core count) the
  // neighbours' work shows up as long tasks too, so the numbers are reported, and asserted on request.
  if (process.env['LENET_PERF_ASSERT'])
    for (const k of ['open the gallery', 'store a digit', 'export 1,001']) expect(report[k], k).toEqual([]);
});
