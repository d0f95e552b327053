import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { PROD_BUILD_CMD, TEST_BUILD_CMD } from './e2e/builds.ts';

/** A free local port, chosen once in the main process and inherited by the workers. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
process.env['LENET_E2E_PORT'] ??= String(await freePort());
const port = Number(process.env['LENET_E2E_PORT']);
process.env['LENET_E2E_PROD_PORT'] ??= String(await freePort());
/** The production build (no test flag), served for `e2e/production.spec.ts`. */
const prodPort = Number(process.env['LENET_E2E_PROD_PORT']);

/**
 * Debian's Chromium when present (Playwright cannot download its own browsers on our machines);
 * `CHROMIUM_PATH` overrides it; elsewhere Playwright's own browser is used.
 */
const executablePath = process.env['CHROMIUM_PATH'] ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-swiftshader',
  '--enable-unsafe-webgpu',
];

/**
 * `npm test` (scripts/test.ts) builds both apps beside the unit tests and sets this: the web servers
 * then only serve what it built. Alone, `npx playwright test` builds them itself.
 */
const prebuilt = process.env['LENET_E2E_PREBUILT'] === '1' && existsSync('dist/index.html') && existsSync('dist-prod/index.html');

/** Whether this run names spec files, a title filter or a project (not the whole suite). */
const chosen = process.argv.slice(2).some((a) => /\.spec\.ts\b|^-g$|^--grep\b|^--project\b|^e2e\//.test(a));

export default defineConfig({
  testDir: 'e2e',
  // Tests, not spec files, are shared out between the workers, so no long spec file runs alone at the end.
  fullyParallel: true,
  // One test at a time unless `LENET_E2E_WORKERS` says more: `npm test` runs two (scripts/test.ts),
  // which fill the CPU the checks beside them leave. Tests tagged @alone (long tasks on the main
  // thread) still run afterwards, one at a time, with nothing beside them.
  workers: Number(process.env['LENET_E2E_WORKERS'] ?? 1),
  projects: [
    { name: 'lab', grepInvert: /@alone/ },
    // Only a whole run waits for the rest first: a run of chosen specs (`playwright test e2e/x.spec.ts`,
    // `-g …`, `--project alone`) would otherwise run every dependency test too.
    { name: 'alone', grep: /@alone/, dependencies: chosen ? [] : ['lab'], workers: 1 },
  ],
  // No retries: a test that passes only on a second try is a failure to look into.
  retries: 0,
  failOnFlakyTests: true,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    ...devices['Desktop Chrome'],
    launchOptions: { args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) },
    // On failure, a screenshot. The trace (actions, console, network) only with `LENET_TRACE=1`:
    // recording it for every test (network bodies included: MNIST is 11 MB a page) cost the e2e
    // suite 5–11 % of its CPU, and CI keeps no files to look at. When on, it records no screencast
    // and no DOM snapshots: those made every frame a full-frame copy (a pen move in the drawing
    // tests cost 150 ms instead of 75 ms, and the suite twice the CPU).
    trace: process.env['LENET_TRACE'] === '1' ? { mode: 'retain-on-failure', screenshots: false, snapshots: false } : 'off',
    screenshot: 'only-on-failure',
    // No service worker unless a spec asks for one (e2e/offline.spec.ts): a worker's fetches would
    // bypass the `page.route` faults the other specs inject, and its caches would carry over.
    serviceWorkers: 'block',
  },
  webServer: [
    {
      // The test build (hooks and fault injection compiled in); the production build goes to dist-prod below.
      // Both are served by `vite preview`, with the headers a static host should send.
      command: `${prebuilt ? '' : `${TEST_BUILD_CMD} && `}npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
      url: `http://127.0.0.1:${port}/`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `${prebuilt ? '' : `${PROD_BUILD_CMD} && `}npx vite preview --outDir dist-prod --host 127.0.0.1 --port ${prodPort} --strictPort`,
      url: `http://127.0.0.1:${prodPort}/`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
