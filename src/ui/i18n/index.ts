/**
 * The one i18next instance of the UI. Both catalogues are bundled (no fetch of any kind); the
 * language is picked once per visit (`pickLanguage`) and changed by the header's select, which also
 * keeps `?lang=` in the address (so a copied link keeps it) and `<html lang>` in step.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import ko from './ko.json';
import { pickLanguage, type Language } from './languages.ts';

export const resources = { en: { translation: en }, ko: { translation: ko } } as const;

const initial = pickLanguage(globalThis.location?.search ?? '', globalThis.navigator?.languages ?? []);

void i18next.use(initReactI18next).init({
  resources,
  lng: initial,
  fallbackLng: 'en',
  supportedLngs: ['en', 'ko'],
  initAsync: false,
  // React escapes what it renders; strings are never set as HTML.
  interpolation: { escapeValue: false },
  returnNull: false,
  react: { useSuspense: false },
});

const syncDocument = (lng: string) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
};
syncDocument(initial);
i18next.on('languageChanged', syncDocument);

/** Switches the page's language; the URL's `?lang=` follows without a reload or a history entry. */
export function setLanguage(lng: Language): void {
  void i18next.changeLanguage(lng);
  const url = new URL(window.location.href);
  url.searchParams.set('lang', lng);
  window.history.replaceState(window.history.state, '', url);
}

export { i18next };
