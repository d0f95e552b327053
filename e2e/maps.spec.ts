import { test, expect } from './fixtures.ts';
import type { Page } from '@playwright/test';

const LAYERS = ['input', 'c1', 's2', 'c3', 's4', 'c5', 'f6', 'output'];
const sums = (page: Page) => Promise.all(LAYERS.slice(1).map((l) => page.getByTestId(`fmap-${l}`).getAttribute('data-signature')));

test.describe('look inside', () => {
  test("every layer is drawn after drawing, and changes when the drawing changes; a C1 map's brightest pixel is where its activation is largest", async ({
    lab,
    page,
  }) => {
    await lab.open();
    // Before anything is drawn the maps' canvases are readied in idle time (sized, painted and
    // cleared, so the first stroke does not pay for them): they show nothing and are not stamped.
    await expect
      .poll(() =>
        page.locator('[data-testid^="fmap-"] canvas[data-map], canvas[data-input]').evaluateAll((cs: HTMLCanvasElement[]) => ({
          sized: cs.filter((c) => c.width !== 300).length,
          inked: cs.filter((c) =>
            c
              .getContext('2d')!
              .getImageData(0, 0, c.width, c.height)
              .data.some((v, i) => i % 4 === 3 && v > 0),
          ).length,
        })),
      )
      .toEqual({ sized: 1 + 6 + 6 + 16 + 16 + 3, inked: 0 });
    await expect(page.getByTestId('fmap-c1')).not.toHaveAttribute('data-version', /./);
    await page.getByTestId('scale-map').check();
    await lab.drawDigit(3);
    await lab.predictedDigit();
    for (const k of [0, 3, 5]) {
      await expect
        .poll(() =>
          page.evaluate((k) => {
            const acts = (globalThis as unknown as { __lenetLab: { activations(i: number): number[] } }).__lenetLab.activations(0);
            let best = 0;
            for (let p = 0; p < 784; p++) if (acts[p * 6 + k]! > acts[best * 6 + k]!) best = p;
            const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="fmap-c1"] canvas[data-map="${k}"]`)!;
            const px = canvas.getContext('2d')!.getImageData(0, 0, 28, 28).data;
            let bright = 0;
            const lum = (i: number) => 0.2126 * px[4 * i]! + 0.7152 * px[4 * i + 1]! + 0.0722 * px[4 * i + 2]!;
            for (let p = 0; p < 784; p++) if (lum(p) > lum(bright)) bright = p;
            return acts[bright * 6 + k] === acts[best * 6 + k];
          }, k),
        )
        .toBe(true);
    }
    for (const l of LAYERS.slice(1)) await expect(page.getByTestId(`fmap-${l}`)).toHaveAttribute('data-version', /^[1-9]\d*$/);
    const first = await sums(page);
    await lab.clear();
    await lab.drawDigit(7);
    await lab.predictedDigit();
    await expect.poll(async () => (await sums(page)).filter((s, i) => s !== first[i]).length).toBe(LAYERS.length - 1);
    await expect(page.getByTestId('fmap-c3').locator('canvas')).toHaveCount(16);
    await expect(page.getByTestId('fmap-c3')).toContainText('C3 · 16 @ 10×10');
  });

  test('a map opens large with its value under the cursor and the maps it reads', async ({ lab, page }) => {
    await lab.open();
    await lab.putDigit(2);
    await lab.predictedDigit();
    await page.getByRole('button', { name: 'Zoom into C3 map 5' }).click();
    const zoom = page.getByTestId('map-zoom');
    await expect(zoom).toBeVisible();
    await expect(zoom.locator('[data-link]')).toHaveCount(6);
    // Every link is painted: the S2 map it reads (14×14) and the 5×5 kernel applied to it, with ink.
    const painted = await zoom.locator('[data-link] canvas').evaluateAll((cs) =>
      (cs as HTMLCanvasElement[]).map((c) => {
        const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const coloured = px.some((v, i) => i % 4 !== 3 && v !== px[i % 4]);
        return `${c.className.replace('px ', '')} ${c.width}×${c.height}${coloured ? '' : ' blank'}`;
      }),
    );
    expect(painted).toEqual(Array.from({ length: 6 }, () => ['src 14×14', 'kernel 5×5']).flat());
    const big = page.getByTestId('zoom-canvas');
    const box = (await big.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect(page.getByTestId('zoom-value')).toHaveText(/^\(5, 5\) = -?\d+\.\d{4}$/);
    await page.keyboard.press('Escape');
    await expect(zoom).toBeHidden();
  });
  // numTensors while the panels follow many pen moves: e2e/soak.spec.ts.
});
