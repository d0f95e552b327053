/**
 * Hosting anywhere: the production build (dist-prod, built by playwright.config.ts) served as plain
 * static files from a sub-path, `/some/path/`, by a tiny server started here. Everything the app
 * fetches — scripts, workers, wasm, models, MNIST, the service worker — stays under that path.
 */
import { test, expect, LabPage } from './fixtures.ts';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';

const SUB = '/some/path/';
const ROOT = resolve('dist-prod');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
};

let server: Server;
let base = '';
const outside: string[] = [];

test.beforeAll(async () => {
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(SUB)) {
      outside.push(path);
      res.writeHead(404).end();
      return;
    }
    const file = normalize(join(ROOT, path.slice(SUB.length) || 'index.html'));
    if (!file.startsWith(ROOT)) return void res.writeHead(403).end();
    readFile(file).then(
      (body) => res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SUB}`;
});

test.afterAll(() => new Promise<void>((done) => server.close(() => done())));

// The service worker's scope is part of what a sub-path must get right.
test.use({ serviceWorkers: 'allow' });

test('the production build works from a sub-path: loads, draws, predicts, trains; nothing is fetched outside it', async ({ page }) => {
  // A lesson link sets a small slice, so a few batches come quickly.
  await page.goto(`${base}?limit=2000&epochs=1`);
  await expect(page.getByTestId('model-status')).toHaveAttribute('data-state', 'ready');
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(base);
  const pad = page.getByTestId('draw-canvas');
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.1);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.9, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-digit', '1');
  await page.getByTestId('train-start').click();
  const progress = page.getByTestId('train-progress');
  await expect.poll(async () => Number(await progress.getAttribute('data-images-seen'))).toBeGreaterThan(0);
  await new LabPage(page).stopTraining(); // 2,000 images may already have ended on their own
  await expect(progress).toHaveAttribute('data-status', /^(done|stopped)$/);
  expect(outside).toEqual([]);
});
