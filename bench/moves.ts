/**
 * `npx tsx bench/moves.ts <distA> [<distB> …] [--rounds N] [--digits N] [--train]`: pointer-move →
 * all panels repainted (median / p95) and long tasks while drawing, for one or more builds served
 * side by side and measured in alternating rounds, so that the ratio between builds is fair on a
 * noisy machine. Build a test build first, e.g. `LENET_TEST_BUILD=1 npx vite build --outDir dist-a`.
 */
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import { PLACEMENTS, placeDigit } from '../src/shared/preprocess/fixtures/digit-strokes.ts';
import { SURFACE } from '../src/shared/preprocess/strokes.ts';
import { freePort, median, quantile, waitForServer, PAGE_PROBES } from './lib.ts';

const args = process.argv.slice(2);
const opt = (name: string, d: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const rounds = opt('--rounds', 3);
const digits = opt('--digits', 6);
const train = args.includes('--train');
const dists = args.filter(
  (a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1]!.startsWith('--r')) && !(i > 0 && args[i - 1] === '--digits'),
);

async function main(): Promise<void> {
  const executablePath = process.env['CHROMIUM_PATH'] ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({ args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
  const servers = await Promise.all(
    dists.map(async (dir) => {
      const port = await freePort();
      const p = spawn('npx', ['vite', 'preview', '--outDir', dir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
        stdio: 'ignore',
        detached: true,
      });
      const url = `http://127.0.0.1:${port}/`;
      await waitForServer(url);
      return { dir, url, p, moves: [] as number[], longTasks: [] as number[] };
    }),
  );
  try {
    for (let r = 0; r < rounds; r++)
      for (const s of servers) {
        const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
        const page = await ctx.newPage();
        await page.addInitScript(PAGE_PROBES);
        await page.goto(`${s.url}?test`);
        await page.getByTestId('model-status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 60_000 });
        if (train) {
          await page.getByLabel('Train images (0 = all)').fill('48000');
          await page.getByTestId('train-start').click();
          await page.getByTestId('train-progress').and(page.locator('[data-status="training"]')).waitFor({ timeout: 60_000 });
        }
        await page.evaluate(() => {
          const b = (globalThis as unknown as { __bench: { moves: number[]; longTasks: number[] } }).__bench;
          b.moves.length = 0;
          b.longTasks.length = 0;
        });
        const pad = page.getByTestId('draw-canvas');
        await pad.scrollIntoViewIfNeeded();
        const box = (await pad.boundingBox())!;
        const k = box.width / SURFACE;
        for (let i = 0; i < digits; i++) {
          for (const st of placeDigit(i % 10, PLACEMENTS[i % PLACEMENTS.length]!)) {
            await page.mouse.move(box.x + st[0]!.x * k, box.y + st[0]!.y * k);
            await page.mouse.down();
            for (const p of st.slice(1)) await page.mouse.move(box.x + p.x * k, box.y + p.y * k, { steps: 2 });
            await page.mouse.up();
            await page.getByTestId('prediction').and(page.locator('[data-state="ready"]')).waitFor();
          }
          await page.getByTestId('clear').click();
        }
        const b = await page.evaluate(() => (globalThis as unknown as { __bench: { moves: number[]; longTasks: number[] } }).__bench);
        s.moves.push(...b.moves);
        s.longTasks.push(...b.longTasks);
        await ctx.close();
      }
  } finally {
    await browser.close();
    for (const s of servers)
      try {
        process.kill(-s.p.pid!);
      } catch {
        s.p.kill();
      }
  }
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}; ${rounds} rounds × ${digits} digits${train ? ', while training' : ''}`,
  );
  for (const s of servers)
    console.log(
      `${s.dir}: pointer-move → panels median ${median(s.moves).toFixed(1)} ms, p95 ${quantile(s.moves, 0.95).toFixed(1)} ms (n=${s.moves.length}); long tasks ${s.longTasks.length}${s.longTasks.length ? ` (max ${Math.max(...s.longTasks).toFixed(0)} ms)` : ''}`,
    );
}
await main();
