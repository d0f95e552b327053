/**
 * The explanations in the page (`npx tsx bench/explain.ts --page [--no-build] [--runs N]`): a test
 * build served by `vite preview`, headless Chromium, the explain worker as users get it. Measured
 * with the page's own clock: click → map drawn (the map canvas's `data-state` turning `ready`, set
 * in the commit after the points are painted) for the PCA map of 10,000 test images (cold: worker,
 * backend, test set and forward pass; then each other layer from the kept activations), UMAP, and
 * the top-9 of every map of C3 / C1 / C5 (`data-count` filled); the UI thread's long tasks (> 50 ms,
 * PerformanceObserver 'longtask') during each. Writes bench/results/explain-<date>-<commit>.json.
 */
import type { Page } from '@playwright/test';
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { PLACEMENTS, placeDigit } from '../src/shared/preprocess/fixtures/digit-strokes.ts';
import { SURFACE } from '../src/shared/preprocess/strokes.ts';
import { median, openLab, startLab } from './lib.ts';

interface Window {
  /** Click → done, ms (page clock). */
  readonly ms: number;
  /** Long tasks (ms) on the UI thread in that window. */
  readonly longTasks: number[];
  readonly status?: string;
}

/** Records, in the page, long tasks with their start and the last time each watched element's attribute changed. */
const PROBE = () => {
  const w = globalThis as unknown as { __explainBench: { tasks: [number, number][] } };
  w.__explainBench = { tasks: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__explainBench.tasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: false });
};

/**
 * Runs `act` (which clicks) and waits until `done` (a CSS selector with attribute condition)
 * matches; the time from the click's event to the mutation that made it match, and the long
 * tasks in between.
 */
async function timed(
  page: Page,
  clickSelector: string | null,
  doneSelector: string,
  act: () => Promise<void>,
  timeout = 300_000,
): Promise<Window> {
  await page.evaluate(
    ({ clickSelector, doneSelector }) => {
      const w = globalThis as unknown as { __win: { t0: number; t1: number; armed: boolean } };
      w.__win = { t0: performance.now(), t1: NaN, armed: false };
      if (clickSelector)
        document.addEventListener(
          'click',
          (e) => {
            if ((e.target as Element).closest(clickSelector)) w.__win.t0 = e.timeStamp;
          },
          { capture: true, once: true },
        );
      // `change` events (select) count as the start too.
      document.addEventListener('change', (e) => (w.__win.t0 = e.timeStamp), { capture: true, once: true });
      const mo = new MutationObserver(() => {
        if (w.__win.armed && document.querySelector(doneSelector)) {
          w.__win.t1 = performance.now();
          mo.disconnect();
        }
      });
      mo.observe(document.body, { attributes: true, subtree: true, childList: true });
      w.__win.armed = true;
    },
    { clickSelector, doneSelector },
  );
  // Wait until it leaves the done state first (a recompute starts from `ready`).
  await act();
  await page.waitForFunction(() => !Number.isNaN((globalThis as unknown as { __win: { t1: number } }).__win.t1), undefined, {
    timeout,
    polling: 100,
  });
  return page.evaluate(() => {
    const w = globalThis as unknown as { __win: { t0: number; t1: number }; __explainBench: { tasks: [number, number][] } };
    const { t0, t1 } = w.__win;
    return {
      ms: t1 - t0,
      longTasks: w.__explainBench.tasks.filter(([s, d]) => s + d >= t0 && s <= t1).map(([, d]) => Math.round(d)),
      status: document.querySelector('[data-testid="embedding-status"]')?.textContent ?? '',
    };
  });
}

async function drawOne(page: Page, digit: number): Promise<void> {
  const pad = page.getByTestId('draw-canvas');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const k = box.width / SURFACE;
  for (const s of placeDigit(digit, PLACEMENTS[0]!)) {
    await page.mouse.move(box.x + s[0]!.x * k, box.y + s[0]!.y * k);
    await page.mouse.down();
    for (const p of s.slice(1)) await page.mouse.move(box.x + p.x * k, box.y + p.y * k, { steps: 2 });
    await page.mouse.up();
  }
}

const MAP = '[data-testid="embedding"]';
const ready = (layer: string, method: string) => `${MAP}[data-state="ready"][data-layer="${layer}"][data-method="${method}"]`;

