import { test, expect } from './fixtures.ts';

test.describe('first page', () => {
  test('loads the shipped model and says which backend runs it', async ({ lab, page }) => {
    await lab.open();
    const status = lab.modelStatus();
    await expect(status).toHaveAttribute('data-backend', /^(wasm|webgl|cpu)$/);
    const backend = await status.getAttribute('data-backend');
    await expect(status).toContainText(`runs on ${backend}`);
    await expect(status).toContainText(/\d\d\.\d\d % on the MNIST test set/);
    await expect(page).toHaveTitle('LeNet Lab');
  });

  test('says the model could not load when its file is missing, and Retry recovers', async ({ lab, page }) => {
    await page.route('**/models/modern/model.json', (r) => r.fulfill({ status: 404, body: 'gone' }));
    await page.goto('?test');
    await expect(lab.modelStatus()).toHaveAttribute('data-state', 'error');
    await expect(lab.modelStatus()).toContainText('could not load');
    // The pad still draws; the prediction panel says why there is no answer.
    await lab.drawDigit(7);
    await expect(lab.prediction()).toHaveAttribute('data-state', 'unavailable');
    await expect(lab.prediction()).toContainText('the model could not load');
    // The message quotes a URL: it wraps inside its panel, which stays clear of the maps beside it.
    const [answer, maps] = await Promise.all([page.locator('.prediction-panel').boundingBox(), page.locator('.maps-panel').boundingBox()]);
    expect(answer!.x + answer!.width).toBeLessThanOrEqual(maps!.x);
    await page.unroute('**/models/modern/model.json');
    await page.getByTestId('model-retry').click();
    await expect(lab.modelStatus()).toHaveAttribute('data-state', 'ready');
    await expect(lab.prediction()).toHaveAttribute('data-state', 'ready');
  });

  test('refuses a model file that is not a LeNet-5', async ({ lab, page }) => {
    await page.route('**/models/modern/model.json', (r) =>
      r.fulfill({ status: 200, contentType: 'application/json', body: '{"hello":1}' }),
    );
    await page.goto('?test');
    await expect(lab.modelStatus()).toHaveAttribute('data-state', 'error');
    await expect(lab.modelStatus()).toContainText(
      /could not load models\/modern\/model\.json: .*(neither model topology|not a modern LeNet-5)/,
    );
    await expect(page.getByTestId('model-retry')).toBeVisible();
  });
});
