/**
 * "Teach it your handwriting" (issue 13): teaching by button and key, the gallery, fine-tuning in
 * the worker with before/after numbers, persistence across a reload, export/import and every bad
 * input. The personal style is the slanted set of `slantedDigit`, which the shipped model misreads.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type LabPage } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { slantedDigit } from '../src/shared/mydigits/fixtures/slanted.ts';
import { toBytes28, pad32, type MyDigit } from '../src/shared/mydigits/sample.ts';
import { exportIdx } from '../src/shared/mydigits/transfer.ts';
import { encodeIdx, parseIdxImages, parseIdxLabels } from '../src/shared/mnist/idx.ts';
import { preprocessMnist } from '../src/shared/preprocess/mnist-style.ts';
import { PEN_WIDTH, rasterize, type Stroke } from '../src/shared/preprocess/strokes.ts';

const strokesOf = (d: number, seed: number): Stroke[] => slantedDigit(d, seed).map((points) => ({ points, width: PEN_WIDTH }));

/** IDX files of `perDigit` slanted digits of each label in `labels`. */
function styleFiles(perDigit: number, labels: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], firstSeed = 0) {
  const digits: MyDigit[] = [];
  for (let k = 0; k < perDigit; k++)
    for (const d of labels) {
      const pre = preprocessMnist(rasterize(strokesOf(d, firstSeed + k)));
      if (pre.kind !== 'digit') throw new Error('empty');
      const image28 = toBytes28(pre.image);
      digits.push({ id: `${k}-${d}`, label: d, given: null, strokes: [], image28, image32: pad32(image28), createdAt: 0 });
    }
  const { images, labels: lab } = exportIdx(digits);
  return [
    { name: 'my-digits-images.idx3-ubyte', mimeType: 'application/octet-stream', buffer: Buffer.from(images) },
    { name: 'my-digits-labels.idx1-ubyte', mimeType: 'application/octet-stream', buffer: Buffer.from(lab) },
  ];
}

const gallery = (page: Page) => page.getByTestId('my-digits');

/** How many of ten held-out slanted digits (one per label) the model in use reads right. */
async function readsRight(lab: LabPage, seed: number): Promise<number> {
  let right = 0;
  for (let d = 0; d < 10; d++) {
    // From an empty pad, so that "ready" below is the answer for this digit, not the last one.
    await lab.page.evaluate(() => (globalThis as unknown as { __lenetLab: { session: { clear(): void } } }).__lenetLab.session.clear());
    await expect(lab.prediction()).toHaveAttribute('data-state', 'empty');
    await lab.putStrokes(strokesOf(d, seed).map((s) => s.points));
    await expect(lab.prediction()).toHaveAttribute('data-state', 'ready');
    if ((await lab.prediction().getAttribute('data-digit')) === String(d)) right++;
  }
  return right;
}

