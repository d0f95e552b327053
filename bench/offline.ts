/**
 * `npm run bench:offline [-- --runs N] [-- --no-build]`: after one visit (service worker installed,
 * app, models and MNIST cached: `offline-ready` = ready), how long a reload with the network off
 * takes to a ready model (navigation start → the `lenet:model-ready` mark). Beside it, in the same
 * run: the same reload online (service worker serving) and a cold load without a service worker.
 * Target: offline reload → model ready ≤ 2 s. Writes bench/results/offline-<date>-<commit>.json.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Page } from '@playwright/test';
import { median, openLab, startLab } from './lib.ts';

const build = !process.argv.includes('--no-build');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

const modelReady = async (page: Page): Promise<number> => {
  await page.getByTestId('model-status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 60_000 });
  return page.evaluate(() => performance.getEntriesByName('lenet:model-ready')[0]?.startTime ?? NaN);
};

async function main(): Promise<void> {
  if (build) execSync('npx vite build --logLevel warn', { stdio: 'inherit', env: { ...process.env, LENET_TEST_BUILD: '1' } });
  const { url, browser, stop } = await startLab();
  const cold: number[] = [];
  const online: number[] = [];
  const offline: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      // A fresh context each run: empty caches, no service worker yet.
      const page = await openLab(browser, `${url}?test`, 'allow');
      cold.push(await modelReady(page));
      await page.getByTestId('offline-ready').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 120_000 });
      await page.reload();
      online.push(await modelReady(page));
      await page.context().setOffline(true);
      await page.reload();
      offline.push(await modelReady(page));
      await page.context().close();
    }
  } finally {
    await stop();
  }
  const commit = execSync('git rev-parse --short HEAD').toString().trim();
  const result = {
    date: new Date().toISOString(),
    commit,
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), headless Chromium`,
    runs: RUNS,
    coldLoadNoServiceWorkerMs: { median: median(cold), samples: cold },
    reloadOnlineFromServiceWorkerMs: { median: median(online), samples: online },
    offlineReloadToModelReadyMs: { median: median(offline), samples: offline },
  };
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/offline-${result.date.slice(0, 10)}-${commit}.json`;
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  const f = (n: number) => n.toFixed(0);
  console.log(`| load → model ready (median of ${RUNS}) | ms | × cold |`);
  console.log('| --- | --- | --- |');
  console.log(`| cold, no service worker | ${f(median(cold))} | 1.00 |`);
  console.log(`| reload, online, service worker | ${f(median(online))} | ${(median(online) / median(cold)).toFixed(2)} |`);
  console.log(`| **offline reload** (target ≤ 2,000) | ${f(median(offline))} | ${(median(offline) / median(cold)).toFixed(2)} |`);
  console.log(`wrote ${file}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
