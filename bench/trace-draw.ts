/**
 * `npx tsx bench/trace-draw.ts [--train] [--no-build]`: a Chrome trace of the UI thread while
 * drawing digits (optionally while training), written to bench/traces/draw[-train].json (open it in
 * Perfetto), and where the main thread's time goes, summed by trace event: pointer events, the
 * animation frames (preprocess, predict, paint the panels), style/layout/paint, GC.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { PLACEMENTS, placeDigit } from '../src/shared/preprocess/fixtures/digit-strokes.ts';
import { SURFACE } from '../src/shared/preprocess/strokes.ts';
import { median, openLab, quantile, startLab } from './lib.ts';

const train = process.argv.includes('--train');
if (!process.argv.includes('--no-build'))
  execSync('npx vite build --logLevel warn', { stdio: 'inherit', env: { ...process.env, LENET_TEST_BUILD: '1' } });
const DIGITS = 6;

type Ev = { ph: string; name: string; cat: string; tid: number; pid: number; ts: number; dur?: number; args?: { name?: string } };

const { url, browser, stop } = await startLab();
try {
  const page = await openLab(browser, `${url}?test`);
  if (train) {
    await page.getByLabel('Train images (0 = all)').fill('48000');
    await page.getByTestId('train-start').click();
    await page.getByTestId('train-progress').and(page.locator('[data-status="training"]')).waitFor({ timeout: 120_000 });
  }
  const pad = page.getByTestId('draw-canvas');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const k = box.width / SURFACE;
  await page.evaluate(() => ((globalThis as unknown as { __bench: { moves: number[] } }).__bench.moves.length = 0));
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'toplevel', 'v8', 'blink.user_timing', 'disabled-by-default-devtools.timeline'],
  });
  const t0 = Date.now();
  for (let i = 0; i < DIGITS; i++) {
    for (const s of placeDigit(i % 10, PLACEMENTS[i % PLACEMENTS.length]!)) {
      await page.mouse.move(box.x + s[0]!.x * k, box.y + s[0]!.y * k);
      await page.mouse.down();
      for (const p of s.slice(1)) await page.mouse.move(box.x + p.x * k, box.y + p.y * k, { steps: 2 });
      await page.mouse.up();
    }
    await page.getByTestId('clear').click();
  }
  const buf = await browser.stopTracing();
  const wallMs = Date.now() - t0;
  const moves = await page.evaluate(() => (globalThis as unknown as { __bench: { moves: number[] } }).__bench.moves);
  mkdirSync('bench/traces', { recursive: true });
  const file = `bench/traces/draw${train ? '-train' : ''}.json`;
  writeFileSync(file, buf);
  const events = (JSON.parse(buf.toString()) as { traceEvents: Ev[] }).traceEvents;
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
  // The renderer main thread of the page: the CrRendererMain with the most events.
  const counts = new Map<string, number>();
  for (const e of events)
    if (names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain') counts.set(`${e.pid}:${e.tid}`, (counts.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const main = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const sums = new Map<string, { ms: number; n: number }>();
  let busy = 0;
  for (const e of events) {
    if (`${e.pid}:${e.tid}` !== main || e.ph !== 'X' || !e.dur) continue;
    if (e.name === 'RunTask') busy += e.dur / 1000;
    const s = sums.get(e.name) ?? { ms: 0, n: 0 };
    s.ms += e.dur / 1000;
    s.n++;
    sums.set(e.name, s);
  }
  console.log(
    `main thread busy ${busy.toFixed(0)} ms of ${wallMs} ms traced (${((busy / wallMs) * 100).toFixed(0)} %)${train ? ', training' : ''}`,
  );
  console.log(
    `pointer-move → panels: median ${median(moves).toFixed(1)} ms, p95 ${quantile(moves, 0.95).toFixed(1)} ms (n=${moves.length})`,
  );
  console.log('| trace event (inclusive; nested events overlap) | ms | % of busy | count |\n|---|---:|---:|---:|');
  for (const [name, s] of [...sums.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 22))
    console.log(`| ${name} | ${s.ms.toFixed(0)} | ${((s.ms / busy) * 100).toFixed(0)} | ${s.n} |`);
  console.log(
    `\nload average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; wrote ${file}`,
  );
} finally {
  await stop();
}
