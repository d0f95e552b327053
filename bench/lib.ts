/** Shared pieces of the benchmarks: a served production build, Chromium, the lab page. */
import { chromium, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import { DEFAULT_TRAIN_CONFIG } from '../src/shared/protocol.ts';

export const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
export const median = (xs: number[]) => quantile(xs, 0.5);

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

export async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} did not start`);
}

/** Records pointer-move → panels-repainted latencies and long tasks, from page start. */
export const PAGE_PROBES = () => {
  const w = globalThis as unknown as { __bench: { moves: number[]; longTasks: number[] } };
  w.__bench = { moves: [], longTasks: [] };
  let pendingMove: number | null = null;
  addEventListener('pointermove', (e) => (pendingMove ??= e.timeStamp), { capture: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.entryType === 'longtask') w.__bench.longTasks.push(e.duration);
      else if (e.name === 'lenet:maps-painted' && pendingMove !== null) {
        w.__bench.moves.push(e.startTime - pendingMove);
        pendingMove = null;
      }
    }
  }).observe({ entryTypes: ['mark', 'longtask'] });
};

/**
 * Fresh weights and the app's own training defaults: test mode (`?test`) shrinks runs, so put
 * `DEFAULT_TRAIN_CONFIG`'s data size, epochs, seed and distortions back.
 */
export async function applyAppDefaults(page: Page): Promise<void> {
  const d = DEFAULT_TRAIN_CONFIG;
  await page.getByTestId('train-reset').click();
  await page.getByLabel('Train images (0 = all)').fill(String(d.limit));
  await page.getByLabel('Epochs').fill(String(d.epochs));
  await page.getByLabel('Seed').fill(String(d.seed));
  await page.getByLabel('Random distortions (shift, scale, shear)').setChecked(d.augment);
}

export async function openLab(browser: Browser, url: string, serviceWorkers: 'allow' | 'block' = 'block'): Promise<Page> {
  // No service worker unless asked (bench/offline.ts): its background caching would skew the timings.
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, serviceWorkers });
  const page = await ctx.newPage();
  await page.addInitScript(PAGE_PROBES);
  await page.goto(url);
  await page.getByTestId('model-status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 60_000 });
  return page;
}

export const progressAttr = async (page: Page, name: string) => Number(await page.getByTestId('train-progress').getAttribute(name));

/** Serves `dist/` (or `outDir`, with vite config `config`) with `vite preview` on a free port and starts Chromium (Debian's when present). */
export async function startLab(
  opts: { config?: string; outDir?: string } = {},
): Promise<{ url: string; browser: Browser; stop: () => Promise<void> }> {
  const port = await freePort();
  const config = [...(opts.config ? ['--config', opts.config] : []), ...(opts.outDir ? ['--outDir', opts.outDir] : [])];
  const server: ChildProcess = spawn('npx', ['vite', 'preview', ...config, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    stdio: 'ignore',
    detached: true,
  });
  const url = `http://127.0.0.1:${port}/`;
  const executablePath = process.env['CHROMIUM_PATH'] ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({ args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
  await waitForServer(url);
  return {
    url,
    browser,
    stop: async () => {
      await browser.close();
      try {
        process.kill(-server.pid!);
      } catch {
        server.kill();
      }
    },
  };
}
