import { describe, expect, it } from 'vitest';
import { MAX_PLAUSIBLE_ACCURACY, readSavedMeta } from './storage.ts';

const base = { app: 'lenet-lab', variant: 'modern', savedAt: '2026-11-28T10:00:00.000Z', config: {}, epochs: [{ valAccuracy: 0.98 }] };

describe('readSavedMeta', () => {
  it('keeps finite, plausible numbers from the lab’s own metadata', () => {
    expect(readSavedMeta({ ...base, testAccuracy: 0.9924, testCount: 10_000 })).toEqual({
      meta: { savedAt: base.savedAt, testAccuracy: 0.9924, testCount: 10_000, valAccuracy: 0.98 },
      notices: [],
    });
    expect(readSavedMeta(undefined)).toEqual({ meta: {}, notices: [] });
  });

  it('drops an object posing as a number, without calling it, and says so', () => {
    let called = false;
    const hostile = { valueOf: () => ((called = true), 1), toString: 1 };
    const { meta, notices } = readSavedMeta({ ...base, testAccuracy: hostile, testCount: 10_000 });
    expect(meta.testAccuracy).toBeUndefined();
    expect(meta.valAccuracy).toBe(0.98);
    expect(notices).toEqual(['its test accuracy is not a number between 0 and 1 and was dropped']);
    expect(called).toBe(false);
    expect(readSavedMeta(JSON.parse('{"app":"lenet-lab","epochs":[],"testAccuracy":{"valueOf":1,"toString":1}}')).notices).toHaveLength(1);
  });

  it('drops 100 %, NaN, out-of-range and count-less accuracies with a reason', () => {
    const notice = (m: object) => readSavedMeta({ ...base, ...m }).notices.join(' ');
    expect(notice({ testAccuracy: 1 })).toMatch(/does not say on how many test images/);
    expect(notice({ testAccuracy: 1, testCount: 10_000 })).toMatch(/100\.00 % is not plausible/);
    expect(notice({ testAccuracy: 12.45, testCount: 10_000 })).toMatch(/not a number between 0 and 1/);
    expect(notice({ testAccuracy: Number.NaN, testCount: 10_000 })).toMatch(/not a number between 0 and 1/);
    expect(notice({ testAccuracy: 0.5, testCount: 1e9 })).toMatch(/does not say on how many/);
    expect(notice({ testAccuracy: 0.12345, testCount: 100 })).toMatch(/not a whole number of 100 images/);
    expect(readSavedMeta({ ...base, testAccuracy: 1, testCount: 200 }).meta.testAccuracy).toBe(1);
    const val = readSavedMeta({ ...base, epochs: [{ valAccuracy: 1 }] });
    expect(val.meta.valAccuracy).toBeUndefined();
    expect(val.notices.join()).toMatch(/validation accuracy is not a plausible number/);
    expect(readSavedMeta({ ...base, epochs: [{ valAccuracy: MAX_PLAUSIBLE_ACCURACY }] }).meta.valAccuracy).toBe(MAX_PLAUSIBLE_ACCURACY);
  });

  it('reads only own properties, and refuses metadata that is not the lab’s', () => {
    const proto = Object.create({ testAccuracy: 0.5, testCount: 10, savedAt: base.savedAt }) as object;
    expect(readSavedMeta(Object.assign(proto, { app: 'lenet-lab', epochs: [] })).meta).toEqual({});
    expect(readSavedMeta({ app: 'other' }).notices).toEqual(['its metadata is not LeNet Lab’s, so no accuracy is shown']);
    expect(readSavedMeta({ ...base, savedAt: '<img src=x>' }).meta.savedAt).toBeUndefined();
  });
});
