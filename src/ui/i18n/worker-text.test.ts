import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import en from './en.json';
import ko from './ko.json';
import { workerText } from './labels.ts';

const DIVERGED =
  'The loss diverged (NaN, infinite or stuck far above chance) in epoch 1, near batch 3: the learning rate (10) is too high for this run. Try a lower one (e.g. 1). The last good weights are kept.';

describe("the workers' sentences", () => {
  it('read the same in English, are said in Korean, and keep their technical detail as it is', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'en', resources: { en: { translation: en }, ko: { translation: ko } }, interpolation: { escapeValue: false } });
    const data = 'Training data could not load: test-labels.idx1.gzbin: not valid gzip data (<x> & y)';
    expect(workerText(i18n.t, DIVERGED)).toBe(DIVERGED);
    expect(workerText(i18n.t, data)).toBe(data);
    await i18n.changeLanguage('ko');
    const diverged = workerText(i18n.t, DIVERGED);
    expect(diverged).toContain('발산');
    expect(diverged).toContain('(10)');
    expect(diverged).not.toContain('diverged');
    expect(workerText(i18n.t, data)).toBe('학습 데이터를 불러오지 못했습니다: test-labels.idx1.gzbin: not valid gzip data (<x> & y)');
    // A sentence it does not know comes back as it was.
    expect(workerText(i18n.t, 'something else')).toBe('something else');
  });
});
