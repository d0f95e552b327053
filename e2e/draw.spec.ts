import { test, expect } from './fixtures.ts';
import { PLACEMENTS, placeDigit } from '../src/shared/preprocess/fixtures/digit-strokes.ts';
import { SURFACE } from '../src/shared/preprocess/strokes.ts';

test.describe('draw and recognize', () => {
  test('reads all ten digits drawn at several sizes and positions', async ({ lab }) => {
    test.setTimeout(240_000);
    await lab.open();
    const perPlacement: Record<string, number> = {};
    const misses: string[] = [];
    let correct = 0;
    let total = 0;
    for (const p of PLACEMENTS) {
      perPlacement[p.name] = 0;
      for (let d = 0; d <= 9; d++) {
        await lab.drawStrokes(placeDigit(d, p));
        const got = await lab.predictedDigit();
        total++;
        if (got === String(d)) {
          correct++;
          perPlacement[p.name]!++;
        } else misses.push(`${d} drawn ${p.name} read as ${got}`);
        await lab.clear();
      }
    }
    console.log(
      `drawn digits: ${correct}/${total} correct; per placement ${JSON.stringify(perPlacement)}; misses: ${misses.join(', ') || 'none'}`,
    );
    expect(correct / total, misses.join(', ')).toBeGreaterThanOrEqual(0.97);
    for (const [name, n] of Object.entries(perPlacement)) expect(n / 10, name).toBeGreaterThanOrEqual(0.9);
  });

  test('predicts after every stroke and drops stale answers', async ({ lab }) => {
    await lab.open();
    await expect(lab.prediction()).toHaveAttribute('data-state', 'empty');
    await expect(lab.prediction()).toHaveAttribute('data-digit', '');
    // A 4 is two strokes: after the first there is already an answer for that drawing.
    const [first, second] = placeDigit(4, PLACEMENTS[0]!);
    await lab.drawStrokes([first!]);
    await expect(lab.prediction()).toHaveAttribute('data-state', 'ready');
    await lab.drawStrokes([second!]);
    expect(await lab.predictedDigit()).toBe('4');
  });

  test('undo and clear, by button and by keyboard', async ({ lab, page }) => {
    await lab.open();
    const undo = page.getByTestId('undo');
    await expect(undo).toBeDisabled();
    const [a, b] = placeDigit(4, PLACEMENTS[0]!);
    await lab.drawStrokes([a!, b!]);
    expect(await lab.predictedDigit()).toBe('4');
    await undo.click();
    await expect(lab.prediction()).toHaveAttribute('data-state', 'ready');
    await page.keyboard.press('Control+z');
    await expect(lab.prediction()).toHaveAttribute('data-state', 'empty');
    await lab.drawDigit(7);
    expect(await lab.predictedDigit()).toBe('7');
    await page.keyboard.press('Escape');
    await expect(lab.prediction()).toHaveAttribute('data-state', 'empty');
    await expect(lab.prediction()).toHaveAttribute('data-digit', '');
    // The buttons are reachable with the keyboard.
    await lab.drawDigit(1);
    await page.getByTestId('clear').focus();
    await page.keyboard.press('Enter');
    await expect(lab.prediction()).toHaveAttribute('data-state', 'empty');
  });

  test('a dot, a stroke off the edge and a huge scribble do not break it', async ({ lab, page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await lab.open();
    await lab.drawStrokes([[{ x: 140, y: 140 }]]);
    await expect(lab.prediction()).toHaveAttribute('data-state', 'ready');
    await lab.clear();
    await lab.drawStrokes([
      [
        { x: 100, y: 140 },
        { x: SURFACE + 60, y: 150 },
      ],
    ]);
    await expect(lab.prediction()).toHaveAttribute('data-state', 'ready');
    await lab.clear();
    const scribble = Array.from({ length: 60 }, (_, i) => ({ x: 10 + ((i * 97) % 260), y: 10 + ((i * 53) % 260) }));
    await lab.drawStrokes([scribble], 1);
    await expect(lab.prediction()).toHaveAttribute('data-state', 'ready');
    await expect(lab.prediction()).toHaveAttribute('data-confidence', /^[01]\.\d{4}$/);
    expect(errors).toEqual([]);
  });

  test('keeps tf.memory().numTensors flat across 50 predictions', async ({ lab }) => {
    test.setTimeout(180_000);
    await lab.open();
    await lab.drawDigit(3);
    await lab.predictedDigit();
    const after1 = await lab.numTensors();
    for (let i = 0; i < 49; i++) {
      await lab.clear();
      await lab.drawDigit(i % 10, PLACEMENTS[i % PLACEMENTS.length]!);
      await lab.predictedDigit();
    }
    expect(await lab.numTensors()).toBe(after1);
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 780 }, hasTouch: true, isMobile: true, deviceScaleFactor: 3 });

  test('draws with touch without scrolling the page', async ({ lab, page }) => {
    await lab.open();
    const box = (await lab.pad().boundingBox())!;
    expect(box.width).toBeGreaterThan(250);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    const cdp = await page.context().newCDPSession(page);
    const k = box.width / SURFACE;
    const scrollBefore = await page.evaluate(() => window.scrollY);
    for (const stroke of placeDigit(7, PLACEMENTS[0]!)) {
      const pts = stroke.flatMap((p, i) => {
        const prev = stroke[i - 1];
        if (!prev) return [p];
        return Array.from({ length: 4 }, (_, j) => ({
          x: prev.x + ((p.x - prev.x) * (j + 1)) / 4,
          y: prev.y + ((p.y - prev.y) * (j + 1)) / 4,
        }));
      });
      const at = (p: { x: number; y: number }) => [{ x: box.x + p.x * k, y: box.y + p.y * k, id: 1 }];
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(pts[0]!) });
      for (const p of pts.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(p) });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    }
    expect(await lab.predictedDigit()).toBe('7');
    expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore);
  });
});
