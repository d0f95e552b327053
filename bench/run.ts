/**
 * `npm run bench [-- --quick] [-- --no-build]`: builds the app, serves the production build,
 * drives headless Chromium and measures what users feel. Writes bench/results/<date>-<commit>.json
 * and prints a markdown table. Speed lives here, never in timed tests.
 *
 * Measured: cold load → model ready and JS bytes (gzip); MNIST fetch + inflate + verify in the
 * worker; training throughput per backend and batch size (median of ≥ 3 windows after warm-up);
 * time from Train (fresh weights, default settings) to ≥ 99.0 % validation accuracy;
 * pointer-up → prediction shown and pointer-move → all feature-map panels repainted (median, p95);
 * main-thread long tasks while training and drawing at once.
 */
import type { Browser, Page } from '@playwright/test';
import { execSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { cpus, loadavg, totalmem } from 'node:os';
import { PLACEMENTS, placeDigit } from '../src/shared/preprocess/fixtures/digit-strokes.ts';
import { SURFACE } from '../src/shared/preprocess/strokes.ts';
import { median, openLab, progressAttr, quantile, startLab, applyAppDefaults } from './lib.ts';

const quick = process.argv.includes('--quick');
/** `--probe-only`: just the backend probe and ours-vs-stock kernels (a short run). */
const probeOnly = process.argv.includes('--probe-only');
/**
 * `--cores-only`: the probe, ours vs stock, K = 2 workers vs one, threaded wasm vs single, and
 * Train (fresh, defaults) → 99 %: the lines of issue 15, without the UI-thread measures.
 */
const coresOnly = process.argv.includes('--cores-only');
const build = !process.argv.includes('--no-build');
const STROKE_EVENTS = quick ? 60 : 240;
const COLD_LOADS = quick ? 3 : 7;
const BATCHES = quick ? [64] : [64, 128, 256, 512];
const BACKENDS = ['wasm', 'webgl', 'cpu'] as const;
const WINDOWS = 3;
const WINDOW_MS = quick ? 1500 : 2500;
const TO_99_LIMIT_S = quick ? 0 : 480;
const TRACE_MS = 3000;
/** Alternating runs per side of a K-workers or threads ratio. */
const ROUNDS = 3;

async function drawDigits(page: Page, count: number, onStroke?: () => Promise<void>): Promise<void> {
  const pad = page.getByTestId('draw-canvas');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const k = box.width / SURFACE;
  for (let i = 0; i < count; i++) {
    for (const s of placeDigit(i % 10, PLACEMENTS[i % PLACEMENTS.length]!)) {
      await page.mouse.move(box.x + s[0]!.x * k, box.y + s[0]!.y * k);
      await page.mouse.down();
      for (const p of s.slice(1)) await page.mouse.move(box.x + p.x * k, box.y + p.y * k, { steps: 2 });
      await page.mouse.up();
      await onStroke?.();
    }
    await page.getByTestId('clear').click();
  }
}

interface Rate {
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
async function throughput(
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

interface ProbeAndKernels {
  /** The backend probe as the panel shows it after "Measure" (test mode times software GPUs too). */
  probe: { choice: string; rates: Record<string, number | string>; seconds: number };
  /** Training img/s at batch 64 in the worker, alternating windows: the project's wasm kernels vs stock tfjs-wasm's. */
  kernels: { batch: number; ours: Rate; stock: Rate; ratio: number };
}

/** The backend probe's rates and choice, then ours vs stock tfjs-wasm in the same page and worker. */
async function probeAndKernels(browser: Browser, url: string): Promise<ProbeAndKernels> {
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

interface Cores {
  workers2vs1: Pair;
  threadedVsSingle: Pair;
  threadedVs2Workers: { threaded: number; workers2: number; ratio: number };
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

async function cores(browser: Browser, url: string): Promise<Cores> {
  const workers2vs1 = await pair(browser, url, { workers: 1 }, { workers: 2 });
  const lab = await threadsLab();
  let threadedVsSingle: Pair;
  try {
    threadedVsSingle = await pair(lab.browser, lab.url, { workers: 1 }, { workers: 1, wasmThreads: true });
  } finally {
    await lab.stop();
  }
  const [threaded, workers2] = [median(threadedVsSingle.b), median(workers2vs1.b)];
  return { workers2vs1, threadedVsSingle, threadedVs2Workers: { threaded, workers2, ratio: workers2 / threaded } };
}

function coresLines(c: Cores): string[] {
  const p = (x: Pair, what: string) =>
    `| ${what} (wasm, batch 64, UI idle; medians of ${x.a.length}+${x.b.length} alternating runs of ${WINDOWS} windows; load ${x.loadAverage.map((l) => l.toFixed(1)).join('/')}) | ${median(x.b).toFixed(0)} vs ${median(x.a).toFixed(0)} img/s = **${x.ratio.toFixed(2)}×**${x.errors.length ? ` (errors: ${x.errors.join('; ')})` : ''} |`;
  return [
    p(c.workers2vs1, 'training, K = 2 workers vs one'),
    p(c.threadedVsSingle, 'training, threaded tfjs-wasm (1 worker) vs single-threaded (both on an unminified build)'),
    `| training, K = 2 workers vs threaded wasm | ${c.threadedVs2Workers.workers2.toFixed(0)} vs ${c.threadedVs2Workers.threaded.toFixed(0)} img/s = **${c.threadedVs2Workers.ratio.toFixed(2)}×** |`,
  ];
}

/** Train (fresh weights, the app's defaults) until the validation accuracy reaches 99.0 %, or `limitS`. */
async function trainTo99(browser: Browser, url: string, limitS: number) {
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

const to99Line = (to99: Awaited<ReturnType<typeof trainTo99>>) =>
  `| Train (fresh, defaults: ${to99.backend}, ${to99.workers} worker${to99.workers > 1 ? 's' : ''}) → 99.0 % val accuracy | ${to99.seconds === null ? `not reached in ${to99.limitSeconds} s (best ${(to99.bestValAccuracy * 100).toFixed(2)} %)` : `${to99.seconds.toFixed(1)} s (after epoch ${to99.epochs})`} |`;

const machineLine = (browser: Browser) =>
  `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, headless Chromium ${browser.version()}, no GPU (WebGL via SwiftShader); load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at the start`;

/** The CPU's SIMD flags (from /proc/cpuinfo on Linux): what the wasm SIMD kernels can map to. */
function cpuFlags(): string {
  try {
    const flags = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim().split(/\s+/) ?? [];
    return flags.filter((f) => /^(sse4_2|avx|avx2|fma|avx512f|avx512bw|avx512_vnni|avx_vnni)$/.test(f)).join(' ') || 'unknown';
  } catch {
    return 'unknown';
  }
}

function probeLines(pk: ProbeAndKernels): string[] {
  const r = (v: number | string) => (typeof v === 'number' ? `${v.toFixed(0)} img/s` : v);
  return [
    `| backend probe (batch 64; ${pk.probe.seconds.toFixed(1)} s) | ${Object.entries(pk.probe.rates)
      .map(([b, v]) => `${b}: ${r(v)}`)
      .join('; ')} → **${pk.probe.choice}** |`,
    `| training, wasm, batch 64, ours vs stock tfjs-wasm (same worker, alternating, median of ${pk.kernels.ours.windows.length}) | ${pk.kernels.ours.median.toFixed(0)} vs ${pk.kernels.stock.median.toFixed(0)} img/s = **${pk.kernels.ratio.toFixed(2)}×** |`,
  ];
}

/** Stops a training run if one is still going (a short one may have finished already). */
async function stopIfRunning(page: Page): Promise<void> {
  const stop = page.getByTestId('train-stop');
  if (await stop.isEnabled()) await stop.click();
}

async function main(): Promise<void> {
  const started = Date.now();
  if (build) execSync('npx vite build --logLevel warn', { stdio: 'inherit', env: { ...process.env, LENET_TEST_BUILD: '1' } });
  const { url, browser, stop } = await startLab();
  const machine = machineLine(browser);
  try {
    // 0. The backend probe, and ours vs stock tfjs-wasm in the same page.
    const pk = await probeAndKernels(browser, url);
    if (coresOnly) {
      const c = await cores(browser, url);
      const to99 = await trainTo99(browser, url, 300);
      const commit = execSync('git rev-parse --short HEAD').toString().trim();
      const file = `bench/results/${new Date().toISOString().slice(0, 10)}-${commit}-cores.json`;
      const flags = cpuFlags();
      mkdirSync('bench/results', { recursive: true });
      writeFileSync(
        file,
        JSON.stringify(
          { date: new Date().toISOString(), commit, machine, cpuFlags: flags, ...pk, cores: c, trainTo99ValAccuracy: to99 },
          null,
          2,
        ) + '\n',
      );
      console.log(['\n| measure | value |', '|---|---|', ...probeLines(pk), ...coresLines(c), to99Line(to99)].join('\n'));
      console.log(
        `\n${machine}\nCPU flags: ${flags}\nload average at the end ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}\nwrote ${file}`,
      );
      return;
    }
    if (probeOnly) {
      const commit = execSync('git rev-parse --short HEAD').toString().trim();
      const file = `bench/results/${new Date().toISOString().slice(0, 10)}-${commit}-probe.json`;
      mkdirSync('bench/results', { recursive: true });
      writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), commit, machine, ...pk }, null, 2) + '\n');
      console.log(['\n| measure | value |', '|---|---|', ...probeLines(pk)].join('\n'));
      console.log(`\n${machine}\nwrote ${file}`);
      return;
    }
    // 1. Cold loads: a fresh context (empty cache) each time.
    const loads: number[] = [];
    let backend = '';
    for (let i = 0; i < COLD_LOADS; i++) {
      const page = await openLab(browser, `${url}?test`);
      loads.push(await page.evaluate(() => performance.getEntriesByName('lenet:model-ready')[0]?.startTime ?? NaN));
      backend = (await page.getByTestId('model-status').getAttribute('data-backend')) ?? '';
      await page.context().close();
    }
    const assets = join('dist', 'assets');
    const jsGz = readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .reduce((a, f) => a + gzipSync(readFileSync(join(assets, f))).byteLength, 0);

    // 2. MNIST in the worker (fetch + inflate + verify), cold cache each time.
    const dataMs: number[] = [];
    for (let i = 0; i < (quick ? 2 : 3); i++) {
      const page = await openLab(browser, `${url}?test`);
      await page.getByTestId('train-start').click();
      await page.waitForFunction(
        () => (globalThis as unknown as { __lenetLab: { dataMs(): number | null } }).__lenetLab.dataMs() !== null,
        undefined,
        { timeout: 60_000 },
      );
      dataMs.push(await page.evaluate(() => (globalThis as unknown as { __lenetLab: { dataMs(): number } }).__lenetLab.dataMs()));
      await page.context().close();
    }

    // 3. Pointer-up → prediction, pointer-move → panels repainted.
    const page = await openLab(browser, `${url}?test`);
    // Long tasks of the page load itself (model fetch, wasm compile) are not "while drawing".
    await page.evaluate(() => ((globalThis as unknown as { __bench: { longTasks: number[] } }).__bench.longTasks.length = 0));
    const digitsNeeded = Math.ceil(STROKE_EVENTS / 1.3);
    await drawDigits(page, digitsNeeded, async () => {
      await page.getByTestId('prediction').and(page.locator('[data-state="ready"]')).waitFor();
    });
    const latencies = await page.evaluate(() => performance.getEntriesByName('lenet:stroke-to-prediction').map((e) => e.duration));
    const moves = await page.evaluate(() => (globalThis as unknown as { __bench: { moves: number[] } }).__bench.moves);
    const drawingLongTasks = await page.evaluate(() => (globalThis as unknown as { __bench: { longTasks: number[] } }).__bench.longTasks);
    await page.context().close();

    // 4. Long tasks while training and drawing at once.
    const both = await openLab(browser, `${url}?test`);
    await both.getByLabel('Train images (0 = all)').fill('48000');
    await both.getByTestId('train-start').click();
    await both.getByTestId('train-progress').and(both.locator('[data-status="training"]')).waitFor({ timeout: 60_000 });
    await both.evaluate(() => ((globalThis as unknown as { __bench: { longTasks: number[] } }).__bench.longTasks.length = 0));
    await drawDigits(both, quick ? 5 : 20, () => both.getByTestId('prediction').and(both.locator('[data-state="ready"]')).waitFor());
    const trainDrawLongTasks = await both.evaluate(() => (globalThis as unknown as { __bench: { longTasks: number[] } }).__bench.longTasks);
    await stopIfRunning(both);
    await both.context().close();

    // 5. Throughput per backend and batch size.
    mkdirSync('bench/traces', { recursive: true });
    const rates: Record<string, Record<number, Rate | { error: string }>> = {};
    for (const b of BACKENDS) {
      rates[b] = {};
      for (const size of b === 'cpu' ? [64] : BATCHES)
        rates[b][size] = await throughput(browser, url, b, size, size === 64 ? `bench/traces/train-${b}-${size}.json` : undefined);
    }

    // 6. K workers and threaded wasm vs one single-threaded worker.
    const c = quick ? null : await cores(browser, url);

    // 7. Train (fresh weights, default settings) → 99.0 % validation accuracy.
    const to99 = TO_99_LIMIT_S > 0 ? await trainTo99(browser, url, TO_99_LIMIT_S) : null;

    const commit = execSync('git rev-parse --short HEAD').toString().trim();
    const date = new Date().toISOString().slice(0, 10);
    const fastest = Math.max(...Object.values(rates).flatMap((r) => Object.values(r).map((v) => ('median' in v ? v.median : 0))));
    const result = {
      date: new Date().toISOString(),
      commit,
      quick,
      machine,
      backendProbe: pk.probe,
      oursVsStockWasm: pk.kernels,
      cpuFlags: cpuFlags(),
      cores: c,
      inferenceBackend: backend,
      coldLoadToModelReadyMs: { median: median(loads), samples: loads },
      jsBytesGzip: jsGz,
      mnistInWorkerMs: { median: median(dataMs), samples: dataMs },
      strokeToPredictionMs: { median: median(latencies), p95: quantile(latencies, 0.95), n: latencies.length },
      moveToPanelsMs: { median: median(moves), p95: quantile(moves, 0.95), n: moves.length },
      longTasksWhileDrawing: { count: drawingLongTasks.length, maxMs: Math.max(0, ...drawingLongTasks) },
      longTasksWhileTrainingAndDrawing: { count: trainDrawLongTasks.length, maxMs: Math.max(0, ...trainDrawLongTasks) },
      trainingImagesPerSec: rates,
      trainTo99ValAccuracy: to99,
      benchSeconds: (Date.now() - started) / 1000,
    };
    mkdirSync('bench/results', { recursive: true });
    const file = `bench/results/${date}-${commit}${quick ? '-quick' : ''}.json`;
    writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
    const f = (n: number) => n.toFixed(1);
    const lines = [
      '| measure | value |',
      '|---|---|',
      `| cold load → model ready (median of ${loads.length}) | ${f(median(loads))} ms |`,
      `| JS of the app (gzip) | ${(jsGz / 1024).toFixed(0)} KiB |`,
      `| MNIST fetch + inflate + verify in the worker (median of ${dataMs.length}) | ${f(median(dataMs))} ms |`,
      `| pointer-up → prediction shown, median / p95 (n=${latencies.length}) | ${f(result.strokeToPredictionMs.median)} / ${f(result.strokeToPredictionMs.p95)} ms |`,
      `| pointer-move → all panels repainted, median / p95 (n=${moves.length}) | ${f(result.moveToPanelsMs.median)} / ${f(result.moveToPanelsMs.p95)} ms |`,
      `| long tasks > 50 ms while drawing | ${drawingLongTasks.length} (max ${f(result.longTasksWhileDrawing.maxMs)} ms) |`,
      `| long tasks > 50 ms while training and drawing | ${trainDrawLongTasks.length} (max ${f(result.longTasksWhileTrainingAndDrawing.maxMs)} ms) |`,
      ...Object.entries(rates).flatMap(([b, r]) =>
        Object.entries(r).map(([size, v]) =>
          'median' in v
            ? `| training, ${b}, batch ${size} (img/s, median of ${v.windows.length}) | ${v.median.toFixed(0)} (${((v.median / fastest) * 100).toFixed(0)} % of fastest)${
                v.busy
                  ? `; threads busy: ${Object.entries(v.busy)
                      .map(([t, f]) => `${t} ${(f * 100).toFixed(0)} %`)
                      .join(', ')}`
                  : ''
              } |`
            : `| training, ${b}, batch ${size} | failed: ${v.error} |`,
        ),
      ),
      ...(c ? coresLines(c) : []),
      ...(to99 ? [to99Line(to99)] : []),
      `| inference backend | ${backend} |`,
      ...probeLines(pk),
    ];
    console.log('\n' + lines.join('\n'));
    console.log(`\n${result.machine}\nbench took ${f(result.benchSeconds)} s; wrote ${file}`);
  } finally {
    await stop();
  }
  // The offline line (issue 16): after one visit, a reload with the network off → model ready.
  if (!probeOnly && !coresOnly) execSync(`npx tsx bench/offline.ts --no-build --runs ${quick ? 2 : 3}`, { stdio: 'inherit' });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
