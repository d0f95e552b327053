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
import { median, openLab, quantile, startLab } from './lib.ts';
import { BACKENDS, BATCHES, build, coresOnly, COLD_LOADS, probeOnly, quick, STROKE_EVENTS, TO_99_LIMIT_S } from './options.ts';
import { cores, coresLines, probeAndKernels, probeLines, stopIfRunning, throughput, to99Line, trainTo99, type Rate } from './training.ts';

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
