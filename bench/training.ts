/**
 * `npm run bench`'s training measures: throughput per backend and batch (with a Chrome trace of how
 * busy each thread was), the backend probe and ours vs stock tfjs-wasm, K workers vs one and
 * threaded wasm vs single (alternating runs), and Train (fresh, defaults) → 99 % validation.
 */
import type { Browser, Page } from '@playwright/test';
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { applyAppDefaults, median, openLab, progressAttr, startLab } from './lib.ts';
import { ceilingLine, measureCeiling, type Ceiling } from './ceiling.ts';
import { build, quick, ROUNDS, TRACE_MS, WINDOW_MS, WINDOWS } from './options.ts';

export interface Rate {
  median: number;
  windows: number[];
  /** Share of a traced window each thread spent running tasks (Chrome tracing), when traced. */
  busy?: Record<string, number>;
}

/**
 * Records a Chrome trace of the page for TRACE_MS while it trains, writes it to `file` (open it in
 * Perfetto or chrome://tracing) and returns how busy each of the page's threads was: a training
 * worker near 100 % is bound by its own compute, lower means it waits (yields, readbacks, messages).
 */
async function traceBusy(browser: Browser, page: Page, file: string): Promise<Record<string, number>> {
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'v8'] });
  const t0 = Date.now();
  await page.waitForTimeout(TRACE_MS);
  const buf = await browser.stopTracing();
  const ms = Date.now() - t0;
  writeFileSync(file, buf);
  type Ev = { ph: string; name: string; cat: string; tid: number; ts: number; dur?: number; args?: { name?: string } };
  const events = (JSON.parse(buf.toString()) as { traceEvents: Ev[] }).traceEvents;
  const names = new Map<number, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) names.set(e.tid, e.args.name);
  const spans = new Map<number, Array<[number, number]>>();
  for (const e of events)
    if (e.ph === 'X' && e.dur && e.cat.includes('toplevel')) spans.set(e.tid, [...(spans.get(e.tid) ?? []), [e.ts, e.ts + e.dur]]);
  const busy: Record<string, number> = {};
  for (const [tid, list] of spans) {
    const name = names.get(tid) ?? String(tid);
    if (!/CrRendererMain|DedicatedWorker/.test(name)) continue;
    list.sort((a, b) => a[0] - b[0]);
    let covered = 0;
    let end = -Infinity;
    for (const [a, b] of list) {
      if (b <= end) continue;
      covered += b - Math.max(a, end);
      end = b;
    }
    const key = name.startsWith('CrRendererMain') ? 'main' : 'worker';
    busy[key] = Math.max(busy[key] ?? 0, covered / 1000 / ms);
  }
  return busy;
}

/** Images/s of training on `backend` at `batch`, median of WINDOWS windows after a warm-up. */
export async function throughput(
  browser: Browser,
  url: string,
  backend: string,
  batch: number,
  traceFile?: string,
  opts: { workers?: number; wasmThreads?: boolean } = {},
): Promise<Rate | { error: string }> {
  const page = await openLab(browser, `${url}?test${opts.wasmThreads ? '&wasmThreads' : ''}`);
  try {
    if (backend !== 'auto') await page.getByTestId('train-backend').selectOption(backend);
    if (opts.workers) await page.getByTestId('train-workers').fill(String(opts.workers));
    await page
      .getByTestId('backend')
      .and(page.locator(`[data-backend="${backend}"]`))
      .waitFor({ timeout: 60_000 });
    await page.getByLabel('Batch size').fill(String(batch));
    await page.getByLabel('Train images (0 = all)').fill('48000');
    // Several epochs, so the windows and the trace see training, not the run's end (test set, save).
    await page.getByLabel('Epochs').fill('5');
    await page.getByTestId('train-start').click();
    await page.getByTestId('train-progress').and(page.locator('[data-status="training"]')).waitFor({ timeout: 120_000 });
    // Warm-up: shader compilation (webgl) and the first batches.
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="train-progress"]')?.getAttribute('data-images-seen')) >= 1024,
      undefined,
      { timeout: 120_000 },
    );
    const windows: number[] = [];
    for (let i = 0; i < WINDOWS; i++) {
      const [n0, t0] = [await progressAttr(page, 'data-images-seen'), Date.now()];
      await page.waitForTimeout(WINDOW_MS);
      const [n1, t1] = [await progressAttr(page, 'data-images-seen'), Date.now()];
      windows.push(((n1 - n0) * 1000) / (t1 - t0));
    }
    const busy = traceFile ? await traceBusy(browser, page, traceFile) : undefined;
    await stopIfRunning(page);
    return { median: median(windows), windows, ...(busy ? { busy } : {}) };
  } catch (e) {
    return { error: (e as Error).message.split('\n')[0]! };
  } finally {
    await page.context().close();
  }
}

