/**
 * `npm test`: every check, in three steps, planned around a 2-core machine where the e2e suite is
 * the long pole (it keeps about 1.4 of the 2 cores busy: the rest of the time the browser waits on
 * its own timers and workers).
 *
 * 1. Side by side: the two builds the e2e suite serves (the test build in `dist/`, the production
 *    build in `dist-prod/`) and Prettier.
 * 2. The Playwright suite's `lab` project against those builds (`LENET_E2E_PREBUILT=1`:
 *    playwright.config.ts then only serves them), and beside it, at the lowest CPU priority
 *    (SCHED_IDLE), Vitest, ESLint and the typecheck: they run on what the browser leaves idle, and
 *    the browser gets a core whenever it asks.
 * 3. The `alone` project (tests that measure the main thread or memory over many runs), with nothing
 *    beside it.
 *
 * Each command's output is printed when it ends (the Playwright suite's as it goes), with its time.
 * A failure fails the run; every check still runs, so every failure is shown.
 */
import { spawn, spawnSync } from 'node:child_process';
import { PROD_BUILD_CMD, TEST_BUILD_CMD } from '../e2e/builds.ts';

interface Job {
  readonly name: string;
  readonly cmd: string;
  readonly env?: Record<string, string>;
}

const STEP_1: readonly Job[] = [
  { name: 'test build', cmd: TEST_BUILD_CMD },
  { name: 'production build', cmd: PROD_BUILD_CMD },
  { name: 'prettier', cmd: 'npx prettier --check . --log-level warn' },
];
/**
 * Beside the e2e suite, at the lowest priority: Linux's SCHED_IDLE (`chrt --idle 0`), which runs only
 * on a core nothing else wants and gives it up at once when a browser thread wakes; `nice -n 19`
 * where chrt is missing.
 */
const LOW = spawnSync('chrt', ['--idle', '0', 'true']).status === 0 ? 'chrt --idle 0' : 'nice -n 19';
const BESIDE: readonly Job[] = [
  // Starved at SCHED_IDLE while two e2e workers keep both cores busy, a unit test can wait minutes for
  // a core (one timed out at 60 s on a slow machine): here the timeouts only catch hangs.
  { name: 'unit tests', cmd: `${LOW} npx vitest run --testTimeout=600000 --hookTimeout=600000` },
  { name: 'eslint', cmd: `${LOW} npx eslint . --max-warnings 0` },
  { name: 'typecheck', cmd: `${LOW} npx tsc -b` },
];
/**
 * Two e2e tests at a time: one keeps about 1.4 of the 2 cores busy (it waits on its own timers,
 * frames and workers), and two fill the gaps that the checks beside them at SCHED_IDLE left. Measured
 * in a working copy: the `lab` tests 483 s with one worker, 393 s with two; the whole `npm test` 572
 * → 497 s. The `alone` project keeps one worker whatever this says.
 */
const E2E_ENV = { LENET_E2E_PREBUILT: '1', LENET_E2E_WORKERS: process.env['LENET_E2E_WORKERS'] ?? '2' };

/**
 * Colours when `npm test` writes to a terminal; plain text into a log (CI). `NO_COLOR` too: Vitest
 * and ESLint's colour libraries turn colours on for any `FORCE_COLOR`, or when `CI` is set.
 */
const COLOR: Record<string, string> =
  process.env['FORCE_COLOR'] !== undefined || process.env['NO_COLOR'] !== undefined
    ? {}
    : process.stdout.isTTY
      ? { FORCE_COLOR: '1' }
      : { FORCE_COLOR: '0', NO_COLOR: '1' };

function run(job: Job, buffered: boolean): Promise<boolean> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(job.cmd, {
      shell: true,
      stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...job.env, ...COLOR },
    });
    const out: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => out.push(b));
    child.on('close', (code) => {
      const s = ((performance.now() - t0) / 1000).toFixed(1);
      const ok = code === 0;
      if (buffered) {
        const text = Buffer.concat(out).toString().trimEnd();
        process.stdout.write(`\n── ${job.name} (${job.cmd}) ──\n${text ? text + '\n' : ''}`);
      }
      process.stdout.write(`── ${job.name}: ${ok ? 'ok' : `FAILED (exit ${code})`} in ${s} s\n`);
      resolve(ok);
    });
  });
}

const t0 = performance.now();
const since = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const failed: string[] = [];
const runAll = async (jobs: readonly Job[]) => {
  const results = await Promise.all(jobs.map((j) => run(j, true)));
  jobs.forEach((j, i) => results[i] || failed.push(j.name));
};

await runAll(STEP_1);
if (failed.includes('test build') || failed.includes('production build')) {
  process.stdout.write(`\nnpm test: ${failed.join(', ')} failed; the e2e suite did not run.\n`);
  process.exit(1);
}
process.stdout.write(`\n── step 1 done at ${since()}; the e2e suite, with the unit tests, ESLint and tsc beside it ──\n`);
const [labOk] = await Promise.all([
  run({ name: 'e2e tests (lab)', cmd: 'npx playwright test --project lab', env: E2E_ENV }, false),
  runAll(BESIDE),
]);
if (!labOk) failed.push('e2e tests (lab)');
process.stdout.write(`\n── step 2 done at ${since()}; the e2e tests that run alone ──\n`);
if (!(await run({ name: 'e2e tests (alone)', cmd: 'npx playwright test --project alone', env: E2E_ENV }, false)))
  failed.push('e2e tests (alone)');
process.stdout.write(`npm test: ${failed.length ? `${failed.join(', ')} failed` : 'all passed'} in ${since()}\n`);
process.exit(failed.length ? 1 : 0);
