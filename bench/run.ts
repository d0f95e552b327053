/**
 * `npm run bench [-- --quick] [-- --no-build]`: builds the app, serves the production build,
 * drives headless Chromium and measures what users feel. Writes bench/results/<date>-<commit>.json
 * and prints a markdown table. Speed lives here, never in timed tests.
 *
 * Measured now: cold load → model ready, JS bytes (gzip), single-image inference, and
 * pointer-up → prediction shown (median and p95).
 */
import { chromium } from '@playwright/test';
import { spawn, execSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { cpus, totalmem } from 'node:os';
import { PLACEMENTS, placeDigit } from '../src/shared/preprocess/fixtures/digit-strokes.ts';
import { SURFACE } from '../src/shared/preprocess/strokes.ts';
import { CHROMIUM_ARGS } from '../playwright.config.ts';

const quick = process.argv.includes('--quick');
const build = !process.argv.includes('--no-build');
const STROKE_EVENTS = quick ? 60 : 240;
const COLD_LOADS = quick ? 3 : 7;

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const median = (xs: number[]) => quantile(xs, 0.5);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function waitForServer(url: string): Promise<void> {
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

async function main(): Promise<void> {
  if (build) execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
  const port = await freePort();
  const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    stdio: 'ignore',
    detached: true,
  });
  const url = `http://127.0.0.1:${port}/`;
  const executablePath = process.env['CHROMIUM_PATH'] ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({ args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
  try {
    await waitForServer(url);
    // Cold loads: a fresh context (empty cache) each time.
    const loads: number[] = [];
    let backend = '';
    for (let i = 0; i < COLD_LOADS; i++) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(`${url}?test`);
      await page.getByTestId('model-status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 60_000 });
      loads.push(await page.evaluate(() => performance.getEntriesByName('lenet:model-ready')[0]?.startTime ?? NaN));
      backend = (await page.getByTestId('model-status').getAttribute('data-backend')) ?? '';
      await ctx.close();
    }
    const assets = join('dist', 'assets');
    const jsGz = readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .reduce((a, f) => a + gzipSync(readFileSync(join(assets, f))).byteLength, 0);

    // Pointer-up → prediction shown.
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await page.goto(`${url}?test`);
    await page.getByTestId('model-status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 60_000 });
    const pad = page.getByTestId('draw-canvas');
    const box = (await pad.boundingBox())!;
    const k = box.width / SURFACE;
    let strokes = 0;
    for (let i = 0; strokes < STROKE_EVENTS; i++) {
      for (const s of placeDigit(i % 10, PLACEMENTS[i % PLACEMENTS.length]!)) {
        await page.mouse.move(box.x + s[0]!.x * k, box.y + s[0]!.y * k);
        await page.mouse.down();
        for (const p of s.slice(1)) await page.mouse.move(box.x + p.x * k, box.y + p.y * k, { steps: 2 });
        await page.mouse.up();
        strokes++;
        await page.getByTestId('prediction').and(page.locator('[data-state="ready"]')).waitFor();
      }
      await page.getByTestId('clear').click();
    }
    const latencies = await page.evaluate(() => performance.getEntriesByName('lenet:stroke-to-prediction').map((e) => e.duration));
    await ctx.close();

    const commit = execSync('git rev-parse --short HEAD').toString().trim();
    const date = new Date().toISOString().slice(0, 10);
    const result = {
      date: new Date().toISOString(),
      commit,
      quick,
      machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, headless Chromium ${browser.version()}, no GPU (WebGL via SwiftShader)`,
      inferenceBackend: backend,
      coldLoadToModelReadyMs: { median: median(loads), samples: loads },
      jsBytesGzip: jsGz,
      strokeToPredictionMs: { median: median(latencies), p95: quantile(latencies, 0.95), n: latencies.length },
    };
    mkdirSync('bench/results', { recursive: true });
    const file = `bench/results/${date}-${commit}${quick ? '-quick' : ''}.json`;
    writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
    const f = (n: number) => n.toFixed(1);
    console.log(`\n| measure | value |\n|---|---|`);
    console.log(`| cold load → model ready (median of ${loads.length}) | ${f(median(loads))} ms |`);
    console.log(`| JS transferred (gzip) | ${(jsGz / 1024).toFixed(0)} KiB |`);
    console.log(
      `| pointer-up → prediction shown, median / p95 (n=${latencies.length}) | ${f(result.strokeToPredictionMs.median)} / ${f(result.strokeToPredictionMs.p95)} ms |`,
    );
    console.log(`| inference backend | ${backend} |`);
    console.log(`\n${result.machine}\nwrote ${file}`);
  } finally {
    await browser.close();
    try {
      process.kill(-server.pid!);
    } catch {
      server.kill();
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
