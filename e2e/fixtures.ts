/**
 * Shared e2e fixtures: the lab page object, a guard that fails any test whose page sends a request
 * outside its own origin, and pages that share their browser context's caches between tests.
 */
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { PLACEMENTS, placeDigit, type Placement } from '../src/shared/preprocess/fixtures/digit-strokes.ts';
import { PEN_WIDTH, SURFACE, type Point, type Stroke } from '../src/shared/preprocess/strokes.ts';

interface Hooks {
  numTensors(): number;
  session: { version: number; loadImage(image: Float32Array): void; load(strokes: Stroke[]): void };
  activations(i: number): number[] | null;
}

export class LabPage {
  constructor(readonly page: Page) {}
  readonly pad = () => this.page.getByTestId('draw-canvas');
  readonly prediction = () => this.page.getByTestId('prediction');
  readonly modelStatus = () => this.page.getByTestId('model-status');

  async open(query = '?test'): Promise<void> {
    await this.page.goto(query);
    await expect(this.modelStatus()).toHaveAttribute('data-state', 'ready');
  }

  /** Draws strokes given in surface units (0..280) with the mouse. */
  async drawStrokes(strokes: readonly (readonly Point[])[], steps = 1): Promise<void> {
    await this.pad().scrollIntoViewIfNeeded();
    const box = await this.pad().boundingBox();
    if (!box) throw new Error('pad not visible');
    const k = box.width / SURFACE;
    const { mouse } = this.page;
    for (const s of strokes) {
      const [first, ...rest] = s;
      if (!first) continue;
      await mouse.move(box.x + first.x * k, box.y + first.y * k);
      await mouse.down();
      for (const p of rest) await mouse.move(box.x + p.x * k, box.y + p.y * k, { steps });
      await mouse.up();
    }
  }

  async drawDigit(digit: number, placement: Placement = PLACEMENTS[0]!): Promise<void> {
    await this.drawStrokes(placeDigit(digit, placement));
  }

  /**
   * Puts a digit's strokes on the pad in one step, the way a shared link or "load into the lab"
   * does (the drawing session's `load`; test builds only): for tests about what comes after the
   * drawing. Drawn with the mouse, a digit costs one frame per pen move (seconds on this machine);
   * the drawing specs still draw with the mouse and touch (`drawDigit`, `drawStrokes`).
   */
  async putDigit(digit: number, placement: Placement = PLACEMENTS[0]!): Promise<void> {
    await this.putStrokes(placeDigit(digit, placement));
  }

  /** Puts strokes (surface units, the default pen) on the pad in one step: see `putDigit`. */
  async putStrokes(strokes: readonly (readonly Point[])[]): Promise<void> {
    const drawing: Stroke[] = strokes.map((points) => ({ points, width: PEN_WIDTH }));
    await this.page.evaluate((s) => (globalThis as unknown as { __lenetLab: Hooks }).__lenetLab.session.load(s), drawing);
  }

  /** The drawing's version now (`DrawingSession.version`, test hooks). */
  drawingVersion(): Promise<number> {
    return this.page.evaluate(() => (globalThis as unknown as { __lenetLab: Hooks }).__lenetLab.session.version);
  }

  /** Waits for the answer of the drawing as it is now (not one left from an earlier, half-drawn version). */
  async waitForAnswer(): Promise<void> {
    const version = String(await this.drawingVersion());
    // `data-version` becomes this version only with a prediction change made while the drawing is
    // this version, and an answer is only published for the drawing it read: so once it matches,
    // a ready (or empty) state is this drawing's.
    await expect(this.prediction()).toHaveAttribute('data-version', version);
    await expect(this.prediction()).toHaveAttribute('data-state', /^(ready|empty)$/);
  }

  /** Waits until the prediction matches the current drawing and returns its digit. */
  async predictedDigit(): Promise<string> {
    await this.waitForAnswer();
    return (await this.prediction().getAttribute('data-digit')) ?? '';
  }

  /**
   * The network's 10 outputs (probabilities, or the classic net's RBF distances) for a fixed
   * 28x28 input made from `seed`: the same input every call, whatever is drawn.
   */
  async outputsOnFixedInput(seed = 1): Promise<number[]> {
    await this.page.evaluate((s) => {
      const image = new Float32Array(784);
      // A plump ring with a seed-dependent bar: digit-like, not blank, the same every time.
      for (let y = 0; y < 28; y++)
        for (let x = 0; x < 28; x++) {
          const r = Math.hypot(x - 14, y - 14);
          image[y * 28 + x] = r > 5 && r < 9 ? 1 : Math.abs(x - 10 - (s % 8)) < 2 && y > 6 && y < 22 ? 0.8 : 0;
        }
      (globalThis as unknown as { __lenetLab: Hooks }).__lenetLab.session.loadImage(image);
    }, seed);
    await this.waitForAnswer();
    return this.page.evaluate(() => {
      const h = (globalThis as unknown as { __lenetLab: Hooks }).__lenetLab;
      return h.activations(6) ?? [];
    });
  }

