/**
 * `npm run bench:latency [-- --digits 30 --no-build --label name]`: pointer-up → the answer written into the
 * DOM, on the production build in headless Chromium. Real mouse events draw the hand-made digits
 * (`fixtures/digit-strokes.ts`) on the pad; in the page, the pointer-up's event time is the start
 * and a MutationObserver on `[data-testid="prediction"]` takes the first attribute change after it
 * that leaves `data-state="ready"` as the end. Prints the median and writes
 * `bench/results/latency-<date>-<commit>.json`. Reports; asserts nothing about timing.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PLACEMENTS, placeDigit } from '../../src/shared/preprocess/fixtures/digit-strokes.ts';
import { SURFACE } from '../../src/shared/preprocess/strokes.ts';
import { median, openLab, quantile, startLab } from '../lib.ts';

const { values: args } = parseArgs({
  options: { digits: { type: 'string', default: '30' }, 'no-build': { type: 'boolean', default: false }, label: { type: 'string' } },
});

/** Installed in the page: pointer-up times and the prediction element's "ready" writes after each. */
const PROBE = () => {
  const w = globalThis as unknown as { __latency: number[] };
  w.__latency = [];
  let upAt: number | null = null;
  const d = globalThis as unknown as { __dispatch: number[] };
  d.__dispatch = [];
  addEventListener(
    'pointerup',
    (e) => {
      upAt = e.timeStamp;
      d.__dispatch.push(performance.now() - e.timeStamp);
    },
    { capture: true },
  );
  const el = document.querySelector('[data-testid="prediction"]')!;
  new MutationObserver(() => {
    if (upAt !== null && el.getAttribute('data-state') === 'ready') {
      w.__latency.push(performance.now() - upAt);
      upAt = null;
    }
  }).observe(el, { attributes: true, attributeFilter: ['data-state', 'data-digit', 'data-confidence'] });
};

async function main(): Promise<void> {
  if (!args['no-build']) execSync('npm run build', { stdio: 'inherit' });
  const lab = await startLab();
  try {
    const page = await openLab(lab.browser, lab.url);
    await page.evaluate(PROBE);
    const pad = page.getByTestId('draw-canvas');
    const box = (await pad.boundingBox())!;
    const k = box.width / SURFACE;
    const count = Number(args.digits);
    for (let i = 0; i < count; i++) {
      if (i > 0) await page.getByTestId('clear').click();
      const placement = PLACEMENTS[i % PLACEMENTS.length]!;
      for (const stroke of placeDigit(i % 10, placement)) {
        const at = (j: number) => ({ x: box.x + stroke[j]!.x * k, y: box.y + stroke[j]!.y * k });
        await page.mouse.move(at(0).x, at(0).y);
        await page.mouse.down();
        for (let j = 1; j < stroke.length; j++) await page.mouse.move(at(j).x, at(j).y, { steps: 3 });
        const before = await page.evaluate(() => (globalThis as unknown as { __latency: number[] }).__latency.length);
        await page.mouse.up();
        await page.waitForFunction((n) => (globalThis as unknown as { __latency: number[] }).__latency.length > n, before);
      }
    }
    const ms = await page.evaluate(() => (globalThis as unknown as { __latency: number[] }).__latency);
    const dispatch = await page.evaluate(() => (globalThis as unknown as { __dispatch: number[] }).__dispatch);
    console.log(`pointer-up event queued before dispatch: median ${median(dispatch).toFixed(1)} ms`);
    const backend = await page.getByTestId('model-status').getAttribute('data-backend');
    const summary = { samples: ms.length, medianMs: median(ms), p90Ms: quantile(ms, 0.9), maxMs: Math.max(...ms) };
    console.log(
      `pointer-up → prediction in the DOM (${backend}): median ${summary.medianMs.toFixed(1)} ms, p90 ${summary.p90Ms.toFixed(1)} ms, max ${summary.maxMs.toFixed(1)} ms (${ms.length} strokes)`,
    );
    const commit = execSync('git rev-parse --short HEAD').toString().trim();
    mkdirSync(join('bench', 'results'), { recursive: true });
    const label = args.label ?? commit;
    const out = join('bench', 'results', `latency-${new Date().toISOString().slice(0, 10)}-${label}.json`);
    writeFileSync(
      out,
      `${JSON.stringify({ date: new Date().toISOString(), commit, label, backend, ...summary, dispatch, ms }, null, 1)}\n`,
    );
    console.log(`wrote ${out}`);
  } finally {
    await lab.stop();
  }
}

await main();
