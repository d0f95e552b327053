import { describe, expect, it } from 'vitest';
import en from './en.json';
import ko from './ko.json';
import { compareCatalogues, placeholders } from './catalogue.ts';
import { pickLanguage } from './languages.ts';
import { formatFor } from './format.ts';

describe('the catalogues', () => {
  it('have the same keys, plural forms, variables and tags in English and Korean', () => {
    expect(compareCatalogues({ en, ko })).toEqual([]);
  });

  it('fails on a key missing or extra in one language', () => {
    expect(compareCatalogues({ en: { a: 'A', b: 'B' }, ko: { a: '가', c: '다' } })).toEqual(['ko: missing "b"', 'en: missing "c"']);
  });

  it('fails when a translation uses other variables or tags', () => {
    expect(compareCatalogues({ en: { a: 'Why {{digit}}?', b: '<b>{{n}}</b> %' }, ko: { a: '왜 {{d}}일까요?', b: '{{n}}%' } })).toEqual([
      'ko: "a" uses {d} where en uses {digit}',
      'ko: "b" uses {n} where en uses {<b>, n}',
    ]);
  });

  it("wants each language's own plural forms: one and other in English, other alone in Korean", () => {
    expect(compareCatalogues({ en: { n_one: 'a digit', n_other: '{{count}} digits' }, ko: { n_other: '숫자 {{count}}개' } })).toEqual([]);
    expect(compareCatalogues({ en: { n_other: '{{count}} digits' }, ko: { n_one: '{{count}}', n_other: '{{count}}' } })).toEqual([
      'en: "n" has plural forms other; en needs one, other',
      'ko: "n" has plural forms one, other; ko needs other',
    ]);
  });

  it('reads variables with formats and Trans tags', () => {
    expect(placeholders('<b>{{pct, number}}</b> of {{ total }}')).toEqual(['<b>', 'pct', 'total']);
  });
});

describe('the language of a visit', () => {
  it('takes ?lang= first, then the first of the browser languages the lab has, else English', () => {
    expect(pickLanguage('?lang=ko', ['en-US'])).toBe('ko');
    expect(pickLanguage('?test&lang=en', ['ko-KR'])).toBe('en');
    expect(pickLanguage('', ['fr-FR', 'ko-KR', 'en'])).toBe('ko');
    expect(pickLanguage('', ['fr'])).toBe('en');
  });

  it('ignores an unknown ?lang=', () => {
    expect(pickLanguage('?lang=xx', ['ko'])).toBe('ko');
    expect(pickLanguage('?lang=<script>', [])).toBe('en');
  });
});

describe('numbers per locale', () => {
  it('groups and rounds with Intl.NumberFormat', () => {
    expect(formatFor('en').num(10000)).toBe('10,000');
    expect(formatFor('ko').num(10000)).toBe('10,000');
    expect(formatFor('en').pct(0.99237, 2)).toBe('99.24');
    expect(formatFor('de').pct(0.99237, 2)).toBe('99,24');
    expect(formatFor('en').num(1907.4, 0)).toBe('1,907');
  });
});