  async clear(): Promise<void> {
    await this.page.getByTestId('clear').click();
    await expect(this.prediction()).toHaveAttribute('data-state', 'empty');
  }

  /** Stops the training run if it is still going (wasm trains ~5,000 images/s: short runs end on their own). */
  async stopTraining(): Promise<void> {
    const stop = this.page.getByTestId('train-stop');
    const progress = this.page.getByTestId('train-progress');
    const ended = /^(done|stopped|idle|error)$/;
    // The run may end on its own between looking at Stop and clicking it (Stop is then disabled
    // for good): look again rather than wait on a click that can never happen.
    await expect(async () => {
      if (ended.test((await progress.getAttribute('data-status')) ?? '')) return;
      if (await stop.isEnabled()) await stop.click({ timeout: 1_000 });
      expect(await progress.getAttribute('data-status')).toMatch(ended);
    }).toPass({ timeout: 30_000 });
  }

  numTensors(): Promise<number> {
    return this.page.evaluate(() => (globalThis as unknown as { __lenetLab: { numTensors(): number } }).__lenetLab.numTensors());
  }
}

/** Every kind of storage an origin has (not the HTTP cache): a test starts with none of it. */
const ORIGIN_STORAGE = 'all';

/**
 * Each test gets a new page with empty storage, in a browser context that its worker keeps for every
 * test with the same context options. The context's HTTP cache and compiled code (the app's bundles,
 * the worker's tfjs, the wasm binaries, MNIST) then carry over from one test to the next. Measured on
 * this machine: a fresh page reached "ready" for 2.0 CPU-s instead of 3.2 in a new context; five spec
 * files (21 tests) took 194.5–196.0 CPU-s instead of 203.6–204.0, in alternating runs. Playwright's
 * own `reuseContext` clears that cache (91.3 against 89.4 CPU-s for the training spec).
 *
 * What a test could leave behind is cleared before the next one starts: the origins' storage
 * (localStorage, IndexedDB, Cache Storage, service workers, cookies) through the DevTools protocol;
 * sessionStorage is per page. A spec that changes its context (permissions, offline, a service
 * worker) sets `freshContext` and gets one of its own: it reaches it with `page.context()`.
 */
export const test = base.extend<{ lab: LabPage; offOrigin: string[]; freshContext: boolean }, { contextPool: Map<string, BrowserContext> }>(
  {
    freshContext: [false, { option: true }],
    contextPool: [
      // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
      async ({}, use) => {
        const pool = new Map<string, BrowserContext>();
        await use(pool);
        await Promise.all([...pool.values()].map((c) => c.close()));
      },
      { scope: 'worker' },
    ],
    page: async (
      { browser, contextPool, freshContext, serviceWorkers, viewport, isMobile, hasTouch, deviceScaleFactor, locale, userAgent, baseURL },
      use,
    ) => {
      // Contexts made here get the test's options from Playwright (its own fixtures fill them in); the
      // options are the pool's key, so a phone-sized spec shares a context only with others like it.
      const fresh = freshContext || serviceWorkers !== 'block';
      const key = JSON.stringify({ viewport, isMobile, hasTouch, deviceScaleFactor, locale, userAgent, baseURL });
      let context = fresh ? undefined : contextPool.get(key);
      if (!context) {
        context = await browser.newContext();
        if (!fresh) contextPool.set(key, context);
      }
      const page = await context.newPage();
      if (!fresh) {
        const cdp = await context.newCDPSession(page);
        const origins = [baseURL, `http://127.0.0.1:${process.env['LENET_E2E_PROD_PORT']}/`].map((u) => new URL(u!).origin);
        for (const origin of origins) await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: ORIGIN_STORAGE });
        await context.clearPermissions();
        await cdp.detach();
      }
      await use(page);
      if (fresh) await context.close();
      else await page.close();
    },
    offOrigin: async ({ page, baseURL }, use) => {
      const origin = new URL(baseURL!).origin;
      const outside: string[] = [];
      page.on('request', (req) => {
        const url = req.url();
        if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) outside.push(url);
      });
      await use(outside);
      expect(outside, 'requests that left the page origin').toEqual([]);
    },
    lab: async ({ page, offOrigin }, use) => {
      void offOrigin;
      await use(new LabPage(page));
    },
  },
);

export { expect };
