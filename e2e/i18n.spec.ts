/**
 * The lab in Korean (`?lang=ko`): header, drawing and prediction, feature maps, a short training
 * run, an evaluation — their texts in Korean, nothing wider than its box — then back to English with
 * the header's language select. Full-page screenshots (laptop and phone) go to test-results/screens/.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';

const dir = 'test-results/screens';
const HANGUL = /[\uac00-\ud7a3]/;

/** English the Korean page must not show (headings, buttons, status words of each panel). */
const ENGLISH = [
  'Draw a digit',
  'Prediction',
  'Inside the network',
  'Train it yourself',
  'Your model',
  'Your digits',
  'Evaluate on the',
  'What the network sees',
  'runs on',
  'Test accuracy',
  'correct (',
];

/**
 * Elements whose text is cut or spills out of their own box (buttons, labels, headings, cells).
 * (The page's own width on a phone is the phone layout's business, English or Korean.)
 */
const overflowing = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('button, label, h1, h2, h3, th, td, legend, figcaption'))) {
      if (!el.offsetParent || el.closest('.gallery-scroll, dialog:not([open])')) continue;
      const style = getComputedStyle(el);
      if (style.overflowX === 'auto' || style.overflowX === 'scroll') continue;
      // A visually hidden element (a screen reader's legend) is clipped on purpose.
      if (el.clientWidth < 8) continue;
      if (el.scrollWidth > el.clientWidth + 1)
        out.push(`${el.tagName.toLowerCase()} "${el.textContent?.trim().slice(0, 40)}": ${el.scrollWidth} > ${el.clientWidth}`);
    }
    return out;
  });

test('walks the lab in Korean and switches back to English', async ({ lab, page }) => {
  test.setTimeout(90_000);
  // On a phone first (the page is laid out for it from the start).
  await page.setViewportSize({ width: 390, height: 844 });
  await lab.open('?test&lang=ko');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByTestId('language')).toHaveValue('ko');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('LeNet-5가 읽어');
  await expect(lab.modelStatus()).toContainText('기본 제공 현대식');
  await expect(lab.modelStatus()).toContainText(/MNIST 테스트 세트 정확도 \d\d\.\d\d%/);

  // Drawing and the answer.
  await lab.putDigit(5);
  expect(await lab.predictedDigit()).toBe('5');
  await expect(lab.prediction()).toContainText(/확신도 \d+(\.\d)?%|확실하지 않음/);
  await expect(page.locator('#draw-title')).toHaveText('숫자 그리기');
  await expect(page.getByTestId('saliency-legend')).toContainText('5 쪽으로');
  expect(await overflowing(page), 'text wider than its box (phone)').toEqual([]);
  await page.screenshot({ path: `${dir}/ko-phone.png`, fullPage: true });

  // On a laptop for the rest.
  await page.setViewportSize({ width: 1280, height: 800 });

  // Feature maps and a zoomed map.
  await expect(page.locator('#maps-title')).toHaveText('네트워크 내부');
  await expect(page.getByTestId('fmap-c3')).toContainText('16 @ 10×10');
  await page.getByRole('button', { name: 'C3 맵 5 확대' }).click();
  await expect(page.getByTestId('map-zoom')).toContainText('앞 층의 맵');
  await expect(page.getByTestId('zoom-value')).toHaveText('픽셀을 가리키면 값을 읽을 수 있습니다.');
  await page.getByTestId('map-zoom').getByRole('button', { name: '닫기' }).click();

  // Teaching the drawing (it becomes one of your digits; the pad clears).
  await page.getByRole('button', { name: '5입니다' }).click();
  await expect(page.getByTestId('teach-notice')).toHaveText(/^5\(으\)로 저장했습니다/);
  await expect(page.getByTestId('my-digits')).toHaveAttribute('data-count', '1');

  // A short training run on a small slice.
  await page.getByLabel('학습 이미지 수 (0 = 전체)').fill('1000');
  await page.getByLabel('에포크', { exact: true }).fill('1');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-progress')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('train-result')).toContainText(/테스트 정확도: 테스트 이미지 [\d,]+장에서 \d+\.\d\d%/);
  await expect(page.getByTestId('epoch-table').locator('th').first()).toHaveText('에포크');
  await expect(lab.modelStatus()).toContainText('직접 학습한 현대식');

  // Evaluating the trained model on the digit taught.
  await expect(page.getByTestId('evaluate')).toHaveText('직접 학습한 현대식 평가');
  await page.getByTestId('evaluate-mine').click();
  const acc = page.getByTestId('test-accuracy');
  await expect(acc).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(acc).toContainText(/\d+\.\d\d% 정답 \([01] \/ 1, 오류율 \d+\.\d\d%\) · 직접 학습한 현대식 · 내 숫자로/);
  await expect(page.getByTestId('confusion-matrix')).toHaveAccessibleName('혼동 행렬: 행은 실제 숫자, 열은 예측한 숫자');

  const text = await page.locator('body').innerText();
  for (const english of ENGLISH) expect(text, `English left on the Korean page: "${english}"`).not.toContain(english);
  expect(text).toMatch(HANGUL);
  expect(await overflowing(page), 'text wider than its box (laptop)').toEqual([]);
  await page.screenshot({ path: `${dir}/ko-laptop.png`, fullPage: true });

  // Back to English: the page, <html lang> and the address follow.
  await page.getByLabel('언어').selectOption('en');
  await expect(page.locator('#draw-title')).toHaveText('Draw a digit');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(lab.modelStatus()).toContainText('your trained modern');
  await expect(acc).toContainText(/\d+\.\d\d % correct \([01] \/ 1, error rate/);
  expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
  await expect(page.getByTestId('language')).toHaveAccessibleName('Language');
});
