import { test, expect } from './fixtures.ts';
import { PLACEMENTS, placeDigit } from '../src/shared/preprocess/fixtures/digit-strokes.ts';
import { SURFACE } from '../src/shared/preprocess/strokes.ts';

test.describe('draw and recognize', () => {
  // Every digit at every size, position and pen width is read in src/ui/drawing/drawn-digits.test.ts
  // (the same pipeline without a browser); here a sample is drawn with the real mouse.
  test('reads digits drawn with the mouse, large and small; predicts after every stroke', async ({ lab }) => {
    await lab.open();
    await expect(lab.prediction()).toHaveAttribute('data-state', 'empty');
    await expect(lab.prediction()).toHaveAttribute('data-digit', '');
    // A 4 is two strokes: after the first there is already an answer for that drawing.
    const [first, second] = placeDigit(4, PLACEMENTS[0]!);
    await lab.drawStrokes([first!]);
    await lab.waitForAnswer();
    await lab.drawStrokes([second!]);
    expect(await lab.predictedDigit()).toBe('4');
    await lab.clear();
    const misses: string[] = [];
    for (const p of [PLACEMENTS[0]!, PLACEMENTS[2]!]) {
      for (const d of [0, 4, 7]) {
        await lab.drawStrokes(placeDigit(d, p));
        const got = await lab.predictedDigit();
        if (got !== String(d)) misses.push(`${d} drawn ${p.name} read as ${got}`);
        await lab.clear();
      }
    }
    expect(misses).toEqual([]);
  });

  test('drops a stale answer: the drawing changes while its prediction is computing', async ({ lab, page }) => {
    // WebGL (software here, allowed in test mode) reads results back asynchronously, so a
    // prediction is still in flight one animation frame after it started.
    await lab.open('?test&backend=webgl');
    await expect(lab.modelStatus()).toHaveAttribute('data-backend', 'webgl');
    type H = { __lenetLab: { session: { version: number; loadImage(i: Float32Array): void; clear(): void } } };
    const images = `
      const bar = new Float32Array(784), ring = new Float32Array(784);
      for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
        if (Math.abs(x - 14) < 2 && y > 4 && y < 24) bar[y * 28 + x] = 1;
        const r = Math.hypot(x - 14, y - 14);
        if (r > 5 && r < 9) ring[y * 28 + x] = 1;
      }`;
    const answer = async (which: 'bar' | 'ring') => {
      await page.evaluate(`(() => { ${images}; globalThis.__lenetLab.session.loadImage(${which}); })()`);
      await lab.waitForAnswer();
      return `${await lab.prediction().getAttribute('data-digit')} ${await lab.prediction().getAttribute('data-confidence')}`;
    };
    const [bar, ring] = [await answer('bar'), await answer('ring')];
    expect(bar.split(' ')[0]).not.toBe(ring.split(' ')[0]);
    await page.evaluate(() => (globalThis as unknown as H).__lenetLab.session.clear());
    await lab.waitForAnswer();

    const run = (await page.evaluate(`(async () => {
      ${images};
      const el = document.querySelector('[data-testid="prediction"]');
      const seen = [];
      const note = () => seen.push([el.dataset.version, el.dataset.state, el.dataset.digit, el.dataset.confidence].join(' '));
      globalThis.__seen = seen;
      new MutationObserver(note).observe(el, { attributes: true });
      const s = globalThis.__lenetLab.session;
      s.loadImage(bar);
      const stale = s.version;
      // The controller's frame callback runs first and starts predicting the bar; in ours, that
      // prediction is still computing, and the drawing changes under it.
      await new Promise((r) => requestAnimationFrame(() => r()));
      const atSwitch = el.dataset.state + ' ' + el.dataset.version;
      s.loadImage(ring);
      return { stale, atSwitch };
    })()`)) as { stale: number; atSwitch: string };
    expect(run.atSwitch, 'the bar was being predicted when the drawing changed').toBe(`pending ${run.stale}`);
    await lab.waitForAnswer();
    const seen = (await page.evaluate('globalThis.__seen')) as string[];
    const shown = seen.filter((r) => r.split(' ')[1] === 'ready');
    expect(shown.length).toBeGreaterThan(0);
    // Only the ring's answer was ever shown; the bar's, computed for the stale drawing, never was.
    for (const r of shown) expect(r.split(' ').slice(2).join(' ')).toBe(ring);
    expect(shown.some((r) => r.startsWith(`${run.stale} `))).toBe(false);
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
    const scribble = Array.from({ length: 24 }, (_, i) => ({ x: 10 + ((i * 97) % 260), y: 10 + ((i * 53) % 260) }));
    await lab.drawStrokes([scribble], 1);
    await expect(lab.prediction()).toHaveAttribute('data-state', 'ready');
    await expect(lab.prediction()).toHaveAttribute('data-confidence', /^[01]\.\d{4}$/);
    expect(errors).toEqual([]);
  });
  // numTensors across 50 predictions (and many pen moves): e2e/soak.spec.ts.
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 3 });

  test('draws with touch without scrolling the page; the pad and the answer share the first screen, upright and sideways', async ({
    lab,
    page,
  }) => {
    await lab.open();
    const cdp = await page.context().newCDPSession(page);
    for (const [width, height, digit] of [
      [390, 844, 7],
      [844, 390, 4],
    ] as const) {
      await page.setViewportSize({ width, height });
      const where = `${width}×${height}`;
      const box = (await lab.pad().boundingBox())!;
      // The whole pad is on the first screen, and large enough to draw on with a finger.
      expect(box.width, where).toBeGreaterThan(240);
      expect(box.x, where).toBeGreaterThanOrEqual(0);
      expect(box.y, where).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, where).toBeLessThanOrEqual(width);
      expect(box.y + box.height, where).toBeLessThanOrEqual(height);
      const k = box.width / SURFACE;
      for (const stroke of placeDigit(digit, PLACEMENTS[0]!)) {
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
      expect(await lab.predictedDigit(), where).toBe(String(digit));
      expect(await page.evaluate(() => [window.scrollX, window.scrollY]), where).toEqual([0, 0]);
      // The answer — the digit and every probability — is on the first screen with the pad.
      await expect(lab.prediction(), where).toBeInViewport({ ratio: 1 });
      for (let d = 0; d < 10; d++) await expect(page.getByTestId(`prob-${d}`), where).toBeInViewport({ ratio: 1 });
      await lab.clear();
    }
  });

  test('the maps in a hidden tab keep their attributes current but paint only when shown', async ({ lab, page }) => {
    await lab.open();
    const c1 = page.getByTestId('fmap-c1');
    const width = () => c1.locator('canvas[data-map="0"]').evaluate((c: HTMLCanvasElement) => c.width);
    await lab.putDigit(3);
    expect(await lab.predictedDigit()).toBe('3');
    await expect(c1).toBeHidden();
    await expect(c1).toHaveAttribute('data-signature', /\d/);
    const first = await c1.getAttribute('data-signature');
    await lab.putDigit(7);
    expect(await lab.predictedDigit()).toBe('7');
    await expect(c1).not.toHaveAttribute('data-signature', first!);
    // Never painted while hidden: the canvas still has its default size.
    expect(await width()).toBe(300);
    await page.getByTestId('section-tab-inside').click();
    await expect(c1).toBeVisible();
    await expect.poll(width).toBe(28);
  });
});
