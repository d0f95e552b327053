/**
 * Numbers as the page's language writes them (`Intl.NumberFormat`): grouping, decimal mark.
 * Where a unit goes (`99.24 %` in English, `99.24%` in Korean) is the catalogue's business.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface Format {
  /** A count or a measure: `num(10000)` → "10,000"; `num(1.234, 1)` → "1.2" (exactly `digits` decimals). */
  readonly num: (x: number, digits?: number) => string;
  /** A share in [0, 1] as a percentage number without its sign: `pct(0.9924, 2)` → "99.24". */
  readonly pct: (x: number, digits: number) => string;
}

const cache = new Map<string, Intl.NumberFormat>();
const nf = (lng: string, digits: number | undefined): Intl.NumberFormat => {
  const key = `${lng}:${digits ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lng, digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits });
    cache.set(key, f);
  }
  return f;
};

/** The formatters of a language (pure; `useFormat` binds them to the page's language). */
export function formatFor(lng: string): Format {
  return {
    num: (x, digits) => nf(lng, digits).format(x),
    pct: (x, digits) => nf(lng, digits).format(x * 100),
  };
}

/** `const { t, f } = useFormat()`: the translator and the number formatters of the page's language. */
export function useFormat() {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? i18n.language;
  const f = useMemo(() => formatFor(lng), [lng]);
  return { t, f, lng };
}