export interface ProbeAndKernels {
  /** The backend probe as the panel shows it after "Measure" (test mode times software GPUs too). */
  probe: { choice: string; rates: Record<string, number | string>; seconds: number };
  /** Training img/s at batch 64 in the worker, alternating windows: the project's wasm kernels vs stock tfjs-wasm's. */
  kernels: { batch: number; ours: Rate; stock: Rate; ratio: number };
}

/** The backend probe's rates and choice, then ours vs stock tfjs-wasm in the same page and worker. */
export async function probeAndKernels(browser: Browser, url: string): Promise<ProbeAndKernels> {
  const page = await openLab(browser, `${url}?test`);
  try {
    const t0 = Date.now();
    await page.getByTestId('backend-measure').click();
    const ratesLine = page.getByTestId('backend-rates');
    await page.waitForFunction(() => document.querySelector('[data-testid="backend-rates"]')?.getAttribute('data-choice'), undefined, {
      timeout: 180_000,
    });
    const seconds = (Date.now() - t0) / 1000;
    const choice = (await ratesLine.getAttribute('data-choice')) ?? '';
    const rates: Record<string, number | string> = {};
    for (const b of ['webgpu', 'webgl', 'wasm']) {
      const el = page.getByTestId(`backend-rate-${b}`);
      const r = await el.getAttribute('data-rate');
      rates[b] = r
        ? Number(r)
        : ((await el.textContent()) ?? '')
            .replace(/^[\s·]*\S+ — /, '')
            .replace(' ✓', '')
            .trim();
    }
    const k = await page.evaluate(
      ([batch, windows, ms]) =>
        (
          globalThis as unknown as {
            __lenetLab: { kernelRates(b: number, w: number, m: number): Promise<{ ours: number[]; stock: number[] }> };
          }
        ).__lenetLab.kernelRates(batch, windows, ms),
      [64, WINDOWS, quick ? 1000 : 2000] as const,
    );
    const ours = { median: median(k.ours), windows: k.ours };
    const stock = { median: median(k.stock), windows: k.stock };
    return { probe: { choice, rates, seconds }, kernels: { batch: 64, ours, stock, ratio: ours.median / stock.median } };
  } finally {
    await page.context().close();
  }
}

interface Pair {
  /** Medians of the rounds (each the median of WINDOWS windows), side A then side B, alternating rounds. */
  a: number[];
  b: number[];
  ratio: number;
  loadAverage: number[];
  errors: string[];
}

/** Training img/s on wasm at batch 64 with `a` vs `b` settings, ROUNDS alternating runs each; ratio of medians b / a. */
async function pair(
  browser: Browser,
  url: string,
  a: { workers?: number; wasmThreads?: boolean },
  b: { workers?: number; wasmThreads?: boolean },
): Promise<Pair> {
  const out: Pair = { a: [], b: [], ratio: NaN, loadAverage: [], errors: [] };
  for (let i = 0; i < ROUNDS; i++) {
    for (const [side, o] of [
      ['a', a],
      ['b', b],
    ] as const) {
      const r = await throughput(browser, url, 'wasm', 64, undefined, o);
      if ('median' in r) out[side].push(r.median);
      else out.errors.push(`${side}: ${r.error}`);
    }
    out.loadAverage.push(loadavg()[0]!);
  }
  out.ratio = median(out.b) / median(out.a);
  return out;
}

export interface Cores {
  workers2vs1: Pair;
  threadedVsSingle: Pair;
  threadedVs2Workers: { threaded: number; workers2: number; ratio: number };
  /** What K = 2 could reach here with nothing in series (`bench/ceiling.ts`). */
  ceiling: Ceiling;
}

/**
 * tfjs-wasm's threaded build starts its pthread workers from `factory.toString()` of its own
 * bundled code, which fails once minified ("e is not defined"), and from blob: URLs, which the
 * app's CSP refuses: so threaded vs single is measured on an unminified build (`dist-thr`) served
 * with `blob:` allowed (`bench/vite-threads.config.ts`), both sides on that build.
 */
async function threadsLab() {
  if (build)
    execSync('npx vite build --minify false --outDir dist-thr --emptyOutDir --logLevel warn', {
      stdio: 'inherit',
      env: { ...process.env, LENET_TEST_BUILD: '1' },
    });
  return startLab({ config: 'bench/vite-threads.config.ts', outDir: 'dist-thr' });
}