export async function explainInPage(opts: { build: boolean; runs: number; umap: boolean; variant: 'modern' | 'classic' }): Promise<void> {
  const query = `?test${opts.variant === 'classic' ? '&variant=classic' : ''}`;
  if (opts.build) execSync('npx vite build --logLevel warn', { stdio: 'inherit', env: { ...process.env, LENET_TEST_BUILD: '1' } });
  const { url, browser, stop } = await startLab();
  const result: Record<string, unknown> = {};
  const runs: Record<string, Window[]> = {};
  const add = (k: string, w: Window) => {
    (runs[k] ??= []).push(w);
    console.log(`${k}: ${w.ms.toFixed(0)} ms, long tasks ${JSON.stringify(w.longTasks)}${w.status ? ` — ${w.status}` : ''}`);
  };
  try {
    for (let r = 0; r < opts.runs; r++) {
      // The map: a fresh page (new explain worker) each run.
      let page = await openLab(browser, `${url}${query}`);
      await page.evaluate(PROBE);
      await drawOne(page, 3);
      const panel = page.locator('section[aria-labelledby="embedding-title"]');
      await panel.scrollIntoViewIfNeeded();
      add(
        'pca c5, cold: Show clicked as the panel comes into view (worker, test set, forward pass, PCA, paint)',
        await timed(page, '[data-testid="embedding-compute"]', ready('c5', 'pca'), () => page.getByTestId('embedding-compute').click()),
      );
      await page.waitForSelector(`${MAP}[data-x]`);
      for (const layer of ['c3', 'f6', 'output', 'c5'])
        add(
          `pca ${layer}, activations kept`,
          await timed(page, null, ready(layer, 'pca'), () =>
            page
              .getByTestId('embedding-layer')
              .selectOption(layer)
              .then(() => undefined),
          ),
        );
      if (opts.umap) {
        add(
          'umap c5',
          await timed(
            page,
            null,
            ready('c5', 'umap'),
            () =>
              page
                .getByTestId('embedding-method')
                .selectOption('umap')
                .then(() => undefined),
            600_000,
          ),
        );
      }
      await page.context().close();
      // The map after the panel has been in view long enough for the worker's warm-up.
      page = await openLab(browser, `${url}${query}`);
      await page.evaluate(PROBE);
      await drawOne(page, 3);
      const t0 = Date.now();
      await page.locator('section[aria-labelledby="embedding-title"]').scrollIntoViewIfNeeded();
      await page.waitForSelector(`${MAP}[data-warm="ready"]`, { timeout: 120_000 });
      const warmMs = Date.now() - t0;
      const w = await timed(page, '[data-testid="embedding-compute"]', ready('c5', 'pca'), () =>
        page.getByTestId('embedding-compute').click(),
      );
      add('pca c5, after the warm-up (PCA, transfer, paint)', w);
      add('warm-up (panel in view → activations kept; Playwright clock)', { ms: warmMs, longTasks: [] });
      await page.context().close();
      // Top-9 of every map of a layer, in a fresh page: C3 with the forward pass, then C1 (its own pass), C5 (kept).
      page = await openLab(browser, `${url}${query}`);
      await page.evaluate(PROBE);
      await drawOne(page, 4);
      for (const [layer, button] of [
        ['c3', 'Zoom into C3 map 5'],
        ['c1', 'Zoom into C1 map 2'],
        ['c5', 'Zoom into C5 map 1'],
      ] as const) {
        await page.getByRole('button', { name: button }).click();
        const top = `[data-testid="map-zoom"] [data-testid="unit-top"][data-layer="${layer}"]`;
        await page.waitForSelector(top);
        add(
          `top-9 of every ${layer} map`,
          await timed(page, '[data-testid="unit-top-run"]', `${top}[data-count="9"]`, () =>
            page.locator(`${top} [data-testid="unit-top-run"]`).click(),
          ),
        );
        await page.getByTestId('map-zoom').getByRole('button', { name: 'Close' }).click();
      }
      await page.context().close();
    }
    for (const [k, ws] of Object.entries(runs))
      result[k] = {
        medianMs: Math.round(median(ws.map((w) => w.ms))),
        runsMs: ws.map((w) => Math.round(w.ms)),
        longTasks: ws.map((w) => w.longTasks),
      };
    const commit = execSync('git rev-parse --short HEAD').toString().trim();
    const dirty = execSync('git status --porcelain -- src bench').toString().trim() !== '';
    const date = new Date().toISOString().slice(0, 10);
    mkdirSync('bench/results', { recursive: true });
    const file = `bench/results/explain-${date}-${commit}${opts.variant === 'classic' ? '-classic' : ''}${dirty ? '-dirty' : ''}.json`;
    writeFileSync(
      file,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          commit,
          dirty,
          variant: opts.variant,
          cpus: cpus().length,
          loadavg: loadavg(),
          browser: browser.version(),
          results: result,
        },
        null,
        2,
      ) + '\n',
    );
    console.log(`wrote ${file}`);
  } finally {
    await stop();
  }
}
