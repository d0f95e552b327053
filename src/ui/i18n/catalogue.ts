/**
 * Checks the catalogues against each other (pure; `catalogue.test.ts` runs it on en.json and
 * ko.json): the same keys in every language, each plural with exactly the forms its language has,
 * and the same `{{variables}}` and `<tags>` (Trans components) in every translation of a key.
 */
export type Catalogue = { readonly [key: string]: string | Catalogue };

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** `{ a: { b: 'x' } }` → `{ 'a.b': 'x' }`. */
export function flatten(c: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(c)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** The variables and Trans tags a value uses: `{{count}}`, `{{n, number}}` → `count`, `n`; `<b>` → `<b>`. */
export function placeholders(value: string): string[] {
  const vars = [...value.matchAll(/\{\{\s*([^,}\s]+)[^}]*\}\}/g)].map((m) => m[1]!);
  const tags = [...value.matchAll(/<([a-z0-9]+)>/gi)].map((m) => `<${m[1]!}>`);
  return [...new Set([...vars, ...tags])].sort();
}

interface Entry {
  readonly forms: Set<string>;
  readonly placeholders: Set<string>;
}

function entries(lng: string, c: Catalogue): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const [key, value] of flatten(c)) {
    const m = PLURAL.exec(key);
    const base = m ? key.slice(0, m.index) : key;
    const e = out.get(base) ?? { forms: new Set<string>(), placeholders: new Set<string>() };
    e.forms.add(m ? m[1]! : '');
    // A plural's `one` form may say "a digit" where the others say "{{count}} digits".
    for (const p of placeholders(value)) if (!(m && p === 'count')) e.placeholders.add(p);
    if (value.trim() === '') e.placeholders.add(`(empty value in ${lng})`);
    out.set(base, e);
  }
  return out;
}

/** Every disagreement between the catalogues, one line each; empty when they agree. */
export function compareCatalogues(catalogues: Readonly<Record<string, Catalogue>>): string[] {
  const problems: string[] = [];
  const langs = Object.keys(catalogues);
  const all = new Map(langs.map((l) => [l, entries(l, catalogues[l]!)]));
  const keys = new Set([...all.values()].flatMap((m) => [...m.keys()]));
  for (const key of [...keys].sort()) {
    let reference: { lng: string; placeholders: string } | null = null;
    for (const lng of langs) {
      const e = all.get(lng)!.get(key);
      if (!e) {
        problems.push(`${lng}: missing "${key}"`);
        continue;
      }
      if (!e.forms.has('')) {
        const wanted = new Intl.PluralRules(lng).resolvedOptions().pluralCategories.slice().sort();
        const have = [...e.forms].sort();
        if (wanted.join() !== have.join())
          problems.push(`${lng}: "${key}" has plural forms ${have.join(', ')}; ${lng} needs ${wanted.join(', ')}`);
      } else if (e.forms.size > 1) problems.push(`${lng}: "${key}" is both a plain key and a plural`);
      const ph = [...e.placeholders].sort().join(', ');
      if (reference === null) reference = { lng, placeholders: ph };
      else if (reference.placeholders !== ph)
        problems.push(`${lng}: "${key}" uses {${ph}} where ${reference.lng} uses {${reference.placeholders}}`);
    }
  }
  return problems;
}
