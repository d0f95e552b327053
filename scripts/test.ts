/**
 * `npm test`: every check, in two steps.
 *
 * 1. Side by side: ESLint, Prettier, the typecheck, the unit tests, and the two builds the e2e suite
 *    serves (the test build in `dist/`, the production build in `dist-prod/`). ESLint and tsc use one
 *    core each, and the e2e suite leaves about a quarter of the CPU idle, so on a 2-core machine
 *    running them together takes about a minute less than one after another.
 * 2. The Playwright suite, against those builds (`LENET_E2E_PREBUILT=1`: playwright.config.ts then
 *    only serves them). The e2e tests run alone: several of them measure the main thread.
 *
 * Each command's output is printed when it ends, with its time; the first failure fails the run
 * (the others still finish, so every failure of step 1 is shown).
 */
import { spawn } from 'node:child_process';
import { PROD_BUILD_CMD, TEST_BUILD_CMD } from '../e2e/builds.ts';

interface Job {
  readonly name: string;
  readonly cmd: string;
  readonly env?: Record<string, string>;
}

const STEP_1: readonly Job[] = [
  { name: 'unit tests', cmd: 'npx vitest run' },
  { name: 'eslint', cmd: 'npx eslint . --max-warnings 0' },
  { name: 'typecheck', cmd: 'npx tsc -b' },
  { name: 'prettier', cmd: 'npx prettier --check . --log-level warn' },
  { name: 'test build', cmd: TEST_BUILD_CMD },
  { name: 'production build', cmd: PROD_BUILD_CMD },
];

function run(job: Job, buffered: boolean): Promise<boolean> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(job.cmd, {
      shell: true,
      stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...job.env, FORCE_COLOR: process.env['FORCE_COLOR'] ?? (process.stdout.isTTY ? '1' : '0') },
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
const results = await Promise.all(STEP_1.map((j) => run(j, true)));
const failed = STEP_1.filter((_, i) => !results[i]).map((j) => j.name);
if (failed.length) {
  process.stdout.write(`\nnpm test: ${failed.join(', ')} failed; the e2e suite did not run.\n`);
  process.exit(1);
}
process.stdout.write(`\n── step 1 done in ${((performance.now() - t0) / 1000).toFixed(1)} s; the e2e suite ──\n`);
const ok = await run({ name: 'e2e tests', cmd: 'npx playwright test', env: { LENET_E2E_PREBUILT: '1' } }, false);
process.stdout.write(`npm test: ${ok ? 'all passed' : 'the e2e suite failed'} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
process.exit(ok ? 0 : 1);