export async function cores(browser: Browser, url: string): Promise<Cores> {
  const workers2vs1 = await pair(browser, url, { workers: 1 }, { workers: 2 });
  const lab = await threadsLab();
  let threadedVsSingle: Pair;
  try {
    threadedVsSingle = await pair(lab.browser, lab.url, { workers: 1 }, { workers: 1, wasmThreads: true });
  } finally {
    await lab.stop();
  }
  const [threaded, workers2] = [median(threadedVsSingle.b), median(workers2vs1.b)];
  const ceiling = await measureCeiling();
  return { workers2vs1, threadedVsSingle, threadedVs2Workers: { threaded, workers2, ratio: workers2 / threaded }, ceiling };
}

export function coresLines(c: Cores): string[] {
  const p = (x: Pair, what: string) =>
    `| ${what} (wasm, batch 64, UI idle; medians of ${x.a.length}+${x.b.length} alternating runs of ${WINDOWS} windows; load ${x.loadAverage.map((l) => l.toFixed(1)).join('/')}) | ${median(x.b).toFixed(0)} vs ${median(x.a).toFixed(0)} img/s = **${x.ratio.toFixed(2)}×**${x.errors.length ? ` (errors: ${x.errors.join('; ')})` : ''} |`;
  return [
    p(c.workers2vs1, 'training, K = 2 workers vs one'),
    p(c.threadedVsSingle, 'training, threaded tfjs-wasm (1 worker) vs single-threaded (both on an unminified build)'),
    `| training, K = 2 workers vs threaded wasm | ${c.threadedVs2Workers.workers2.toFixed(0)} vs ${c.threadedVs2Workers.threaded.toFixed(0)} img/s = **${c.threadedVs2Workers.ratio.toFixed(2)}×** |`,
    ceilingLine(c.ceiling),
  ];
}

export function probeLines(pk: ProbeAndKernels): string[] {
  const r = (v: number | string) => (typeof v === 'number' ? `${v.toFixed(0)} img/s` : v);
  return [
    `| backend probe (batch 64; ${pk.probe.seconds.toFixed(1)} s) | ${Object.entries(pk.probe.rates)
      .map(([b, v]) => `${b}: ${r(v)}`)
      .join('; ')} → **${pk.probe.choice}** |`,
    `| training, wasm, batch 64, ours vs stock tfjs-wasm (same worker, alternating, median of ${pk.kernels.ours.windows.length}) | ${pk.kernels.ours.median.toFixed(0)} vs ${pk.kernels.stock.median.toFixed(0)} img/s = **${pk.kernels.ratio.toFixed(2)}×** |`,
  ];
}

/** Train (fresh weights, the app's defaults) until the validation accuracy reaches 99.0 %, or `limitS`. */
export async function trainTo99(browser: Browser, url: string, limitS: number) {
  const p = await openLab(browser, url + '?test');
  await applyAppDefaults(p);
  const workers = Number(await p.getByTestId('train-workers').inputValue());
  const t0 = Date.now();
  await p.getByTestId('train-start').click();
  let best = 0;
  let seconds: number | null = null;
  while ((Date.now() - t0) / 1000 < limitS) {
    await p.waitForTimeout(1000);
    best = Math.max(best, (await progressAttr(p, 'data-val-accuracy')) || 0);
    if (best >= 0.99) {
      seconds = (Date.now() - t0) / 1000;
      break;
    }
    if ((await p.getByTestId('train-progress').getAttribute('data-status')) === 'done') break;
  }
  const result = {
    seconds,
    epochs: await p.getByTestId('epoch-table').locator('tbody tr').count(),
    bestValAccuracy: best,
    limitSeconds: limitS,
    workers,
    backend: (await p.getByTestId('backend').getAttribute('data-backend')) ?? '',
  };
  await stopIfRunning(p);
  await p.context().close();
  return result;
}

export const to99Line = (to99: Awaited<ReturnType<typeof trainTo99>>) =>
  `| Train (fresh, defaults: ${to99.backend}, ${to99.workers} worker${to99.workers > 1 ? 's' : ''}) → 99.0 % val accuracy | ${to99.seconds === null ? `not reached in ${to99.limitSeconds} s (best ${(to99.bestValAccuracy * 100).toFixed(2)} %)` : `${to99.seconds.toFixed(1)} s (after epoch ${to99.epochs})`} |`;

/** Stops a training run if one is still going (a short one may have finished already). */
export async function stopIfRunning(page: Page): Promise<void> {
  const stop = page.getByTestId('train-stop');
  if (await stop.isEnabled()) await stop.click();
}
