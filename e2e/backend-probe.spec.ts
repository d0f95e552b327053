import { test, expect } from './fixtures.ts';

/**
 * The backend probe under headless Chromium, where WebGL is SwiftShader and WebGPU a SwiftShader
 * fallback adapter (`--enable-unsafe-webgpu`): both are detected as software and skipped by
 * default; asked to measure (test mode times software too), the probe times every backend, trains
 * on the fastest and the choice is remembered for this device across a reload.
 */
test.describe('backend probe', () => {
  test('the first Start skips software WebGPU and WebGL and trains on wasm', async ({ lab, page }) => {
    await lab.open();
    const rates = page.getByTestId('backend-rates');
    await expect(rates).toContainText('first Start times each backend');
    await page.getByLabel('Train images (0 = all)').fill('500');
    await page.getByLabel('Epochs').fill('1');
    await page.getByTestId('train-start').click();
    await expect(rates).toHaveAttribute('data-choice', 'wasm');
    // Why each was not timed is the rate's title (the worker's words, on hover).
    await expect(page.getByTestId('backend-rate-webgpu')).toHaveAttribute('title', /software adapter|not available/);
    await expect(page.getByTestId('backend-rate-webgl')).toHaveAttribute('title', /software/);
    // …and in a few words on the line: skipped as software, and wasm the only one left.
    await expect(page.getByTestId('backend-rate-webgl')).toHaveText(/webgl — skipped \(software\)/);
    await expect(page.getByTestId('backend-rate-wasm')).toHaveText(/wasm — the only one that starts here, not timed ✓/);
    await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', 'wasm');
    await lab.stopTraining();
  });

  test('Measure times each backend that starts, trains on the fastest and remembers it', async ({ lab, page }) => {
    test.setTimeout(120_000);
    await lab.open();
    await page.getByTestId('backend-measure').click();
    const rates = page.getByTestId('backend-rates');
    await expect(rates).toHaveAttribute('data-choice', /^(webgpu|webgl|wasm)$/, { timeout: 90_000 });
    const rate = async (name: string) => Number((await page.getByTestId(`backend-rate-${name}`).getAttribute('data-rate')) || 0);
    const measured = { webgpu: await rate('webgpu'), webgl: await rate('webgl'), wasm: await rate('wasm') };
    expect(measured.wasm).toBeGreaterThan(0);
    // Software GPUs are timed, or given up on when their shaders take seconds to compile.
    for (const gpu of ['webgpu', 'webgl'] as const)
      if (!measured[gpu])
        await expect(page.getByTestId(`backend-rate-${gpu}`)).toHaveAttribute(
          'title',
          /no result within|did not start|not available|software adapter/,
        );
    const fastest = Object.entries(measured).sort((a, b) => b[1] - a[1])[0]![0];
    await expect(rates).toHaveAttribute('data-choice', fastest);
    await expect(page.getByTestId('backend')).toHaveAttribute('data-backend', fastest);
    // Remembered for this device: a reload shows the same rates and starts on the choice, unmeasured.
    await lab.open();
    await expect(rates).toHaveAttribute('data-choice', fastest);
    await expect(page.getByTestId('backend-rate-wasm')).toHaveAttribute('data-rate', String(measured.wasm));
  });
});
