/**
 * `npm run bench:train [-- --variant modern|classic] [-- --no-build]`: trains a LeNet-5 from fresh
 * weights in the page (the worker, default settings: all 48,000 training images, 10 epochs,
 * distortions on), then evaluates it on all 10,000 test images in the page, and reports epochs,
 * wall time and test accuracy. Takes minutes; not part of `npm run bench`.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { openLab, progressAttr, startLab, applyAppDefaults } from './lib.ts';

const variant = process.argv.includes('classic') ? 'classic' : 'modern';
const build = !process.argv.includes('--no-build');

async function main(): Promise<void> {
  if (build) execSync('npx vite build --logLevel warn', { stdio: 'inherit', env: { ...process.env, LENET_TEST_BUILD: '1' } });
  const { url, browser, stop } = await startLab();
  try {
    const page = await openLab(browser, `${url}?test&variant=${variant}`);
    await applyAppDefaults(page);
    const t0 = Date.now();
    await page.getByTestId('train-start').click();
    let last = '';
    for (;;) {
      await page.waitForTimeout(5000);
      const status = await page.getByTestId('train-progress').getAttribute('data-status');
      const line = `epoch ${await progressAttr(page, 'data-epoch')}, ${await progressAttr(page, 'data-images-seen')} images, val acc ${await page.getByTestId('train-progress').getAttribute('data-val-accuracy')}, ${((Date.now() - t0) / 1000).toFixed(0)} s`;
      if (line !== last) process.stdout.write(`\r${line}   `);
      last = line;
      if (status === 'done' || status === 'error') break;
    }
    const trainSeconds = (Date.now() - t0) / 1000;
    const rows = await page.getByTestId('epoch-table').locator('tbody tr').count();
    const trainResult = await page.getByTestId('train-result').getAttribute('data-test-accuracy');
    await page.getByTestId('evaluate').click();
    await page.getByTestId('test-accuracy').and(page.locator('[data-status="done"]')).waitFor({ timeout: 120_000 });
    const acc = Number(await page.getByTestId('test-accuracy').getAttribute('data-value'));
    const result = {
      variant,
      epochs: rows,
      trainSeconds,
      testAccuracyAtEnd: Number(trainResult),
      evaluatedTestAccuracy: acc,
      date: new Date().toISOString(),
    };
    mkdirSync('bench/results', { recursive: true });
    const file = `bench/results/${result.date.slice(0, 10)}-${execSync('git rev-parse --short HEAD').toString().trim()}-train-${variant}.json`;
    writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
    console.log(`\n\n| in-page training (${variant}, fresh weights, defaults) | value |\n|---|---|`);
    console.log(
      `| epochs run | ${rows} |\n| wall time | ${trainSeconds.toFixed(0)} s |\n| test accuracy (10,000 images, Evaluate) | ${(acc * 100).toFixed(2)} % |`,
    );
    console.log(`wrote ${file}`);
  } finally {
    await stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
