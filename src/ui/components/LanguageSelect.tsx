import './VariantSwitch.css';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n/index.ts';
import { LANGUAGES, LANGUAGE_NAMES, isLanguage } from '../i18n/languages.ts';

/** The page's language: English or Korean (also `?lang=en|ko`); each named in itself. */
export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  const current = i18n.resolvedLanguage ?? 'en';
  return (
    <label className="variant-switch">
      <span className="language-label">{t('header.language')}</span>{' '}
      <select
        data-testid="language"
        value={current}
        onChange={(e) => {
          if (isLanguage(e.target.value)) setLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