test.describe('your digits', () => {
  test('teach by button and key; an empty pad and a dot are refused; relabel and delete', async ({ lab, page }) => {
    await lab.open();
    await expect(page.getByTestId('finetune')).toBeDisabled();
    await expect(page.getByTestId('finetune-reason')).toContainText('Teach it at least one digit');
    await page.getByTestId('teach-3').click();
    await expect(page.getByTestId('teach-notice')).toContainText('pad is empty');
    await lab.drawStrokes([[{ x: 140, y: 140 }]]);
    await page.getByTestId('teach-3').click();
    await expect(page.getByTestId('teach-notice')).toContainText('dot');
    await expect(gallery(page)).toHaveAttribute('data-count', '0');
    await lab.clear();

    await lab.drawStrokes(strokesOf(7, 1).map((s) => s.points));
    await lab.predictedDigit();
    await page.getByTestId('teach-7').click();
    await expect(gallery(page)).toHaveAttribute('data-counts', '0,0,0,0,0,0,0,1,0,0');
    await expect(lab.prediction()).toHaveAttribute('data-state', 'empty');
    await lab.drawStrokes(strokesOf(1, 1).map((s) => s.points));
    await lab.predictedDigit();
    await page.keyboard.press('1');
    await expect(gallery(page)).toHaveAttribute('data-counts', '0,1,0,0,0,0,0,1,0,0');
    await expect(gallery(page)).toHaveAttribute('data-count', '2');
    await expect(page.getByTestId('finetune')).toBeEnabled();

    await page.getByTestId('my-digits-cells-7').click({ position: { x: 10, y: 10 } });
    await page.getByTestId('my-digit-relabel').selectOption('4');
    await expect(gallery(page)).toHaveAttribute('data-counts', '0,1,0,0,1,0,0,0,0,0');
    await page.getByTestId('my-digits-cells-1').click({ position: { x: 10, y: 10 } });
    await page.getByTestId('my-digit-delete').click();
    await expect(gallery(page)).toHaveAttribute('data-counts', '0,0,0,0,1,0,0,0,0,0');

    // "Teach me your hand": asks for each digit 5 times, shuffled; Enter keeps the drawing as the digit asked for.
    await page.getByTestId('teach-round-start').click();
    const round = page.getByTestId('teach-round');
    await expect(round).toHaveAttribute('data-total', '50');
    const asked = Number(await round.getAttribute('data-asked'));
    await lab.putStrokes(strokesOf(asked, 4).map((s) => s.points));
    await lab.predictedDigit();
    await page.keyboard.press('Enter');
    await expect(round).toHaveAttribute('data-index', '1');
    if (process.env['LENET_SHOTS']) {
      await page.getByTestId('my-digits-cells-4').click({ position: { x: 10, y: 10 } });
      await page.locator('section:has([data-testid=teach-0])').screenshot({ path: 'test-results/teach-round.png' });
      await page.locator('section:has([data-testid=my-digits])').screenshot({ path: 'test-results/my-digits-detail.png' });
    }
    await expect(gallery(page)).toHaveAttribute('data-count', '2');
    await page.getByTestId('teach-round-end').click();
    await expect(round).toHaveCount(0);

    await expect(gallery(page)).toHaveAttribute('data-saving', '0');
    await page.reload();
    await expect(gallery(page)).toHaveAttribute('data-count', '2');
  });

  test('fine-tunes on 50 slanted digits: better on yours, MNIST kept, the result is the model in use after a reload', async ({
    lab,
    page,
  }) => {
    test.setTimeout(180_000);
    await lab.open();
    // Through the panel's own button, as a user picks the files.
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('my-digits-import-button').click()]);
    await chooser.setFiles(styleFiles(5));
    await expect(gallery(page)).toHaveAttribute('data-count', '50');
    const before = await readsRight(lab, 500);
    if (process.env['LENET_SHOTS']) console.log('T', Date.now(), 'start');
    // Every status the result takes, recorded as it changes: a fast machine may run the whole
    // fine-tune between two of the test's polls.
    await page.evaluate(() => {
      const w = globalThis as unknown as { __finetuneStatuses: string[] };
      w.__finetuneStatuses = [];
      new MutationObserver(() => {
        const status = document.querySelector('[data-testid=finetune-result]')?.getAttribute('data-status');
        if (status && w.__finetuneStatuses.at(-1) !== status) w.__finetuneStatuses.push(status);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    });
    await page.getByTestId('finetune').click();
    const result = page.getByTestId('finetune-result');
    await expect(result).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    const statuses = await page.evaluate(() => (globalThis as unknown as { __finetuneStatuses: string[] }).__finetuneStatuses);
    expect(statuses).toContain('running');
    if (process.env['LENET_SHOTS']) {
      console.log('T', Date.now(), await result.innerText());
      await page.getByTestId('my-digits').scrollIntoViewIfNeeded();
      await page.locator('section:has([data-testid=my-digits])').screenshot({ path: 'test-results/my-digits-panel.png' });
      await page.locator('section:has([data-testid=teach-0])').screenshot({ path: 'test-results/teach-bar.png' });
    }
    const num = async (k: string) => Number(await result.getAttribute(`data-${k}`));
    const [yb, ya, mb, ma] = [await num('yours-before'), await num('yours-after'), await num('mnist-before'), await num('mnist-after')];
    expect(ya).toBeGreaterThanOrEqual(yb);
    expect(ya).toBeGreaterThanOrEqual(0.9);
    expect(mb).toBeGreaterThan(0.9);
    expect(ma).toBeGreaterThan(mb - 0.02);
    await expect(page.getByTestId('model-kind')).toHaveAttribute('data-kind', 'trained');
    const after = await readsRight(lab, 500);
    expect(after).toBeGreaterThan(before);

    await page.reload();
    await expect(lab.modelStatus()).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId('model-kind')).toHaveAttribute('data-kind', 'saved');
    await expect(gallery(page)).toHaveAttribute('data-count', '50');
    expect(await readsRight(lab, 500)).toBe(after);
  });

  test('fine-tuning with a few labels works and says what it cannot measure', async ({ lab, page }) => {
    await lab.open();
    await page.getByTestId('my-digits-import').setInputFiles(styleFiles(3, [1, 7]).concat([]));
    await expect(gallery(page)).toHaveAttribute('data-counts', '0,3,0,0,0,0,0,3,0,0');
    await page.getByTestId('finetune').click();
    const result = page.getByTestId('finetune-result');
    await expect(result).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    await expect(result).toContainText('No 0, 2, 3, 4, 5, 6, 8, 9 taught');
    expect(Number(await result.getAttribute('data-yours-after'))).toBeGreaterThanOrEqual(0);

    // Evaluate runs on your digits too (same confusion matrix and mistakes), then on MNIST again.
    await page.getByTestId('evaluate-mine').click();
    const acc = page.getByTestId('test-accuracy');
    await expect(acc).toHaveAttribute('data-status', 'done');
    await expect(acc).toContainText('/ 6');
    await expect(acc).toContainText('on your digits');
    await page.getByTestId('evaluate').click();
    await expect(acc).toContainText('/ 10,000');
  });

  test('export gives MNIST-format IDX files and strokes that import back; bad imports are refused, digits untouched', async ({
    lab,
    page,
  }) => {
    await lab.open();
    await lab.putStrokes(strokesOf(2, 3).map((s) => s.points));
    await lab.predictedDigit();
    await page.getByTestId('teach-2').click();
    await expect(gallery(page)).toHaveAttribute('data-count', '1');
    const files: { name: string; buffer: Buffer }[] = [];
    page.on('download', (d) => {
      void d.path().then(async () => {
        const stream = await d.createReadStream();
        const chunks: Buffer[] = [];
        for await (const c of stream) chunks.push(c as Buffer);
        files.push({ name: d.suggestedFilename(), buffer: Buffer.concat(chunks) });
      });
    });
    await page.getByTestId('my-digits-export').click();
    await expect
      .poll(() => files.map((f) => f.name).sort())
      .toEqual(['my-digits-images.idx3-ubyte', 'my-digits-labels.idx1-ubyte', 'my-digits-strokes.json']);
    const byName = (n: string) => files.find((f) => f.name === n)!.buffer;
    expect(parseIdxImages('i', new Uint8Array(byName('my-digits-images.idx3-ubyte'))).count).toBe(1);
    expect(Array.from(parseIdxLabels('l', new Uint8Array(byName('my-digits-labels.idx1-ubyte'))).labels)).toEqual([2]);
    const strokes = JSON.parse(byName('my-digits-strokes.json').toString()) as { digits: { label: number; strokes: unknown[] }[] };
    expect(strokes.digits[0]!.label).toBe(2);
    expect(strokes.digits[0]!.strokes.length).toBeGreaterThan(0);

    const input = page.getByTestId('my-digits-import');
    const notice = page.getByTestId('teach-notice');
    const bin = (name: string, buffer: Uint8Array) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(buffer) });
    const good = styleFiles(1, [5]);
    const refused = async (files: Parameters<typeof input.setInputFiles>[0], why: string | RegExp) => {
      await input.setInputFiles(files);
      await expect(notice).toContainText(why);
      await expect(notice).toContainText('Import refused');
      await expect(gallery(page)).toHaveAttribute('data-count', '1');
    };
    await refused([bin('photo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4])), good[1]!], 'not an IDX file');
    await refused(
      [
        bin(
          'x.idx',
          encodeIdx('images', new Uint8Array(784), 1).map((v, i) => (i === 3 ? 0x02 : v)),
        ),
        good[1]!,
      ],
      'wrong magic',
    );
    await refused([good[0]!, bin('l.idx1-ubyte', encodeIdx('labels', new Uint8Array([5, 5]), 2))], 'count mismatch');
    await refused([good[0]!, bin('l.idx1-ubyte', encodeIdx('labels', new Uint8Array([12]), 1))], 'outside 0–9');
    await refused([bin('i.idx3-ubyte', encodeIdx('images', new Uint8Array(32 * 32), 1, 32, 32)), good[1]!], 'wrong dimensions 32x32');
    const big = join(tmpdir(), `lenet-big-${process.pid}.idx3-ubyte`);
    writeFileSync(big, Buffer.alloc(50 * 1024 * 1024 + 1));
    const labels = join(tmpdir(), `lenet-labels-${process.pid}.idx1-ubyte`);
    writeFileSync(labels, good[1]!.buffer);
    await refused([big, labels], 'over the 50.0 MB limit');
    rmSync(big);
    rmSync(labels);

    await input.setInputFiles(files.map((f) => bin(f.name, f.buffer)));
    await expect(gallery(page)).toHaveAttribute('data-counts', '0,0,2,0,0,0,0,0,0,0');
  });

  for (const fault of ['idb-missing', 'idb-quota']) {
    test(`with IndexedDB ${fault === 'idb-missing' ? 'missing' : 'full'} a taught digit stays for the visit and the page says so`, async ({
      lab,
      page,
    }) => {
      await lab.open(`?test&faults=${fault}`);
      await lab.drawStrokes(strokesOf(4, 2).map((s) => s.points));
      await lab.predictedDigit();
      await page.getByTestId('teach-4').click();
      await expect(gallery(page)).toHaveAttribute('data-count', '1');
      await expect(page.getByTestId('my-digits-storage')).toContainText(fault === 'idb-quota' ? 'storage is full' : 'no IndexedDB');
    });
  }
});
