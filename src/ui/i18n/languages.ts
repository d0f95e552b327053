/**
 * The languages the lab speaks, and which one a visit starts in: `?lang=en|ko` first (an unknown
 * value is ignored), else the first of the browser's languages (`navigator.languages`) that the lab
 * has, else English. Pure: no i18next, no DOM, so it is unit-tested in Node.
 */
export const LANGUAGES = ['en', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's name in itself, for the language select. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', ko: '한국어' };

export const isLanguage = (x: unknown): x is Language => typeof x === 'string' && (LANGUAGES as readonly string[]).includes(x);

/** `ko-KR` → `ko`; anything the lab does not have → null. */
export function languageOf(tag: string): Language | null {
  const base = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLanguage(base) ? base : null;
}

/** The language of a visit, from the URL's `?lang=` and the browser's preferred languages. */
export function pickLanguage(search: string, preferred: readonly string[]): Language {
  const asked = new URLSearchParams(search).get('lang');
  if (asked !== null && isLanguage(asked)) return asked;
  for (const tag of preferred) {
    const l = languageOf(tag);
    if (l) return l;
  }
  return 'en';
}
